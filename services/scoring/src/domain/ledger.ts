import { PointsAwarded, PointsDeducted } from '../../../../shared/events/scoring/index.ts';
import { emit, type Emitted } from '../../../../shared/domain/transition.ts';
import { isDeduction, type ActivityKind, type ScoringRules } from './rules.ts';

/** One line of a deputy's points ledger (台账): append-only; a correction is another line. */
export interface LedgerEntry {
  entryId: string;
  deputyCode: string;
  year: number;
  rule: string;
  points: number;
  /** Why, in the committee's words (shown in the duty archive). */
  reason: string;
  /** What caused it: `activity:<id>`, `event:<eventId>` or `reversal:<entryId>`. */
  source: string;
  at: string;
  reverses?: string;
}

/** Counters a source adds to a deputy's year besides points (statistics, flag inputs). */
export interface StatIncrements {
  messages?: number;
  answeredOnTime?: number;
  answered?: number;
  ratingSum?: number;
  ratingCount?: number;
  absencesWithoutLeave?: number;
  voterReports?: number;
  suggestions?: number;
}

/** What one source (an activity, an event) does to a deputy's year. */
export interface Contribution {
  deputyCode: string;
  year: number;
  /** Idempotency key of the source: the same source never counts twice. */
  sourceId: string;
  entries: LedgerEntry[];
  stats: StatIncrements;
}

/** Ratings as a 0–100 satisfaction score (满意 100, 基本满意 80, 不满意 0). */
export const SATISFACTION = { satisfied: 100, basically_satisfied: 80, unsatisfied: 0 } as const;

const REASONS: Record<string, string> = {
  meeting: '出席会议',
  proposal: '提出议案',
  suggestion: '提出建议',
  inspection: '参加视察调研',
  voter_report: '向选民述职',
  reception_day: '参加代表固定接待日',
  training: '参加履职培训',
  practical_matter: '为群众办实事',
  absence_without_leave: '未经批准缺席',
  reply_overdue: '群众留言逾期未答复',
  citizen_unsatisfied: '群众评价不满意',
  answered_on_time: '按时答复群众留言',
};

function entry(deputyCode: string, year: number, sourceId: string, rule: string, points: number, at: string, note?: string): LedgerEntry {
  return {
    entryId: `${deputyCode}-${year}-${sourceId}-${rule}`,
    deputyCode,
    year,
    rule,
    points,
    reason: note ? `${REASONS[rule] ?? rule}：${note}` : (REASONS[rule] ?? rule),
    source: sourceId.replace(/^(activity|event)-/, '$1:'),
    at,
  };
}

/** An activity the committee recorded. */
export interface Activity {
  activityId: string;
  deputyCode: string;
  kind: ActivityKind;
  date: string;
  note?: string;
  approved?: boolean;
}

/**
 * What an activity is worth: its kind's points; an absence without approval is a deduction (and
 * counts towards the flag); an approved absence is recorded and worth nothing.
 */
export function contributionOfActivity(activity: Activity, rules: ScoringRules, at: string): Contribution {
  const year = Number(activity.date.slice(0, 4));
  const sourceId = `activity-${activity.activityId}`;
  const base = { deputyCode: activity.deputyCode, year, sourceId };
  if (activity.kind === 'absence') {
    if (activity.approved) return { ...base, entries: [], stats: {} };
    return {
      ...base,
      entries: [entry(activity.deputyCode, year, sourceId, 'absence_without_leave', rules.deductions.absence_without_leave, at, activity.note)],
      stats: { absencesWithoutLeave: 1 },
    };
  }
  const points = rules.activities[activity.kind] ?? 0;
  return {
    ...base,
    entries: points === 0 ? [] : [entry(activity.deputyCode, year, sourceId, activity.kind, points, at, activity.note)],
    stats: activity.kind === 'voter_report' ? { voterReports: 1 } : activity.kind === 'suggestion' ? { suggestions: 1 } : {},
  };
}

/** A message or case fact as scoring hears it. */
export type DutyFact =
  | { type: 'assigned'; deputyCode: string }
  | { type: 'replied'; deputyCode: string; closed: boolean; withinSla: boolean }
  | { type: 'reply_overdue'; deputyCode: string }
  | { type: 'rated'; deputyCode: string; rating: keyof typeof SATISFACTION; ratedStatus: 'answered' | 'resolved' }
  | { type: 'suggestion_registered'; deputyCode: string; kind: 'suggestion' | 'motion' }
  | { type: 'reception_day'; deputyCode: string };

/**
 * What a message fact is worth: an answer within the SLA earns points; an overdue reply and an
 * unsatisfied citizen cost points; a resolved matter the citizen is satisfied with counts as a
 * practical matter solved (办实事); a registered suggestion or motion earns its kind's points.
 * Statistics feed the archive and the "mute" flag.
 */
