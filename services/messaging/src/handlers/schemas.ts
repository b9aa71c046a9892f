import { z } from 'zod';
import { TRACKING_CODE_PATTERN } from '../../../../shared/api/tracking-code.ts';
import { FOLLOW_UP_SOLVED, MESSAGE_RATINGS } from '../../../../shared/events/messaging/index.ts';
import { characterCount } from '../domain/intake.ts';
import { MESSAGE_STATUSES } from '../domain/message.ts';

/**
 * The inputs of messaging's routes, validated by the handlers and documented by `../api.ts`. No
 * side effects here: the API reference imports this module without wiring any adapter.
 */

const code = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9-]+$/, '编号格式不正确');
const text = (min: number, max: number) =>
  z
    .string()
    .trim()
    .refine((s) => characterCount(s) >= min, `至少填写 ${min} 个字`)
    .refine((s) => characterCount(s) <= max, `不能超过 ${max} 个字`)
    .describe(`${min}–${max} characters`);
const words = (min: number, max: number) =>
  z
    .string()
    .trim()
    .refine((s) => characterCount(s) >= min && characterCount(s) <= max, `${min}–${max} characters`)
    .describe(`${min}–${max} characters`);

/** The body of `POST /v1/messages`. */
export const submission = z
  .object({
    stationCode: code.optional(),
    deputyCode: code.optional(),
    category: z.string().min(1).max(64),
    content: text(5, 2000),
    townshipCode: code.optional(),
    location: text(1, 200).optional(),
    name: text(1, 40).optional(),
    phone: z
      .string()
      .regex(/^1\d{10}$/, '请填写以 1 开头的 11 位手机号码')
      .optional(),
  })
  .strict()
  .refine((b) => b.stationCode !== undefined || b.deputyCode !== undefined, {
    message: '请从联络站或代表的二维码进入留言页面',
    path: ['stationCode'],
  });

export const idempotencyKey = z
  .string()
  .min(8)
  .max(128)
  .regex(/^[A-Za-z0-9_\-:.]+$/);

export const messageParams = z.object({ messageId: z.string().regex(/^m-[a-z0-9]{8,40}$/, 'a message id') });

export const inboxQuery = z.object({
  status: z.enum(MESSAGE_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(1000).optional(),
});

export const replyBody = z.object({ content: words(1, 2000), close: z.boolean() }).strict();

export const escalationBody = z
  .object({
    reason: words(2, 1000),
    suggestedUnitCode: z
      .string()
      .regex(/^[a-z0-9-]{1,64}$/)
      .optional(),
  })
  .strict();

export const trackingParams = z.object({ trackingCode: z.string().regex(TRACKING_CODE_PATTERN, '查询码格式不正确') });

export const ratingBody = z
  .object({
    rating: z.enum(MESSAGE_RATINGS),
    comment: z
      .string()
      .trim()
      .refine((s) => characterCount(s) <= 500, '不能超过 500 个字')
      .describe('at most 500 characters')
      .optional(),
  })
  .strict();

/** `{code}` of a citizen page: a station, a deputy, a tracking code, or an asset's file name. */
export const pageParams = z.object({ code: z.string().min(1).max(64) });

/** `GET /v1/moderation/held`: a page of the reviewers' queue; city reviewers may narrow to a township. */
export const heldQuery = z.object({
  township: code.optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('`true`: only those past their deadline (on the supervision lists).'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(1000).optional(),
});

/** `POST /v1/messages/{messageId}/release`: the deputy to give it to, or the station's least loaded. */
export const releaseBody = z.object({ deputyCode: code.optional() }).strict();

/** `POST /v1/messages/{messageId}/reject`: the reason its sender reads on the tracking page. */
export const rejectBody = z.object({ reason: words(2, 500) }).strict();

/**
 * The body of `POST /v1/privacy/erasure`: the message whose citizen's personal data is erased, by id
 * or tracking code, or the reception-day appointment, by the id its confirmation link holds.
 */
export const erasureBody = z.union([
  z.object({ messageId: messageParams.shape.messageId }).strict(),
  z.object({ trackingCode: trackingParams.shape.trackingCode }).strict(),
  z.object({ appointmentId: z.string().regex(/^a-[a-f0-9]{16}$/) }).strict(),
]);

const erasedFields = z.array(z.enum(['name', 'phone', 'location', 'source', 'wechat']));

/** An audit entry of an erasure: who, when, why, which messages and fields (never the data). */
export const erasureSchema = z.object({
  erasureId: z.string(),
  at: z.string(),
  by: z.string(),
  reason: z.enum(['retention', 'request']),
  messageIds: z.array(z.string()),
  appointmentIds: z.array(z.string()).optional().describe("Reception-day appointments erased (participation's entries)."),
  fields: erasedFields,
});

/** The latest erasures, newest first. */
export const erasureListSchema = z.object({ items: z.array(erasureSchema) });

/** The follow-up questionnaire (回访): solved?, was the reply useful?, would you use it again? */
/** `PUT /v1/track/{trackingCode}/wechat`: the one-time ticket WeChat's return handed the tracking page. */
export const wechatTicketBody = z.object({ ticket: z.string().regex(/^[A-Za-z0-9_-]{43}$/, '微信授权凭据无效') }).strict();

/** `POST /v1/track/{trackingCode}/wechat/binding`: the WeChat authorization page to open, and until when (identity's answer). */
export { wechatAuthorizationSchema } from '../../../../shared/api/wechat-authorization.ts';

export const followUpBody = z.object({ solved: z.enum(FOLLOW_UP_SOLVED), replyUseful: z.boolean(), wouldUseAgain: z.boolean() }).strict();

/** `GET /v1/moderation/overdue-replies`: a city reviewer may narrow to one township. */
export const overdueRepliesQuery = z.object({
  township: code.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(1000).optional(),
});
