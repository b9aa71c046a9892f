import { z } from 'zod';
import { ROLES } from '../../../shared/auth/caller.ts';
import type { ServiceApi } from '../../../shared/api/route-doc.ts';
import { bulletinResultSchema, deliveriesSchema, notificationsSchema, notificationViewSchema, preferencesSchema } from './domain/views.ts';
import { bulletinBody, deliveriesQuery, idempotencyKey, notificationParams, pageQuery, preferencesBody } from './handlers/schemas.ts';

/**
 * Notifications' routes (`service.ts`), documented for `docs/api.md` and `GET /v1/openapi.json`.
 * Only schemas and views are imported: the reference is built without wiring any adapter.
 */
export const notificationsApi: ServiceApi = {
  service: 'notifications',
  description:
    'Who hears of what: in-app notifications, SMS, WeChat and e-mail deliveries (at most once each), channel preferences, and bulletins to deputies.',
  routes: [
    {
      method: 'GET',
      path: '/v1/notifications',
      roles: ROLES,
      summary: "The caller's in-app notifications, newest first.",
      query: pageQuery,
      response: { status: 200, description: 'A page of notifications.', schema: notificationsSchema },
    },
    {
      method: 'POST',
      path: '/v1/notifications/{id}/read',
      roles: ROLES,
      who: 'its recipient',
      summary: "Marks one of the caller's notifications read.",
      params: notificationParams,
      response: { status: 200, description: 'The notification, read.', schema: notificationViewSchema },
      errors: [404],
    },
    {
      method: 'GET',
      path: '/v1/notifications/preferences',
      roles: ROLES,
      summary: "The caller's external channels (defaults until they choose); in-app is always on.",
      response: { status: 200, description: 'The preferences.', schema: preferencesSchema },
    },
    {
      method: 'PUT',
      path: '/v1/notifications/preferences',
      roles: ROLES,
      summary: "Sets the caller's external channels.",
      body: { schema: preferencesBody },
      response: { status: 200, description: 'The preferences as stored.', schema: preferencesSchema },
    },
    {
      method: 'GET',
      path: '/v1/deliveries',
      roles: ['admin'],
      summary: 'Every delivery on every channel, newest first, recipients masked; `?status=failed` lists what could not be delivered.',
      query: deliveriesQuery,
      response: { status: 200, description: 'A page of deliveries.', schema: deliveriesSchema },
    },
    {
      method: 'POST',
      path: '/v1/bulletins',
      roles: ['city_reviewer', 'admin'],
      summary: 'Publishes a bulletin (政务信息通报) to every deputy in office, or one group, as in-app notifications.',
      headers: z.object({ 'Idempotency-Key': idempotencyKey.optional() }),
      body: { schema: bulletinBody },
      response: { status: 201, description: 'The bulletin and how many deputies it reached.', schema: bulletinResultSchema },
      errors: [409],
    },
  ],
};
