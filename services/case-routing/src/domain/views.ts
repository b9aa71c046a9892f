import { z } from 'zod';
import { toCsv } from '../../../../shared/runtime/csv.ts';
import { FINISHED } from './access.ts';
import { reporters } from './merge.ts';
import { currentDeadline, urgency, type Case, type CaseStatus, type CaseStep } from './case.ts';
import { everSupervised, finishedAt, ratingOf } from './supervision.ts';

export const CASE_STATUSES = [
  'under_review',
  'returned',
  'declined',
  'forwarded',
  'in_progress',
  'reassign_requested',
  'resolved',
  'reopened',
  'closed',
] as const satisfies readonly CaseStatus[];
const CASE_STEPS = [
  'opened',
  'forwarded',
  'returned',
  'declined',
  'accepted',
  'progress',
  'resolved',
  'reassign_requested',
  'reopened',
  'overdue',
  'closed',
  'merged',
  'registered',
  'referred',
  'assisted',
  'meeting',
  'answered',
  'evaluated',
] as const satisfies readonly CaseStep[];

/** One line of a case's ledger (台账). */
const ledgerEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  step: z.enum(CASE_STEPS),
  actor: z.object({
    role: z.enum(['citizen', 'deputy', 'township_reviewer', 'city_reviewer', 'unit_handler', 'admin', 'system']),
    code: z.string().optional(),
    name: z.string().optional(),
  }),
  note: z.string().optional(),
  deadline: z.string().optional(),
  overdue: z.boolean(),
  unitCode: z.string().optional(),
});

const unitSchema = z.object({ code: z.string(), name: z.string() });

/** A deputy's suggestion or motion as it rides on its case (建议、议案). */
export const suggestionViewSchema = z.object({
  suggestionId: z.string(),
  kind: z.enum(['suggestion', 'motion']),
  title: z.string(),
  content: z.string(),
  problem: z.string().optional(),
  solution: z.string().optional(),
  coSignerCodes: z.array(z.string()),
  submittedAt: z.string(),
  assistingUnits: z.array(unitSchema),
  /** 重点督办. */
  keySupervision: z.boolean(),
  registeredAt: z.string().optional(),
  referredReason: z.string().optional(),
  assistInputs: z.array(z.object({ unitCode: z.string(), unitName: z.string(), note: z.string(), at: z.string(), round: z.number().int() })),
  meetings: z.array(z.object({ date: z.string(), attendees: z.array(z.string()), note: z.string().optional(), at: z.string() })),
  answer: z
    .object({ resultClass: z.enum(['solved', 'being_solved', 'planned', 'explained']), text: z.string(), at: z.string(), round: z.number().int() })
    .optional(),
  evaluations: z.array(
    z.object({ satisfaction: z.enum(['satisfied', 'basically', 'unsatisfied']), comment: z.string().optional(), at: z.string(), round: z.number().int() }),
  ),
  /** 2 once an unsatisfied evaluation sent it back for a second handling. */
  round: z.number().int(),
});

