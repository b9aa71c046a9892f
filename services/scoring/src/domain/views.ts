import { z } from 'zod';
import type { FlagReason } from './flags-and-ranking.ts';
import type { LedgerEntry } from './ledger.ts';
import { ACTIVITY_KINDS } from './rules.ts';

/**
 * What scoring's routes answer (`docs/api.md`). The use cases that build them are typed by these
 * schemas, so the reference cannot drift from the answers.
 */

const FLAG_REASONS = ['absences_without_leave', 'no_voter_report', 'mute', 'term_ended'] as const satisfies readonly FlagReason[];

/** One line of a deputy's points ledger (台账). */
export const ledgerEntrySchema = z.object({
  entryId: z.string(),
  deputyCode: z.string(),
  year: z.number().int(),
  rule: z.string(),
  points: z.number(),
  reason: z.string(),
  /** `activity:<id>`, `event:<eventId>` or `reversal:<entryId>`. */
  source: z.string(),
  at: z.string(),
  /** The entry this one cancels. */
  reverses: z.string().optional(),
}) satisfies z.ZodType<LedgerEntry>;

/** `POST /v1/activities` → 201: the activity and the ledger entries it made (none for an approved absence). */
export const recordedActivitySchema = z.object({
  activityId: z.string(),
  deputyCode: z.string(),
  kind: z.enum(ACTIVITY_KINDS),
  date: z.string(),
  entries: z.array(ledgerEntrySchema),
});

/** The duty archive of a deputy's year (履职档案). */
export const dutyArchiveSchema = z.object({
  deputyCode: z.string(),
  name: z.string(),
  year: z.number().int(),
  points: z.object({
    total: z.number(),
    base: z.number(),
    bonus: z.number(),
    deductions: z.number(),
    /** Per rule: points earned, points counted under the yearly cap, the cap. */
    byRule: z.record(z.string(), z.object({ earned: z.number(), counted: z.number(), cap: z.number().optional() })),
  }),
  entries: z.array(
    z.object({
      at: z.string(),
      rule: z.string(),
      points: z.number(),
      reason: z.string(),
      source: z.string(),
      entryId: z.string(),
      reverses: z.string().optional(),
    }),
  ),
  stats: z.object({
    messages: z.number().int(),
    answeredOnTime: z.number().int(),
    /** 0–100 (满意 100, 基本满意 80, 不满意 0); null before any rating. */
    averageSatisfaction: z.number().nullable(),
    ratings: z.number().int(),
    absencesWithoutLeave: z.number().int(),
    voterReports: z.number().int(),
    suggestions: z.number().int(),
  }),
  flags: z.array(z.object({ reason: z.enum(FLAG_REASONS), text: z.string(), flaggedAt: z.string() })),
  /** Year-end flags count only once the year is over. */
  yearOver: z.boolean(),
});
export type DutyArchive = z.infer<typeof dutyArchiveSchema>;

/** One deputy of a year's ranking. */
export const rankedSchema = z.object({
  rank: z.number().int(),
  deputyCode: z.string(),
  name: z.string(),
  townshipCode: z.string(),
  total: z.number(),
  /** 优秀等次 for the top share, everyone tied at the cut included. */
  grade: z.enum(['excellent', 'qualified']),
});
export type RankedDeputy = z.infer<typeof rankedSchema>;

export const rankingSchema = z.object({ year: z.number().int(), scope: z.string(), items: z.array(rankedSchema), nextCursor: z.null() });

export const publishedRankingSchema = z.object({ year: z.number().int(), deputies: z.number().int(), excellent: z.array(z.string()) });

/** Deputies flagged for the committee: a recommendation, never a removal. */
export const flagsSchema = z.object({
  year: z.number().int(),
  items: z.array(
    z.object({ deputyCode: z.string(), reason: z.enum(FLAG_REASONS), flaggedAt: z.string(), name: z.string().nullable(), townshipCode: z.string().nullable() }),
  ),
  nextCursor: z.null(),
});
