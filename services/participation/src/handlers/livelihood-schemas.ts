import { z } from 'zod';
import { CHOICES, SATISFACTIONS } from '../domain/livelihood.ts';

/**
 * The inputs of the livelihood-ballot routes (民生实事票决), validated by the handlers and documented
 * by `../api.ts`. No side effects here: the API reference imports this module without wiring any adapter.
 */

const text = (max: number) => z.string().trim().min(1).max(max);
const unitCode = z.string().regex(/^[a-z0-9-]{1,64}$/);

export const ballotBody = z
  .object({
    year: z.number().int().min(2000).max(2100).describe('The year whose livelihood projects are voted.'),
    title: text(100),
    opensAt: z.iso.datetime({ offset: true }).describe('When the deputies may start voting.'),
    closesAt: z.iso.datetime({ offset: true }).describe('When voting ends; the committee publishes the result after it.'),
    projects: z
      .array(
        z
          .object({
            title: text(100),
            description: text(2000),
            leadUnitCode: unitCode.describe('The lead unit (牵头单位), whose handlers record the progress.'),
            leadUnitName: text(100).describe('Its name, as the public page shows it.'),
            budgetNote: text(200).describe('The budget as the committee states it (资金安排).'),
          })
          .strict(),
      )
      .min(1)
      .max(30)
      .describe('The candidate projects (候选项目), in the order listed: `p1`, `p2`, …'),
  })
  .strict();

export const ballotParams = z.object({ ballotId: z.string().regex(/^b-[a-f0-9]{16}$/) });
export const projectParams = ballotParams.extend({ projectId: z.string().regex(/^p\d{1,2}$/) });

export const ballotsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(1000).optional(),
});

export const voteBody = z.object({ projectId: z.string().regex(/^p\d{1,2}$/), choice: z.enum(CHOICES).describe('赞成 / 反对 / 弃权.') }).strict();

export const progressBody = z
  .object({
    quarter: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).describe('The quarter of the ballot year reported on.'),
    text: text(2000).describe('What was done, published with the project.'),
    percent: z.number().int().min(0).max(100),
  })
  .strict();

export const ratingBody = z.object({ satisfaction: z.enum(SATISFACTIONS).describe('满意 / 基本满意 / 不满意.') }).strict();
