import type { CaseFacts, DeputyFacts, MessageFacts, UnitCaseFacts } from './facts.ts';
import {
  addRating,
  DAY_MS,
  elapsed,
  type EndOfDay,
  groupBy,
  median,
  type MessageTally,
  replyOverdue,
  type Satisfaction,
  tallyMessages,
  unitOverdue,
} from './tally.ts';

/** A period of city dates, both ends included. */
export interface Period {
  from: string;
  to: string;
}

/** Periods longer than this are also given by week. */
export const DAILY_UP_TO_DAYS = 62;

/** What the figures are read from: the messages received in the period and the units' cases. */
export interface FigureSources {
  period: Period;
  messages: readonly MessageFacts[];
  /** The cases units hold that were forwarded in the period or after it. */
  unitCases: readonly UnitCaseFacts[];
  cases: ReadonlyMap<string, CaseFacts>;
  now: Date;
  /** The city date of a UTC time. */
  cityDate: (at: string) => string;
  endOfDay: EndOfDay;
}

/** `GET /v1/stats/overview`: the period's totals and each breakdown. */
export interface Overview extends MessageTally {
  from: string;
  to: string;
  byCategory: (MessageTally & { category: string })[];
  byTownship: (MessageTally & { townshipCode: string })[];
  byDay: (MessageTally & { date: string })[];
  /** Only for periods longer than {@link DAILY_UP_TO_DAYS} days: weeks starting on Monday. */
  byWeek?: (MessageTally & { week: string })[];
}

/** Whether a message is overdue now: its deputy's reply, or its case at a unit. */
function overdueCheck(sources: FigureSources): (m: MessageFacts) => boolean {
  const unitsByCase = new Map(groupBy(sources.unitCases, (u) => u.caseId));
  return (m) =>
    replyOverdue(m, sources.now) ||
    (!!m.caseId && (unitsByCase.get(m.caseId) ?? []).some((u) => unitOverdue(u, !!sources.cases.get(u.caseId)?.closedAt, sources.now, sources.endOfDay)));
}

/** The Monday of a city date's week. */
export function weekOf(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  const monday = new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS);
  return monday.toISOString().slice(0, 10);
}

/** The committee's overview of the messages received in a period. */
export function overview(sources: FigureSources): Overview {
  const overdue = overdueCheck(sources);
  const tally = (messages: readonly MessageFacts[]) => tallyMessages(messages, overdue);
  const received = sources.messages.filter((m) => m.submittedAt);
  const dateOf = (m: MessageFacts) => sources.cityDate(m.submittedAt!);
  const days = (Date.parse(sources.period.to) - Date.parse(sources.period.from)) / DAY_MS + 1;
  return {
    from: sources.period.from,
    to: sources.period.to,
    ...tally(received),
    byCategory: groupBy(received, (m) => m.category).map(([category, ms]) => ({ category, ...tally(ms) })),
    byTownship: groupBy(received, (m) => m.townshipCode ?? 'unknown').map(([townshipCode, ms]) => ({ townshipCode, ...tally(ms) })),
    byDay: groupBy(received, dateOf).map(([date, ms]) => ({ date, ...tally(ms) })),
    ...(days > DAILY_UP_TO_DAYS ? { byWeek: groupBy(received, (m) => weekOf(dateOf(m))).map(([week, ms]) => ({ week, ...tally(ms) })) } : {}),
  };
}

/** One deputy's line in `GET /v1/stats/deputies`. */
export interface DeputyFigures extends MessageTally {
  deputyCode: string;
  name: string | null;
  townshipCode: string | null;
}

/** Per deputy: the messages they became answerable for in the period. */
export function deputyFigures(sources: FigureSources, roster: ReadonlyMap<string, DeputyFacts>, townshipCode?: string): DeputyFigures[] {
  const overdue = overdueCheck(sources);
  return groupBy(
    sources.messages.filter((m) => m.submittedAt),
    (m) => m.deputyCode,
  )
    .map(([deputyCode, ms]) => ({
      deputyCode,
      name: roster.get(deputyCode)?.name ?? null,
      townshipCode: roster.get(deputyCode)?.townshipCode ?? null,
      ...tallyMessages(ms, overdue),
    }))
    .filter((d) => townshipCode === undefined || d.townshipCode === townshipCode);
}

/** One handling unit's line in `GET /v1/stats/units`. */
export interface UnitFigures {
  unitCode: string;
  unitName: string | null;
  received: number;
  acceptedOnTime: number;
  resolved: number;
  resolvedOnTime: number;
  overdueNow: number;
  medianDaysToResolve: number | null;
  satisfaction: Satisfaction;
}

/** Per handling unit: the cases forwarded to it in the period. */
export function unitFigures(sources: FigureSources): UnitFigures[] {
  const forwarded = sources.unitCases.filter(
    (u) => u.forwardedAt && sources.cityDate(u.forwardedAt) >= sources.period.from && sources.cityDate(u.forwardedAt) <= sources.period.to,
  );
  return groupBy(forwarded, (u) => u.unitCode).map(([unitCode, cases]) => {
    const satisfaction: Satisfaction = { satisfied: 0, basically: 0, unsatisfied: 0 };
    const days: number[] = [];
    let acceptedOnTime = 0;
    let resolved = 0;
    let resolvedOnTime = 0;
    let overdueNow = 0;
    for (const u of cases) {
      const whole = sources.cases.get(u.caseId);
      if (u.acceptedAt && u.acceptDueAt && u.acceptedAt <= u.acceptDueAt) acceptedOnTime++;
      if (u.resolvedAt) {
        resolved++;
        if (u.resolvedOnTime) resolvedOnTime++;
        days.push(elapsed(u.forwardedAt!, u.resolvedAt, DAY_MS));
        // The citizen rates the result: the unit that resolved the case answers for it.
        addRating(satisfaction, whole?.rating);
      }
      if (unitOverdue(u, !!whole?.closedAt, sources.now, sources.endOfDay)) overdueNow++;
    }
    const unitName = cases.find((u) => u.unitName)?.unitName ?? null;
    return {
      unitCode,
      unitName,
      received: cases.length,
      acceptedOnTime,
      resolved,
      resolvedOnTime,
      overdueNow,
      medianDaysToResolve: median(days),
      satisfaction,
    };
  });
}
