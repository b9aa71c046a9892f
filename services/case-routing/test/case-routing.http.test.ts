import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCityConfig } from '../../../shared/city/config.ts';
import { services } from '../../manifests.ts';
import type { BusEvent } from '../../../shared/events/pattern.ts';
import { seedDemoCity, type DemoSeedReport } from '../../identity/src/demo/seed.ts';
import { call, demoSessions, settled as settledQueues, startTestPlatform, type LocalPlatform } from '../../../test/support/platform.ts';

/**
 * The closed loop over HTTP on the local platform, every service running: a citizen's message is
 * escalated, reviewed, forwarded, committed to, handled, resolved, rated unsatisfied, supervised,
 * resolved again and closed — with scope checked at every step.
 */
describe('case routing end to end', () => {
  let platform: LocalPlatform;
  let seed: DemoSeedReport;
  const events: BusEvent[] = [];
  let client = 0;
  const as = demoSessions(() => platform);
  const get = async (username: string, path: string) => call(platform.url, 'GET', path, undefined, await as(username));
  const post = async (username: string, path: string, body: unknown) => call(platform.url, 'POST', path, body, await as(username));
  const settled = () => settledQueues(platform);
  const eventsOf = (type: string, caseId: string) => events.filter((e) => e['detail-type'] === type && (e.detail as any).data.caseId === caseId);

  /** A citizen writes to the deputy; the deputy escalates; the case is opened. */
  async function escalatedCase(deputyCode: string, category = 'public_facilities') {
    const submitted = await call(
      platform.url,
      'POST',
      '/v1/messages',
      { deputyCode, category, content: `篮球场没有照明，晚上无法活动（${++client}）` },
      { 'x-forwarded-for': `2001:db8:ca5e::${client}` },
    );
    expect(submitted.status).toBe(202);
    const escalated = await post(deputyCode, `/v1/messages/${submitted.body.messageId}/escalate`, { reason: '需要乡镇建设部门处理' });
    expect(escalated.status).toBe(200);
    await settled();
    return { ...submitted.body, caseId: escalated.body.caseId as string };
  }

  beforeAll(async () => {
    platform = await startTestPlatform(services, { beforeServe: async () => void (seed = await seedDemoCity(loadCityConfig('demo'))) });
    platform.bus.observe((event) => events.push(event));
    await settled();
  });
  afterAll(async () => platform?.stop());

  it('runs the whole loop with the right people in scope at every step', async () => {
    // Prepare: a township deputy of 鹿城镇
    const deputy = seed.directory.deputies.find((d) => d.termStatus === 'active' && d.level === 'township' && d.townshipCode === 'lucheng')!;
    const { caseId, messageId, trackingCode, trackingToken } = await escalatedCase(deputy.code);
    const tracking = async () => (await call(platform.url, 'GET', `/v1/track/${trackingCode}`, undefined, { 'x-tracking-token': trackingToken })).body;

    // Review: the township's reviewer has it; another township's and the city's review queue do not
    expect((await get('lucheng.reviewer', '/v1/reviews')).body.items.map((c: { caseId: string }) => c.caseId)).toContain(caseId);
    expect((await get('city.reviewer', '/v1/reviews')).body.items.map((c: { caseId: string }) => c.caseId)).not.toContain(caseId);
    expect((await get('donggua.reviewer', `/v1/cases/${caseId}`)).status).toBe(404);
    expect((await post('donggua.reviewer', `/v1/cases/${caseId}/forward`, { unitCode: 'u-lucheng-jianshe' })).status).toBe(404);
    expect((await tracking()).status).toBe('under_review');
    const opened = (await get('lucheng.reviewer', `/v1/cases/${caseId}`)).body;
    expect(opened).toMatchObject({ status: 'under_review', reviewLevel: 'township', suggestedUnitCode: 'u-lucheng-jianshe' });

    // Forward with the category's default due date
    const forwarded = await post('lucheng.reviewer', `/v1/cases/${caseId}/forward`, { unitCode: 'u-lucheng-jianshe' });
    expect(forwarded).toMatchObject({ status: 200, body: { status: 'forwarded', unitCode: 'u-lucheng-jianshe' } });
    const dueDate = forwarded.body.dueDate as string;

    // The unit's handler sees it (and the message); another unit's does not
    expect((await get('u-lucheng-jianshe.handler', '/v1/tasks')).body.items.map((c: { caseId: string }) => c.caseId)).toContain(caseId);
    expect((await get('u-zhujian.handler', `/v1/cases/${caseId}`)).status).toBe(404);
    expect((await post('u-zhujian.handler', `/v1/cases/${caseId}/accept`, { committedDate: dueDate })).status).toBe(404);
    await settled();
    expect((await get('u-lucheng-jianshe.handler', `/v1/messages/${messageId}`)).status).toBe(200);
    expect((await get('u-zhujian.handler', `/v1/messages/${messageId}`)).status).toBe(404);

    // Accept: a committed date after the due date is refused; on it, accepted (承诺制)
    const afterDue = new Date(Date.parse(`${dueDate}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const late = await post('u-lucheng-jianshe.handler', `/v1/cases/${caseId}/accept`, { committedDate: afterDue });
    expect(late.status).toBe(400);
    expect(late.body.error.details[0].path).toBe('committedDate');
    expect((await post('u-lucheng-jianshe.handler', `/v1/cases/${caseId}/accept`, { committedDate: dueDate })).body.status).toBe('in_progress');

    // Progress, then resolve: the citizen sees the result
    expect((await post('u-lucheng-jianshe.handler', `/v1/cases/${caseId}/progress`, { note: '已勘察现场，采购灯具中' })).status).toBe(200);
    expect((await post('u-lucheng-jianshe.handler', `/v1/cases/${caseId}/resolve`, { result: '已安装照明灯4盏。' })).body.status).toBe('resolved');
    await settled();
    const resolved = await tracking();
    expect(resolved.status).toBe('resolved');
    expect(resolved.timeline.map((e: { text?: string }) => e.text)).toContain('已安装照明灯4盏。');

    // Unsatisfied: reopened onto the supervision list
    expect(
      (await call(platform.url, 'POST', `/v1/track/${trackingCode}/rating`, { rating: 'unsatisfied' }, { 'x-tracking-token': trackingToken })).status,
    ).toBe(200);
    await settled();
    expect((await get('lucheng.reviewer', `/v1/cases/${caseId}`)).body.status).toBe('reopened');
    for (const reviewer of ['lucheng.reviewer', 'city.reviewer']) {
      const list = (await get(reviewer, '/v1/supervision?list=supervision')).body.items.map((c: { caseId: string }) => c.caseId);
      expect(list).toContain(caseId);
    }
    expect((await get('donggua.reviewer', '/v1/supervision?list=supervision')).body.items.map((c: { caseId: string }) => c.caseId)).not.toContain(caseId);

    // Resolved again, rated satisfied: closed everywhere
    expect((await post('u-lucheng-jianshe.handler', `/v1/cases/${caseId}/resolve`, { result: '已增加照明灯2盏并调整开灯时间。' })).body.status).toBe(
      'resolved',
    );
    await settled();
    expect((await tracking()).status).toBe('resolved');
    expect((await call(platform.url, 'POST', `/v1/track/${trackingCode}/rating`, { rating: 'satisfied' }, { 'x-tracking-token': trackingToken })).status).toBe(
      200,
    );
    await settled();
    expect((await tracking()).status).toBe('closed');
    const closed = (await get('lucheng.reviewer', `/v1/cases/${caseId}`)).body;
    expect(closed.status).toBe('closed');
    expect(closed.ledger.map((e: { step: string }) => e.step)).toEqual([
      'opened',
      'forwarded',
      'accepted',
      'progress',
      'resolved',
      'reopened',
      'resolved',
      'closed',
    ]);
    expect(closed.ledger.every((e: { at: string; actor: { role: string } }) => e.at && e.actor.role)).toBe(true);
  });

  it("sends a deputy's direct answer the citizen is unsatisfied with to the township reviewer, once", async () => {
    // Prepare: a deputy of 紫溪镇 answers a message directly
    const deputy = seed.directory.deputies.find((d) => d.termStatus === 'active' && d.level === 'township' && d.townshipCode === 'zixi')!;
    const submitted = await call(
      platform.url,
      'POST',
      '/v1/messages',
      { deputyCode: deputy.code, category: 'public_facilities', content: `小区门口路灯坏了一个月（${++client}）` },
      { 'x-forwarded-for': `2001:db8:ca5e::${client}` },
    );
    const { messageId, trackingCode, trackingToken } = submitted.body;
    expect((await post(deputy.code, `/v1/messages/${messageId}/reply`, { content: '已联系物业，本周内修好。', close: true })).status).toBe(200);
    const rate = (rating: string) => call(platform.url, 'POST', `/v1/track/${trackingCode}/rating`, { rating }, { 'x-tracking-token': trackingToken });
    const tracking = async () => (await call(platform.url, 'GET', `/v1/track/${trackingCode}`, undefined, { 'x-tracking-token': trackingToken })).body;

    // Act: unsatisfied with the answer
    expect((await rate('unsatisfied')).status).toBe(200);
    await settled();

    // Assess: a supervised case with the township's reviewer, on the supervision list; the citizen reads it
    const caseId = `c-${messageId.slice(2)}`;
    expect((await get('zixi.reviewer', '/v1/reviews')).body.items.map((c: { caseId: string }) => c.caseId)).toContain(caseId);
    expect((await get('zixi.reviewer', '/v1/supervision?list=supervision')).body.items.map((c: { caseId: string }) => c.caseId)).toContain(caseId);
    expect((await get('lucheng.reviewer', `/v1/cases/${caseId}`)).status).toBe(404);
    const supervised = (await get('zixi.reviewer', `/v1/cases/${caseId}`)).body;
    expect(supervised).toMatchObject({ status: 'under_review', reviewLevel: 'township', messageId });
    expect(supervised.ledger[0]).toMatchObject({ step: 'opened', actor: { role: 'citizen' } });
    const followed = await tracking();
    expect(followed.status).toBe('under_review');
    expect(followed.timeline.map((e: { text?: string }) => e.text)).toContain('您对代表的答复不满意，已转人大常委会审核督办。');

    // Handled and resolved, then unsatisfied again: closed, never reopened a second time
    expect((await post('zixi.reviewer', `/v1/cases/${caseId}/forward`, { unitCode: 'u-zixi-jianshe' })).status).toBe(200);
    const dueDate = (await get('zixi.reviewer', `/v1/cases/${caseId}`)).body.dueDate as string;
    expect((await post('u-zixi-jianshe.handler', `/v1/cases/${caseId}/accept`, { committedDate: dueDate })).status).toBe(200);
    expect((await post('u-zixi-jianshe.handler', `/v1/cases/${caseId}/resolve`, { result: '路灯已更换。' })).status).toBe(200);
    await settled();
    expect((await rate('unsatisfied')).status).toBe(200);
    await settled();
    expect((await tracking()).status).toBe('closed');
    expect((await get('zixi.reviewer', `/v1/cases/${caseId}`)).body.status).toBe('closed');
    expect(eventsOf('CaseReopened', caseId)).toHaveLength(0);
  });

  it('lists open and finished matters of a period, filtered and paged, with how they ended in the CSV', async () => {
    // Prepare: three matters of 吕合镇, one declined
    const deputy = seed.directory.deputies.find((d) => d.termStatus === 'active' && d.level === 'township' && d.townshipCode === 'lvhe')!;
    const opened = [await escalatedCase(deputy.code), await escalatedCase(deputy.code, 'education'), await escalatedCase(deputy.code)];
    const declined = opened[0]!.caseId;
    expect((await post('lvhe.reviewer', `/v1/cases/${declined}/decline`, { reason: '已进入司法程序，不予受理。' })).status).toBe(200);
    const ids = (body: { items: { caseId: string }[] }) => body.items.map((c) => c.caseId);
    const list = async (query: string) => (await get('lvhe.reviewer', `/v1/supervision?list=problems&township=lvhe${query}`)).body;

    // Act & Assess: the declined matter stays on the list, with the open ones, newest first
    const all = await list('');
    expect(ids(all)).toEqual([...opened].reverse().map((c) => c.caseId));
    expect(all.nextCursor).toBeNull();
    expect(all.items.find((c: { caseId: string }) => c.caseId === declined)).toMatchObject({ status: 'declined', finishedAt: expect.any(String) });

    // Filters: finished only, one category, a period before any of them
    expect(ids(await list('&status=finished'))).toEqual([declined]);
    expect(ids(await list('&status=open'))).toEqual([opened[2]!.caseId, opened[1]!.caseId]);
    expect(ids(await list('&category=education'))).toEqual([opened[1]!.caseId]);
    expect(ids(await list('&from=2020-01-01&to=2020-12-31'))).toEqual([]);
    expect(ids((await get('city.reviewer', '/v1/supervision?list=problems&township=lvhe')).body)).toEqual(ids(all));
    expect(ids((await get('donggua.reviewer', '/v1/supervision?list=problems&township=lvhe')).body)).toEqual([]);

    // Paging: one by one, each once, to the end
    const paged: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const body = await list(`&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      paged.push(...ids(body));
      cursor = body.nextCursor;
    }
    expect(paged).toEqual(ids(all));
    const forged = await get('lvhe.reviewer', '/v1/supervision?list=problems&cursor=forged');
    expect(forged.status).toBe(400);
    expect(forged.body.error.details[0].path).toBe('cursor');
    expect((await get('lvhe.reviewer', '/v1/supervision?list=problems&limit=201')).status).toBe(400);

    // CSV: the whole filtered list, with the declined matter's reason and date
    const csv = await fetch(`${platform.url}/v1/supervision?list=problems&township=lvhe&status=finished&format=csv`, { headers: await as('lvhe.reviewer') });
    const lines = Buffer.from(await csv.arrayBuffer())
      .subarray(3)
      .toString('utf8')
      .split('\r\n')
      .filter(Boolean);
    expect(lines[0]).toContain('"result","finishedAt","rating"');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"${declined}"`);
    expect(lines[1]).toContain('"已进入司法程序，不予受理。"');
  });

  it("sends a city deputy's matter to the city reviewer", async () => {
    const deputy = seed.directory.deputies.find((d) => d.termStatus === 'active' && d.level === 'city')!;
    const { caseId } = await escalatedCase(deputy.code, 'education');
    expect((await get('city.reviewer', '/v1/reviews')).body.items.map((c: { caseId: string }) => c.caseId)).toContain(caseId);
    expect((await get(`${deputy.townshipCode}.reviewer`, '/v1/reviews')).body.items.map((c: { caseId: string }) => c.caseId)).not.toContain(caseId);
    expect((await post(`${deputy.townshipCode}.reviewer`, `/v1/cases/${caseId}/decline`, { reason: '不是本级事项' })).status).toBe(404);
    const case_ = (await get('city.reviewer', `/v1/cases/${caseId}`)).body;
    expect(case_).toMatchObject({ reviewLevel: 'city', suggestedUnitCode: 'u-jiaoti' });
    expect((await get(deputy.code, `/v1/cases/${caseId}`)).status).toBe(200);
  });

  it('never opens a second case or moves a message backwards on replayed events', async () => {
    // Prepare: a forwarded case
    const deputy = seed.directory.deputies.find((d) => d.termStatus === 'active' && d.level === 'township' && d.townshipCode === 'zixi')!;
    const { caseId, trackingCode, trackingToken } = await escalatedCase(deputy.code);
    await post('zixi.reviewer', `/v1/cases/${caseId}/forward`, { unitCode: 'u-zixi-jianshe' });
    await settled();
    const escalation = events.find((e) => e['detail-type'] === 'MessageEscalated' && (e.detail as any).data.caseId === caseId)!;
    const opened = eventsOf('CaseOpened', caseId)[0]!;
    const before = (await get('zixi.reviewer', `/v1/cases/${caseId}`)).body;

    // Act: the escalation arrives again, with a new event id too (a re-publication), and the old CaseOpened again
    const again = (event: BusEvent, detail: unknown) =>
      platform.bus.putEvents([{ Source: event.source as string, DetailType: event['detail-type'] as string, Detail: JSON.stringify(detail) }]);
    again(escalation, escalation.detail);
    again(escalation, { ...(escalation.detail as object), metadata: { ...(escalation.detail as any).metadata, eventId: 'replayed-escalation-1' } });
    again(opened, { ...(opened.detail as object), metadata: { ...(opened.detail as any).metadata, eventId: 'replayed-opened-1' } });
    await settled();

    // Assess
    expect(eventsOf('CaseOpened', caseId).filter((e) => (e.detail as any).metadata.eventId !== 'replayed-opened-1')).toHaveLength(1);
    expect((await get('zixi.reviewer', `/v1/cases/${caseId}`)).body).toEqual(before);
    expect((await call(platform.url, 'GET', `/v1/track/${trackingCode}`, undefined, { 'x-tracking-token': trackingToken })).body.status).toBe('forwarded');
  });

  it('flags overdue stages once, with urgency, on an injected clock; exports the list as CSV', async () => {
    // Prepare: a case left under review
    const deputy = seed.directory.deputies.find((d) => d.termStatus === 'active' && d.level === 'township' && d.townshipCode === 'sanjie')!;
    const { caseId } = await escalatedCase(deputy.code);
    const sweep = (days: number) => platform.scheduler.run('case-routing-schedule-overdue-sweep', new Date(Date.now() + days * 86_400_000));

    // Act & Assess: not yet due; then overdue once, however often the sweep runs
    await sweep(1);
    expect(eventsOf('CaseOverdue', caseId)).toHaveLength(0);
    await sweep(4);
    await sweep(4);
    await settled();
    const overdue = eventsOf('CaseOverdue', caseId);
    expect(overdue).toHaveLength(1);
    expect((overdue[0]!.detail as any).data).toMatchObject({ stage: 'review', responsible: { role: 'township_reviewer', code: 'sanjie' } });
    const view = (await get('sanjie.reviewer', `/v1/cases/${caseId}`)).body;
    expect(view.ledger.at(-1)).toMatchObject({ step: 'overdue', overdue: true });
    expect((await get('sanjie.reviewer', '/v1/supervision?list=supervision')).body.items.map((c: { caseId: string }) => c.caseId)).toContain(caseId);

    // The CSV export of the same list
    const csv = await fetch(`${platform.url}/v1/supervision?list=supervision&format=csv`, { headers: await as('sanjie.reviewer') });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM spreadsheets need for Chinese
    const text = bytes.subarray(3).toString('utf8');
    const header = [
      'caseId',
      'kind',
      'status',
      'urgency',
      'deputyCode',
      'townshipCode',
      'category',
      'unitCode',
      'unitName',
      'dueDate',
      'committedDate',
      'openedAt',
      'deadline',
      'result',
      'finishedAt',
      'rating',
    ];
    expect(text.split('\r\n')[0]).toBe(header.map((h) => `"${h}"`).join(','));
    expect(text).toContain(`"${caseId}"`);
    expect((await get('u-zhujian.handler', '/v1/supervision')).status).toBe(403);
  });
});
