import { heldItem, overdueReply } from '../domain/views.ts';
import { rejectHeld, releaseHeld } from '../use-cases/moderate-message.ts';
import { city, deps, directory, http, messages } from './deps.ts';
import { heldQuery, messageParams, overdueRepliesQuery, rejectBody, releaseBody } from './schemas.ts';

const ports = { messages, directory, city: city.name, sla: city.sla };
const REVIEWERS = ['township_reviewer', 'city_reviewer'] as const;

/** GET /v1/moderation/held (reviewers): the held messages in the caller's scope, oldest first. */
export const heldList = http({ roles: REVIEWERS, query: heldQuery }, async ({ caller, query }) => {
  const townshipCode = caller.role === 'township_reviewer' ? (caller.scope.townshipCode ?? '-') : query.township;
  const page = await messages.held({ townshipCode, overdue: query.overdue, limit: query.limit, cursor: query.cursor });
  return { status: 200, body: { items: page.items.map(heldItem), nextCursor: page.nextCursor } };
});

/** GET /v1/moderation/overdue-replies (reviewers): messages in scope whose deputy's reply is overdue and still owed (督办). */
export const overdueReplies = http({ roles: REVIEWERS, query: overdueRepliesQuery }, async ({ caller, query }) => {
  const townshipCode = caller.role === 'township_reviewer' ? (caller.scope.townshipCode ?? '-') : query.township;
  const page = await messages.overdueReplies({ townshipCode, limit: query.limit, cursor: query.cursor });
  return { status: 200, body: { items: page.items.map(overdueReply), nextCursor: page.nextCursor } };
});

/** POST /v1/messages/{messageId}/release (reviewers in scope): `{deputyCode?}`. */
export const releaseMessage = http({ roles: REVIEWERS, params: messageParams, body: releaseBody }, async ({ caller, params, body, requestId }) => {
  const now = deps.now();
  const next = await releaseHeld(
    ports,
    caller,
    { messageId: params.messageId, deputyCode: body.deputyCode },
    { now, cause: { correlationId: requestId, causationId: requestId } },
  );
  return { status: 200, body: { messageId: next.messageId, status: next.status, deputyCode: next.deputyCode ?? null } };
});

/** POST /v1/messages/{messageId}/reject (reviewers in scope): `{reason}`, shown to the citizen. */
export const rejectMessage = http({ roles: REVIEWERS, params: messageParams, body: rejectBody }, async ({ caller, params, body, requestId }) => {
  const now = deps.now();
  const next = await rejectHeld(
    ports,
    caller,
    { messageId: params.messageId, reason: body.reason },
    { now, cause: { correlationId: requestId, causationId: requestId } },
  );
  return { status: 200, body: { messageId: next.messageId, status: next.status, deputyCode: next.deputyCode ?? null } };
});
