import { createHash } from 'node:crypto';
import { emit, type Emitted, type Transition } from '../../../../shared/domain/transition.ts';
import { NotificationFailed, NotificationSent, type FAILURE_REASONS } from '../../../../shared/events/notifications/index.ts';
import { recipientKey, type Channel, type Recipient } from './channels.ts';
import { earliestSend } from './quiet-hours.ts';
import type { Notice, NoticeRefs } from './recipients.ts';
import type { NotificationSettings } from './settings.ts';
import { render, type TemplateCatalog, type TemplateId } from './templates.ts';

/**
 * Attempts at an external delivery before it fails for good. The queue of trigger events
 * redelivers as often (its `maxReceiveCount`), so an exhausted delivery's event lands in the DLQ.
 */
export const MAX_ATTEMPTS = 5;

/**
 * How long a claimed send may take before its outcome counts as unknown: longer than any function
 * that sends (30 s) could run. A send still `sending` after that crashed between the provider and
 * our write — it may have gone out, so it is never sent again (at most once).
 */
export const CLAIM_LEASE_MS = 2 * 60_000;

/**
 * `not_configured`: the city has no credentials (or no approved template) for the channel, so
 * nothing was sent — final, and no event: it is the city's configuration, not a delivery that
 * failed, and it shows in the operator's delivery log.
 */
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'not_configured';
export type FailureReason = (typeof FAILURE_REASONS)[number];

/**
 * One notification to one recipient on one channel, caused by one source (an event, a bulletin, a
 * reminder). Created once — its id is derived from `source#recipient#channel` — before anything is
 * sent, so a redelivered event finds it and never sends again. For in-app, the delivery is the
 * inbox entry itself.
 */
export interface Delivery {
  deliveryId: string;
  /** `<source>#<recipient>#<channel>`: what makes it unique. */
  dedupeKey: string;
  /** The event id, or `bulletin:<id>` / `reminder:<kind>:<date>…` for what the service starts itself. */
  sourceId: string;
  channel: Channel;
  recipient: Recipient;
  template: TemplateId;
  title: string;
  text: string;
  link?: string;
  /** The template's parameters (providers fill their registered copy of the text with them). */
  params: Readonly<Record<string, string>>;
  refs: NoticeRefs;
  status: DeliveryStatus;
  attempts: number;
  attemptLimit: number;
  createdAt: string;
  updatedAt: string;
  /** Not to be sent before (quiet hours, or the next retry from the schedule). */
  notBefore?: string;
  claimedAt?: string;
  sentAt?: string;
  failedAt?: string;
  failure?: { reason: FailureReason; code?: string };
  /** The provider's error code of the last refused attempt (never its message, which may echo the address). */
  lastError?: string;
  /** Where it went, masked: `139****5678`. The address itself is never kept. */
  addressMasked?: string;
  provider?: string;
  providerMessageId?: string;
  /** In-app: when the recipient marked it read. */
  readAt?: string;
}

/** A decided change of a delivery and the events it causes. */
export type DeliveryTransition = Transition<Delivery>;

/** What a channel reported for one attempt. */
export type SendOutcome =
  | { status: 'sent'; provider: string; providerMessageId?: string; addressMasked?: string }
  /** Refused before anything went out: `retryable` says whether trying again could help. */
  | { status: 'refused'; retryable: boolean; code: string; addressMasked?: string }
  /** The request left but no answer came back: it may have been sent. */
  | { status: 'unknown'; code: string; addressMasked?: string }
  /** Nobody to send to (the citizen left no phone after all). */
  | { status: 'no_address' }
  /** The channel has no credentials or no approved template in this city: nothing was sent. */
  | { status: 'not_configured'; code: string };

/** The id of a delivery, from its unique key (short, URL-safe, and revealing nothing). */
export function deliveryIdOf(dedupeKey: string): string {
  return `d-${createHash('sha256').update(dedupeKey).digest('hex').slice(0, 24)}`;
}

/**
 * The deliveries a notice makes on the chosen channels, rendered, each due at the source's own
 * time or, for channels that respect quiet hours, when they end.
 */
