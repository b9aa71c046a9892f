import { deliveryView } from '../domain/views.ts';
import { deliveries, http } from './deps.ts';
import { deliveriesQuery } from './schemas.ts';

/**
 * GET /v1/deliveries (admin): every delivery on every channel, newest first, recipients masked.
 * `?recipient=` takes an account's username or `citizen:<messageId>`; `?status=failed` lists what
 * could not be delivered (their events wait in the triggers DLQ), `?status=not_configured` what the
 * city has no provider credentials for.
 */
export const list = http(
  {
    roles: ['admin'],
    query: deliveriesQuery,
  },
  async ({ query }) => {
    const result = await deliveries.log({ recipientKey: query.recipient, status: query.status, limit: query.limit, cursor: query.cursor });
    return { status: 200, body: { items: result.items.map(deliveryView), nextCursor: result.nextCursor }, headers: { 'cache-control': 'no-store' } };
  },
);
