import { ROLES } from '../../../../shared/auth/caller.ts';
import { ConflictError, NotFoundError } from '../../../../shared/runtime/errors.ts';
import { markRead } from '../domain/delivery.ts';
import { DEFAULT_PREFERENCES } from '../domain/preferences.ts';
import { notificationView } from '../domain/views.ts';
import { deliveries, deps, http, preferences } from './deps.ts';
import { notificationParams, pageQuery, preferencesBody } from './schemas.ts';

/** GET /v1/notifications (signed in): the caller's in-app notifications, newest first. */
export const list = http({ roles: ROLES, query: pageQuery }, async ({ caller, query }) => {
  const result = await deliveries.inbox(caller.username, query);
  return { status: 200, body: { items: result.items.map(notificationView), nextCursor: result.nextCursor }, headers: { 'cache-control': 'no-store' } };
});

/** POST /v1/notifications/{id}/read (signed in): marks one of the caller's notifications read; anyone else's is a 404. */
export const read = http({ roles: ROLES, params: notificationParams }, async ({ caller, params }) => {
  for (let attempt = 0; ; attempt++) {
    const stored = await deliveries.get(params.id);
    const { delivery } = stored ?? {};
    if (!stored || !delivery || delivery.channel !== 'inapp' || delivery.recipient.kind === 'citizen' || delivery.recipient.account !== caller.username) {
      throw new NotFoundError('No such notification.');
    }
    const next = markRead(delivery, deps.now());
    if (!next) return { status: 200, body: notificationView(delivery) };
    try {
      await deliveries.save(stored, next, []);
      return { status: 200, body: notificationView(next) };
    } catch (error) {
      if (!(error instanceof ConflictError && error.code === 'VERSION_CONFLICT' && attempt < 2)) throw error;
    }
  }
});

/** GET /v1/notifications/preferences (signed in): the caller's channels (defaults until they choose). */
export const getPreferences = http({ roles: ROLES }, async ({ caller }) => ({
  status: 200,
  body: (await preferences.get(caller.username)) ?? DEFAULT_PREFERENCES,
}));

/** PUT /v1/notifications/preferences (signed in): `{sms, wechat, email}` for the caller; in-app is always on. */
export const putPreferences = http({ roles: ROLES, body: preferencesBody }, async ({ caller, body }) => {
  await preferences.put(caller.username, body, deps.now());
  return { status: 200, body };
});
