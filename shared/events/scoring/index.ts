import { z } from 'zod';
import { defineEvent } from '../envelope.ts';

/**
 * Events of the scoring service (积分制, 履职档案): every change to a deputy's points ledger, the
 * flags for the committee, and the published yearly ranking. Deputies are public office holders;
 * nothing here is about citizens.
 */
const source = 'minqing.scoring' as const;
const id = z.string().min(1).max(128);

const entry = z
  .object({
    entryId: id,
    deputyCode: id,
    year: z.number().int(),
    rule: z.string(),
    points: z.number(),
    source: z.string().describe('What caused it: `activity:<id>`, `event:<eventId>`, or `reversal:<entryId>`.'),
    reverses: id.optional(),
  })
  .strict();

export const PointsAwarded = defineEvent({
  source,
  detailType: 'PointsAwarded',
  schemaVersion: '1.0',
  description: "A ledger entry added points to a deputy's year (正向加分).",
  data: entry,
  sample: { entryId: 'D0001-2026-activity-a1-meeting', deputyCode: 'D0001', year: 2026, rule: 'meeting', points: 2, source: 'activity:a1' },
});

export const PointsDeducted = defineEvent({
  source,
  detailType: 'PointsDeducted',
  schemaVersion: '1.0',
  description: "A ledger entry took points from a deputy's year (反向扣分), or reversed an award.",
  data: entry,
  sample: { entryId: 'D0001-2026-event-e1-reply_overdue', deputyCode: 'D0001', year: 2026, rule: 'reply_overdue', points: -1, source: 'event:e1' },
});

export const DeputyFlagged = defineEvent({
  source,
  detailType: 'DeputyFlagged',
  schemaVersion: '1.0',
  description: 'A deputy is flagged for the committee (定标退出的提示): a recommendation, never an automatic removal.',
  data: z
    .object({
      deputyCode: id,
      year: z.number().int(),
      reason: z.enum(['absences_without_leave', 'no_voter_report', 'mute', 'term_ended']),
      townshipCode: id.optional(),
    })
    .strict(),
  sample: { deputyCode: 'D0001', year: 2026, reason: 'absences_without_leave', townshipCode: 'lucheng' },
});

export const RankingPublished = defineEvent({
  source,
  detailType: 'RankingPublished',
  schemaVersion: '1.0',
  description: "The committee published the year's ranking; the top share is graded excellent (优秀等次).",
  data: z.object({ year: z.number().int(), deputies: z.number().int(), excellent: z.array(id) }).strict(),
  sample: { year: 2026, deputies: 258, excellent: ['D0001', 'D0002'] },
});

/** Every contract the scoring service publishes. */
export const scoringEvents = [PointsAwarded, PointsDeducted, DeputyFlagged, RankingPublished] as const;
