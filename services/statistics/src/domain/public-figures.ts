import type { MessageFacts } from './facts.ts';
import { groupBy, median, replyHours, tallyMessages } from './tally.ts';

/** Fewer messages than this and a deputy's figures say too little to be shown (样本过少). */
export const MINIMUM_SAMPLE = 5;

/** How the public figures are counted, in the words the public pages show. */
export const RESPONSIVENESS_METHOD =
  '统计近12个月内交由该代表答复、且已答复或已过答复期限的留言；按时答复指在答复时限内作出首次答复；答复用时取中位数；满意率按群众评价计算。不足5条不作统计。';

/** A deputy's responsiveness over the last 12 months, as the public profile shows it. */
export interface Responsiveness {
  since: string;
  /** Messages the deputy was answerable for whose reply was due, or that were answered. */
  messages: number;
  /** Null when there are too few messages to say. */
  answeredOnTime: number | null;
  medianReplyHours: number | null;
  /** Ratings given, and how many of them satisfied; null when there are too few messages. */
  rated: number | null;
  satisfied: number | null;
  enough: boolean;
  minimum: number;
  method: string;
}

/** The 12 months before `now`. */
export const twelveMonthsBefore = (now: Date) =>
  new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), now.getUTCDate(), now.getUTCHours(), now.getUTCMinutes())).toISOString();

/**
 * A deputy's public responsiveness from the messages they were answerable for. A message still
 * inside its reply time and unanswered is not yet counted: it has not had its chance.
 */
export function responsiveness(messages: readonly MessageFacts[], now: Date): Responsiveness {
  const since = twelveMonthsBefore(now);
  const counted = messages.filter((m) => m.submittedAt && m.submittedAt >= since && (m.firstReplyAt || (m.replyDueAt && m.replyDueAt < now.toISOString())));
  const enough = counted.length >= MINIMUM_SAMPLE;
  const rated = counted.filter((m) => m.rating);
  const hours = counted.map(replyHours).filter((h): h is number => h !== undefined);
  return {
    since,
    messages: counted.length,
    answeredOnTime: enough ? counted.filter((m) => m.firstReplyAt && m.firstReplyWithinSla).length : null,
    medianReplyHours: enough ? median(hours) : null,
    rated: enough ? rated.length : null,
    satisfied: enough ? rated.filter((m) => m.rating === 'satisfied').length : null,
    enough,
    minimum: MINIMUM_SAMPLE,
    method: RESPONSIVENESS_METHOD,
  };
}

/** A matter a unit solved, as a station's public page lists it: never the citizen's text, name or phone. */
export interface SolvedMatter {
  category: string;
  townshipCode: string | null;
  resolvedOn: string;
  result: string;
}

/** A station's public figures for a year. */
export interface StationFigures {
  stationCode: string;
  year: number;
  received: number;
  answered: number;
  resolved: number;
  latestSolved: SolvedMatter[];
}

/** How many solved matters a station's page lists. */
export const LATEST_SOLVED = 5;

/** A station's year: messages left by its QR code (站码), answered, resolved, and the latest solved. */
export function stationFigures(stationCode: string, year: number, messages: readonly MessageFacts[], cityDate: (at: string) => string): StationFigures {
  const own = messages.filter((m) => m.stationCode === stationCode && m.submittedAt && cityDate(m.submittedAt).startsWith(`${year}-`));
  const solved = own.filter((m) => m.resolvedAt && m.result).sort((a, b) => b.resolvedAt!.localeCompare(a.resolvedAt!));
  return {
    stationCode,
    year,
    received: own.length,
    answered: own.filter((m) => m.firstReplyAt).length,
    resolved: own.filter((m) => m.resolvedAt).length,
    latestSolved: solved
      .slice(0, LATEST_SOLVED)
      .map((m) => ({ category: m.category ?? 'other', townshipCode: m.townshipCode ?? null, resolvedOn: cityDate(m.resolvedAt!), result: m.result! })),
  };
}

/** The open-data table's columns (`GET /v1/public/stats.csv`). */
export const OPEN_DATA_COLUMNS = [
  'month',
  'townshipCode',
  'category',
  'received',
  'answered',
  'answeredOnTime',
  'escalated',
  'resolved',
  'resolvedOnTime',
  'satisfied',
  'basicallySatisfied',
  'unsatisfied',
] as const;

/** Aggregated figures per month, township and category: counts only, nothing about anyone. */
export function openDataRows(messages: readonly MessageFacts[], cityDate: (at: string) => string): (string | number)[][] {
  const received = messages.filter((m) => m.submittedAt && m.category);
  const key = (m: MessageFacts) => [cityDate(m.submittedAt!).slice(0, 7), m.townshipCode ?? 'unknown', m.category!].join('|');
  return groupBy(received, key).map(([k, ms]) => {
    const t = tallyMessages(ms, () => false);
    return [
      ...k.split('|'),
      t.received,
      t.answered,
      t.answeredOnTime,
      t.escalated,
      t.resolved,
      t.resolvedOnTime,
      t.satisfaction.satisfied,
      t.satisfaction.basically,
      t.satisfaction.unsatisfied,
    ];
  });
}
