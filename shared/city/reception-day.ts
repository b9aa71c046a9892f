import { z } from 'zod';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

/**
 * 代表固定接待日: the day of the month each deputy group receives citizens at its station, and
 * the time slots citizens book on that day (`receptionDay` in `infra/cities/<name>.json`). One
 * source for the services that need it: notifications reminds the deputies the day before,
 * participation turns the day into bookable slots.
 */
export const receptionDaySchema = z
  .object({
    /** The day of the month, for every group without its own. */
    dayOfMonth: z.number().int().min(1).max(31).default(15),
    /** A group's own day, by group code. */
    byGroup: z.record(z.string(), z.number().int().min(1).max(31)).default({}),
    /** The slots of the day, in the city's time: from `from` to `to`, `minutes` each, `perSlot` citizens in each. */
    slots: z
      .object({
        from: hhmm.default('09:00'),
        to: hhmm.default('12:00'),
        minutes: z.number().int().min(10).max(240).default(30),
        perSlot: z.number().int().min(1).max(50).default(3),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type ReceptionDayRule = z.output<typeof receptionDaySchema>;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The day of a month a group receives citizens, kept inside the month (a 31st becomes the 30th in April). */
export function receptionDayOf(rule: Pick<ReceptionDayRule, 'dayOfMonth' | 'byGroup'>, groupCode: string, year: number, month: number): number {
  const wanted = rule.byGroup[groupCode] ?? rule.dayOfMonth;
  return Math.min(wanted, daysIn(year, month));
}

/** A group's reception dates (`YYYY-MM-DD`) from `today` on, in this month and the next `months - 1`. */
export function receptionDates(rule: ReceptionDayRule, groupCode: string, today: string, months = 2): string[] {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const dates: string[] = [];
  for (let i = 0; i < months; i += 1) {
    const y = year + Math.floor((month - 1 + i) / 12);
    const m = ((month - 1 + i) % 12) + 1;
    const date = `${y}-${String(m).padStart(2, '0')}-${String(receptionDayOf(rule, groupCode, y, m)).padStart(2, '0')}`;
    if (date >= today) dates.push(date);
  }
  return dates;
}

/** Whether `date` is a group's reception day. */
export function isReceptionDate(rule: ReceptionDayRule, groupCode: string, date: string): boolean {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return receptionDayOf(rule, groupCode, year, month) === day;
}

/** The slots of a reception day: `{start, end}` in `HH:MM`, city time. */
export function receptionSlots(rule: ReceptionDayRule): { start: string; end: string }[] {
  const minutes = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
  const text = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const slots: { start: string; end: string }[] = [];
  for (let m = minutes(rule.slots.from); m + rule.slots.minutes <= minutes(rule.slots.to); m += rule.slots.minutes)
    slots.push({ start: text(m), end: text(m + rule.slots.minutes) });
  return slots;
}
