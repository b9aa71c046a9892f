import type { Channel } from './channels.ts';
import { addDaysToDate } from '../../../../shared/time/city-dates.ts';
import { cityClock, cityInstant, minutesOf } from './city-time.ts';

/** Hours in which some channels stay silent (免打扰时段), in the city's wall-clock time. */
export interface QuietHours {
  /** `22:00`: silence starts. */
  start: string;
  /** `07:00`: silence ends; deferred notifications go out then. */
  end: string;
  /** Channels that wake people (SMS, WeChat); in-app and email wait in an inbox anyway. */
  channels: readonly Channel[];
}

/** Whether the city's clock at `at` is inside the quiet hours (a window may run past midnight). */
export function isQuiet(at: Date, quiet: QuietHours, timeZone: string): boolean {
  const minute = cityClock(at, timeZone).minuteOfDay;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/**
 * The earliest instant a notification on `channel`, due at `at`, may be sent: `at` itself, or the
 * end of the quiet hours it falls in (an SMS at 23:00 goes at 07:00 the next morning).
 */
export function earliestSend(channel: Channel, at: Date, quiet: QuietHours | null, timeZone: string): Date {
  if (!quiet?.channels.includes(channel) || !isQuiet(at, quiet, timeZone)) return at;
  const clock = cityClock(at, timeZone);
  const end = minutesOf(quiet.end);
  // Before the end on the same day (after midnight), or the end on the next day (before midnight).
  const date = clock.minuteOfDay < end ? clock.date : addDaysToDate(clock.date, 1);
  return cityInstant(date, end, timeZone);
}
