import { nextCursorSchema } from '../../../../shared/api/pages.ts';
import { z } from 'zod';
import { type Consultation, type ConsultationResponse, statusOf, tally } from './consultation.ts';

/**
 * What participation's routes answer, as zod schemas (documented by `../api.ts`) and the pure
 * functions that build them from the domain.
 */

const optionCountSchema = z.object({
  index: z.number().int(),
  option: z.string(),
  chosen: z.number().int().describe('Respondents who chose it.'),
  first: z.number().int().describe('Respondents who chose it first.'),
  rank: z.number().int().describe('1 for the most chosen; ties share a rank.'),
});

const publicCommentSchema = z.object({ comment: z.string(), respondedAt: z.iso.datetime() });

/** The summary a closed consultation publishes (its public page shows it). */
export const summarySchema = z.object({
  closedAt: z.iso.datetime(),
  responses: z.number().int(),
  counts: z.array(optionCountSchema),
  conclusion: z.string().optional(),
  comments: z.array(publicCommentSchema).describe('The latest comments the committee did not hide (at most 100).'),
});

export const consultationSchema = z.object({
  consultationId: z.string(),
  title: z.string(),
  description: z.string(),
  options: z.array(z.string()),
  townshipCode: z.string().optional(),
  openedAt: z.iso.datetime(),
  closesAt: z.iso.datetime(),
  status: z.enum(['open', 'closed']),
  summary: summarySchema.optional().describe('Once closed.'),
});

export const consultationListSchema = z.object({
  items: z.array(consultationSchema.pick({ consultationId: true, title: true, townshipCode: true, openedAt: true, closesAt: true, status: true })),
  nextCursor: nextCursorSchema,
});

export const responseSchema = z.object({
  responseId: z.string(),
  choices: z.array(z.number().int()),
  comment: z.string().optional(),
  respondedAt: z.iso.datetime(),
  hidden: z.boolean(),
});

/** The committee's live results: counts, ranking and every response (hidden ones marked). */
export const resultsSchema = z.object({
  consultationId: z.string(),
  title: z.string(),
  options: z.array(z.string()),
  status: z.enum(['open', 'closed']),
  closesAt: z.iso.datetime(),
  responses: z.number().int(),
  comments: z.number().int(),
  counts: z.array(optionCountSchema),
  ranking: z.array(optionCountSchema).describe('The counts, most chosen first.'),
  items: z.array(responseSchema).describe('Every response, newest first.'),
});

export const respondedSchema = z.object({ responseId: z.string() });

const PUBLIC_COMMENTS = 100;

const newestFirst = (a: ConsultationResponse, b: ConsultationResponse) => b.respondedAt.localeCompare(a.respondedAt);

/** The public view: the question while open; the question and its summary once closed. */
export function publicView(consultation: Consultation, responses: () => ConsultationResponse[], now: Date): z.infer<typeof consultationSchema> {
  const status = statusOf(consultation, now);
  const { consultationId, title, description, options, townshipCode, openedAt, closesAt } = consultation;
  const view = { consultationId, title, description, options, ...(townshipCode ? { townshipCode } : {}), openedAt, closesAt, status };
  if (status === 'open') return view;
  const all = responses();
  const shown = all.filter((r) => r.comment && !r.hidden).sort(newestFirst);
  return {
    ...view,
    summary: {
      closedAt: consultation.closedAt ?? closesAt,
      responses: all.length,
      counts: tally(consultation, all).counts,
      ...(consultation.conclusion ? { conclusion: consultation.conclusion } : {}),
      comments: shown.slice(0, PUBLIC_COMMENTS).map((r) => ({ comment: r.comment ?? '', respondedAt: r.respondedAt })),
    },
  };
}

/** The committee's results view. */
export function resultsView(consultation: Consultation, responses: readonly ConsultationResponse[], now: Date): z.infer<typeof resultsSchema> {
  const figures = tally(consultation, responses);
  return {
    consultationId: consultation.consultationId,
    title: consultation.title,
    options: consultation.options,
    status: statusOf(consultation, now),
    closesAt: consultation.closesAt,
    ...figures,
    ranking: [...figures.counts].sort((a, b) => a.rank - b.rank || a.index - b.index),
    items: [...responses].sort(newestFirst),
  };
}

/** The results as CSV rows: the counts, then every response (hidden ones marked). */
export function resultsCsv(results: z.infer<typeof resultsSchema>): (string | number)[][] {
  return [
    ['section', 'rank', 'option', 'chosen', 'chosenFirst', 'respondedAt', 'choices', 'comment', 'hidden'],
    ...results.ranking.map((c) => ['count', c.rank, c.option, c.chosen, c.first, '', '', '', '']),
    ...results.items.map((r) => [
      'response',
      '',
      '',
      '',
      '',
      r.respondedAt,
      r.choices.map((c) => results.options[c] ?? String(c)).join(' > '),
      r.comment ?? '',
      r.hidden ? 'yes' : 'no',
    ]),
  ];
}
