import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusEvent } from '../../../shared/events/pattern.ts';
import type { DemoSeedReport } from '../../identity/src/demo/seed.ts';
import { call, eventually, type LocalPlatform } from '../../../test/support/platform.ts';
import { freshClient, signIn, startMessagingPlatform } from './support.ts';

describe("moderation over HTTP: the reviewers' queue of held messages", () => {
  let platform: LocalPlatform;
  let seed: DemoSeedReport;
  const events: BusEvent[] = [];
  const submit = (body: Record<string, unknown>, headers: Record<string, string> = freshClient()) => call(platform.url, 'POST', '/v1/messages', body, headers);
  const track = (code: string, token: string) => call(platform.url, 'GET', `/v1/track/${code}`, undefined, { 'x-tracking-token': token });
  const heldIds = async (username: string, query = '') =>
    (
      (await call(platform.url, 'GET', `/v1/moderation/held${query}`, undefined, await signIn(platform.url, username))).body.items as {
        messageId: string;
        reason: string;
      }[]
    ).map((i) => `${i.messageId}:${i.reason}`);
  const activeDeputy = (township: string) => seed.directory.deputies.find((d) => d.termStatus === 'active' && d.townshipCode === township)!;
  const flood = async (deputyCode: string, content: string) => {
    const client = freshClient();
    let last: Awaited<ReturnType<typeof submit>> | undefined;
    for (let i = 0; i < 3; i++) last = await submit({ deputyCode, category: 'other', content }, client);
    return last!.body as { messageId: string; trackingCode: string; trackingToken: string };
  };

  beforeAll(async () => {
    ({ platform, seed } = await startMessagingPlatform());
    platform.bus.observe((event) => events.push(event));
  });
  afterAll(async () => platform?.stop());

  it('holds a flood, lists it for its township, releases it to the deputy, who answers it', async () => {
    // Prepare: the third same text from one source is held
    const deputy = activeDeputy('lucheng');
    const held = await flood(deputy.code, '小区里的路灯全都不亮了！！');

    // Act: the township's reviewer lists the queue, and releases the message
    const listed = await heldIds('lucheng.reviewer');
    const otherTownship = await heldIds('donggua.reviewer');
    const released = await call(platform.url, 'POST', `/v1/messages/${held.messageId}/release`, {}, await signIn(platform.url, 'lucheng.reviewer'));
    const replied = await call(
      platform.url,
      'POST',
      `/v1/messages/${held.messageId}/reply`,
      { content: '已联系物业更换灯泡。', close: true },
      await signIn(platform.url, deputy.code),
    );

    // Assess: listed with its reason in scope only; released to the deputy it was addressed to; answered
    expect(listed).toContain(`${held.messageId}:flood`);
    expect(otherTownship).not.toContain(`${held.messageId}:flood`);
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ status: 'submitted', deputyCode: deputy.code });
    expect(await heldIds('lucheng.reviewer')).not.toContain(`${held.messageId}:flood`);
    const assigned = events.find((e) => e['detail-type'] === 'MessageAssigned' && (e.detail as any).data.messageId === held.messageId);
    expect((assigned!.detail as any).data).toMatchObject({ deputyCode: deputy.code, reason: 'released' });
    expect(replied.status).toBe(200);
    expect((await track(held.trackingCode, held.trackingToken)).body.status).toBe('answered');
  });

  it("puts a message to a station with no deputy in office in its township reviewers' queue, where it can be rejected", async () => {
    // Prepare: a new station of the township, with no deputy yet
    const admin = await signIn(platform.url, 'admin');
    const imported = await call(
      platform.url,
      'POST',
      '/v1/directory/stations/import',
      'code,name,townshipCode,address\nst-ziwu-new-01,子午镇新建联络站,ziwu,子午镇新街1号\n',
      { ...admin, 'content-type': 'text/csv' },
    );
    expect(imported.status).toBeLessThan(300);

    // Act: once the import has reached messaging, a citizen writes to the new station
    const submitted = (
      await eventually(
        async () => {
          const response = await submit({ stationCode: 'st-ziwu-new-01', category: 'roads_transport', content: '新街路口没有红绿灯，过马路很危险。' });
          return response.status === 202 ? response : undefined;
        },
        60_000,
        'the new station known to messaging',
      )
    ).body;
    const queue = await heldIds('ziwu.reviewer');
    const cityQueue = await heldIds('city.reviewer', '?township=ziwu');
    const noDeputy = await call(platform.url, 'POST', `/v1/messages/${submitted.messageId}/release`, {}, await signIn(platform.url, 'ziwu.reviewer'));
    const rejected = await call(
      platform.url,
      'POST',
      `/v1/messages/${submitted.messageId}/reject`,
      { reason: '该路口已列入今年改造计划，请关注公告。' },
      await signIn(platform.url, 'ziwu.reviewer'),
    );

    // Assess: in the township's queue (never silently held), closed with the reason the citizen reads
    expect(queue).toContain(`${submitted.messageId}:no_deputy`);
    expect(cityQueue).toContain(`${submitted.messageId}:no_deputy`);
    expect(noDeputy.status).toBe(409);
    expect(rejected.body).toMatchObject({ status: 'closed' });
    const tracking = (await track(submitted.trackingCode, submitted.trackingToken)).body;
    expect(tracking.status).toBe('closed');
    expect(tracking.timeline.at(-1).text).toContain('该路口已列入今年改造计划');
    const closed = events.find((e) => e['detail-type'] === 'MessageClosed' && (e.detail as any).data.messageId === submitted.messageId);
    expect((closed!.detail as any).data.reason).toBe('rejected');
  });

  it('flags a held message past its deadline once, for supervision; other townships cannot act on it', async () => {
    // Prepare
    const held = await flood(activeDeputy('bajiao').code, '请尽快处理垃圾站的异味问题！');
    const sweep = (days: number) => platform.scheduler.run('messaging-schedule-deadline-sweep', new Date(Date.now() + days * 86_400_000));
    const overdue = () => events.filter((e) => e['detail-type'] === 'MessageHoldOverdue' && (e.detail as any).data.messageId === held.messageId);

    // Act
    const foreign = await call(
      platform.url,
      'POST',
      `/v1/messages/${held.messageId}/reject`,
      { reason: '无关内容' },
      await signIn(platform.url, 'lucheng.reviewer'),
    );
    await sweep(1);
    const before = overdue().length;
    await sweep(4);
    await sweep(4);

    // Assess
    expect(foreign.status).toBe(404);
    expect(before).toBe(0);
    expect(overdue()).toHaveLength(1);
    expect((overdue()[0]!.detail as any).data).toMatchObject({ reason: 'flood', townshipCode: 'bajiao' });
  });

  it('lists a reply past due for supervision, in its township only, until the deputy answers', async () => {
    // Prepare: a message to a deputy of 八角镇 left unanswered past the reply time
    const deputy = activeDeputy('bajiao');
    const late = (await submit({ deputyCode: deputy.code, category: 'other', content: '村道上的护栏被撞坏了，一直没人修。' })).body;
    const overdueIds = async (username: string) =>
      (
        (await call(platform.url, 'GET', '/v1/moderation/overdue-replies', undefined, await signIn(platform.url, username))).body.items as {
          messageId: string;
        }[]
      ).map((i) => i.messageId);
    const before = await overdueIds('bajiao.reviewer');

    // Act: the sweep flags it
    await platform.scheduler.run('messaging-schedule-deadline-sweep', new Date(Date.now() + 30 * 86_400_000));

    // Assess: on the township's and the city's list, not on another township's
    expect(before).not.toContain(late.messageId);
    expect(await overdueIds('bajiao.reviewer')).toContain(late.messageId);
    expect(await overdueIds('city.reviewer')).toContain(late.messageId);
    expect(await overdueIds('lucheng.reviewer')).not.toContain(late.messageId);
    expect((await call(platform.url, 'GET', '/v1/moderation/overdue-replies', undefined, await signIn(platform.url, deputy.code))).status).toBe(403);

    // Act & Assess: answered late, it leaves the list
    const replied = await call(
      platform.url,
      'POST',
      `/v1/messages/${late.messageId}/reply`,
      { content: '已联系交通部门修复。', close: true },
      await signIn(platform.url, deputy.code),
    );
    expect(replied.status).toBe(200);
    expect(await overdueIds('bajiao.reviewer')).not.toContain(late.messageId);
  });
});