/** A case as staff see it (`GET /v1/cases/{caseId}` and every case list). */
export const caseViewSchema = z.object({
  caseId: z.string(),
  messageId: z.string().nullable(),
  kind: z.enum(['problem', 'suggestion']),
  status: z.enum(CASE_STATUSES),
  deputyCode: z.string(),
  reviewLevel: z.enum(['city', 'township']),
  townshipCode: z.string().nullable(),
  category: z.string(),
  suggestedUnitCode: z.string().nullable(),
  unitCode: z.string().nullable(),
  unitName: z.string().nullable(),
  dueDate: z.string().nullable(),
  committedDate: z.string().nullable(),
  result: z.string().nullable(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  /** When it finished: closed, declined or returned. */
  finishedAt: z.string().nullable(),
  /** The citizen's rating of the result when it closed. */
  rating: z.enum(['satisfied', 'basically_satisfied', 'unsatisfied']).nullable(),
  /** The deadline of the stage the case is in. */
  deadline: z.object({ stage: z.enum(['review', 'acceptance', 'resolution']), dueAt: z.string() }).nullable(),
  overdue: z.boolean(),
  /** 红黄绿灯: red overdue, yellow within a day, green within three. */
  urgency: z.enum(['green', 'yellow', 'red']).nullable(),
  ledger: z.array(ledgerEntrySchema),
  /** The suggestion or motion, for a case of kind `suggestion`. */
  suggestion: suggestionViewSchema.nullable(),
  triage: z
    .object({ category: z.string(), unitCode: z.string().optional(), confidence: z.number() })
    .nullable()
    .describe("The category and unit the message's text suggests (智能分拣) with its confidence 0–1: never applied by itself."),
  similar: z
    .array(z.object({ caseId: z.string(), messageId: z.string(), score: z.number() }))
    .describe('Open cases reporting what looks like the same problem (相似诉求), closest first: candidates to merge.'),
  mergedInto: z.string().nullable().describe('The primary case this one was merged into and follows (合并办理).'),
  mergedCases: z.array(z.string()).describe('The cases merged into this one.'),
  reporters: z.number().int().describe('Citizens who reported the matter: this case and those merged into it.'),
});
export type CaseView = z.infer<typeof caseViewSchema>;

/** A list of cases, answered whole. */
export const caseListSchema = z.object({ items: z.array(caseViewSchema), nextCursor: z.null() });

/** A page of a list of cases (`?limit=&cursor=`). */
export const casePageSchema = z.object({ items: z.array(caseViewSchema), nextCursor: z.string().nullable() });

/** A case as staff see it: its facts, where it stands, its deadline and urgency, and its ledger. */
export function caseView(c: Case, now: Date, timeZone: string, similar: CaseView['similar'] = []): CaseView {
  const deadline = currentDeadline(c, timeZone);
  return {
    caseId: c.caseId,
    messageId: c.messageId ?? null,
    kind: c.kind,
    status: c.status,
    deputyCode: c.deputyCode,
    reviewLevel: c.reviewLevel,
    townshipCode: c.townshipCode ?? null,
    category: c.category,
    suggestedUnitCode: c.suggestedUnitCode ?? null,
    unitCode: c.unitCode ?? null,
    unitName: c.unitName ?? null,
    dueDate: c.dueDate ?? null,
    committedDate: c.committedDate ?? null,
    result: c.result ?? null,
    openedAt: c.openedAt,
    closedAt: c.closedAt ?? null,
    finishedAt: finishedAt(c) ?? null,
    rating: ratingOf(c) ?? null,
    deadline: deadline ?? null,
    overdue: deadline ? deadline.dueAt < now.toISOString() : false,
    urgency: urgency(c, now, timeZone) ?? null,
    ledger: c.ledger,
    suggestion: c.suggestion ?? null,
    triage: c.triage ?? null,
    similar,
    mergedInto: c.mergedInto ?? null,
    mergedCases: c.mergedCases ?? [],
    reporters: reporters(c),
  };
}

/** The closed-loop lists (问题清单、建议清单、督办清单). */
export type SupervisionList = 'problems' | 'suggestions' | 'supervision';

/**
 * Whether a case belongs on a list: problems and suggestions by kind; supervision = overdue,
 * reopened, a direct answer the citizen sent to supervision, or a suggestion under key
 * supervision (重点督办), while not finished; once finished, any case that was ever supervised.
 */
export function onList(c: Case, list: SupervisionList, now: Date, timeZone: string): boolean {
  if (list === 'problems') return c.kind === 'problem';
  if (list === 'suggestions') return c.kind === 'suggestion';
  if (c.suggestion?.keySupervision && !FINISHED.has(c.status)) return true;
  if (FINISHED.has(c.status)) return everSupervised(c);
  if (c.supervisedAt) return true;
  return c.status === 'reopened' || urgency(c, now, timeZone) === 'red' || c.flaggedOverdue.length > 0;
}

/** A list as CSV, one line per case, with how it ended: the result, when it finished and the citizen's rating. */
export function supervisionCsv(rows: CaseView[]): string {
  const header = [
    'caseId',
    'kind',
    'status',
    'urgency',
    'deputyCode',
    'townshipCode',
    'category',
    'unitCode',
    'unitName',
    'dueDate',
    'committedDate',
    'openedAt',
    'deadline',
    'result',
    'finishedAt',
    'rating',
  ];
  return toCsv([
    header,
    ...rows.map((r) => [
      r.caseId,
      r.kind,
      r.status,
      r.urgency,
      r.deputyCode,
      r.townshipCode,
      r.category,
      r.unitCode,
      r.unitName,
      r.dueDate,
      r.committedDate,
      r.openedAt,
      r.deadline?.dueAt,
      // A declined or returned matter's outcome is the reviewer's reason.
      r.result ?? (r.finishedAt ? r.ledger.findLast((e) => e.step === r.status)?.note : undefined),
      r.finishedAt,
      r.rating,
    ]),
  ]);
}
