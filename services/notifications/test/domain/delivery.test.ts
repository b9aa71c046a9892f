import { describe, expect, it } from 'vitest';
import { NotificationFailed, NotificationSent } from '../../../../shared/events/notifications/index.ts';
import {
  CLAIM_LEASE_MS,
  claim,
  deliverInApp,
  deliveryIdOf,
  MAX_ATTEMPTS,
  markRead,
  planDeliveries,
  retryDelayMs,
  settle,
  textInstead,
  type Delivery,
} from '../../src/domain/delivery.ts';
import type { Notice } from '../../src/domain/recipients.ts';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.ts';
import { DEFAULT_TEMPLATES } from '../../src/domain/templates.ts';

const receipt: Notice = {
  recipient: { kind: 'citizen', messageId: 'm-01jnq5y8r2w3' },
  offered: ['sms'],
  template: 'message_receipt',
  params: { trackingCode: 'K7PQ-3MXD', link: 'https://x.example/t/K7PQ-3MXD' },
  link: 'https://x.example/t/K7PQ-3MXD',
  refs: { messageId: 'm-01jnq5y8r2w3' },
};
const context = (occurredAt: string) => ({
  sourceId: 'evt-1',
  occurredAt: new Date(occurredAt),
  settings: DEFAULT_SETTINGS,
  timeZone: 'Asia/Shanghai',
  catalog: DEFAULT_TEMPLATES,
});
const at = (iso: string) => new Date(iso);

function plannedSms(occurredAt = '2026-03-05T10:00:00+08:00'): Delivery {
  return planDeliveries(receipt, ['sms'], context(occurredAt))[0]!;
}

function claimed(delivery: Delivery, now = at('2026-03-05T02:00:00Z')): Delivery {
  const result = claim(delivery, now, { revive: false });
  if (result.kind !== 'claimed') throw new Error(`not claimed: ${result.kind}`);
  return result.next;
}

describe('planning deliveries', () => {
  it('makes one delivery per channel, keyed by source, recipient and channel, rendered', () => {
    // Act
    const [sms] = planDeliveries(receipt, ['sms'], context('2026-03-05T10:00:00+08:00'));

    // Assess
    expect(sms).toMatchObject({
      dedupeKey: 'evt-1#citizen:m-01jnq5y8r2w3#sms',
      deliveryId: deliveryIdOf('evt-1#citizen:m-01jnq5y8r2w3#sms'),
      status: 'pending',
      attempts: 0,
      attemptLimit: MAX_ATTEMPTS,
      title: '留言已受理',
    });
    expect(sms!.deliveryId).toMatch(/^d-[0-9a-f]{24}$/);
    expect(sms!.text).toContain('K7PQ-3MXD');
    expect(sms!.notBefore).toBeUndefined();
  });

  it('holds an SMS of 23:00 until 07:00, but not the in-app notification of the same moment', () => {
    // Prepare
    const notice: Notice = {
      ...receipt,
      recipient: { kind: 'deputy', account: 'D0001', code: 'D0001' },
      offered: ['inapp', 'sms'],
      template: 'message_new',
      params: { category: '公共设施', replyDue: '3月8日' },
    };

    // Act
    const [inapp, sms] = planDeliveries(notice, ['inapp', 'sms'], context('2026-03-05T23:00:00+08:00'));

    // Assess
    expect(inapp!.notBefore).toBeUndefined();
    expect(sms!.notBefore).toBe('2026-03-05T23:00:00.000Z');
  });

  it('gives the same id to the same source, recipient and channel, and another to anything else', () => {
    // Act
    const [first, again, otherChannel] = [deliveryIdOf('a#b#sms'), deliveryIdOf('a#b#sms'), deliveryIdOf('a#b#inapp')];

    // Assess
    expect(first).toBe(again);
    expect(first).not.toBe(otherChannel);
  });
});

