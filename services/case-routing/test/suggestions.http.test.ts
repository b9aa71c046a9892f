import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCityConfig } from '../../../shared/city/config.ts';
import type { BusEvent } from '../../../shared/events/pattern.ts';
import { seedDemoCity, type DemoSeedReport } from '../../identity/src/demo/seed.ts';
import { services } from '../../manifests.ts';
import { call, demoSessions, settled as settledQueues, startTestPlatform, type LocalPlatform } from '../../../test/support/platform.ts';

/**
 * A deputy's co-signed suggestion over HTTP on the local platform, every service running:
 * submitted, registered to a lead and an assisting unit, committed to, kept in the ledger, the
 * deputy met, answered, evaluated unsatisfied, handled a second time under supervision, evaluated
 * satisfied — on the 建议清单 at every step, in the deputy's archive at the end.
 */
describe('suggestions end to end', () => {
  let platform: LocalPlatform;
  let seed: DemoSeedReport;
  const events: BusEvent[] = [];
  const as = demoSessions(() => platform);
  const get = async (username: string, path: string) => call(platform.url, 'GET', path, undefined, await as(username));
  const post = async (username: string, path: string, body: unknown) => call(platform.url, 'POST', path, body, await as(username));
  const settled = () => settledQueues(platform);
  const ids = (items: { caseId: string }[]) => items.map((c) => c.caseId);

  beforeAll(async () => {
    platform = await startTestPlatform(services, { beforeServe: async () => void (seed = await seedDemoCity(loadCityConfig('demo'))) });
    platform.bus.observe((event) => events.push(event));
    await settled();
  });
  afterAll(async () => platform?.stop());

  it('runs a co-signed suggestion through two handlings to a satisfied deputy', async () => {
    // Prepare: a city deputy proposes, two deputies in office co-sign; one deputy's term has ended
    const active = seed.directory.deputies.filter((d) => d.termStatus === 'active');
    const [proposer, coSignerA, coSignerB, outsider] = active.filter((d) => d.level === 'city');
    const ended = seed.directory.deputies.find((d) => d.termStatus === 'ended')!;
    const LEAD = 'u-jiaotong.handler';
    const ASSIST = 'u-zhujian.handler';
    const onSuggestionList = async () => {
      const list = (await get('city.reviewer', '/v1/supervision?list=suggestions')).body.items as { caseId: string; status: string; urgency: string | null }[];
      return list.find((c) => c.caseId === caseId);
    };
    const draft = {
      kind: 'suggestion',
      title: '关于增设城东片区公交线路的建议',
      content: '城东片区新建小区入住率高，公交线路少，居民出行不便。',
      category: 'roads_transport',
      problem: '高峰时段候车时间超过30分钟。',
      solution: '增设一条连接城东片区与市中心的公交线路。',
    };

    // Submit: an ended co-signer and a motion short of signers are refused
    const refused = await post(proposer!.code, '/v1/suggestions', { ...draft, coSigners: [coSignerA!.code, ended.code] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toContainEqual({ path: 'coSigners', message: `not deputies in office: ${ended.code}` });
    expect((await post(proposer!.code, '/v1/suggestions', { ...draft, kind: 'motion', coSigners: [coSignerA!.code] })).status).toBe(400);
    const submitted = await post(proposer!.code, '/v1/suggestions', { ...draft, coSigners: [coSignerA!.code, coSignerB!.code] });
    expect(submitted.status).toBe(201);
    const { suggestionId, caseId } = submitted.body as { suggestionId: string; caseId: string };
    expect(await onSuggestionList()).toMatchObject({ status: 'under_review' });
    expect(ids((await get(proposer!.code, '/v1/suggestions')).body.items)).toContain(caseId);
    expect(ids((await get(coSignerA!.code, '/v1/suggestions')).body.items)).toContain(caseId);
    expect((await get(outsider!.code, `/v1/cases/${caseId}`)).status).toBe(404);
    expect((await get('city.reviewer', '/v1/reviews')).body.items.map((c: { caseId: string }) => c.caseId)).not.toContain(caseId);

    // Register (立案): a lead and an assisting unit, under key supervision; only the city reviewer may
    expect((await post('lucheng.reviewer', `/v1/suggestions/${suggestionId}/register`, { leadUnitCode: 'u-jiaotong' })).status).toBe(403);
    const registered = await post('city.reviewer', `/v1/suggestions/${suggestionId}/register`, {
      leadUnitCode: 'u-jiaotong',
      assistingUnitCodes: ['u-zhujian'],
      keySupervision: true,
    });
    expect(registered).toMatchObject({ status: 200, body: { status: 'forwarded', unitCode: 'u-jiaotong', suggestion: { keySupervision: true } } });
    const dueDate = registered.body.dueDate as string;
    expect(await onSuggestionList()).toMatchObject({ status: 'forwarded' });
    expect(ids((await get('city.reviewer', '/v1/supervision?list=supervision')).body.items)).toContain(caseId);

    // The lead unit has it among its tasks; the assisting unit reads it but cannot accept it
    expect(ids((await get(LEAD, '/v1/tasks')).body.items)).toContain(caseId);
    expect(ids((await get(ASSIST, '/v1/suggestions')).body.items)).toContain(caseId);
    expect((await get(ASSIST, `/v1/cases/${caseId}`)).status).toBe(200);
    expect((await post(ASSIST, `/v1/cases/${caseId}/accept`, { committedDate: dueDate })).status).toBe(404);
    expect((await post(LEAD, `/v1/cases/${caseId}/resolve`, { result: '已办理。' })).status).toBe(409);

    // Commitment (承诺), ledger (台账), the deputy met (代表约见)
    const accepted = await post(LEAD, `/v1/cases/${caseId}/accept`, { committedDate: dueDate, measures: '调研客流，编制线路调整方案。' });
    expect(accepted.body.status).toBe('in_progress');
    expect((await post(LEAD, `/v1/cases/${caseId}/progress`, { note: '已完成城东片区客流调查。' })).status).toBe(200);
    const today = accepted.body.ledger.at(-1).at.slice(0, 10) as string;
    const met = await post(LEAD, `/v1/suggestions/${suggestionId}/meetings`, {
      date: today,
      attendees: [proposer!.name, '交通运输局局长'],
      note: '当面沟通线路走向。',
    });
    expect(met.body.suggestion.meetings).toHaveLength(1);
    expect(await onSuggestionList()).toMatchObject({ status: 'in_progress' });

    // The answer waits for the assisting unit's input (协办意见), then goes out with its result class
    const early = await post(LEAD, `/v1/suggestions/${suggestionId}/answer`, { resultClass: 'planned', answer: '已列入线路调整计划。' });
    expect(early).toMatchObject({ status: 409, body: { error: { code: 'ASSIST_INPUT_MISSING' } } });
    expect((await post(ASSIST, `/v1/suggestions/${suggestionId}/assist`, { note: '沿线道路具备公交通行条件。' })).status).toBe(200);
    const answered = await post(LEAD, `/v1/suggestions/${suggestionId}/answer`, { resultClass: 'planned', answer: '已列入年度公交线路调整计划。' });
    expect(answered.body).toMatchObject({ status: 'resolved', suggestion: { answer: { resultClass: 'planned', round: 1 } } });
    expect(await onSuggestionList()).toMatchObject({ status: 'resolved' });

    // Unsatisfied: only the proposer evaluates; back for a second handling, on the supervision list
    expect((await post(coSignerA!.code, `/v1/suggestions/${suggestionId}/evaluation`, { satisfaction: 'satisfied' })).status).toBe(404);
    const unsatisfied = await post(proposer!.code, `/v1/suggestions/${suggestionId}/evaluation`, { satisfaction: 'unsatisfied', comment: '未明确开通时间。' });
    expect(unsatisfied.body).toMatchObject({ status: 'reopened', suggestion: { round: 2 } });
    expect(await onSuggestionList()).toMatchObject({ status: 'reopened' });
    expect(ids((await get('city.reviewer', '/v1/supervision?list=supervision')).body.items)).toContain(caseId);

    // Second handling, then satisfied: closed, still on the 建议清单
    expect((await post(LEAD, `/v1/cases/${caseId}/progress`, { note: '已确定9月开通。' })).status).toBe(200);
    expect((await post(LEAD, `/v1/suggestions/${suggestionId}/answer`, { resultClass: 'being_solved', answer: '新线路将于9月1日开通。' })).body.status).toBe(
      'resolved',
    );
    const closed = await post(proposer!.code, `/v1/suggestions/${suggestionId}/evaluation`, { satisfaction: 'satisfied' });
    expect(closed.body.status).toBe('closed');
    expect(await onSuggestionList()).toMatchObject({ status: 'closed', urgency: null });
    expect(ids((await get('city.reviewer', '/v1/supervision?list=supervision')).body.items)).not.toContain(caseId);
    expect(closed.body.ledger.map((e: { step: string }) => e.step)).toEqual([
      'opened',
      'registered',
      'accepted',
      'progress',
      'meeting',
      'assisted',
      'answered',
      'evaluated',
      'reopened',
      'progress',
      'answered',
      'evaluated',
      'closed',
    ]);

    // Assess: the deputy's archive counts the registered suggestion; the right people were told
    await settled();
    const year = closed.body.suggestion.registeredAt.slice(0, 4);
    const archive = (await get(proposer!.code, `/v1/deputies/${proposer!.code}/archive?year=${year}`)).body;
    expect(archive.entries).toContainEqual(expect.objectContaining({ rule: 'suggestion', points: 3 }));
    const noticesOf = async (username: string) =>
      (await get(username, '/v1/notifications')).body.items
        .filter((n: { caseId?: string }) => n.caseId === caseId)
        .map((n: { template: string }) => n.template);
    expect(await noticesOf(proposer!.code)).toEqual(expect.arrayContaining(['suggestion_registered', 'suggestion_answered']));
    expect(await noticesOf(LEAD)).toContain('case_forwarded');
    expect(await noticesOf(ASSIST)).toContain('suggestion_assist');

    // Nothing the deputy wrote travels on the bus
    const ours = events.filter((e) => JSON.stringify(e.detail).includes(caseId));
    expect(ours.map((e) => e['detail-type'])).toEqual(
      expect.arrayContaining(['SuggestionSubmitted', 'SuggestionRegistered', 'SuggestionAnswered', 'SuggestionEvaluated']),
    );
    for (const text of [draft.title, draft.content, draft.problem, draft.solution, proposer!.name]) {
      expect(JSON.stringify(ours.map((e) => e.detail))).not.toContain(text);
    }
  });
});
