import { z } from 'zod';

/**
 * The inputs of statistics' routes, validated by the handlers and documented by `../api.ts`. No
 * side effects here: the API reference imports this module without wiring any adapter.
 */

/** The longest period the committee's figures cover at once. */
export const MAX_PERIOD_DAYS = 366;

const township = z.string().regex(/^[a-z0-9-]+$/);
const format = z.enum(['json', 'csv']).default('json');

/** `?from=&to=` (city dates, both included): the city's year so far when absent. */
const period = {
  from: z.iso.date().optional().describe('First city date (default: 1 January of this year).'),
  to: z.iso.date().optional().describe('Last city date, included (default: today).'),
};

const periodRefinements = <T extends z.ZodObject<typeof period>>(schema: T) =>
  schema
    .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from is after to', path: ['from'] })
    .refine((q) => !q.from || !q.to || (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_PERIOD_DAYS, {
      message: `at most ${MAX_PERIOD_DAYS} days`,
      path: ['to'],
    });

export const overviewQuery = periodRefinements(
  z.object({ ...period, township: township.optional().describe('Only messages about this township (a township reviewer always sees their own).'), format }),
);
export const unitsQuery = periodRefinements(z.object({ ...period, format }));
export const deputiesQuery = periodRefinements(
  z.object({ ...period, township: township.optional().describe("Only this township's deputies (a township reviewer always sees their own)."), format }),
);

export const deputyParams = z.object({ code: z.string().regex(/^[A-Z][A-Z0-9]{1,15}$/) });
export const stationParams = z.object({ code: z.string().regex(/^[A-Za-z0-9-]{1,64}$/) });
export const yearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional().describe("The city's year (default: this year).") });

/** The payload of the internal function `deputy-responsiveness`. */
export const responsivenessInput = z.object({ deputyCode: deputyParams.shape.code }).strict();

export const followUpQuery = periodRefinements(
  z.object({ ...period, township: township.optional().describe('Only messages about this township (a township reviewer always sees their own).') }),
);