export function contributionOfFact(fact: DutyFact, eventId: string, year: number, rules: ScoringRules, at: string): Contribution {
  const sourceId = `event-${eventId}`;
  const base = { deputyCode: fact.deputyCode, year, sourceId };
  const make = (rule: string, points: number) => entry(fact.deputyCode, year, sourceId, rule, points, at);
  switch (fact.type) {
    case 'assigned':
      return { ...base, entries: [], stats: { messages: 1 } };
    case 'replied':
      if (!fact.closed) return { ...base, entries: [], stats: {} };
      return {
        ...base,
        entries: fact.withinSla && rules.messages.answered_on_time > 0 ? [make('answered_on_time', rules.messages.answered_on_time)] : [],
        stats: { answered: 1, ...(fact.withinSla ? { answeredOnTime: 1 } : {}) },
      };
    case 'reply_overdue':
      return { ...base, entries: [make('reply_overdue', rules.deductions.reply_overdue)], stats: {} };
    case 'rated': {
      const entries: LedgerEntry[] = [];
      if (fact.rating === 'unsatisfied') entries.push(make('citizen_unsatisfied', rules.deductions.citizen_unsatisfied));
      else if (fact.ratedStatus === 'resolved' && rules.messages.resolved_satisfied > 0)
        entries.push(make('practical_matter', rules.messages.resolved_satisfied));
      return { ...base, entries, stats: { ratingSum: SATISFACTION[fact.rating], ratingCount: 1 } };
    }
    case 'suggestion_registered': {
      // Registered (立案), not merely submitted: a motion scores as a proposal (议案), at the year's rate.
      const rule = fact.kind === 'motion' ? 'proposal' : 'suggestion';
      const points = rules.activities[rule] ?? 0;
      return { ...base, entries: points === 0 ? [] : [make(rule, points)], stats: { suggestions: 1 } };
    }
    case 'reception_day': {
      // 代表固定接待日, as recorded by hand (`reception_day` activity): the caller keys it by group and day.
      const points = rules.activities.reception_day ?? 0;
      return { ...base, entries: points === 0 ? [] : [make('reception_day', points)], stats: {} };
    }
  }
}

/** A correction: a new entry that cancels an old one (never an edit). */
export function reversalOf(original: LedgerEntry, note: string, at: string): Contribution {
  const sourceId = `reversal-${original.entryId}`;
  return {
    deputyCode: original.deputyCode,
    year: original.year,
    sourceId,
    entries: [
      {
        entryId: `${original.entryId}-reversed`,
        deputyCode: original.deputyCode,
        year: original.year,
        rule: original.rule,
        points: -original.points,
        reason: `更正：${note}`,
        source: `reversal:${original.entryId}`,
        at,
        reverses: original.entryId,
      },
    ],
    stats: {},
  };
}

/** Points are kept to two decimals, so sums of fractional rules do not depend on their order. */
export function roundPoints(points: number): number {
  return Math.round(points * 100) / 100;
}

/** Points summed per rule: what the ledger says before caps. */
export function sumByRule(entries: readonly Pick<LedgerEntry, 'rule' | 'points'>[]): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const e of entries) sums[e.rule] = roundPoints((sums[e.rule] ?? 0) + e.points);
  return sums;
}

/** A deputy's year in points: base, bonus (capped per rule), deductions, total. */
export interface Score {
  total: number;
  base: number;
  bonus: number;
  deductions: number;
  byRule: Record<string, { earned: number; counted: number; cap?: number }>;
}

/**
 * Scores a year from the ledger's sums per rule. Caps apply to sums, not to single entries, so the
 * total does not depend on the order entries arrived in — a replay rebuilds the same totals.
 */
export function score(byRule: Record<string, number>, rules: ScoringRules): Score {
  let bonus = 0;
  let deductions = 0;
  const detail: Score['byRule'] = {};
  for (const [rule, raw] of Object.entries(byRule)) {
    const earned = roundPoints(raw);
    if (isDeduction(rules, rule)) {
      const counted = Math.min(0, earned);
      deductions += counted;
      detail[rule] = { earned, counted };
    } else {
      const cap = rules.caps[rule];
      const counted = Math.max(0, cap === undefined ? earned : Math.min(earned, cap));
      bonus += counted;
      detail[rule] = { earned, counted, ...(cap === undefined ? {} : { cap }) };
    }
  }
  return {
    total: roundPoints(rules.base + bonus + deductions),
    base: rules.base,
    bonus: roundPoints(bonus),
    deductions: roundPoints(deductions),
    byRule: detail,
  };
}

/** What each entry of a contribution publishes, in the entries' order: points awarded, or deducted. */
export function entriesEmitted(contribution: Contribution): Emitted[] {
  return contribution.entries.map(({ entryId, deputyCode, year, rule, points, source, reverses }) =>
    emit(points >= 0 ? PointsAwarded : PointsDeducted, { entryId, deputyCode, year, rule, points, source, reverses }),
  );
}
