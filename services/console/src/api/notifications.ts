import { request } from './request.ts';
import type { BulletinBody, BulletinResult, Deliveries, NotificationItem, Notifications, Preferences } from './types.ts';

export const listNotifications = (cursor?: string) => request<Notifications>('GET', '/v1/notifications', { query: { cursor } });
export const markRead = (id: string) => request<NotificationItem>('POST', `/v1/notifications/${encodeURIComponent(id)}/read`);
export const getPreferences = () => request<Preferences>('GET', '/v1/notifications/preferences');
export const putPreferences = (preferences: Preferences) => request<Preferences>('PUT', '/v1/notifications/preferences', { body: preferences });

/** 发布通报 to every deputy in office, or one group. */
export const publishBulletin = (body: BulletinBody, idempotencyKey: string) =>
  request<BulletinResult>('POST', '/v1/bulletins', { body, headers: { 'idempotency-key': idempotencyKey } });

/** Every delivery attempt, recipients masked (admin). */
export const listDeliveries = (query: { recipient?: string; status?: string; cursor?: string } = {}) => request<Deliveries>('GET', '/v1/deliveries', { query });
