import { z } from 'zod';

/**
 * The inputs of case routing's routes, validated by the handlers and documented by `../api.ts`. No
 * side effects here: the API reference imports this module without wiring any adapter.
 */

const text = (max: number) => z.string().trim().min(2).max(max);
const day = z.iso.date();

export const caseParams = z.object({ caseId: z.string().regex(/^c-[a-z0-9]{8,40}$/, 'a case id') });
export const forwardBody = z.object({ unitCode: z.string().regex(/^[a-z0-9-]{1,64}$/), dueDate: day.optional() }).strict();
export const reasonBody = z.object({ reason: text(1000) }).strict();
export const acceptBody = z.object({ committedDate: day }).strict();
export const progressBody = z.object({ note: text(2000) }).strict();
export const resolveBody = z.object({ result: text(2000) }).strict();
export const supervisionQuery = z.object({
  list: z.enum(['problems', 'suggestions', 'supervision']).default('supervision'),
  format: z.enum(['json', 'csv']).default('json'),
});