export function planDeliveries(
  notice: Notice,
  channels: readonly Channel[],
  context: { sourceId: string; occurredAt: Date; settings: NotificationSettings; timeZone: string; catalog: TemplateCatalog },
): Delivery[] {
  const { title, text } = render(context.catalog, notice.template, notice.params);
  const at = context.occurredAt.toISOString();
  return channels.map((channel) => {
    const dedupeKey = `${context.sourceId}#${recipientKey(notice.recipient)}#${channel}`;
    const sendAt = earliestSend(channel, context.occurredAt, context.settings.quietHours, context.timeZone);
    return {
      deliveryId: deliveryIdOf(dedupeKey),
      dedupeKey,
      sourceId: context.sourceId,
      channel,
      recipient: notice.recipient,
      template: notice.template,
      title,
      text,
      ...(notice.link ? { link: notice.link } : {}),
      params: notice.params,
      refs: notice.refs,
      status: 'pending',
      attempts: 0,
      attemptLimit: MAX_ATTEMPTS,
      createdAt: at,
      updatedAt: at,
      ...(sendAt > context.occurredAt ? { notBefore: sendAt.toISOString() } : {}),
    };
  });
}

/**
 * The text a citizen gets instead when WeChat could not take their notice for good: WeChat refused
 * it (43004: they do not follow the official account; 40003: an openid it no longer knows), the
 * binding was gone by the time it was sent, or the city's account lacks what it needs. A new
 * delivery on SMS for the same source, due now — keyed like any other, so it is created once.
 * Undefined for anything else (an outcome unknown may have reached them: never a second copy).
 */
export function textInstead(delivery: Delivery, now: Date): Delivery | undefined {
  if (delivery.recipient.kind !== 'citizen' || delivery.channel !== 'wechat') return undefined;
  const gone =
    delivery.status === 'not_configured' ||
    (delivery.status === 'failed' && (delivery.failure?.reason === 'rejected' || delivery.failure?.reason === 'no_address'));
  if (!gone) return undefined;
  const at = now.toISOString();
  const dedupeKey = `${delivery.sourceId}#${recipientKey(delivery.recipient)}#sms`;
  return {
    deliveryId: deliveryIdOf(dedupeKey),
    dedupeKey,
    sourceId: delivery.sourceId,
    channel: 'sms',
    recipient: delivery.recipient,
    template: delivery.template,
    title: delivery.title,
    text: delivery.text,
    ...(delivery.link ? { link: delivery.link } : {}),
    params: delivery.params,
    refs: delivery.refs,
    status: 'pending',
    attempts: 0,
    attemptLimit: MAX_ATTEMPTS,
    createdAt: at,
    updatedAt: at,
  };
}

/** Whether a pending delivery may be attempted at `now`. */
export function isDue(delivery: Delivery, now: Date): boolean {
  return delivery.status === 'pending' && (!delivery.notBefore || delivery.notBefore <= now.toISOString());
}

/** The outcome of trying to claim a delivery for one attempt. */
export type Claim =
  | { kind: 'claimed'; next: Delivery }
  /** Nothing to do: sent, failed for good, or not due yet. */
  | { kind: 'done' }
  /** Another attempt holds it and may still finish. */
  | { kind: 'busy' }
  /** A claimed attempt never reported back: it may have gone out, so it fails instead of resending. */
  | { kind: 'in_doubt'; transition: DeliveryTransition };

/**
 * Claims a delivery for one attempt (the write of the claim is conditional on the version read,
 * so two workers never both send). `revive` gives a delivery that exhausted its attempts a fresh
 * round: that is what redriving its event from the DLQ asks for.
 */
export function claim(delivery: Delivery, now: Date, options: { revive: boolean }): Claim {
  const at = now.toISOString();
  const take = (extra: Partial<Delivery> = {}): Claim => ({
    kind: 'claimed',
    next: { ...delivery, ...extra, status: 'sending', attempts: delivery.attempts + 1, claimedAt: at, updatedAt: at },
  });
  switch (delivery.status) {
    case 'pending':
      return isDue(delivery, now) ? take() : { kind: 'done' };
    case 'sending':
      if (Date.parse(delivery.claimedAt ?? delivery.updatedAt) + CLAIM_LEASE_MS > now.getTime()) return { kind: 'busy' };
      return { kind: 'in_doubt', transition: fail(delivery, { reason: 'outcome_unknown', code: 'LEASE_EXPIRED' }, now) };
    case 'failed':
      if (options.revive && delivery.failure?.reason === 'exhausted') {
        return take({ attemptLimit: delivery.attempts + MAX_ATTEMPTS, failure: undefined, failedAt: undefined });
      }
      return { kind: 'done' };
    case 'sent':
    case 'not_configured':
      return { kind: 'done' };
  }
}

