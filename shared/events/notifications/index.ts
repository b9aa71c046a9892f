import { z } from 'zod';
import { defineEvent } from '../envelope.ts';

/**
 * Events of the notifications service: what was sent to whom, by kind, on which channel. Ids and
 * facts only — never a phone number, an address, a name or the text that was sent. A citizen is
 * identified by nothing but the message the notification is about.
 */
const source = 'minqing.notifications' as const;
const id = z.string().min(1).max(64);
const at = z.iso.datetime({ offset: true });

export const NOTIFICATION_CHANNELS = ['inapp', 'sms', 'wechat', 'email'] as const;
export const RECIPIENT_KINDS = ['citizen', 'deputy', 'township_reviewer', 'city_reviewer', 'unit_handler'] as const;
export const FAILURE_REASONS = ['exhausted', 'rejected', 'outcome_unknown', 'no_address'] as const;

const notificationFacts = {
  notificationId: id.describe('The delivery: one per source event, recipient and channel.'),
  channel: z.enum(NOTIFICATION_CHANNELS),
  template: z
    .string()
    .regex(/^[a-z_]{2,40}$/)
    .describe('Which message was sent (its text is not on the bus).'),
  recipientKind: z.enum(RECIPIENT_KINDS),
  recipientCode: id.optional().describe('The deputy, unit or township the receiving account stands for; never present for citizens.'),
  messageId: id.optional(),
  caseId: id.optional(),
  bulletinId: id.optional(),
  attempts: z.number().int().min(0),
};

const sample = {
  notificationId: 'd-3f9a1c0e7b2d4a6f8e1c5b7a',
  channel: 'sms' as const,
  template: 'message_receipt',
  recipientKind: 'citizen' as const,
  messageId: 'm-01jnq5y8r2w3',
  attempts: 1,
};

export const NotificationSent = defineEvent({
  source,
  detailType: 'NotificationSent',
  schemaVersion: '1.0',
  description: 'A notification left on its channel (the SMS gateway took it, the in-app inbox holds it…).',
  data: z.object({ ...notificationFacts, sentAt: at }).strict(),
  sample: { ...sample, sentAt: '2026-03-05T09:30:02+08:00' },
});

export const NotificationFailed = defineEvent({
  source,
  detailType: 'NotificationFailed',
  schemaVersion: '1.0',
  description:
    'A notification could not be delivered: retries exhausted, refused by the provider, outcome unknown (never resent, so never sent twice), or no address.',
  data: z.object({ ...notificationFacts, reason: z.enum(FAILURE_REASONS), failedAt: at }).strict(),
  sample: { ...sample, attempts: 5, reason: 'exhausted' as const, failedAt: '2026-03-05T09:45:00+08:00' },
});

/** Every contract the notifications service publishes. */
export const notificationsEvents = [NotificationSent, NotificationFailed] as const;
