import type { Channel } from './channels.ts';
import type { Delivery } from './delivery.ts';

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

/** `GET /v1/deliveries` item (API.md, plus optional fields: when it is due, why it failed, what caused it). */
export function deliveryView(delivery: Delivery) {
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
export function notificationView(delivery: Delivery) {
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
