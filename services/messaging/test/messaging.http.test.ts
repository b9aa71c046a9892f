import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusEvent } from '../../../shared/events/pattern.ts';
import type { DemoSeedReport } from '../../identity/src/demo/seed.ts';
import { call, type LocalPlatform } from '../../../test/support/platform.ts';
import { freshClient, signIn, startMessagingPlatform } from './support.ts';

/** The direct line of `docs/api.md` over HTTP on the local platform, with the seeded demo city. */
describe('messaging over HTTP', () => {
  let platform: LocalPlatform;
  let seed: DemoSeedReport;
  const events: BusEvent[] = [];
  const submit = (body: Record<string, unknown>, headers: Record<string, string> = freshClient()) => call(platform.url, 'POST', '/v1/messages', body, headers);
  const track = (code: string, token: string | undefined) =>
    call(platform.url, 'GET', `/v1/track/${code}`, undefined, token ? { 'x-tracking-token': token } : {});
  const rate = (code: string, token: string, rating: string) =>
    call(platform.url, 'POST', `/v1/track/${code}/rating`, { rating }, { 'x-tracking-token': token });
  const inboxOf = async (deputyCode: string, query = '') =>
    (await call(platform.url, 'GET', `/v1/inbox${query}`, undefined, await signIn(platform.url, deputyCode))).body.items as {
      messageId: string;
      status: string;
      content: string;
    }[];
  const activeDeputy = (predicate: (d: DemoSeedReport['directory']['deputies'][number]) => boolean = () => true) =>
    seed.directory.deputies.find((d) => d.termStatus === 'active' && predicate(d))!;

  beforeAll(async () => {
    ({ platform, seed } = await startMessagingPlatform());
    platform.bus.observe((event) => events.push(event));
  });
  afterAll(async () => platform?.stop());

  it('takes a message by deputy code to that deputy: inbox → reply and close → tracking → rating', async () => {
    // Prepare
    const deputy = activeDeputy((d) => d.level === 'township');

    // Act: submit
    const submitted = await submit({
      deputyCode: deputy.code,
      category: 'public_facilities',
      content: '村里篮球场晚上没有灯，孩子们没法打球。',
      phone: '13912345678',
      name: '王小明',
    });

    // Assess: accepted, on the deputy's inbox, tracking shows it
    expect(submitted.status).toBe(202);
    expect(submitted.body).toMatchObject({ status: 'submitted', trackingCode: expect.stringMatching(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/) });
    const { messageId, trackingCode, trackingToken } = submitted.body;
    const inbox = await inboxOf(deputy.code);
    expect(inbox[0]).toMatchObject({ messageId, status: 'submitted', content: '村里篮球场晚上没有灯，孩子们没法打球。' });
    expect((await track(trackingCode, trackingToken)).body).toMatchObject({ status: 'submitted', category: 'public_facilities', canRate: false });

    // Act & Assess: rating too early is a conflict
    expect((await rate(trackingCode, trackingToken, 'satisfied')).status).toBe(409);

    // Act: the deputy replies and closes
    const replied = await call(
      platform.url,
      'POST',
      `/v1/messages/${messageId}/reply`,
      { content: '已联系村委会，下周安装照明。', close: true },
      await signIn(platform.url, deputy.code),
    );
    expect(replied).toMatchObject({ status: 200, body: { status: 'answered' } });

    // Assess: the citizen sees the answer, rates once
    const tracked = await track(trackingCode, trackingToken);
    expect(tracked.body).toMatchObject({ status: 'answered', canRate: true });
    expect(tracked.body.timeline.map((e: { text?: string }) => e.text)).toContain('已联系村委会，下周安装照明。');
    const rated = await rate(trackingCode, trackingToken, 'satisfied');
    expect(rated).toMatchObject({ status: 200, body: { status: 'closed', rating: 'satisfied', canRate: false } });
    expect((await rate(trackingCode, trackingToken, 'unsatisfied')).status).toBe(409);

    // Assess: the events tell the story without personal data
    const mine = events.filter((e) => (e.detail as any).data.messageId === messageId).map((e) => e['detail-type']);
    expect(mine).toEqual(['MessageSubmitted', 'MessageAssigned', 'MessageReplied', 'MessageRated', 'MessageClosed']);
    const published = JSON.stringify(events);
    expect(published).not.toContain('13912345678');
    expect(published).not.toContain('王小明');
    expect(published).not.toContain('篮球场');
  });

  it('gives a station message to the least-loaded active deputy of the station', async () => {
    // Prepare: a station with several active deputies
    const station = seed.directory.stations.find(
      (s) => seed.directory.deputies.filter((d) => d.stationCode === s.code && d.termStatus === 'active').length >= 2,
    )!;
    const deputies = seed.directory.deputies.filter((d) => d.stationCode === station.code && d.termStatus === 'active').map((d) => d.code);

    // Act: as many messages as the station has deputies
    const assigned: string[] = [];
    for (const _ of deputies) {
      const submitted = await submit({ stationCode: station.code, category: 'roads_transport', content: `铁路桥下道路坑洼，雨天积水严重 ${assigned.length}` });
      expect(submitted.status).toBe(202);
      const event = events.find((e) => e['detail-type'] === 'MessageAssigned' && (e.detail as any).data.messageId === submitted.body.messageId)!;
      assigned.push((event.detail as any).data.deputyCode);
    }

    // Assess: each deputy got one — the load spreads
    expect(assigned.sort()).toEqual([...deputies].sort());
  });

  it('never gives a station message to a deputy whose term ended', async () => {
    // Prepare: every station that has a deputy whose term ended
    const ended = seed.directory.deputies.filter((d) => d.termStatus === 'ended');
    expect(ended.length).toBeGreaterThan(0);

    // Act: enough messages to each such station to reach every deputy on it
    const assigned: string[] = [];
    for (const deputy of ended) {
      const atStation = seed.directory.deputies.filter((d) => d.stationCode === deputy.stationCode).length;
      for (let i = 0; i < atStation + 1; i++) {
        const submitted = await submit({
          stationCode: deputy.stationCode,
          category: 'other',
          content: `联络站留言测试，${['东', '南', '西', '北'][i % 4]}片区第${i}件`,
        });
        const event = events.find((e) => e['detail-type'] === 'MessageAssigned' && (e.detail as any).data.messageId === submitted.body.messageId)!;
        assigned.push((event.detail as any).data.deputyCode);
      }
    }

    // Assess
    for (const deputy of ended) expect(assigned).not.toContain(deputy.code);
  });

  it('escalates: status escalated, a case id, and the event for case routing', async () => {
    const deputy = activeDeputy((d) => d.level === 'city');
    const { body } = await submit({ deputyCode: deputy.code, category: 'education', content: '残疾孩子入学难，学校说没有名额。' });
    const escalated = await call(
      platform.url,
      'POST',
      `/v1/messages/${body.messageId}/escalate`,
      { reason: '需要教育部门协调学位', suggestedUnitCode: 'u-jiaoyu' },
      await signIn(platform.url, deputy.code),
    );
    expect(escalated).toMatchObject({ status: 200, body: { caseId: `c-${body.messageId.slice(2)}`, status: 'escalated' } });
    expect((await track(body.trackingCode, body.trackingToken)).body.status).toBe('escalated');
    const event = events.find((e) => e['detail-type'] === 'MessageEscalated' && (e.detail as any).data.messageId === body.messageId)!;
    expect((event.detail as any).data).toMatchObject({ deputyCode: deputy.code, deputyLevel: 'city', category: 'education', suggestedUnitCode: 'u-jiaoyu' });
    const again = await call(platform.url, 'POST', `/v1/messages/${body.messageId}/escalate`, { reason: '再次提交' }, await signIn(platform.url, deputy.code));
    expect(again.status).toBe(409);
  });

  it('answers a wrong or missing tracking token like an unknown code: 404', async () => {
    const { body } = await submit({ deputyCode: activeDeputy().code, category: 'other', content: '小区门口的垃圾桶太少了。' });
    expect((await track(body.trackingCode, 'wrong-token')).status).toBe(404);
    expect((await track(body.trackingCode, undefined)).status).toBe(404);
    expect((await track('ZZZZ-ZZZZ', body.trackingToken)).status).toBe(404);
    expect((await rate(body.trackingCode, 'wrong-token', 'satisfied')).status).toBe(404);
  });

  it('keeps messages in scope: other deputies, other townships and units without its case get 404', async () => {
    // Prepare
    const deputy = activeDeputy((d) => d.townshipCode === 'donggua');
    const { body } = await submit({ deputyCode: deputy.code, category: 'healthcare', content: '村卫生室缺少常用药品。' });
    const read = async (username: string) =>
      (await call(platform.url, 'GET', `/v1/messages/${body.messageId}`, undefined, await signIn(platform.url, username))).status;
    const other = activeDeputy((d) => d.code !== deputy.code);

    // Act & Assess
    expect(await read(deputy.code)).toBe(200);
    expect(await read('donggua.reviewer')).toBe(200);
    expect(await read('city.reviewer')).toBe(200);
    expect(await read(other.code)).toBe(404);
    expect(await read('lucheng.reviewer')).toBe(404);
    expect(await read('u-zhujian.handler')).toBe(404);
    expect((await call(platform.url, 'GET', `/v1/messages/${body.messageId}`)).status).toBe(401);
    const asOther = await call(
      platform.url,
      'POST',
      `/v1/messages/${body.messageId}/reply`,
      { content: '我来答复', close: true },
      await signIn(platform.url, other.code),
    );
    expect(asOther.status).toBe(404);
    const detail = await call(platform.url, 'GET', `/v1/messages/${body.messageId}`, undefined, await signIn(platform.url, deputy.code));
    expect(detail.body.citizen).toEqual({ name: null, phone: null });
  });

  it("masks the citizen's contact for staff", async () => {
    const deputy = activeDeputy((d) => d.townshipCode === 'zixi');
    const { body } = await submit({
      deputyCode: deputy.code,
      category: 'agriculture',
      content: '灌溉水渠堵塞，影响春耕。',
      name: '李春花',
      phone: '13700001234',
    });
    const detail = await call(platform.url, 'GET', `/v1/messages/${body.messageId}`, undefined, await signIn(platform.url, deputy.code));
    expect(detail.body.citizen).toEqual({ name: '李*', phone: '137****1234' });
  });

  describe('bad input is refused with the field named, and nothing is stored', () => {
    const station = () => seed.directory.stations[3]!.code;
    it.each([
      ['no station or deputy', () => ({ category: 'other', content: '有问题需要反映。' }), 'stationCode'],
      ['no category', () => ({ stationCode: station(), content: '有问题需要反映。' }), 'category'],
      ['no content', () => ({ stationCode: station(), category: 'other' }), 'content'],
      ['1-character content', () => ({ stationCode: station(), category: 'other', content: '急' }), 'content'],
      ['5000-character content', () => ({ stationCode: station(), category: 'other', content: '长'.repeat(5000) }), 'content'],
      ['a bad phone', () => ({ stationCode: station(), category: 'other', content: '有问题需要反映。', phone: '12345' }), 'phone'],
      ['an unknown station', () => ({ stationCode: 'st-nowhere-99', category: 'other', content: '有问题需要反映。' }), 'stationCode'],
      ['an unknown deputy', () => ({ deputyCode: 'D9999', category: 'other', content: '有问题需要反映。' }), 'deputyCode'],
      ['an unknown category', () => ({ stationCode: station(), category: 'weather', content: '有问题需要反映。' }), 'category'],
      ['an unknown township', () => ({ stationCode: station(), category: 'other', content: '有问题需要反映。', townshipCode: 'atlantis' }), 'townshipCode'],
      ['an extra field', () => ({ stationCode: station(), category: 'other', content: '有问题需要反映。', priority: 'high' }), '(root)'],
    ])('%s → 400 naming %s', async (_name, body, field) => {
      // Prepare
      const before = events.length;

      // Act
      const response = await submit(body());

      // Assess
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('INVALID_INPUT');
      expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
      expect(events.length).toBe(before);
    });
  });

  it('creates one message for a retried Idempotency-Key, and refuses the key with another body', async () => {
    // Prepare
    const deputy = activeDeputy((d) => d.townshipCode === 'lvhe');
    const body = { deputyCode: deputy.code, category: 'environment', content: '河道有人倾倒建筑垃圾。' };
    const headers = { ...freshClient(), 'idempotency-key': 'retry-test-0001' };
    const before = (await inboxOf(deputy.code)).length;

    // Act
    const first = await submit(body, headers);
    const second = await submit(body, headers);
    const reused = await submit({ ...body, content: '另一件事情需要反映。' }, headers);

    // Assess
    expect(first.status).toBe(202);
    expect(second.body).toEqual(first.body);
    expect(reused.status).toBe(409);
    expect((await inboxOf(deputy.code)).length).toBe(before + 1);
  });

  it('holds a text repeated by one source for review instead of reaching the deputy', async () => {
    // Prepare
    const deputy = activeDeputy((d) => d.townshipCode === 'bajiao');
    const client = freshClient();
    const body = { deputyCode: deputy.code, category: 'other', content: '请大家关注这个问题！！！' };

    // Act: the same text three times (and once with other punctuation)
    const results: Awaited<ReturnType<typeof submit>>[] = [];
    for (const content of [body.content, body.content, '请大家 关注这个问题。']) results.push(await submit({ ...body, content }, client));

    // Assess: all accepted, the third held — not on the inbox, shown as submitted to its sender
    expect(results.map((r) => r.status)).toEqual([202, 202, 202]);
    const inboxIds = (await inboxOf(deputy.code)).map((m) => m.messageId);
    expect(inboxIds).toContain(results[0]!.body.messageId);
    expect(inboxIds).not.toContain(results[2]!.body.messageId);
    expect((await track(results[2]!.body.trackingCode, results[2]!.body.trackingToken)).body.status).toBe('submitted');
    const held = events.find((e) => e['detail-type'] === 'MessageSubmitted' && (e.detail as any).data.messageId === results[2]!.body.messageId)!;
    expect((held.detail as any).data).toMatchObject({ heldForReview: true });
    expect((held.detail as any).data.deputyCode).toBeUndefined();
  });

  it('slows a source down with 429 and Retry-After', async () => {
    const client = freshClient();
    const deputy = activeDeputy((d) => d.townshipCode === 'ziwu');
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 21; i++) {
      const response = await submit({ deputyCode: deputy.code, category: 'other', content: `第${i}条不同的留言内容，编号${i * 7919}` }, client);
      statuses.push(response.status);
      retryAfter ??= response.headers.get('retry-after');
    }
    expect(statuses.slice(0, 20).every((s) => s === 202)).toBe(true);
    expect(statuses[20]).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  it('flags an unanswered message overdue once, and closes an unrated answer after the rating window (injected clock)', async () => {
    // Prepare
    const deputy = activeDeputy((d) => d.townshipCode === 'cangling');
    const late = (await submit({ deputyCode: deputy.code, category: 'other', content: '路边的护栏被撞坏了。' })).body;
    const answered = (await submit({ deputyCode: deputy.code, category: 'other', content: '公交站的雨棚漏水了。' })).body;
    await call(
      platform.url,
      'POST',
      `/v1/messages/${answered.messageId}/reply`,
      { content: '已转告公交公司维修。', close: true },
      await signIn(platform.url, deputy.code),
    );
    const sweep = (days: number) =>
      platform.scheduler.run('messaging-schedule-deadline-sweep', new Date(Date.now() + days * 86_400_000)) as Promise<{ overdue: number; closed: number }>;
    const overdueEvents = () => events.filter((e) => e['detail-type'] === 'MessageReplyOverdue' && (e.detail as any).data.messageId === late.messageId);

    // Act & Assess: before the deadline nothing happens
    await sweep(1);
    expect(overdueEvents()).toHaveLength(0);

    // Act & Assess: past the 3-day SLA the message is flagged once
    await sweep(4);
    await sweep(4);
    expect(overdueEvents()).toHaveLength(1);

    // Act & Assess: past the 7-day rating window the answered message closes
    await sweep(8);
    expect((await track(answered.trackingCode, answered.trackingToken)).body.status).toBe('closed');
    expect((await track(late.trackingCode, late.trackingToken)).body.status).toBe('submitted');
  });
});