describe("a delivery's life", () => {
  it('is sent once: claimed, then settled sent with NotificationSent, then never claimed again', () => {
    // Act
    const sending = claimed(plannedSms());
    const { next, emitted } = settle(
      sending,
      { status: 'sent', provider: 'aliyun-sms', providerMessageId: 'biz-1', addressMasked: '139****5678' },
      at('2026-03-05T02:00:01Z'),
    );

    // Assess
    expect(sending).toMatchObject({ status: 'sending', attempts: 1 });
    expect(next).toMatchObject({ status: 'sent', attempts: 1, sentAt: '2026-03-05T02:00:01.000Z', addressMasked: '139****5678', providerMessageId: 'biz-1' });
    expect(emitted).toEqual([
      {
        contract: NotificationSent,
        data: {
          notificationId: next.deliveryId,
          channel: 'sms',
          template: 'message_receipt',
          recipientKind: 'citizen',
          messageId: 'm-01jnq5y8r2w3',
          attempts: 1,
          sentAt: '2026-03-05T02:00:01.000Z',
        },
      },
    ]);
    expect(NotificationSent.data.safeParse(emitted[0]!.data).success).toBe(true);
    expect(claim(next, at('2026-03-05T03:00:00Z'), { revive: true })).toEqual({ kind: 'done' });
  });

  it('goes back to pending on a retryable refusal, and fails as exhausted on the last attempt', () => {
    // Prepare
    let delivery = plannedSms();

    // Act: refused on every attempt but the last…
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      delivery = settle(claimed(delivery), { status: 'refused', retryable: true, code: 'isv.BUSINESS_LIMIT_CONTROL' }, at('2026-03-05T02:00:00Z')).next;

      // Assess: …each one back to pending
      expect(delivery).toMatchObject({ status: 'pending', attempts: attempt, lastError: 'isv.BUSINESS_LIMIT_CONTROL' });
    }

    // Act: and on the last
    const last = settle(claimed(delivery), { status: 'refused', retryable: true, code: 'isv.BUSINESS_LIMIT_CONTROL' }, at('2026-03-05T02:10:00Z'));

    // Assess
    expect(last.next).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, failure: { reason: 'exhausted', code: 'isv.BUSINESS_LIMIT_CONTROL' } });
    expect(last.emitted.map((e) => [e.contract, (e.data as { reason: string }).reason])).toEqual([[NotificationFailed, 'exhausted']]);
  });

  it('is given a fresh round when its event is redriven from the DLQ, and only then', () => {
    // Prepare: refused on every attempt
    let delivery = plannedSms();
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++)
      delivery = settle(claimed(delivery), { status: 'refused', retryable: true, code: 'BUSY' }, at('2026-03-05T02:00:00Z')).next;

    // Act
    const redelivered = claim(delivery, at('2026-03-05T03:00:00Z'), { revive: false });
    const revived = claim(delivery, at('2026-03-05T03:00:00Z'), { revive: true });

    // Assess
    expect(delivery.status).toBe('failed');
    expect(redelivered).toEqual({ kind: 'done' });
    expect(revived).toMatchObject({ kind: 'claimed', next: { status: 'sending', attempts: MAX_ATTEMPTS + 1, attemptLimit: 2 * MAX_ATTEMPTS } });
  });

  it('fails without retrying what the provider will never take, what may have gone out, and a recipient without an address', () => {
    // Prepare
    const sending = claimed(plannedSms());

    // Act
    const rejected = settle(sending, { status: 'refused', retryable: false, code: 'isv.MOBILE_NUMBER_ILLEGAL' }, at('2026-03-05T02:00:00Z'));
    const unknown = settle(sending, { status: 'unknown', code: 'ETIMEDOUT' }, at('2026-03-05T02:00:00Z'));
    const noAddress = settle(sending, { status: 'no_address' }, at('2026-03-05T02:00:00Z'));

    // Assess
    expect(rejected.next.failure).toEqual({ reason: 'rejected', code: 'isv.MOBILE_NUMBER_ILLEGAL' });
    expect(unknown.next.failure).toEqual({ reason: 'outcome_unknown', code: 'ETIMEDOUT' });
    expect(noAddress.next.failure).toEqual({ reason: 'no_address' });
  });

  it('schedules a retry when asked (the send-due path) and clears the time once sent', () => {
    // Act
    const retry = settle(claimed(plannedSms()), { status: 'refused', retryable: true, code: 'BUSY' }, at('2026-03-05T02:00:00Z'), {
      retryAt: at('2026-03-05T02:01:00Z'),
    });
    const early = claim(retry.next, at('2026-03-05T02:00:30Z'), { revive: false });
    const sent = settle(claimed(retry.next, at('2026-03-05T02:01:00Z')), { status: 'sent', provider: 'local' }, at('2026-03-05T02:01:00Z'));
    const delays = [1, 2, 3, 4, 5, 6, 9].map(retryDelayMs);

    // Assess
    expect(retry.next).toMatchObject({ status: 'pending', notBefore: '2026-03-05T02:01:00.000Z' });
    expect(early).toEqual({ kind: 'done' });
    expect(sent.next.notBefore).toBeUndefined();
    expect(delays).toEqual([1, 2, 4, 8, 16, 30, 30].map((m) => m * 60_000));
  });

  it('waits while another attempt holds it, and fails it as unknown once the lease is past (never sends twice)', () => {
    // Prepare
    const sending = claimed(plannedSms(), at('2026-03-05T02:00:00Z'));

    // Act
    const during = claim(sending, new Date(Date.parse('2026-03-05T02:00:00Z') + CLAIM_LEASE_MS - 1), { revive: true });
    const after = claim(sending, new Date(Date.parse('2026-03-05T02:00:00Z') + CLAIM_LEASE_MS), { revive: true });

    // Assess
    expect(during).toEqual({ kind: 'busy' });
    expect(after).toMatchObject({
      kind: 'in_doubt',
      transition: { next: { status: 'failed', failure: { reason: 'outcome_unknown', code: 'LEASE_EXPIRED' } } },
    });
  });

  it('is not claimed before its time', () => {
    // Prepare
    const night = plannedSms('2026-03-05T23:00:00+08:00');

    // Act
    const before = claim(night, at('2026-03-05T22:59:59Z'), { revive: true });
    const onTime = claim(night, at('2026-03-05T23:00:00Z'), { revive: true });

    // Assess
    expect(before).toEqual({ kind: 'done' });
    expect(onTime.kind).toBe('claimed');
  });

  it('delivers in-app by storing it, and marks it read once', () => {
    // Prepare
    const notice: Notice = { ...receipt, recipient: { kind: 'unit_handler', account: 'u-zhujian.handler', code: 'u-zhujian' }, offered: ['inapp'] };
    const [planned] = planDeliveries(notice, ['inapp'], context('2026-03-05T10:00:00+08:00'));

    // Act
    const { next, emitted } = deliverInApp(planned!, at('2026-03-05T02:00:00Z'));
    const read = markRead(next, at('2026-03-05T03:00:00Z'))!;
    const readAgain = markRead(read, at('2026-03-05T04:00:00Z'));

    // Assess
    expect(next).toMatchObject({ status: 'sent', attempts: 1, provider: 'inapp' });
    expect(emitted[0]!.data).toMatchObject({ channel: 'inapp', recipientKind: 'unit_handler', recipientCode: 'u-zhujian' });
    expect(read.readAt).toBe('2026-03-05T03:00:00.000Z');
    expect(readAgain).toBeUndefined();
  });
});

