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

const isoDate = z.iso.date();
const groupCode = z.string().regex(/^[a-z0-9-]{1,64}$/);

/** 代表固定接待日: a station's coming reception days. */
export const receptionQuery = z.object({ station: z.string().regex(/^[a-z0-9-]{1,64}$/) });

export const bookingBody = z
  .object({
    groupCode,
    date: isoDate.describe("The group's reception day."),
    slot: z
      .string()
      .regex(/^\d{2}:\d{2}$/)
      .describe('The start of a slot the reception day lists.'),
    topic: text(500).describe('What the citizen wants to raise (来访事由).'),
    phone: z
      .string()
      .regex(/^1\d{10}$/, '请填写11位手机号码')
      .describe("The citizen's mobile phone: stored encrypted, shown to staff masked."),
    name: z.string().trim().max(20).optional().describe('How the deputies may address the citizen (stored encrypted).'),
  })
  .strict();

export const appointmentParams = z.object({ id: z.string().regex(/^a-[a-f0-9]{16}$/) });

export const verificationBody = z.object({ code: z.string().regex(/^\d{6}$/, '请填写6位验证码') }).strict();

/** The token the confirmation gave the citizen. */
export const appointmentTokenHeaders = z.object({
  'x-appointment-token': z
    .string()
    .regex(/^[A-Za-z0-9_-]{20,64}$/)
    .describe("The token of the booking's confirmation."),
});

export const appointmentsQuery = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional()
    .describe("`YYYY-MM`; absent: the city's current month."),
});

export const outcomeBody = z
  .object({
    outcome: z.enum(['held', 'not_attended']),
    deputiesPresent: z
      .array(z.string().regex(/^[A-Za-z0-9-]{1,64}$/))
      .max(50)
      .default([])
      .describe('The deputies of the group who received the citizen (held only).'),
  })
  .strict();
