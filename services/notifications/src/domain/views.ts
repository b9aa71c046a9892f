import { z } from 'zod';
import { FAILURE_REASONS, NOTIFICATION_CHANNELS, RECIPIENT_KINDS } from '../../../../shared/events/notifications/index.ts';
import type { Channel } from './channels.ts';
import type { Delivery, DeliveryStatus } from './delivery.ts';
import { TEMPLATE_IDS } from './templates.ts';

export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed', 'not_configured'] as const satisfies readonly DeliveryStatus[];

/** `GET /v1/deliveries` item: one delivery on one channel, its recipient masked. */
export const deliveryViewSchema = z.object({
  id: z.string(),
  channel: z.enum(NOTIFICATION_CHANNELS),
  /** The masked address once known (`139****5678`), else the account or `citizen:<messageId>`. */
  recipient: z.string(),
  recipientKind: z.enum(RECIPIENT_KINDS),
  template: z.enum(TEMPLATE_IDS),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  at: z.string(),
  /** What caused it: an event id, `bulletin:<id>`, `reminder:…`. */
  source: z.string(),
  notBefore: z.string().optional(),
  sentAt: z.string().optional(),
  failure: z.object({ reason: z.enum(FAILURE_REASONS), code: z.string().optional() }).optional(),
  lastError: z.string().optional(),
  provider: z.string().optional(),
});

/** `GET /v1/notifications` item: an in-app notification as its recipient reads it. */
export const notificationViewSchema = z.object({
  id: z.string(),
  template: z.enum(TEMPLATE_IDS),
  title: z.string(),
  body: z.string(),
  link: z.string().optional(),
  messageId: z.string().optional(),
  caseId: z.string().optional(),
  bulletinId: z.string().optional(),
  createdAt: z.string(),
  read: z.boolean(),
  readAt: z.string().optional(),
});

export const deliveriesSchema = z.object({ items: z.array(deliveryViewSchema), nextCursor: z.string().nullable() });
export const notificationsSchema = z.object({ items: z.array(notificationViewSchema), nextCursor: z.string().nullable() });

/** An account's external channels; in-app is always on. */
export const preferencesSchema = z.object({ sms: z.boolean(), wechat: z.boolean(), email: z.boolean() });

/** `POST /v1/bulletins` → 201. */
export const bulletinResultSchema = z.object({
  bulletinId: z.string(),
  title: z.string(),
  groupCode: z.string().optional(),
  publishedAt: z.string(),
  /** Deputies notified. */
  recipients: z.number().int(),
});

/** An address as it may be shown: phones `139****5678`, e-mail `w***@example.com`, WeChat ids cut short. */
export function maskAddress(channel: Channel, address: string): string {
  if (/^deputy:|^account:/.test(address)) return address; // an account, not a personal address
  // As shared/crypto's maskPhone, without pulling the KMS client into the pure domain.
  if (channel === 'sms') return /^1\d{10}$/.test(address) ? `${address.slice(0, 3)}****${address.slice(7)}` : '****';
  if (channel === 'email') {
    const [local, domain] = address.split('@');
    return domain ? `${(local ?? '').slice(0, 1)}***@${domain}` : '****';
  }
  if (channel === 'wechat') return `${address.slice(0, 4)}****`;
  return address;
}

/** Who a delivery went to, for the admin's log: the masked address once known, else the account or the message. */
function recipientShown(delivery: Delivery): string {
  if (delivery.addressMasked) return delivery.addressMasked;
  const { recipient } = delivery;
  return recipient.kind === 'citizen' ? `citizen:${recipient.messageId}` : recipient.account;
}

/** `GET /v1/deliveries` item: the log's fields, plus when it is due, why it failed, what caused it. */
export function deliveryView(delivery: Delivery): z.infer<typeof deliveryViewSchema> {
  return {
    id: delivery.deliveryId,
    channel: delivery.channel,
    recipient: recipientShown(delivery),
    recipientKind: delivery.recipient.kind,
    template: delivery.template,
    status: delivery.status,
    attempts: delivery.attempts,
    at: delivery.updatedAt,
    source: delivery.sourceId,
    ...(delivery.notBefore ? { notBefore: delivery.notBefore } : {}),
    ...(delivery.sentAt ? { sentAt: delivery.sentAt } : {}),
    ...(delivery.failure ? { failure: delivery.failure } : {}),
    ...(delivery.lastError ? { lastError: delivery.lastError } : {}),
    ...(delivery.provider ? { provider: delivery.provider } : {}),
  };
}

/** `GET /v1/notifications` item: the in-app notification as its recipient reads it. */
export function notificationView(delivery: Delivery): z.infer<typeof notificationViewSchema> {
  return {
    id: delivery.deliveryId,
    template: delivery.template,
    title: delivery.title,
    body: delivery.text,
    ...(delivery.link ? { link: delivery.link } : {}),
    ...(delivery.refs.messageId ? { messageId: delivery.refs.messageId } : {}),
    ...(delivery.refs.caseId ? { caseId: delivery.refs.caseId } : {}),
    ...(delivery.refs.bulletinId ? { bulletinId: delivery.refs.bulletinId } : {}),
    createdAt: delivery.createdAt,
    read: delivery.readAt !== undefined,
    ...(delivery.readAt ? { readAt: delivery.readAt } : {}),
  };
}
