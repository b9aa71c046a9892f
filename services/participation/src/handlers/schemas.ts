import { z } from 'zod';

/**
 * The inputs of participation's routes, validated by the handlers and documented by `../api.ts`.
 * No side effects here: the API reference imports this module without wiring any adapter.
 */

const text = (max: number) => z.string().trim().min(1).max(max);

export const openingBody = z
  .object({
    title: text(100),
    description: text(4000),
    options: z.array(text(200)).max(30).describe('Options to choose and rank, in the order shown; empty for comments only.'),
    closesAt: z.iso.datetime({ offset: true }).describe('When it stops taking answers.'),
    townshipCode: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .optional()
      .describe('Only this township is asked; absent: the whole city.'),
  })
  .strict();

export const consultationParams = z.object({ id: z.string().regex(/^c-[a-z0-9]{6,32}$/) });
export const responseParams = consultationParams.extend({ responseId: z.string().regex(/^[a-f0-9]{24}$/) });

export const answerBody = z
  .object({
    choices: z.array(z.number().int().min(0)).max(30).describe('Indexes of the options chosen, most preferred first.'),
    comment: z.string().trim().max(1000).optional(),
  })
  .strict();

/** The page's random id for the device, kept in its storage: one answer per device. */
export const deviceHeaders = z.object({
  'x-device-id': z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,64}$/)
    .describe('A random id the page keeps for this device.'),
});

export const visibilityBody = z.object({ hidden: z.boolean() }).strict();

export const closingBody = z
  .object({ conclusion: z.string().trim().max(4000).optional().describe("The committee's words on the outcome (采纳情况), shown on the summary.") })
  .strict();

export const resultsQuery = z.object({ format: z.enum(['json', 'csv']).default('json') });
