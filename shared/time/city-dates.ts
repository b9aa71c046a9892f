/** Calendar dates in the city's time zone: due and committed dates are days, not instants. */

/** Minutes the zone is ahead of UTC at `at`. */
export function offsetMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The city's calendar date at `at`: `2026-03-05`. */
export function cityDate(at: Date, timeZone: string): string {
  return new Date(at.getTime() + offsetMinutes(at, timeZone) * 60_000).toISOString().slice(0, 10);
}

/** The last instant of a city date, as an ISO time. */
export function endOfCityDay(date: string, timeZone: string): string {
  const local = Date.parse(`${date}T23:59:59.999Z`);
  const first = new Date(local - offsetMinutes(new Date(local), timeZone) * 60_000);
  // Where the offset changes that day (daylight saving), the offset at the result is the right one.
  return new Date(local - offsetMinutes(first, timeZone) * 60_000).toISOString();
}

/** A city date `days` after another. */
export function addDaysToDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The instant `days` whole days after `at`, as an ISO time (deadlines counted in days). */
export function addDays(at: Date, days: number): string {
  return new Date(at.getTime() + days * 86_400_000).toISOString();
}
