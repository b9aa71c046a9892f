import { describe, expect, it } from 'vitest';
import { MessageReplied, MessageSubmitted, MessageWeChatBound } from '../../../../shared/events/messaging/index.ts';
import { MAX_ATTEMPTS } from '../../src/domain/delivery.ts';
import type { Trigger } from '../../src/domain/recipients.ts';
import { DeliveryRetryError, MessageNotKnownYetError, notifyEvent } from '../../src/use-cases/notify-event.ts';
import { sendDue } from '../../src/use-cases/send-due.ts';
import { memoryPorts, ScriptedChannel } from './in-memory.ts';

const submitted: Trigger = { detailType: 'MessageSubmitted', data: MessageSubmitted.sample };
const messageId = MessageSubmitted.sample.messageId;
const day = { sourceId: 'evt-1', occurredAt: new Date('2026-03-05T10:00:00+08:00') };
const now = new Date('2026-03-05T02:00:01Z');
const busy = { status: 'refused' as const, retryable: true, code: 'isv.BUSINESS_LIMIT_CONTROL' };

describe('notifying an event', () => {
  it('sends each delivery once, however often the event is handled', async () => {
    // Prepare
    const { ports, deliveries, sms } = memoryPorts({ phones: { [messageId]: '13912345678' } });

    // Act
    const first = await notifyEvent(ports, submitted, day, now);
    const again = await notifyEvent(ports, submitted, day, now);

    // Assess
    expect(first).toMatchObject({ sent: 3 });
    expect(again).toMatchObject({ sent: 0, done: 3 });
    expect(sms.sent.map((m) => m.to).sort()).toEqual(['13912345678', 'deputy:D0001']);
    expect(deliveries.events.map((e) => e.detailType)).toEqual(['NotificationSent', 'NotificationSent', 'NotificationSent']);
    expect(JSON.stringify(deliveries.events)).not.toContain('13912345678');
    expect(JSON.stringify(deliveries.all())).not.toContain('13912345678');
  });

  it('writes a text due now twice: created already claimed, then settled with its event', async () => {
    // Prepare
    const { ports, deliveries } = memoryPorts({ phones: { [messageId]: '13912345678' } });

    // Act
    await notifyEvent(ports, submitted, day, now);

    // Assess: each write adds one to the version; the claim took no write of its own
    const texts = [...deliveries.items.values()].filter((s) => s.delivery.channel === 'sms');
    expect(texts.map((s) => [s.delivery.status, s.delivery.attempts, s.version])).toEqual([
      ['sent', 1, 2],
      ['sent', 1, 2],
    ]);
  });

  it("records the message's facts before sending, so a failing gateway loses nothing later events need", async () => {
    // Prepare: the gateway refuses the first SMS
    const { ports, readModel } = memoryPorts({ sms: new ScriptedChannel([busy]), phones: { [messageId]: '13912345678' } });

    // Act
    const attempt = notifyEvent(ports, submitted, day, now);

    // Assess: the record fails, to come back; the facts are kept
    await expect(attempt).rejects.toBeInstanceOf(DeliveryRetryError);
    expect(await readModel.message(messageId)).toMatchObject({ trackingCode: 'K7PQ-3MXD', citizenCanBeTexted: true });
  });

  it('fails the record until the deliveries run out of attempts, then lets it go to the DLQ', async () => {
    // Prepare: the gateway refuses every SMS
    const { ports, deliveries } = memoryPorts({ sms: new ScriptedChannel(Array(20).fill(busy)), phones: { [messageId]: '13912345678' } });

    // Act: the record is received as often as a delivery may be attempted
    const errors: string[] = [];
    for (let receive = 1; receive <= MAX_ATTEMPTS; receive++) {
      errors.push(
        await notifyEvent(ports, submitted, day, now).then(
          () => 'ok',
          (e: Error) => e.message,
        ),
      );
    }

    // Assess
    expect(errors.slice(0, -1)).toEqual(Array(MAX_ATTEMPTS - 1).fill('2 deliveries will be tried again'));
    expect(errors.at(-1)).toBe('2 deliveries exhausted their attempts; the event goes to the dead-letter queue');
    expect(
      deliveries
        .all()
        .filter((d) => d.channel === 'sms')
        .map((d) => [d.status, d.attempts]),
    ).toEqual([
      ['failed', MAX_ATTEMPTS],
      ['failed', MAX_ATTEMPTS],
    ]);
    expect(deliveries.events.filter((e) => e.detailType === 'NotificationFailed')).toHaveLength(2);
  });

  it('leaves a delivery pending, not "maybe sent", when the phone lookup fails — and sends it on the retry', async () => {
    // Prepare: messaging does not answer the first lookup
    const { ports, deliveries, sms } = memoryPorts({ phones: { [messageId]: '13912345678' } });
    const lookup = ports.addresses.addressOf.bind(ports.addresses);
    let calls = 0;
    ports.addresses = { addressOf: async (d) => (d.recipient.kind === 'citizen' && calls++ === 0 ? Promise.reject(new Error('timeout')) : lookup(d)) };

    // Act & Assess
    await expect(notifyEvent(ports, submitted, day, now)).rejects.toBeInstanceOf(DeliveryRetryError);
    const receipt = () => deliveries.all().find((d) => d.recipient.kind === 'citizen')!;
    expect(receipt()).toMatchObject({ status: 'pending', attempts: 1, lastError: 'Error' });
    await notifyEvent(ports, submitted, day, now);
    expect(receipt()).toMatchObject({ status: 'sent', attempts: 2 });
    expect(sms.sent.filter((m) => m.to === '13912345678')).toHaveLength(1);
  });

  it('asks to be redelivered when it concerns a message not known yet, and notifies once it is', async () => {
    // Prepare: the reply is consumed before the submission (events arrive in any order)
    const { ports, sms } = memoryPorts({ phones: { [messageId]: '13912345678' } });
    const replied: Trigger = { detailType: 'MessageReplied', data: MessageReplied.sample };

    // Act & Assess
    await expect(notifyEvent(ports, replied, { ...day, sourceId: 'evt-2' }, now)).rejects.toBeInstanceOf(MessageNotKnownYetError);
    await notifyEvent(ports, submitted, day, now);
    await notifyEvent(ports, replied, { ...day, sourceId: 'evt-2' }, now);
    expect(sms.sent.filter((m) => m.template === 'message_answered').map((m) => m.to)).toEqual(['13912345678']);
  });

  it('holds SMS over the night for the send-due schedule, which retries with backoff', async () => {
    // Prepare: an event at 23:00 city time; the gateway is busy at 07:00
    const { ports, deliveries, sms } = memoryPorts({ sms: new ScriptedChannel([busy]), phones: { [messageId]: '13912345678' } });
    const night = { sourceId: 'evt-3', occurredAt: new Date('2026-03-05T23:00:00+08:00') };

    // Act
    const summary = await notifyEvent(ports, submitted, night, now);
    const at7 = await sendDue(ports, new Date('2026-03-05T23:00:00Z'));
    const at701 = await sendDue(ports, new Date('2026-03-05T23:01:00Z'));

    // Assess: in-app at once; one SMS refused at 07:00 and sent a minute later; the other sent at 07:00
    expect(summary).toMatchObject({ sent: 1, deferred: 2 });
    expect(at7).toEqual({ retry: 1, sent: 1 });
    expect(at701).toEqual({ sent: 1 });
    expect(sms.sent).toHaveLength(2);
    expect(
      deliveries
        .all()
        .filter((d) => d.channel === 'sms')
        .map((d) => d.sentAt)
        .sort(),
    ).toEqual(['2026-03-05T23:00:00.000Z', '2026-03-05T23:01:00.000Z']);
  });

  it('tells the citizen on WeChat once they chose it on the tracking page, by SMS again once they stop, whatever order the choices arrive in', async () => {
    // Prepare: the city's official account has the reply template; the citizen left a phone
    const { ports, sms } = memoryPorts({ phones: { [messageId]: '13912345678' } });
    const wechat = ports.channels.wechat as ScriptedChannel;
    ports.cityFacts = { ...ports.cityFacts, onWeChat: (template) => template === 'message_replied' };
    ports.addresses = { addressOf: async (d) => (d.channel === 'wechat' ? 'oCitizen0001' : '13912345678') };
    await notifyEvent(ports, submitted, day, now);
    const replied = (eventId: string): [Trigger, typeof day] => [
      { detailType: 'MessageReplied', data: { ...MessageReplied.sample, closed: false } },
      { ...day, sourceId: eventId },
    ];
    const bound: Trigger = { detailType: 'MessageWeChatBound', data: { messageId, boundAt: '2026-03-05T11:00:00+08:00' } };
    const unbound: Trigger = { detailType: 'MessageWeChatUnbound', data: { messageId, unboundAt: '2026-03-05T12:00:00+08:00' } };

    // Act
    await notifyEvent(ports, bound, { ...day, sourceId: 'evt-bound' }, now);
    await notifyEvent(ports, ...replied('evt-reply-1'), now);
    await notifyEvent(ports, unbound, { ...day, sourceId: 'evt-unbound' }, now);
    // The binding's event delivered again, late: the later stop still stands.
    await notifyEvent(ports, bound, { ...day, sourceId: 'evt-bound' }, now);
    await notifyEvent(ports, ...replied('evt-reply-2'), now);

    // Assess
    expect(wechat.sent.map((m) => [m.to, m.template])).toEqual([['oCitizen0001', 'message_replied']]);
    expect(sms.sent.filter((m) => m.template === 'message_replied').map((m) => m.to)).toEqual(['13912345678']);
  });

  it('texts a citizen who chose WeChat when the official account has no template for the notice', async () => {
    // Prepare
    const { ports, sms } = memoryPorts({ phones: { [messageId]: '13912345678' } });
    ports.cityFacts = { ...ports.cityFacts, onWeChat: () => false };
    await notifyEvent(ports, submitted, day, now);
    await notifyEvent(ports, { detailType: 'MessageWeChatBound', data: MessageWeChatBound.sample }, { ...day, sourceId: 'evt-bound' }, now);

    // Act
    await notifyEvent(ports, { detailType: 'MessageReplied', data: MessageReplied.sample }, { ...day, sourceId: 'evt-reply' }, now);

    // Assess
    expect((ports.channels.wechat as ScriptedChannel).sent).toEqual([]);
    expect(sms.sent.filter((m) => m.template !== 'message_new' && m.template !== 'message_receipt').map((m) => m.to)).toEqual(['13912345678']);
  });

  it('texts the citizen instead when WeChat refuses their notice for good, once however often the event comes; without a phone, nothing more', async () => {
    // Prepare: the citizen chose WeChat but does not follow the official account (43004)
    const notFollowing = { status: 'refused' as const, retryable: false, code: 'WECHAT_43004' };
    const setUp = async (phone: string | undefined) => {
      const { ports, sms, deliveries } = memoryPorts({ phones: phone ? { [messageId]: phone } : {} });
      const wechat = new ScriptedChannel([notFollowing, notFollowing]);
      ports.channels = { ...ports.channels, wechat };
      ports.cityFacts = { ...ports.cityFacts, onWeChat: () => true };
      ports.addresses = {
        addressOf: async (d) => (d.recipient.kind !== 'citizen' ? `deputy:${d.recipient.code}` : d.channel === 'wechat' ? 'oCitizen0001' : phone),
      };
      await notifyEvent(ports, submitted, day, now);
      await notifyEvent(ports, { detailType: 'MessageWeChatBound', data: MessageWeChatBound.sample }, { ...day, sourceId: 'evt-bound' }, now);
      return { ports, sms, deliveries };
    };
    const reply: Trigger = { detailType: 'MessageReplied', data: MessageReplied.sample };
    const withPhone = await setUp('13912345678');
    const withoutPhone = await setUp(undefined);

    // Act
    await notifyEvent(withPhone.ports, reply, { ...day, sourceId: 'evt-reply' }, now);
    await notifyEvent(withPhone.ports, reply, { ...day, sourceId: 'evt-reply' }, now);
    await notifyEvent(withoutPhone.ports, reply, { ...day, sourceId: 'evt-reply' }, now);

    // Assess
    const answered = (d: { template: string }) => d.template === 'message_answered';
    expect(withPhone.sms.sent.filter(answered).map((m) => m.to)).toEqual(['13912345678']);
    expect(
      withPhone.deliveries
        .all()
        .filter((d) => answered(d) && d.recipient.kind === 'citizen')
        .map((d) => `${d.channel} ${d.status}`)
        .sort(),
    ).toEqual(['sms sent', 'wechat failed']);
    expect(withoutPhone.deliveries.all().filter((d) => answered(d) && d.channel === 'sms')).toEqual([]);
  });
});
