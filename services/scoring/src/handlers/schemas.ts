import { z } from 'zod';
import { ACTIVITY_KINDS } from '../domain/rules.ts';

/**
 * The inputs of scoring's routes, validated by the handlers and documented by `../api.ts`. No side
 * effects here: the API reference imports this module without wiring any adapter.
 */

const deputyCode = z.string().regex(/^[A-Z][A-Z0-9]{1,15}$/);
const year = z.coerce.number().int().min(2000).max(2100);

/** `?year=`: the city's current year when absent. */
export const yearQuery = z.object({ year: year.optional() });

export const activityBody = z
  .object({
    deputyCode,
    kind: z.enum(ACTIVITY_KINDS),
    date: z.iso.date(),
    note: z.string().trim().min(1).max(500).optional(),
    approved: z.boolean().optional(),
  })
  .strict()
  .refine((a) => a.approved === undefined || a.kind === 'absence', { message: 'only an absence is approved or not', path: ['approved'] });

export const entryParams = z.object({ entryId: z.string().min(5).max(200) });
export const reversalBody = z.object({ deputyCode, year: z.number().int(), reason: z.string().trim().min(2).max(500) }).strict();

export const deputyParams = z.object({ code: deputyCode });

export const rankingsQuery = z.object({
  year: year.optional(),
  scope: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .default('city'),
  format: z.enum(['json', 'csv']).default('json'),
});

export const yearParams = z.object({ year });
