import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../../shared/store/client.ts';
import { createEvent } from '../../../shared/events/envelope.ts';
import { DeputyFlagged } from '../../../shared/events/scoring/index.ts';
import type { BusEvent } from '../../../shared/events/pattern.ts';
import { CALLER_HEADER, invokePath } from '../../../shared/runtime/invoke.ts';
import { resourceNames } from '../../../shared/runtime/manifest.ts';
import { idempotencyPartitions } from '../../../shared/runtime/queue.ts';
import { call, eventually, type LocalPlatform } from '../../../test/support/platform.ts';
import type { DemoSeedReport } from '../../identity/src/demo/seed.ts';
import { FAILURES_ENV } from '../src/adapters/channels/recording-channel.ts';
import { putAgain, schedule, settled, signedIn, startNotificationsPlatform } from './support.ts';

// Logs at INFO, so the check that no phone is ever logged has logs to read. Set before the
// platform loads the handlers (in beforeAll), which create their loggers then.
process.env.MINQING_LOG_LEVEL = 'INFO';

interface DeliveryItem {
  id: string;
  channel: string;
  recipient: string;
  recipientKind: string;
  template: string;
  status: string;
  attempts: number;
  at: string;
  source: string;
  notBefore?: string;
  sentAt?: string;
  failure?: { reason: string };
}

/**
 * Notifications on the local platform with identity, messaging and case routing: what each event
 * sends to whom, at most once under redelivery, with retries, the DLQ, quiet hours, bulletins,
 * reminders and preferences — and never a phone number where it does not belong.
 */