describe("a text instead of a citizen's WeChat notice (textInstead)", () => {
  const now = at('2026-03-05T02:00:00Z');
  const wechat = () => claimed(planDeliveries(receipt, ['wechat'], context('2026-03-05T10:00:00+08:00'))[0]!);

  it('plans the same notice by SMS when WeChat refused it for good, the binding was gone, or the account lacks what it needs', () => {
    // Act
    const outcomes = [
      settle(wechat(), { status: 'refused', retryable: false, code: 'WECHAT_43004' }, now).next,
      settle(wechat(), { status: 'no_address' }, now).next,
      settle(wechat(), { status: 'not_configured', code: 'NO_TEMPLATE' }, now).next,
    ].map((failed) => textInstead(failed, now));

    // Assess
    for (const text of outcomes) {
      expect(text).toMatchObject({ channel: 'sms', status: 'pending', attempts: 0, template: 'message_receipt', sourceId: 'evt-1' });
      expect(text!.deliveryId).toBe(deliveryIdOf('evt-1#citizen:m-01jnq5y8r2w3#sms'));
      expect(text!.notBefore).toBeUndefined();
    }
  });

  it('plans nothing when the WeChat notice may have arrived, may still be retried, or was never WeChat', () => {
    // Act
    const unknown = settle(wechat(), { status: 'unknown', code: 'TIMEOUT' }, now).next;
    const retrying = settle(wechat(), { status: 'refused', retryable: true, code: 'WECHAT_45009' }, now).next;
    const sent = settle(wechat(), { status: 'sent', provider: 'wechat' }, now).next;
    const sms = settle(claimed(plannedSms()), { status: 'refused', retryable: false, code: 'isv.MOBILE_NUMBER_ILLEGAL' }, now).next;

    // Assess
    expect([unknown, retrying, sent, sms].map((d) => textInstead(d, now))).toEqual([undefined, undefined, undefined, undefined]);
  });
});
