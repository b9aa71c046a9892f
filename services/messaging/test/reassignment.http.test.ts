import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusEvent } from '../../../shared/events/pattern.ts';
import type { DemoSeedReport } from '../../identity/src/demo/seed.ts';
import { call, eventually, type LocalPlatform } from '../../../test/support/platform.ts';
import { freshClient, signIn, startMessagingPlatform } from './support.ts';

type SeedDeputy = DemoSeedReport['directory']['deputies'][number];

describe('reassignment over HTTP: a deputy leaves office, their open messages do not', () => {
  let platform: LocalPlatform;
  let seed: DemoSeedReport;
  const events: BusEvent[] = [];
  const submit = async (deputyCode: string, content: string) =>
    (await call(platform.url, 'POST', '/v1/messages', { deputyCode, category: 'public_facilities', content }, freshClient())).body as {
      messageId: string;
      trackingCode: string;
      trackingToken: string;
    };
  const track = async (m: { trackingCode: string; trackingToken: string }) =>
    (await call(platform.url, 'GET', `/v1/track/${m.trackingCode}`, undefined, { 'x-tracking-token': m.trackingToken })).body;
  const inOffice = (stationCode: string) => seed.directory.deputies.filter((d) => d.stationCode === stationCode && d.termStatus === 'active');
  const reassigned = (messageId: string) =>
    eventually(
      async () => events.find((e) => e['detail-type'] === 'MessageReassigned' && (e.detail as any).data.messageId === messageId)?.detail as any,
      30_000,
      `${messageId} reassigned`,
    );

  beforeAll(async () => {
    ({ platform, seed } = await startMessagingPlatform());
    platform.bus.observe((event) => events.push(event));
  });
  afterAll(async () => platform?.stop());

  it("hands a deputy's open messages to the least loaded in office at their station when the term ends, the citizen told", async () => {
    // Prepare: a station with more than one deputy in office; two messages to one of them
    const station = seed.directory.stations.find((s) => inOffice(s.code).length >= 2)!;
    const [leaving, ...colleagues] = inOffice(station.code) as [SeedDeputy, ...SeedDeputy[]];
    const first = await submit(leaving.code, '村口的路灯坏了一个多月，晚上出行不安全。');
    const second = await submit(leaving.code, '菜市场旁边的排水沟堵塞，下雨天污水漫到路面。');
    const row = { ...leaving, termStatus: 'ended' };
    const csv = [
      'code,name,level,constituency,townshipCode,stationCode,roomCode,gridCode,groupCode,category,professionalGroup,termStatus,phone',
      [
        row.code,
        row.name,
        row.level,
        row.constituency,
        row.townshipCode,
        row.stationCode,
        row.roomCode,
        row.gridCode,
        row.groupCode,
        row.category,
        row.professionalGroup ?? '',
        row.termStatus,
        row.phone,
      ].join(','),
    ].join('\n');

    // Act: the directory marks the term ended
    const imported = await call(platform.url, 'POST', '/v1/directory/deputies/import', `${csv}\n`, {
      ...(await signIn(platform.url, 'admin')),
      'content-type': 'text/csv',
    });
    const moves = await Promise.all([reassigned(first.messageId), reassigned(second.messageId)]);

    // Assess: with colleagues of the station, deadlines recomputed, on the timeline
    expect(imported.status).toBe(202);
    const newDeputies = moves.map((m) => m.data.toDeputyCode);
    for (const code of newDeputies) expect(colleagues.map((c) => c.code)).toContain(code);
    expect(moves.every((m) => m.data.reason === 'term_ended' && m.data.held === false)).toBe(true);
    for (const [index, message] of [first, second].entries()) {
      const timeline = (await track(message)).timeline;
      expect(timeline.at(-1).text).toMatch(/^原代表任期已结束，您的留言已转交.+代表，答复期限重新计算。$/);
      const inbox = await call(platform.url, 'GET', '/v1/inbox', undefined, await signIn(platform.url, newDeputies[index]));
      expect(inbox.body.items.map((i: { messageId: string }) => i.messageId)).toContain(message.messageId);
      expect(Date.parse(inbox.body.items.find((i: { messageId: string }) => i.messageId === message.messageId).replyDueAt)).toBe(
        Date.parse(moves[index].data.dueAt),
      );
    }
  });

  it("puts a disabled deputy's open message in the township reviewers' queue when nobody else at the station is in office", async () => {
    // Prepare: a station whose only deputy in office gets a message
    const station = seed.directory.stations.find((s) => inOffice(s.code).length === 1)!;
    const [alone] = inOffice(station.code) as [SeedDeputy];
    const message = await submit(alone.code, '小区门口的井盖松动，车辆经过时响声很大。');

    // Act: the admin disables the deputy's account
    const disabled = await call(platform.url, 'PATCH', `/v1/accounts/${alone.code}`, { status: 'disabled' }, await signIn(platform.url, 'admin'));
    const move = await reassigned(message.messageId);

    // Assess: held for the township's reviewers, the citizen told, the reviewer can release it
    expect(disabled.status).toBe(200);
    expect(move.data).toMatchObject({ fromDeputyCode: alone.code, held: true, reason: 'deputy_disabled', townshipCode: alone.townshipCode });
    const queue = await call(platform.url, 'GET', '/v1/moderation/held', undefined, await signIn(platform.url, `${alone.townshipCode}.reviewer`));
    expect(queue.body.items.map((i: { messageId: string; reason: string }) => `${i.messageId}:${i.reason}`)).toContain(`${message.messageId}:no_deputy`);
    const tracking = await track(message);
    expect(tracking.status).toBe('submitted');
    expect(tracking.timeline.at(-1).text).toBe('原代表已暂停处理留言，您的留言已转交乡镇（街道）人大，由其安排代表答复。');
  });
});
