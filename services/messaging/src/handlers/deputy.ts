import { assertInScope } from '../../../../shared/auth/authorize.ts';
import type { Caller } from '../../../../shared/auth/caller.ts';
import { NotFoundError } from '../../../../shared/runtime/errors.ts';
import { caseIdOf } from '../domain/identifiers.ts';
import { escalate, reply, type Message } from '../domain/message.ts';
import { inboxItem, staffView } from '../domain/views.ts';
import { changeMessage } from '../use-cases/change-message.ts';
import { citizenContactOf } from '../use-cases/citizen-contact.ts';
import { similarNow } from '../use-cases/match-message.ts';
import { cipher, city, deps, directory, http, matching, messages } from './deps.ts';
import { escalationBody, inboxQuery, messageParams, replyBody } from './schemas.ts';

const ports = { messages, directory, city: city.name };

/** Only the deputy the message is assigned to may act on it; anyone else is told it does not exist. */
function assertAssigned(caller: Caller, message: Message): void {
  if (caller.role !== 'deputy' || !message.deputyCode || message.deputyCode !== caller.scope.deputyCode || message.status === 'held') {
    throw new NotFoundError('No such message.');
  }
}

/** GET /v1/inbox (deputy): the caller's messages, newest first; `?status=` filters. */
export const inbox = http(
  {
    roles: ['deputy'],
    query: inboxQuery,
  },
  async ({ caller, query }) => {
    const page = await messages.inbox(caller.scope.deputyCode ?? '-', query);
    return { status: 200, body: { items: page.items.map(inboxItem), nextCursor: page.nextCursor } };
  },
);

/** GET /v1/messages/{messageId} (the assigned deputy, reviewers in scope, the unit handling its case): the message with its thread and timeline. */
export const detail = http(
  { roles: ['deputy', 'township_reviewer', 'city_reviewer', 'unit_handler', 'admin'], params: messageParams },
  async ({ caller, params }) => {
    const stored = await messages.get(params.messageId);
    if (!stored) throw new NotFoundError('No such message.');
    const { message, secrets } = stored;
    if (caller.role === 'deputy') assertAssigned(caller, message);
    // A unit reads the message its case is with (until the case leaves it); reviewers read their township's.
    else assertInScope(caller, { townshipCode: message.townshipCode, unitCode: message.forwardedUnitCode });
    const [contact, similar] = await Promise.all([citizenContactOf(cipher, { message, secrets }), similarNow({ index: matching.index, messages }, message)]);
    return { status: 200, body: staffView(message, contact, similar) };
  },
);

/** POST /v1/messages/{messageId}/reply (the assigned deputy): `{content, close}`. */
export const replyToMessage = http({ roles: ['deputy'], params: messageParams, body: replyBody }, async ({ caller, params, body, requestId }) => {
  const next = await changeMessage(
    ports,
    params.messageId,
    ({ message }) => {
      assertAssigned(caller, message);
      return reply(message, { deputyCode: message.deputyCode!, content: body.content, close: body.close }, deps.now(), city.sla);
    },
    { now: deps.now(), cause: { correlationId: requestId, causationId: requestId } },
  );
  return { status: 200, body: { messageId: params.messageId, status: next!.status } };
});

/** POST /v1/messages/{messageId}/escalate (the assigned deputy): `{reason, suggestedUnitCode?}` → `{caseId}`. */
export const escalateMessage = http(
  {
    roles: ['deputy'],
    params: messageParams,
    body: escalationBody,
  },
  async ({ caller, params, body, requestId }) => {
    const caseId = caseIdOf(params.messageId);
    // The case starts with the similar matters open now (later arrivals included), for its reviewers to merge.
    const before = await messages.get(params.messageId);
    const similar = before ? await similarNow({ index: matching.index, messages }, before.message) : undefined;
    const next = await changeMessage(
      ports,
      params.messageId,
      ({ message }) => {
        assertAssigned(caller, message);
        return escalate(
          message,
          { deputyCode: message.deputyCode!, reason: body.reason, suggestedUnitCode: body.suggestedUnitCode, caseId, similar },
          deps.now(),
        );
      },
      { now: deps.now(), cause: { correlationId: requestId, causationId: requestId } },
    );
    return { status: 200, body: { caseId, status: next!.status } };
  },
);
