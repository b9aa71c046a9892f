import { CASE_STATUSES } from '../domain/views.ts';
import { z } from 'zod';
import { officialAnswerInput } from '../../../../shared/events/public-text.ts';

/**
 * The inputs of case routing's routes, validated by the handlers and documented by `../api.ts`. No
 * side effects here: the API reference imports this module without wiring any adapter.
 */

const text = (max: number) => z.string().trim().min(2).max(max);
const day = z.iso.date();

export const caseParams = z.object({ caseId: z.string().regex(/^c-[a-z0-9]{8,40}$/, 'a case id') });
export const forwardBody = z.object({ unitCode: z.string().regex(/^[a-z0-9-]{1,64}$/), dueDate: day.optional() }).strict();
export const reasonBody = z.object({ reason: text(1000) }).strict();
/** A decline's reason is the citizen's official answer and travels on the bus (`CaseDeclined`). */
export const declineBody = z.object({ reason: officialAnswerInput(1000) }).strict();
export const mergeBody = z
  .object({
    intoCaseId: z
      .string()
      .regex(/^c-[a-z0-9]{8,40}$/, 'a case id')
      .describe('The primary case, which this one follows from now on.'),
  })
  .strict();
export const acceptBody = z.object({ committedDate: day, measures: text(2000).optional().describe('The measures the unit commits to (承诺措施).') }).strict();
export const progressBody = z.object({ note: text(2000) }).strict();
/** A unit's result is the citizen's official answer and travels on the bus (`CaseResolved`). */
export const resolveBody = z.object({ result: officialAnswerInput(2000) }).strict();
export const supervisionQuery = z
  .object({
    list: z.enum(['problems', 'suggestions', 'supervision']).default('supervision'),
    from: z.iso.date().optional().describe('First city date (default: 1 January of this year).'),
    to: z.iso.date().optional().describe('Last city date, included (default: today).'),
    status: z
      .enum([...CASE_STATUSES, 'open', 'finished'])
      .optional()
      .describe('One status, or `open` (not finished) or `finished` (closed, declined, returned).'),
    township: z
      .string()
      .regex(/^[a-z0-9-]{1,64}$/)
      .optional(),
    unit: z
      .string()
      .regex(/^[a-z0-9-]{1,64}$/)
      .optional(),
    category: z
      .string()
      .regex(/^[a-z0-9_]{1,64}$/)
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
    format: z.enum(['json', 'csv']).default('json').describe('`csv`: the whole filtered list in one file (no paging).'),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '开始日期晚于结束日期', path: ['from'] });

const code = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);
const unitCode = z.string().regex(/^[a-z0-9-]{1,64}$/);

export const suggestionParams = z.object({ suggestionId: z.string().regex(/^s-[a-z0-9]{8,40}$/, 'a suggestion id') });
export const submitSuggestionBody = z
  .object({
    kind: z.enum(['suggestion', 'motion']).describe("建议 or 议案 (a motion needs the city's number of signers)."),
    title: text(200),
    content: text(8000),
    category: z.string().regex(/^[a-z_]+$/),
    problem: text(4000).optional(),
    solution: text(4000).optional(),
    coSigners: z.array(code).max(200).default([]).describe('Deputy codes of the co-signers (联名代表), in office, the proposer not included.'),
  })
  .strict();
export const registerSuggestionBody = z
  .object({
    leadUnitCode: unitCode.describe('主办单位.'),
    assistingUnitCodes: z.array(unitCode).max(10).default([]).describe('协办单位.'),
    dueDate: day.optional().describe("Defaults to the city's answer time (shorter under key supervision)."),
    keySupervision: z.boolean().default(false).describe('重点督办.'),
  })
  .strict();
export const assistBody = z.object({ note: text(4000) }).strict();
export const meetingBody = z.object({ date: day, attendees: z.array(z.string().trim().min(1).max(50)).min(1).max(30), note: text(2000).optional() }).strict();
export const answerBody = z.object({ resultClass: z.enum(['solved', 'being_solved', 'planned', 'explained']), answer: text(8000) }).strict();
export const evaluationBody = z.object({ satisfaction: z.enum(['satisfied', 'basically', 'unsatisfied']), comment: text(1000).optional() }).strict();
