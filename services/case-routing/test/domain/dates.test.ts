import { describe, expect, it } from 'vitest';
import { addDays, addDaysToDate, cityDate, endOfCityDay } from '../../../../shared/time/city-dates.ts';

/** City calendar dates: Asia/Shanghai is UTC+8 all year, so its day starts at 16:00Z the day before. */

const TZ = 'Asia/Shanghai';

describe('cityDate', () => {
  it.each([
    ['10:00 in the city', '2026-03-05T02:00:00.000Z', '2026-03-05'],
    ['the city’s first instant of 03-05 (16:00Z on 03-04)', '2026-03-04T16:00:00.000Z', '2026-03-05'],
    ['the city’s last millisecond of 03-05', '2026-03-05T15:59:59.999Z', '2026-03-05'],
    ['the city’s midnight, still 03-05 in UTC', '2026-03-05T16:00:00.000Z', '2026-03-06'],
    ['01:00 in the city, 17:00Z the day before', '2026-03-05T17:00:00.000Z', '2026-03-06'],
    ['the end of a short February (2026)', '2026-02-28T16:00:00.000Z', '2026-03-01'],
    ['a leap day (2028)', '2028-02-28T16:00:00.000Z', '2028-02-29'],
    ['the end of a 31-day month', '2026-03-31T16:00:00.000Z', '2026-04-01'],
    ['the end of a 30-day month', '2026-04-30T16:30:00.000Z', '2026-05-01'],
    ['the new year, hours before UTC’s', '2026-12-31T16:00:00.000Z', '2027-01-01'],
    ['the old year’s last second', '2026-12-31T15:59:59.999Z', '2026-12-31'],
  ])('%s: %s → %s', (_, instant, date) => {
    // Prepare
    const at = new Date(instant);

    // Act
    const d = cityDate(at, TZ);

    // Assess
    expect(d).toBe(date);
  });

  it('is the UTC date in UTC, where Shanghai has already turned the day', () => {
    // Prepare
    const at = new Date('2026-03-05T17:00:00.000Z');

    // Act
    const utc = cityDate(at, 'UTC');
    const shanghai = cityDate(at, TZ);

    // Assess
    expect(utc).toBe('2026-03-05');
    expect(shanghai).toBe('2026-03-06');
  });
});

describe('endOfCityDay', () => {
  it.each([
    ['2026-03-05', '2026-03-05T15:59:59.999Z'],
    ['2026-02-28', '2026-02-28T15:59:59.999Z'],
    ['2028-02-29', '2028-02-29T15:59:59.999Z'],
    ['2026-03-31', '2026-03-31T15:59:59.999Z'],
    ['2026-12-31', '2026-12-31T15:59:59.999Z'],
  ])('%s ends at %s (23:59:59 in Shanghai)', (date, end) => {
    // Prepare / Act
    const e = endOfCityDay(date, TZ);

    // Assess
    expect(e).toBe(end);
  });

  it('is still the same city date, and a second later is the next one', () => {
    // Prepare
    const end = Date.parse(endOfCityDay('2026-02-28', TZ));

    // Act
    const same = cityDate(new Date(end), TZ);
    const next = cityDate(new Date(end + 1000), TZ);

    // Assess
    expect(same).toBe('2026-02-28');
    expect(next).toBe('2026-03-01');
  });

  it('is 23:59:59 UTC in UTC', () => {
    // Prepare / Act
    const e = endOfCityDay('2026-03-05', 'UTC');

    // Assess
    expect(e).toBe('2026-03-05T23:59:59.999Z');
  });

  it('follows a zone’s daylight-saving offset on the day it changes (New York, 2026-03-08 → EDT)', () => {
    // Prepare / Act
    const e = endOfCityDay('2026-03-08', 'America/New_York');

    // Assess: 23:59:59 EDT (UTC−4)
    expect(e).toBe('2026-03-09T03:59:59.999Z');
  });
});

describe('addDaysToDate', () => {
  it.each([
    ['2026-03-05', 20, '2026-03-25'],
    ['2026-03-06', 20, '2026-03-26'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-01-31', 28, '2026-02-28'],
    ['2026-03-31', 1, '2026-04-01'],
    ['2026-12-25', 10, '2027-01-04'],
    ['2026-03-05', 0, '2026-03-05'],
    ['2026-03-01', -1, '2026-02-28'],
  ])('%s + %i days = %s', (date, days, sum) => {
    // Prepare / Act
    const d = addDaysToDate(date, days);

    // Assess
    expect(d).toBe(sum);
  });
});

describe('addDays', () => {
  it.each([
    ['2026-03-05T02:00:00.000Z', 3, '2026-03-08T02:00:00.000Z'],
    ['2026-02-27T17:30:00.000Z', 2, '2026-03-01T17:30:00.000Z'],
    ['2026-12-30T23:59:59.999Z', 2, '2027-01-01T23:59:59.999Z'],
  ])('%s + %i days = %s (an instant, to the millisecond)', (instant, days, sum) => {
    // Prepare / Act
    const d = addDays(new Date(instant), days);

    // Assess
    expect(d).toBe(sum);
  });
});
