/**
 * Wall-clock time in the city's time zone (Asia/Shanghai for the demo): quiet hours, reminder days
 * and the dates in message texts are the city's, not UTC. Pure: every instant is passed in.
 */
import { offsetMinutes } from '../../../../shared/time/city-dates.ts';

/** The city's calendar date and minute of the day at an instant. */
export interface CityClock {
  /** `2026-03-05` */
  date: string;
  year: number;
  month: number;
  day: number;
  /** Minutes since the city's midnight, 0–1439. */
  minuteOfDay: number;
}

export function cityClock(at: Date, timeZone: string): CityClock {
  const local = new Date(at.getTime() + offsetMinutes(at, timeZone) * 60_000);
  return {
    date: local.toISOString().slice(0, 10),
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    minuteOfDay: local.getUTCHours() * 60 + local.getUTCMinutes(),
  };
}

/** The instant at which the city's clock shows `date` and `minuteOfDay`. */
export function cityInstant(date: string, minuteOfDay: number, timeZone: string): Date {
  const wall = Date.parse(`${date}T00:00:00Z`) + minuteOfDay * 60_000;
  const first = wall - offsetMinutes(new Date(wall), timeZone) * 60_000;
  // Where the offset changes that day, the offset at the result is the right one.
  return new Date(wall - offsetMinutes(new Date(first), timeZone) * 60_000);
}

/** Days in a month (1–12) of a year. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `HH:MM` → minutes since midnight. */
export function minutesOf(hhmm: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!match) throw new Error(`not a time of day: ${hhmm}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** An instant as Chinese readers write it in the city: `3月8日 09:30`. */
export function formatCityTime(at: Date, timeZone: string): string {
  const c = cityClock(at, timeZone);
  const hh = String(Math.floor(c.minuteOfDay / 60)).padStart(2, '0');
  const mm = String(c.minuteOfDay % 60).padStart(2, '0');
  return `${c.month}月${c.day}日 ${hh}:${mm}`;
}

/** A calendar date as Chinese readers write it: `2026-12-15` → `12月15日`. */
export function formatCityDate(date: string): string {
  const [, month, day] = date.split('-').map(Number);
  return `${month}月${day}日`;
}
