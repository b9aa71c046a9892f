import { z } from 'zod';
import { MESSAGE_RATINGS } from '../../../../shared/events/messaging/index.ts';
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
  .regex(/^[A-Za-z0-9-]+$/, 'letters, digits and hyphens');
const text = (min: number, max: number) =>
  z
    .string()
    .trim()
    .refine((s) => characterCount(s) >= min, `at least ${min} characters`)
    .refine((s) => characterCount(s) <= max, `at most ${max} characters`)
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
      .regex(/^1\d{10}$/, 'a mainland mobile number: 11 digits starting with 1')
      .optional(),
  })
  .strict()
  .refine((b) => b.stationCode !== undefined || b.deputyCode !== undefined, {
    message: 'give stationCode or deputyCode',
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

export const trackingParams = z.object({ trackingCode: z.string().regex(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/, 'a tracking code like K7PQ-3MXD') });

export const ratingBody = z
  .object({
    rating: z.enum(MESSAGE_RATINGS),
    comment: z
      .string()
      .trim()
      .refine((s) => characterCount(s) <= 500, 'at most 500 characters')
      .describe('at most 500 characters')
      .optional(),
  })
  .strict();

/** `{code}` of a citizen page: a station, a deputy, a tracking code, or an asset's file name. */
export const pageParams = z.object({ code: z.string().min(1).max(64) });

/** `GET /v1/moderation/held`: a page of the reviewers' queue; city reviewers may narrow to a township. */
export const heldQuery = z.object({
  township: code.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(1000).optional(),
});

/** `POST /v1/messages/{messageId}/release`: the deputy to give it to, or the station's least loaded. */
export const releaseBody = z.object({ deputyCode: code.optional() }).strict();

/** `POST /v1/messages/{messageId}/reject`: the reason its sender reads on the tracking page. */
export const rejectBody = z.object({ reason: words(2, 500) }).strict();
