import type { NOTIFICATION_CHANNELS, RECIPIENT_KINDS } from '../../../../shared/events/notifications/index.ts';

/** Where a notification goes: the platform's own inbox, or an external provider. */
export type Channel = (typeof NOTIFICATION_CHANNELS)[number];

/** Who receives it, by role; a citizen has no account, only a message. */
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

/** Channels that leave the platform through a provider (the rest is the in-app inbox). */
export const EXTERNAL_CHANNELS = ['sms', 'wechat', 'email'] as const satisfies readonly Channel[];
export type ExternalChannel = (typeof EXTERNAL_CHANNELS)[number];

/**
 * A recipient: a citizen, known only by the message they left (their phone is asked of messaging
 * when the SMS is sent, never stored here), or a staff or deputy account by its username.
 */
export type Recipient = { kind: 'citizen'; messageId: string } | { kind: Exclude<RecipientKind, 'citizen'>; account: string; code: string };

/** The stable key of a recipient: `citizen:<messageId>` or the account's username (`D0001`, `lucheng.reviewer`). */
export function recipientKey(recipient: Recipient): string {
  return recipient.kind === 'citizen' ? `citizen:${recipient.messageId}` : recipient.account;
}

/** Usernames of the platform's accounts (`docs/api.md`): a deputy signs in with their code. */
export const accounts = {
  deputy: (code: string): Recipient => ({ kind: 'deputy', account: code, code }),
  townshipReviewer: (townshipCode: string): Recipient => ({ kind: 'township_reviewer', account: `${townshipCode}.reviewer`, code: townshipCode }),
  cityReviewer: (): Recipient => ({ kind: 'city_reviewer', account: 'city.reviewer', code: 'city' }),
  unitHandler: (unitCode: string): Recipient => ({ kind: 'unit_handler', account: `${unitCode}.handler`, code: unitCode }),
};