/**
 * Records the outcome of a claimed attempt. A refusal that may pass is retried — at `retryAt`
 * when the schedule retries, or on the event's redelivery when `retryAt` is absent — until the
 * attempts run out; anything that may have gone out is never retried.
 */
export function settle(delivery: Delivery, outcome: SendOutcome, now: Date, options: { retryAt?: Date } = {}): DeliveryTransition {
  const at = now.toISOString();
  const masked = 'addressMasked' in outcome && outcome.addressMasked ? { addressMasked: outcome.addressMasked } : {};
  const base: Delivery = { ...delivery, ...masked, claimedAt: undefined, updatedAt: at };
  switch (outcome.status) {
    case 'sent': {
      const next: Delivery = {
        ...base,
        status: 'sent',
        sentAt: at,
        notBefore: undefined,
        provider: outcome.provider,
        ...(outcome.providerMessageId ? { providerMessageId: outcome.providerMessageId } : {}),
      };
      return { next, emitted: [sentEvent(next)] };
    }
    case 'refused':
      if (!outcome.retryable) return fail(base, { reason: 'rejected', code: outcome.code }, now);
      if (delivery.attempts >= delivery.attemptLimit) return fail(base, { reason: 'exhausted', code: outcome.code }, now);
      return {
        next: { ...base, status: 'pending', lastError: outcome.code, notBefore: options.retryAt?.toISOString() },
        emitted: [],
      };
    case 'unknown':
      return fail(base, { reason: 'outcome_unknown', code: outcome.code }, now);
    case 'no_address':
      return fail(base, { reason: 'no_address' }, now);
    case 'not_configured':
      return { next: { ...base, status: 'not_configured', notBefore: undefined, lastError: outcome.code }, emitted: [] };
  }
}

/** An in-app delivery is delivered by being stored: it is created as sent. */
export function deliverInApp(delivery: Delivery, now: Date): DeliveryTransition {
  const at = now.toISOString();
  const next: Delivery = { ...delivery, status: 'sent', attempts: 1, sentAt: at, updatedAt: at, provider: 'inapp', notBefore: undefined };
  return { next, emitted: [sentEvent(next)] };
}

/** The recipient read an in-app notification (once; reading again changes nothing). */
export function markRead(delivery: Delivery, now: Date): Delivery | undefined {
  if (delivery.readAt) return undefined;
  return { ...delivery, readAt: now.toISOString() };
}

/** When the schedule tries a refused delivery again: 1, 2, 4, 8… minutes, at most 30. */
export function retryDelayMs(attempts: number): number {
  return Math.min(2 ** Math.max(0, attempts - 1), 30) * 60_000;
}

function fail(delivery: Delivery, failure: { reason: FailureReason; code?: string }, now: Date): DeliveryTransition {
  const at = now.toISOString();
  const next: Delivery = { ...delivery, status: 'failed', failedAt: at, updatedAt: at, claimedAt: undefined, notBefore: undefined, failure };
  return { next, emitted: [emit(NotificationFailed, { ...eventFacts(next), reason: failure.reason, failedAt: at })] };
}

function sentEvent(delivery: Delivery): Emitted {
  return emit(NotificationSent, { ...eventFacts(delivery), sentAt: delivery.sentAt! });
}

/** The facts of a delivery that may travel on the bus: ids and kinds, no address, no text. */
function eventFacts(delivery: Delivery) {
  const { recipient, refs } = delivery;
  return {
    notificationId: delivery.deliveryId,
    channel: delivery.channel,
    template: delivery.template,
    recipientKind: recipient.kind,
    ...(recipient.kind === 'citizen' ? {} : { recipientCode: recipient.code }),
    ...(refs.messageId ? { messageId: refs.messageId } : {}),
    ...(refs.caseId ? { caseId: refs.caseId } : {}),
    ...(refs.bulletinId ? { bulletinId: refs.bulletinId } : {}),
    attempts: delivery.attempts,
  };
}