describe('notifications on the local platform', () => {
  let platform: LocalPlatform;
  let seed: DemoSeedReport;
  let events: BusEvent[];
  let api: ReturnType<typeof signedIn>;
  const output: string[] = [];
  const phones: string[] = [];
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  let client = 0;

  const activeDeputies = () => seed.directory.deputies.filter((d) => d.termStatus === 'active');
  const deputyIn = (township: string) => activeDeputies().find((d) => d.level === 'township' && d.townshipCode === township)!;
  const deliveriesOf = async (recipient: string) =>
    (await api.get('admin', `/v1/deliveries?recipient=${encodeURIComponent(recipient)}&limit=200`)).body.items as DeliveryItem[];
  const sentEvents = (predicate: (data: Record<string, any>) => boolean) =>
    events.filter((e) => e['detail-type'] === 'NotificationSent' && predicate((e.detail as any).data));
  const submittedEvent = (messageId: string) => events.find((e) => e['detail-type'] === 'MessageSubmitted' && (e.detail as any).data.messageId === messageId)!;

  /** The triggers consumer's idempotency records (Powertools would keep them under the subscription's partitions). */
  async function triggersIdempotencyRecords() {
    const client = documentClient();
    const TableName = resourceNames.table('demo', 'notifications');
    const pages = await Promise.all(
      idempotencyPartitions('triggers').map((pk) =>
        client.send(new QueryCommand({ TableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } })),
      ),
    );
    return pages.flatMap((page) => page.Items ?? []);
  }

  /** A citizen leaves a message with a phone for a deputy; the platform settles. */
  async function submitWithPhone(deputyCode: string, phone: string) {
    phones.push(phone);
    const response = await call(
      platform.url,
      'POST',
      '/v1/messages',
      { deputyCode, category: 'public_facilities', content: `村口路灯坏了，晚上看不见路（${++client}）`, phone },
      { 'x-forwarded-for': `2001:db8:4e::${client}` },
    );
    expect(response.status).toBe(202);
    await settled(platform);
    return response.body as { messageId: string; trackingCode: string; trackingToken: string };
  }

  beforeAll(async () => {
    const capture = (_stream: 'stdout' | 'stderr') =>
      ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        output.push(String(chunk));
        const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
        done?.();
        return true;
      }) as typeof process.stdout.write;
    process.stdout.write = capture('stdout');
    process.stderr.write = capture('stderr');
    ({ platform, seed, events } = await startNotificationsPlatform());
    api = signedIn(platform);
  });
  afterAll(async () => {
    await platform?.stop();
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
    delete process.env[FAILURES_ENV];
  });

  it('texts the deputy once and sends the citizen one receipt, also when the event is delivered again', async () => {
    // Prepare
    const deputy = deputyIn('lucheng');
    const { messageId, trackingCode } = await submitWithPhone(deputy.code, '13912345678');
    const submitted = submittedEvent(messageId);
    const eventId = (submitted.detail as any).metadata.eventId as string;
    // Whatever the quiet hours held back (this may run at night in Shanghai) goes out now.
    await platform.scheduler.run(schedule('send-due'), new Date(Date.now() + 10 * 3_600_000));

    // Act: EventBridge delivers at least once; the same event comes twice more
    putAgain(platform, submitted);
    putAgain(platform, submitted);
    await settled(platform);
    // The consumer keeps no idempotency record: only the deliveries' own conditional creates
    // stand between the citizen and a second SMS.
    expect(await triggersIdempotencyRecords()).toEqual([]);
    putAgain(platform, submitted);
    await settled(platform);

    // Assess: one receipt, one SMS and one in-app notification for the deputy
    const citizen = (await deliveriesOf(`citizen:${messageId}`)).filter((d) => d.source === eventId);
    expect(citizen).toHaveLength(1);
    expect(citizen[0]).toMatchObject({ channel: 'sms', template: 'message_receipt', status: 'sent', attempts: 1, recipient: '139****5678' });
    const toDeputy = (await deliveriesOf(deputy.code)).filter((d) => d.source === eventId);
    expect(toDeputy.map((d) => d.channel).sort()).toEqual(['inapp', 'sms']);
    // The deputy's own phone, from identity's directory, masked in the log.
    expect(toDeputy.find((d) => d.channel === 'sms')).toMatchObject({
      recipient: expect.stringMatching(/^1\d\d\*{4}\d{4}$/),
      template: 'message_new',
      status: 'sent',
      attempts: 1,
    });
    const sent = sentEvents((d) => d.messageId === messageId);
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((e) => (e.detail as any).data.notificationId)).size).toBe(3);
    expect(sent.map((e) => (e.detail as any).data)).toContainEqual(
      expect.objectContaining({ channel: 'sms', recipientKind: 'citizen', template: 'message_receipt' }),
    );

    // Assess: the deputy reads it in the inbox; the receipt names the tracking code
    const inbox = (await api.get(deputy.code, '/v1/notifications')).body.items as { id: string; messageId?: string; read: boolean; title: string }[];
    const mine = inbox.find((n) => n.messageId === messageId)!;
    expect(mine).toMatchObject({ title: '新的群众留言', read: false });
    expect((await api.post(deputyIn('donggua').code, `/v1/notifications/${mine.id}/read`, undefined)).status).toBe(404);
    expect((await api.post(deputy.code, `/v1/notifications/${mine.id}/read`, undefined)).body).toMatchObject({ id: mine.id, read: true });
    expect(((await api.get(deputy.code, '/v1/notifications')).body.items as { id: string; read: boolean }[]).find((n) => n.id === mine.id)!.read).toBe(true);
    expect(trackingCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  });

  it("delivers once through a channel that fails twice, on the event's redeliveries", async () => {
    // Prepare: a message whose citizen's SMS gateway will be busy twice
    const deputy = deputyIn('donggua');
    const { messageId } = await submitWithPhone(deputy.code, '13700000001');
    process.env[FAILURES_ENV] = JSON.stringify([{ channel: 'sms', to: '^13700000001$', times: 2 }]);
    const eventId = `retry-${messageId}`;

    // Act: the event as if it happened at 10:00 in the city
    putAgain(platform, submittedEvent(messageId), { eventId, occurredAt: '2026-03-05T10:00:00+08:00' });
    const receipt = await eventually(
      async () => {
        const found = (await deliveriesOf(`citizen:${messageId}`)).find((d) => d.source === eventId);
        return found?.status === 'sent' ? found : undefined;
      },
      15_000,
      'the receipt sent',
    );
    await settled(platform);
    delete process.env[FAILURES_ENV];

    // Assess: sent on the third attempt, once; the deputy's SMS of that event went at the first
    expect(receipt).toMatchObject({ attempts: 3, recipient: '137****0001' });
    expect(sentEvents((d) => d.notificationId === receipt.id)).toHaveLength(1);
    expect((await deliveriesOf(deputy.code)).find((d) => d.source === eventId && d.channel === 'sms')).toMatchObject({ status: 'sent', attempts: 1 });
    expect(platform.queues.get(resourceNames.deadLetterQueue('demo', 'notifications', 'triggers'))!.depth().total).toBe(0);
  });

  it('dead-letters what always fails, shows it to the admin, and delivers it once after a redrive', async () => {
    // Prepare: a phone whose every SMS fails
    const deputy = deputyIn('lvhe');
    const { messageId } = await submitWithPhone(deputy.code, '13700000002');
    process.env[FAILURES_ENV] = JSON.stringify([{ channel: 'sms', to: '^13700000002$' }]);
    const eventId = `dlq-${messageId}`;
    const dlqName = resourceNames.deadLetterQueue('demo', 'notifications', 'triggers');
    const dlq = platform.queues.get(dlqName)!;

    // Act
    putAgain(platform, submittedEvent(messageId), { eventId, occurredAt: '2026-03-05T10:00:00+08:00' });
    await eventually(async () => (dlq.depth().total === 1 ? true : undefined), 20_000, 'the event in the DLQ');

    // Assess: failed after every attempt, in the admin's failed list and in the DLQ
    const failed = ((await api.get('admin', '/v1/deliveries?status=failed')).body.items as DeliveryItem[]).filter((d) => d.source === eventId);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ channel: 'sms', recipient: '137****0002', status: 'failed', attempts: 5, failure: { reason: 'exhausted' } });
    expect(JSON.parse(dlq.peek()[0]!.body).detail.metadata.eventId).toBe(eventId);
    const failedEvents = events.filter((e) => e['detail-type'] === 'NotificationFailed' && (e.detail as any).data.notificationId === failed[0]!.id);
    expect(failedEvents.map((e) => (e.detail as any).data)).toEqual([
      expect.objectContaining({ reason: 'exhausted', attempts: 5, recipientKind: 'citizen', messageId }),
    ]);
    expect((await api.get(deputy.code, '/v1/deliveries')).status).toBe(403);

    // Act: the gateway recovers; the operator redrives the DLQ
    delete process.env[FAILURES_ENV];
    expect(platform.redrive(dlqName)).toBe(1);
    await settled(platform);

    // Assess: delivered once; nothing left in the DLQ
    const after = (await deliveriesOf(`citizen:${messageId}`)).filter((d) => d.source === eventId);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ status: 'sent', attempts: 6 });
    expect(sentEvents((d) => d.notificationId === failed[0]!.id)).toHaveLength(1);
    expect(dlq.depth().total).toBe(0);
  });

  it('holds an SMS due at 23:00 until 07:00, while in-app goes at once', async () => {
    // Prepare
    const deputy = deputyIn('zixi');
    const { messageId } = await submitWithPhone(deputy.code, '13700000003');
    const eventId = `night-${messageId}`;

    // Act: the event happened at 23:00 city time
    putAgain(platform, submittedEvent(messageId), { eventId, occurredAt: '2026-03-05T23:00:00+08:00' });
    await settled(platform);

    // Assess: in-app delivered, both SMS waiting for 07:00 (23:00 UTC)
    const ofEvent = async () => [...(await deliveriesOf(`citizen:${messageId}`)), ...(await deliveriesOf(deputy.code))].filter((d) => d.source === eventId);
    const night = await ofEvent();
    expect(night.find((d) => d.channel === 'inapp')).toMatchObject({ status: 'sent' });
    const sms = night.filter((d) => d.channel === 'sms');
    expect(sms).toHaveLength(2);
    for (const d of sms) expect(d).toMatchObject({ status: 'pending', attempts: 0, notBefore: '2026-03-05T23:00:00.000Z' });

    // Act & Assess: at 06:59 nothing goes; at 07:00 both go
    await platform.scheduler.run(schedule('send-due'), new Date('2026-03-05T22:59:00Z'));
    expect((await ofEvent()).filter((d) => d.channel === 'sms' && d.status === 'pending')).toHaveLength(2);
    await platform.scheduler.run(schedule('send-due'), new Date('2026-03-05T23:00:00Z'));
    const morning = (await ofEvent()).filter((d) => d.channel === 'sms');
    expect(morning.map((d) => [d.status, d.sentAt])).toEqual([
      ['sent', '2026-03-05T23:00:00.000Z'],
      ['sent', '2026-03-05T23:00:00.000Z'],
    ]);
    expect(Object.fromEntries(morning.map((d) => [d.recipientKind, d.recipient]))).toEqual({
      citizen: '137****0003',
      deputy: expect.stringMatching(/^1\d\d\*{4}\d{4}$/),
    });
  });

  it('tells the unit of a forwarded case and texts the citizen the result with the rating link', async () => {
    // Prepare: a message escalated by its deputy
    const deputy = deputyIn('sanjie');
    const { messageId, trackingCode } = await submitWithPhone(deputy.code, '13700000004');
    const { caseId } = (await api.post(deputy.code, `/v1/messages/${messageId}/escalate`, { reason: '需要乡镇建设部门处理' })).body;
    await settled(platform);

    // Act: reviewed, forwarded, accepted, resolved
    const forwarded = await api.post('sanjie.reviewer', `/v1/cases/${caseId}/forward`, { unitCode: 'u-sanjie-jianshe' });
    expect(forwarded.status).toBe(200);
    await settled(platform);
    expect((await api.post('u-sanjie-jianshe.handler', `/v1/cases/${caseId}/accept`, { committedDate: forwarded.body.dueDate })).status).toBe(200);
    expect((await api.post('u-sanjie-jianshe.handler', `/v1/cases/${caseId}/resolve`, { result: '已更换路灯3盏。' })).status).toBe(200);
    await settled(platform);
    await platform.scheduler.run(schedule('send-due'), new Date(Date.now() + 10 * 3_600_000));

    // Assess: the unit's handler has it in-app; the citizen got the result with the tracking link, no token
    const tasks = (await api.get('u-sanjie-jianshe.handler', '/v1/notifications')).body.items as { caseId?: string; title: string; body: string }[];
    expect(tasks.find((n) => n.caseId === caseId)).toMatchObject({ title: '新的转办事项' });
    const resolved = (await deliveriesOf(`citizen:${messageId}`)).filter((d) => d.template === 'case_resolved');
    expect(resolved).toHaveLength(1);
    expect(resolved[0]).toMatchObject({ status: 'sent', recipient: '137****0004' });
    const sent = sentEvents((d) => d.notificationId === resolved[0]!.id);
    expect(sent).toHaveLength(1);
    expect(trackingCode).toBeTruthy();
  });

  it('reminds a citizen who left a phone to rate, once, before the window closes; the unrated close is on the timeline', async () => {
    // Prepare: two answered messages, one with a phone and one without
    const deputy = deputyIn('zixi');
    const withPhone = await submitWithPhone(deputy.code, '13700000006');
    const withoutPhone = (
      await call(
        platform.url,
        'POST',
        '/v1/messages',
        { deputyCode: deputy.code, category: 'public_facilities', content: `垃圾桶满了没人清（${++client}）` },
        { 'x-forwarded-for': `2001:db8:4e::${client}` },
      )
    ).body as { messageId: string; trackingCode: string; trackingToken: string };
    for (const { messageId } of [withPhone, withoutPhone]) {
      expect((await api.post(deputy.code, `/v1/messages/${messageId}/reply`, { content: '已通知村委会处理。', close: true })).status).toBe(200);
    }
    await settled(platform);
    const sweep = async (days: number) => {
      const at = new Date(Date.now() + days * 86_400_000);
      await platform.scheduler.run('messaging-schedule-deadline-sweep', at);
      await settled(platform);
      await platform.scheduler.run(schedule('send-due'), new Date(at.getTime() + 10 * 3_600_000));
    };
    const reminders = async (messageId: string) => (await deliveriesOf(`citizen:${messageId}`)).filter((d) => d.template === 'message_rating_reminder');
    const reminderEvents = () =>
      events.filter((e) => e['detail-type'] === 'MessageRatingReminderDue' && (e.detail as any).data.messageId === withPhone.messageId);

    // Act & Assess: not yet in the last two days of the 7-day window: no reminder
    await sweep(4);
    expect(await reminders(withPhone.messageId)).toHaveLength(0);

    // Act & Assess: in the last two days, one reminder with the tracking link, however often the sweep runs
    await sweep(5.5);
    await sweep(6);
    const sent = await reminders(withPhone.messageId);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ channel: 'sms', status: 'sent', recipient: '137****0006' });
    expect(reminderEvents()).toHaveLength(1);
    expect(JSON.stringify(reminderEvents()[0]!.detail)).not.toContain('13700000006');
    expect(await reminders(withoutPhone.messageId)).toHaveLength(0);

    // Act & Assess: the window passes unrated: closed, and the timeline says so
    await sweep(8);
    const tracking = (await call(platform.url, 'GET', `/v1/track/${withPhone.trackingCode}`, undefined, { 'x-tracking-token': withPhone.trackingToken })).body;
    expect(tracking.status).toBe('closed');
    expect(tracking.timeline.at(-1).text).toContain('未评价');
    expect(await reminders(withPhone.messageId)).toHaveLength(1);
  });

  it("follows an account's channel preferences; in-app stays on", async () => {
    // Prepare: a deputy who wants WeChat and no SMS
    const deputy = deputyIn('donghua');
    expect((await api.get(deputy.code, '/v1/notifications/preferences')).body).toEqual({ sms: true, wechat: false, email: false });
    expect((await api.put(deputy.code, '/v1/notifications/preferences', { sms: false, wechat: true, email: false })).status).toBe(200);
    expect((await api.put(deputy.code, '/v1/notifications/preferences', { sms: 'no' })).status).toBe(400);

    // Act
    const { messageId } = await submitWithPhone(deputy.code, '13700000005');
    const eventId = `prefs-${messageId}`;
    putAgain(platform, submittedEvent(messageId), { eventId, occurredAt: '2026-03-05T10:00:00+08:00' });
    await settled(platform);

    // Assess
    const toDeputy = (await deliveriesOf(deputy.code)).filter((d) => d.source === eventId);
    expect(toDeputy.map((d) => d.channel).sort()).toEqual(['inapp', 'wechat']);
    expect((await api.get(deputy.code, '/v1/notifications/preferences')).body).toEqual({ sms: false, wechat: true, email: false });
  });

  it('publishes a bulletin to the 255 deputies in office once, however often the request is sent', async () => {
    // Prepare: the demo city has 258 deputies, 3 of whose terms ended
    expect(seed.directory.deputies).toHaveLength(258);
    const inOffice = activeDeputies();
    const ended = seed.directory.deputies.filter((d) => d.termStatus === 'ended');
    expect(inOffice).toHaveLength(255);
    const request = { title: '2026年上半年政府工作情况通报', body: '各位代表：现将上半年全市经济社会发展情况通报如下……' };
    const key = { 'idempotency-key': 'bulletin-2026-h1-0001' };

    // Act
    const first = await api.post('city.reviewer', '/v1/bulletins', request, key);
    const second = await api.post('city.reviewer', '/v1/bulletins', request, key);

    // Assess: one bulletin, 255 in-app notifications, none twice, none to a deputy whose term ended
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ recipients: 255, title: request.title });
    expect(second).toMatchObject({ status: 201, body: first.body });
    const sent = sentEvents((d) => d.bulletinId === first.body.bulletinId);
    expect(sent).toHaveLength(255);
    const codes = new Set(sent.map((e) => (e.detail as any).data.recipientCode as string));
    expect(codes.size).toBe(255);
    for (const d of ended) expect(codes.has(d.code)).toBe(false);
    for (const e of sent) expect((e.detail as any).data).toMatchObject({ channel: 'inapp', recipientKind: 'deputy', template: 'bulletin' });
    const { Item } = await documentClient().send(
      new GetCommand({ TableName: resourceNames.table('demo', 'notifications'), Key: { pk: `bulletin#${first.body.bulletinId}`, sk: 'bulletin' } }),
    );
    expect(Item!.bulletin).toMatchObject({ publishedBy: 'city.reviewer', recipients: 255, fannedOutAt: expect.any(String) });
    expect(Item!.bulletin.recipientCodes).toHaveLength(255);
    const inbox = (await api.get(inOffice[7]!.code, '/v1/notifications')).body.items as { bulletinId?: string; title: string }[];
    expect(inbox.filter((n) => n.bulletinId === first.body.bulletinId)).toEqual([
      expect.objectContaining({ title: '【政务信息通报】2026年上半年政府工作情况通报' }),
    ]);

    // The same key with another body is a conflict; deputies may not publish
    expect((await api.post('city.reviewer', '/v1/bulletins', { ...request, body: '改了' }, key)).status).toBe(409);
    expect((await api.post(inOffice[0]!.code, '/v1/bulletins', request)).status).toBe(403);
  });

  it('publishes a bulletin to one deputy group', async () => {
    // Prepare
    const groupCode = activeDeputies()[0]!.groupCode;
    const members = activeDeputies().filter((d) => d.groupCode === groupCode);

    // Act
    const response = await api.post('admin', '/v1/bulletins', { title: '小组活动通知', body: '本月代表小组活动安排。', groupCode });
    const toNobody = await api.post('admin', '/v1/bulletins', { title: '无人小组', body: '——', groupCode: 'grp-nobody' });

    // Assess
    expect(response).toMatchObject({ status: 201, body: { recipients: members.length, groupCode } });
    const codes = sentEvents((d) => d.bulletinId === response.body.bulletinId)
      .map((e) => (e.detail as any).data.recipientCode)
      .sort();
    expect(codes).toEqual(members.map((d) => d.code).sort());
    expect(toNobody.status).toBe(400);
  });

  it('reminds each group the day before its reception day, and everyone of the voter report, once', async () => {
    // Act: 14 December 09:00 in the city — every group receives on the 15th; then again, and the day before
    const eve = await platform.scheduler.run(schedule('reception-day-reminder'), new Date('2026-12-14T01:00:00Z'));
    const eveAgain = await platform.scheduler.run(schedule('reception-day-reminder'), new Date('2026-12-14T01:00:00Z'));
    const dayBefore = await platform.scheduler.run(schedule('reception-day-reminder'), new Date('2026-12-13T01:00:00Z'));
    // 1 December, then the day after
    const voterReport = await platform.scheduler.run(schedule('voter-report-reminder'), new Date('2026-12-01T01:05:00Z'));
    const dayAfter = await platform.scheduler.run(schedule('voter-report-reminder'), new Date('2026-12-02T01:05:00Z'));
    const inbox = (await api.get(activeDeputies()[3]!.code, '/v1/notifications')).body.items as { template: string; body: string }[];

    // Assess
    expect(eve).toMatchObject({ sent: 255 });
    expect(eveAgain).toMatchObject({ sent: 0 });
    expect(dayBefore).toMatchObject({ batches: 0, sent: 0 });
    expect(voterReport).toMatchObject({ batches: 1, sent: 255 });
    expect(dayAfter).toMatchObject({ batches: 0 });
    expect(inbox.filter((n) => n.template === 'reception_day_reminder')).toEqual([expect.objectContaining({ body: expect.stringContaining('12月15日') })]);
    expect(inbox.filter((n) => n.template === 'voter_report_reminder')).toHaveLength(1);
  });

  it("tells the committee of a flagged deputy, and the deputy's township", async () => {
    // Prepare: scoring flags a township deputy (scoring does not run here: its event does)
    const deputy = deputyIn('bajiao');
    const event = createEvent(
      DeputyFlagged,
      { deputyCode: deputy.code, year: 2026, reason: 'no_voter_report', townshipCode: 'bajiao' },
      { city: 'demo', now: new Date() },
    );

    // Act
    platform.bus.putEvents([{ Source: event.source, DetailType: event.detailType, Detail: JSON.stringify(event.detail) }]);
    await settled(platform);

    // Assess
    for (const reviewer of ['city.reviewer', 'bajiao.reviewer']) {
      const flags = ((await api.get(reviewer, '/v1/notifications')).body.items as { template: string; body: string }[]).filter(
        (n) => n.template === 'deputy_flagged',
      );
      expect(flags).toEqual([expect.objectContaining({ body: expect.stringContaining(`代表${deputy.name}（${deputy.code}）2026年度未向选民述职`) })]);
    }
    expect(((await api.get('zixi.reviewer', '/v1/notifications')).body.items as { template: string }[]).some((n) => n.template === 'deputy_flagged')).toBe(
      false,
    );
  });

  it('lets only notifications invoke the contact lookup', async () => {
    // Prepare
    const deputy = deputyIn('ziwu');
    const { messageId } = await submitWithPhone(deputy.code, '13700000006');
    const endpoint = process.env.MINQING_INVOKE_ENDPOINT!;
    const invoke = (functionName: string, headers: Record<string, string>) =>
      fetch(`${endpoint}${invokePath(functionName)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ messageId }),
      });

    // Act & Assess
    const allowed = await invoke('messaging-internal-citizen-contact', { [CALLER_HEADER]: 'notifications' });
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({ phone: '13700000006' });
    for (const caller of ['case-routing', 'messaging', '']) {
      const refused = await invoke('messaging-internal-citizen-contact', caller ? { [CALLER_HEADER]: caller } : {});
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ __type: 'AccessDeniedException' });
    }
    expect((await invoke('messaging-internal-nothing', { [CALLER_HEADER]: 'notifications' })).status).toBe(404);
    expect((await call(platform.url, 'POST', '/2015-03-31/functions/messaging-internal-citizen-contact/invocations', { messageId })).status).toBe(404);
  });

  it("lets only notifications ask identity for a deputy's own phone", async () => {
    // Prepare
    const deputy = deputyIn('ziwu');
    const invoke = (caller: string, username: string) =>
      fetch(`${process.env.MINQING_INVOKE_ENDPOINT!}${invokePath('identity-internal-contact')}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CALLER_HEADER]: caller },
        body: JSON.stringify({ username }),
      });

    // Act
    const allowed = await invoke('notifications', deputy.code);
    const unknown = await invoke('notifications', 'nobody.here');
    const refused = await invoke('messaging', deputy.code);

    // Assess
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({ phone: expect.stringMatching(/^1\d{10}$/) });
    expect(await unknown.json()).toEqual({});
    expect(refused.status).toBe(403);
  });

  it('never shows a phone number unmasked: not on the bus, not in the delivery log, not in the logs', async () => {
    // Prepare: every phone used above
    expect(phones.length).toBeGreaterThanOrEqual(6);
    const masked = phones.map((p) => `${p.slice(0, 3)}****${p.slice(7)}`);

    // Act
    const bus = JSON.stringify(events);
    const log = JSON.stringify((await api.get('admin', '/v1/deliveries?limit=200')).body);
    const logs = output.join('');

    // Assess: the checks read something real…
    expect(events.some((e) => e['detail-type'] === 'NotificationSent' && (e.detail as any).data.recipientKind === 'citizen')).toBe(true);
    expect(logs).toContain('minqing-notifications');
    expect(logs).toContain('event not consumed');
    // …and find no phone in it, nor a masked one on the bus
    for (const phone of phones) {
      expect(bus).not.toContain(phone);
      expect(log).not.toContain(phone);
      expect(logs).not.toContain(phone);
    }
    for (const m of masked) expect(bus).not.toContain(m);
  });
});
