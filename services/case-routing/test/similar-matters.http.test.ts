import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCityConfig } from '../../../shared/city/config.ts';
import { services } from '../../manifests.ts';
import { seedDemoCity, type DemoSeedReport } from '../../identity/src/demo/seed.ts';
import { call, demoSessions, settled as settledQueues, startTestPlatform, type LocalPlatform } from '../../../test/support/platform.ts';

/**
 * 相似诉求与合并办理 over HTTP on the local platform, every service running: three neighbours
 * report the same broken street lights to three deputies; the messages find each other and carry a
 * triage suggestion; the reviewer merges the three cases, and each citizen's tracking page says so; a case already with
 * a unit takes no more; the unit handles one task with three reporters; each citizen's tracking
 * page shows the result, and each rates their own.
 */
const NEIGHBOURS = [
  '鹿城镇沿江路从桥头到农贸市场那一段的路灯已经坏了一个多星期，晚上黑乎乎的，老人出门散步很不安全。',
  '沿江路农贸市场附近路灯不亮好几天了，晚上走路看不清，希望尽快修一下。',
  '沿江路晚上没有路灯，已经好多天了，孩子晚自习回家要经过这里，家长很担心。',
];

describe('similar matters found and merged', () => {
  let platform: LocalPlatform;
  let seed: DemoSeedReport;
  const as = demoSessions(() => platform);
  const get = async (username: string, path: string) => call(platform.url, 'GET', path, undefined, await as(username));
  const post = async (username: string, path: string, body: unknown) => call(platform.url, 'POST', path, body, await as(username));
  const settled = () => settledQueues(platform);

  beforeAll(async () => {
    platform = await startTestPlatform(services, { beforeServe: async () => void (seed = await seedDemoCity(loadCityConfig('demo'))) });
    await settled();
  }, 240_000);
  afterAll(async () => platform?.stop());

  it('finds the three reports, merges them into one task, and shows each citizen the outcome', { timeout: 240_000 }, async () => {
    // Prepare: three township deputies of 鹿城镇, each written to by one neighbour; an unrelated message too
    const deputies = seed.directory.deputies.filter((d) => d.termStatus === 'active' && d.level === 'township' && d.townshipCode === 'lucheng').slice(0, 3);
    const reports = [];
    for (const [i, content] of NEIGHBOURS.entries()) {
      const submitted = await call(
        platform.url,
        'POST',
        '/v1/messages',
        { deputyCode: deputies[i]!.code, category: 'public_facilities', townshipCode: 'lucheng', content },
        { 'x-forwarded-for': `2001:db8:5e1::${i + 1}` },
      );
      expect(submitted.status).toBe(202);
      reports.push({ ...submitted.body, deputyCode: deputies[i]!.code });
    }
    const other = await call(
      platform.url,
      'POST',
      '/v1/messages',
      { deputyCode: deputies[0]!.code, category: 'public_facilities', townshipCode: 'lucheng', content: '团结小区这三天天天停水，也没有提前通知。' },
      { 'x-forwarded-for': '2001:db8:5e1::9' },
    );
    const [first, second, third] = reports as [(typeof reports)[0], (typeof reports)[0], (typeof reports)[0]];

    // Act / assess: the first message, read by its deputy, has the two later ones; the triage suggestion rides on it
    const read = (await get(first.deputyCode, `/v1/messages/${first.messageId}`)).body;
    expect(read.similar.map((s: { messageId: string }) => s.messageId).sort()).toEqual([second.messageId, third.messageId].sort());
    expect(read.similar.map((s: { messageId: string }) => s.messageId)).not.toContain(other.body.messageId);
    expect(read.triage).toMatchObject({ category: 'public_facilities', unitCode: 'u-lucheng-jianshe' });
    expect(read.triage.confidence).toBeGreaterThan(0);

    // Each deputy escalates; the reviewer sees the other two as similar open cases
    const caseIds: string[] = [];
    for (const report of reports) {
      const escalated = await post(report.deputyCode, `/v1/messages/${report.messageId}/escalate`, { reason: '需要乡镇建设部门维修路灯' });
      expect(escalated.status).toBe(200);
      caseIds.push(escalated.body.caseId);
    }
    await settled();
    const [primary, secondCase, thirdCase] = caseIds as [string, string, string];
    const opened = (await get('lucheng.reviewer', `/v1/cases/${thirdCase}`)).body;
    expect(opened.similar.map((s: { caseId: string }) => s.caseId).sort()).toEqual([primary, secondCase].sort());
    expect(opened.triage).toMatchObject({ category: 'public_facilities', unitCode: 'u-lucheng-jianshe' });

    // The reviewer merges the second and third into the first; another township's reviewer cannot
    expect((await post('donggua.reviewer', `/v1/cases/${secondCase}/merge`, { intoCaseId: primary })).status).toBe(404);
    expect((await post('lucheng.reviewer', `/v1/cases/${secondCase}/merge`, { intoCaseId: primary })).body.mergedInto).toBe(primary);
    expect((await post('lucheng.reviewer', `/v1/cases/${thirdCase}/merge`, { intoCaseId: primary })).status).toBe(200);
    expect((await post('lucheng.reviewer', `/v1/cases/${primary}/merge`, { intoCaseId: secondCase })).status).toBe(409);
    const reviews = (await get('lucheng.reviewer', '/v1/reviews')).body.items.map((c: { caseId: string }) => c.caseId);
    expect(reviews).toContain(primary);
    expect(reviews).not.toContain(secondCase);
    expect((await get('lucheng.reviewer', `/v1/cases/${primary}`)).body).toMatchObject({ reporters: 3, mergedCases: [secondCase, thirdCase] });
    const listed = (await get('lucheng.reviewer', '/v1/supervision?list=problems&limit=100')).body.items.filter((c: { caseId: string }) =>
      caseIds.includes(c.caseId),
    );
    expect(listed).toEqual([expect.objectContaining({ caseId: primary, reporters: 3 })]);
    await settled();

    // Each citizen's tracking page says the matter is now handled with the others
    const tracking = async (r: { trackingCode: string; trackingToken: string }) =>
      (await call(platform.url, 'GET', `/v1/track/${r.trackingCode}`, undefined, { 'x-tracking-token': r.trackingToken })).body;
    for (const report of reports) {
      const page = await tracking(report);
      expect(page.status).toBe('under_review');
      expect(page.timeline.filter((e: { text?: string }) => e.text?.startsWith('已与同类诉求合并办理'))).toHaveLength(report === first ? 2 : 1);
    }

    // Forwarded once: the unit has one task with three reporters, and the merged cases follow
    const forwarded = await post('lucheng.reviewer', `/v1/cases/${primary}/forward`, { unitCode: 'u-lucheng-jianshe' });
    expect(forwarded.body.status).toBe('forwarded');

    // A case with a unit takes no more reports: merging waits for both to be in review
    const late = await post(deputies[0]!.code, `/v1/messages/${other.body.messageId}/escalate`, { reason: '需要乡镇协调供水' });
    await settled();
    const refused = await post('lucheng.reviewer', `/v1/cases/${late.body.caseId}/merge`, { intoCaseId: primary });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'INVALID_TRANSITION', message: expect.any(String), details: { intoStatus: 'forwarded' } });
    expect((await get('lucheng.reviewer', `/v1/cases/${late.body.caseId}`)).body.mergedInto).toBeNull();
    const tasks = (await get('u-lucheng-jianshe.handler', '/v1/tasks')).body.items.filter((c: { caseId: string }) => caseIds.includes(c.caseId));
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ caseId: primary, reporters: 3 });
    expect((await get('lucheng.reviewer', `/v1/cases/${thirdCase}`)).body).toMatchObject({ status: 'forwarded', unitCode: 'u-lucheng-jianshe' });
    expect((await post('u-lucheng-jianshe.handler', `/v1/cases/${primary}/accept`, { committedDate: forwarded.body.dueDate })).status).toBe(200);
    expect((await post('u-lucheng-jianshe.handler', `/v1/cases/${primary}/resolve`, { result: '沿江路路灯已全部更换，恢复照明。' })).status).toBe(200);
    await settled();

    // Every citizen's own tracking page shows the merge and the result; each rates their own
    for (const report of reports) {
      const page = await tracking(report);
      const lines = page.timeline.map((e: { text?: string }) => e.text);
      expect(page.status).toBe('resolved');
      expect(lines).toContain('沿江路路灯已全部更换，恢复照明。');
      expect(lines.findIndex((t: string) => t.startsWith('已与同类诉求合并办理'))).toBeLessThan(lines.indexOf('沿江路路灯已全部更换，恢复照明。'));
      expect(page.canRate).toBe(true);
    }
    const rate = (r: { trackingCode: string; trackingToken: string }, rating: string) =>
      call(platform.url, 'POST', `/v1/track/${r.trackingCode}/rating`, { rating }, { 'x-tracking-token': r.trackingToken });
    expect((await rate(second, 'satisfied')).status).toBe(200);
    await settled();
    expect((await tracking(second)).status).toBe('closed');
    expect((await tracking(first)).status).toBe('resolved');
    expect((await get('lucheng.reviewer', `/v1/cases/${primary}`)).body.status).toBe('resolved');
    expect((await get('lucheng.reviewer', `/v1/cases/${secondCase}`)).body.status).toBe('closed');
  });
});
