import { z } from 'zod';
import { DELIVERY_STATUSES } from '../domain/views.ts';

/**
 * The inputs of notifications' routes, validated by the handlers and documented by `../api.ts`. No
 * side effects here: the API reference imports this module without wiring any adapter.
 */

export const idempotencyKey = z
  .string()
  .min(8)
  .max(128)
  .regex(/^[A-Za-z0-9_\-:.]+$/);

export const notificationParams = z.object({ id: z.string().regex(/^d-[0-9a-f]{24}$/, 'a notification id') });
export const pageQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(1000).optional() });
export const preferencesBody = z.object({ sms: z.boolean(), wechat: z.boolean(), email: z.boolean() }).strict();

export const deliveriesQuery = z.object({
  /** An account's username or `citizen:<messageId>`. */
  recipient: z.string().min(1).max(100).optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
  ...pageQuery.shape,
});

export const bulletinBody = z
  .object({
    title: z.string().trim().min(1).max(100),
    body: z.string().trim().min(1).max(2000),
    groupCode: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,64}$/)
      .optional(),
  })
  .strict();
