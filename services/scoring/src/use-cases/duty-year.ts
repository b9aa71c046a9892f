import { eventsOf } from '../../../../shared/domain/transition.ts';
import { createEvent, type EventCause } from '../../../../shared/events/envelope.ts';
import { InvalidInputError } from '../../../../shared/runtime/errors.ts';
import { FLAG_TEXT, flagEmitted, flagsFor, rank, type Flag, type FlagReason } from '../domain/flags-and-ranking.ts';
import { entriesEmitted, score, type Contribution } from '../domain/ledger.ts';
import { rulesFor, type ScoringRules } from '../domain/rules.ts';
import type { DeputyRoster, KnownDeputy, Ledger, YearTotals } from '../ports.ts';
import type { DutyArchive, RankedDeputy } from '../domain/views.ts';

export interface ScoringPorts {
  ledger: Ledger;
  deputies: DeputyRoster;
  rules: readonly ScoringRules[];
  /** The city its events are stamped with, and the clock that dates them when they are published. */
  events: { city: string; clock: () => Date };
}

/** The envelope context of the events a change publishes now. */
function emitContext(ports: ScoringPorts, cause: EventCause | undefined) {
  return { city: ports.events.city, now: ports.events.clock(), cause };
}

/** The rules of a year; a year before the city's first rules is a 400 naming `year`. */
export function yearRules(ports: ScoringPorts, year: number): ScoringRules {
  const rules = rulesFor(ports.rules, year);
  if (!rules) throw new InvalidInputError('The year is not valid.', [{ path: 'year', message: `no scoring rules for ${year}` }]);
  return rules;
}

/** Whether the city's year is over at `now` (year-end flags only count then). */
export function yearOver(year: number, now: Date, timeZone: string): boolean {
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric' }).format(now)) > year;
}

/** Applies a contribution and raises the flags it may have tipped over (absences), once each. */
export async function contribute(ports: ScoringPorts, contribution: Contribution, cause: EventCause | undefined, now: Date, timeZone: string): Promise<void> {
  const counted = await ports.ledger.apply(contribution, eventsOf(entriesEmitted(contribution), emitContext(ports, cause)));
  if (!counted || !contribution.stats.absencesWithoutLeave) return;
  await raiseFlags(ports, contribution.deputyCode, contribution.year, now, timeZone, cause);
}

/** Evaluates a deputy's year and raises every flag it deserves (each once). */
export async function raiseFlags(
  ports: ScoringPorts,
  deputyCode: string,
  year: number,
  now: Date,
  timeZone: string,
  cause?: EventCause,
): Promise<FlagReason[]> {
  const [totals, deputy] = await Promise.all([ports.ledger.totals(deputyCode, year), ports.deputies.get(deputyCode)]);
  const reasons = flagsFor(factsOf(totals, deputy), yearRules(ports, year), yearOver(year, now, timeZone));
  for (const reason of reasons) await raiseFlag(ports, { deputyCode, year, reason, townshipCode: deputy?.townshipCode }, cause);
  return reasons;
}

/** Raises one flag for the committee, once; false when it was raised before. */
export function raiseFlag(ports: ScoringPorts, flag: Flag, cause?: EventCause): Promise<boolean> {
  const { contract, data } = flagEmitted(flag);
  return ports.ledger.flag(flag, createEvent(contract, data, emitContext(ports, cause)));
}

function factsOf(totals: YearTotals, deputy: KnownDeputy | undefined) {
  return {
    absencesWithoutLeave: totals.stats.absencesWithoutLeave,
    voterReports: totals.stats.voterReports,
    suggestions: totals.stats.suggestions,
    answered: totals.stats.answered,
    termEnded: deputy?.termEnded ?? false,
  };
}

/** The duty archive of a deputy's year (履职档案), with the detail behind each number (`docs/api.md`). */
export async function dutyArchive(ports: ScoringPorts, deputy: KnownDeputy, year: number, now: Date, timeZone: string): Promise<DutyArchive> {
  const rules = yearRules(ports, year);
  const [totals, entries, flags] = await Promise.all([
    ports.ledger.totals(deputy.code, year),
    ports.ledger.entries(deputy.code, year),
    ports.ledger.flags(year),
  ]);
  const points = score(totals.byRule, rules);
  const { stats } = totals;
  return {
    deputyCode: deputy.code,
    name: deputy.name,
    year,
    points: { total: points.total, base: points.base, bonus: points.bonus, deductions: points.deductions, byRule: points.byRule },
    entries: entries.map((e) => ({
      at: e.at,
      rule: e.rule,
      points: e.points,
      reason: e.reason,
      source: e.source,
      entryId: e.entryId,
      ...(e.reverses ? { reverses: e.reverses } : {}),
    })),
    stats: {
      messages: stats.messages,
      answeredOnTime: stats.answeredOnTime,
      averageSatisfaction: stats.ratingCount > 0 ? Math.round((stats.ratingSum / stats.ratingCount) * 10) / 10 : null,
      ratings: stats.ratingCount,
      absencesWithoutLeave: stats.absencesWithoutLeave,
      voterReports: stats.voterReports,
      suggestions: stats.suggestions,
    },
    flags: flags.filter((f) => f.deputyCode === deputy.code).map((f) => ({ reason: f.reason, text: FLAG_TEXT[f.reason], flaggedAt: f.flaggedAt })),
    yearOver: yearOver(year, now, timeZone),
  };
}

/**
 * The year's ranking of every known deputy (those with no activity stand at the base points),
 * city-wide or within one township (the share graded excellent applies within the scope).
 */
export async function yearRanking(ports: ScoringPorts, year: number, townshipCode?: string): Promise<RankedDeputy[]> {
  const rules = yearRules(ports, year);
  const [everyone, totals] = await Promise.all([ports.deputies.all(), ports.ledger.yearTotals(year)]);
  const byDeputy = new Map(totals.map((t) => [t.deputyCode, t]));
  const scores = everyone.map((d) => ({
    deputyCode: d.code,
    name: d.name,
    townshipCode: d.townshipCode,
    total: score(byDeputy.get(d.code)?.byRule ?? {}, rules).total,
  }));
  const ranked = rank(townshipCode ? scores.filter((s) => s.townshipCode === townshipCode) : scores, rules.excellentShare, rules.base);
  const township = new Map(scores.map((s) => [s.deputyCode, s.townshipCode]));
  return ranked.map((r) => ({ ...r, townshipCode: township.get(r.deputyCode)! }));
}
