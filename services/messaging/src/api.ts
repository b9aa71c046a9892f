import { z } from 'zod';
import type { RouteDoc, ServiceApi } from '../../../shared/api/route-doc.ts';
import {
  categoriesSchema,
  escalatedSchema,
  heldPageSchema,
  overdueReplyPageSchema,
  inboxSchema,
  moderatedSchema,
  repliedSchema,
  staffViewSchema,
  submittedSchema,
  trackingViewSchema,
} from './domain/views.ts';
import {
  erasureBody,
  erasureListSchema,
  erasureSchema,
  escalationBody,
  heldQuery,
  overdueRepliesQuery,
  idempotencyKey,
  inboxQuery,
  messageParams,
  pageParams,
  followUpBody,
  ratingBody,
  rejectBody,
  releaseBody,
  replyBody,
  submission,
  trackingParams,
} from './handlers/schemas.ts';

const trackingToken = z.object({ 'X-Tracking-Token': z.string().max(100).describe('The `trackingToken` given when the message was submitted.') });
const page = (path: string, summary: string): RouteDoc => ({
  method: 'GET',
  path,
  summary,
  params: pageParams,
  response: { status: 200, description: 'An HTML page.', mediaType: 'text/html' },
  errors: [404],
});

/**
 * Messaging's routes (`service.ts`), documented for `docs/api.md` and `GET /v1/openapi.json`. Only
 * schemas and views are imported: the reference is built without wiring any adapter.
 */
