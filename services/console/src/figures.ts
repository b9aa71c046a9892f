import type { Tally } from './api/types.ts';
import { addDays, cityToday } from './labels.ts';

/**
 * How the committee's screens read the statistics service's counts: shares, durations and the
 * periods staff pick. The service answers counts only; every rate is worked out here, beside them.
 */

/** `part` of `whole` as a whole percentage, or a dash when there is nothing to divide. */
export function share(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 100)}%` : '—';
}

/** Hours as staff read them: hours under two days, days beyond. */
export function duration(hours: number | null): string {
  if (hours === null) return '—';
  return hours < 48 ? `${Math.round(hours * 10) / 10} 小时` : `${Math.round((hours / 24) * 10) / 10} 天`;
}

/** Citizens' ratings: the satisfied (满意 and 基本满意 counted apart) and how many rated at all. */
export function satisfaction(t: Pick<Tally, 'satisfaction'>) {
  const { satisfied, basically, unsatisfied } = t.satisfaction;
  const rated = satisfied + basically + unsatisfied;
  return { rated, satisfied: share(satisfied, rated), pleased: share(satisfied + basically, rated) };
}

/** A period the committee's figures cover: city dates, both included. */
export interface Period {
  from: string;
  to: string;
}

/** The periods offered at a click (近30天, 本月, 本季度, 本年, 上年). */
export type PeriodPreset = 'last30' | 'month' | 'quarter' | 'year' | 'lastYear';

export const PERIOD_PRESETS: Record<PeriodPreset, string> = {
  last30: '近30天',
  month: '本月',
  quarter: '本季度',
  year: '本年',
  lastYear: '上年',
};

/** A preset's dates as of `today` (the city's date). */
export function presetPeriod(preset: PeriodPreset, today = cityToday()): Period {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  switch (preset) {
    case 'last30':
      return { from: addDays(today, -29), to: today };
    case 'month':
      return { from: `${today.slice(0, 7)}-01`, to: today };
    case 'quarter':
      return { from: `${year}-${String(month - ((month - 1) % 3)).padStart(2, '0')}-01`, to: today };
    case 'year':
      return { from: `${year}-01-01`, to: today };
    case 'lastYear':
      return { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` };
  }
}

/** The preset a period is, if any. */
export function presetOf(period: Period, today = cityToday()): PeriodPreset | undefined {
  return (Object.keys(PERIOD_PRESETS) as PeriodPreset[]).find((p) => {
    const dates = presetPeriod(p, today);
    return dates.from === period.from && dates.to === period.to;
  });
}

/** The longest period the statistics service answers at once (its `MAX_PERIOD_DAYS`). */
export const LONGEST_PERIOD_DAYS = 366;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether the service will take the period: two dates, from before to, and not longer than it allows. */
export function periodIsValid(period: Period): boolean {
  const dates = [period.from, period.to];
  if (!dates.every((d) => DATE.test(d) && !Number.isNaN(Date.parse(d)))) return false;
  return period.from <= period.to && addDays(period.from, LONGEST_PERIOD_DAYS - 1) >= period.to;
}

/** Every date from `from` to `to` (both `YYYY-MM-DD`, included), `stepDays` apart. */
export function datesBetween(from: string, to: string, stepDays = 1): string[] {
  const dates: string[] = [];
  for (let date = from; date <= to; date = addDays(date, stepDays)) dates.push(date);
  return dates;
}

/** The Monday of a date's week, as the service keys its weeks. */
export function mondayOf(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

/**
 * A breakdown by date laid on every date of a period, `undefined` where nothing happened: the
 * service lists only dates with figures, and a trend's axis must keep time evenly.
 */
export function onEveryDate<T>(rows: readonly T[], dateOf: (row: T) => string, dates: readonly string[]): (T | undefined)[] {
  const byDate = new Map(rows.map((row) => [dateOf(row), row]));
  return dates.map((date) => byDate.get(date));
}
