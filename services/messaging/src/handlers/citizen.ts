import { timingSafeEqual } from 'node:crypto';
import { NotFoundError } from '../../../../shared/runtime/errors.ts';
import { hashToken } from '../domain/identifiers.ts';
import { answerFollowUp } from '../domain/follow-up.ts';
import { rate } from '../domain/message.ts';
import { trackingView } from '../domain/views.ts';
import type { StoredMessage } from '../ports.ts';
import { changeMessage } from '../use-cases/change-message.ts';
import { city, deps, directory, http, messages } from './deps.ts';
import { followUpBody, ratingBody, trackingParams } from './schemas.ts';

/**
 * The message a tracking code and token open. A wrong or missing token is a 404, exactly like an
 * unknown code, so codes cannot be probed.
 */
export async function openByToken(trackingCode: string, token: string | undefined): Promise<StoredMessage> {
  if (!token || token.length > 100) throw new NotFoundError('No such message.');
  const presented = Buffer.from(hashToken(token));
  for (const candidate of await messages.findByTrackingCode(trackingCode)) {
    const stored = Buffer.from(candidate.secrets.trackingTokenHash);
    if (stored.length === presented.length && timingSafeEqual(stored, presented)) return candidate;
  }
  throw new NotFoundError('No such message.');
}

/** GET /v1/track/{trackingCode} (holder of the token, header X-Tracking-Token). */
export const track = http({ audience: 'citizen', params: trackingParams }, async ({ params, headers }) => {
  const { message } = await openByToken(params.trackingCode, headers['x-tracking-token']);
  return { status: 200, body: trackingView(message), headers: { 'cache-control': 'no-store' } };
});

/** POST /v1/track/{trackingCode}/rating (holder of the token): 409 unless answered or resolved. */
export const rateMessage = http(
  {
    audience: 'citizen',
    params: trackingParams,
    body: ratingBody,
  },
  async ({ params, headers, body, requestId }) => {
    const { message } = await openByToken(params.trackingCode, headers['x-tracking-token']);
    const next = await changeMessage(
      { messages, directory, city: city.name },
      message.messageId,
      ({ message: current }) => rate(current, { rating: body.rating, comment: body.comment || undefined }, deps.now()),
      { now: deps.now(), cause: { correlationId: requestId, causationId: requestId } },
    );
    return { status: 200, body: trackingView(next!) };
  },
);

/** POST /v1/track/{trackingCode}/follow-up (holder of the token): the questionnaire, once (409 after). */
export const followUp = http({ audience: 'citizen', params: trackingParams, body: followUpBody }, async ({ params, headers, body, requestId }) => {
  const { message } = await openByToken(params.trackingCode, headers['x-tracking-token']);
  const next = await changeMessage(
    { messages, directory, city: city.name },
    message.messageId,
    ({ message: current }) => answerFollowUp(current, body, deps.now()),
    { now: deps.now(), cause: { correlationId: requestId, causationId: requestId } },
  );
  return { status: 200, body: trackingView(next!) };
});