export const messagingApi: ServiceApi = {
  service: 'messaging',
  description:
    "Citizens' messages (民情直通) from the QR code to the rating: intake, the deputy's inbox, replies and escalation, tracking and rating, and the citizen pages.",
  routes: [
    {
      method: 'GET',
      path: '/v1/categories',
      summary: "The city's message categories.",
      response: { status: 200, description: 'Every category.', schema: categoriesSchema },
    },
    {
      method: 'POST',
      path: '/v1/messages',
      summary: 'A citizen leaves a message for a station or a deputy (at most 16 KiB).',
      description:
        '`content` is 5–2000 characters; a phone is a mainland mobile number. An unknown station, deputy or category, or neither `stationCode` nor `deputyCode`, is a 400 naming the field; a deputy imported seconds ago who has not reached intake yet is a 503 `DEPUTY_SYNCING` with `Retry-After` (send the same request again). Intake is throttled per client and per station (429).',
      headers: z.object({ 'Idempotency-Key': idempotencyKey.optional() }),
      body: { schema: submission },
      response: { status: 202, description: 'Accepted: the tracking code and the token that opens it.', schema: submittedSchema },
      errors: [409, 429, 503],
    },
    {
      method: 'GET',
      path: '/v1/inbox',
      roles: ['deputy'],
      summary: "The caller's messages, newest first; `?status=` filters.",
      query: inboxQuery,
      response: { status: 200, description: 'A page of the messages assigned to the caller.', schema: inboxSchema },
    },
    {
      method: 'GET',
      path: '/v1/messages/{messageId}',
      roles: ['deputy', 'township_reviewer', 'city_reviewer', 'unit_handler', 'admin'],
      who: 'the assigned deputy, reviewers in scope, the unit its case is forwarded to',
      summary: "The message with its thread and timeline; the citizen's name and phone masked.",
      params: messageParams,
      response: { status: 200, description: 'The message.', schema: staffViewSchema },
      errors: [404],
    },
    {
      method: 'POST',
      path: '/v1/messages/{messageId}/reply',
      roles: ['deputy'],
      who: 'the assigned deputy',
      summary: 'Replies to the citizen; `close: true` marks the message `answered`.',
      params: messageParams,
      body: { schema: replyBody },
      response: { status: 200, description: "The message's new status.", schema: repliedSchema },
      errors: [404, 409],
    },
    {
      method: 'POST',
      path: '/v1/messages/{messageId}/escalate',
      roles: ['deputy'],
      who: 'the assigned deputy',
      summary: 'Escalates the message for review (a case opens); its status becomes `escalated`.',
      params: messageParams,
      body: { schema: escalationBody },
      response: { status: 200, description: 'The case opened for it.', schema: escalatedSchema },
      errors: [404, 409],
    },
    {
      method: 'GET',
      path: '/v1/moderation/held',
      roles: ['township_reviewer', 'city_reviewer'],
      who: "a township's reviewers (their township's), city reviewers (all, or `?township=`)",
      summary:
        "The reviewers' queue (待审核): held messages — a flood from one source, or a station with no deputy in office — oldest first, with why and by when.",
      query: heldQuery,
      response: { status: 200, description: 'A page of held messages.', schema: heldPageSchema },
    },
    {
      method: 'GET',
      path: '/v1/moderation/overdue-replies',
      roles: ['township_reviewer', 'city_reviewer'],
      who: "a township's reviewers (their township's), city reviewers (all, or `?township=`)",
      summary: "Messages whose deputy's reply is past due and still owed (督办), longest overdue first: they are on the supervision lists.",
      query: overdueRepliesQuery,
      response: { status: 200, description: 'A page of messages with overdue replies.', schema: overdueReplyPageSchema },
    },
    {
      method: 'POST',
      path: '/v1/privacy/erasure',
      roles: ['admin'],
      who: 'admin',
      summary:
        'Erases the personal data a citizen left with one message (删除个人信息), named by its id or its tracking code: name, phone, location and the keyed hash of their address; or with one reception-day appointment, named by its id: name and phone.',
      description:
        "The matter stays (category, text, thread, timeline, rating, dates; an appointment's day, topic and outcome), so statistics and archives still count it. The answer is the audit entry: who, when, which message or appointment and which fields held something. An appointment is erased and audited by participation. 409 `AMBIGUOUS_TRACKING_CODE` when a tracking code names several messages.",
      body: { schema: erasureBody },
      response: { status: 200, description: 'The audit entry of the erasure.', schema: erasureSchema },
      errors: [404, 409],
    },
    {
      method: 'GET',
      path: '/v1/privacy/erasures',
      roles: ['admin'],
      who: 'admin',
      summary:
        "The latest 100 erasures of citizens' personal data, of messages and of appointments, on request or by the city's retention period, newest first.",
      response: { status: 200, description: 'The audit entries.', schema: erasureListSchema },
    },
    {
      method: 'POST',
      path: '/v1/messages/{messageId}/release',
      roles: ['township_reviewer', 'city_reviewer'],
      who: 'reviewers in scope',
      summary:
        "Releases a held message to the deputy named (in office, in the reviewer's scope), else the station's least-loaded deputy in office, else the deputy it was addressed to.",
      description:
        "The deputy owes a reply from now (the reply deadline starts again); the citizen's timeline names them. 409 `NO_DEPUTY_IN_OFFICE` when no deputy can be chosen: name one.",
      params: messageParams,
      body: { schema: releaseBody },
      response: { status: 200, description: 'The message, now `submitted` to its deputy.', schema: moderatedSchema },
      errors: [404, 409],
    },
    {
      method: 'POST',
      path: '/v1/messages/{messageId}/reject',
      roles: ['township_reviewer', 'city_reviewer'],
      who: 'reviewers in scope',
      summary: "Rejects a held message (不予受理): it closes, and the reason is on the citizen's tracking page.",
      params: messageParams,
      body: { schema: rejectBody },
      response: { status: 200, description: 'The message, now `closed`.', schema: moderatedSchema },
      errors: [404, 409],
    },
    {
      method: 'GET',
      path: '/v1/track/{trackingCode}',
      who: 'the holder of the tracking token',
      summary: "Where the citizen's message stands, step by step.",
      description: 'A wrong or missing token answers 404 exactly like an unknown code, so codes cannot be probed.',
      params: trackingParams,
      headers: trackingToken,
      response: { status: 200, description: 'The tracking view.', schema: trackingViewSchema },
      errors: [404],
    },
    {
      method: 'POST',
      path: '/v1/track/{trackingCode}/rating',
      who: 'the holder of the tracking token',
      summary:
        'The citizen rates the outcome; 409 unless the message is `answered` or `resolved`. A first `unsatisfied` sends it to supervision (督办, status `reopened`): a resolved case back to its unit, a direct answer to the township reviewers as a case of its own.',
      params: trackingParams,
      headers: trackingToken,
      body: { schema: ratingBody },
      response: { status: 200, description: 'The tracking view, rated.', schema: trackingViewSchema },
      errors: [404, 409],
    },
    {
      method: 'POST',
      path: '/v1/track/{trackingCode}/follow-up',
      who: 'the holder of the tracking token',
      summary:
        'The follow-up questionnaire (回访): was it solved (`yes`, `partly`, `no`), was the reply useful, would you use it again. Once an answer or result came, once per message (409 `ALREADY_ANSWERED` after); counted by statistics.',
      params: trackingParams,
      headers: trackingToken,
      body: { schema: followUpBody },
      response: { status: 200, description: 'The tracking view, with the answers.', schema: trackingViewSchema },
      errors: [404, 409],
    },
    page('/s/{code}', "The message page a station's QR code opens (站码)."),
    page('/d/{code}', "The message page a deputy's QR code opens (代表码)."),
    page('/t/{code}', 'The tracking page; the token travels in the URL fragment, never to the server.'),
    {
      method: 'GET',
      path: '/assets/{code}',
      summary: "The citizen pages' scripts, styles and icons, by file name.",
      params: pageParams,
      response: { status: 200, description: 'A CSS, JavaScript or SVG file.', mediaType: '*/*' },
      errors: [404],
    },
  ],
};
