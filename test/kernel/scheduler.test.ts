import { describe, expect, it } from 'vitest';
import { isDue } from '../../infra/local/scheduler.ts';
import type { CronSpec } from '../../shared/runtime/manifest.ts';

/**
 * When a schedule fires on the local platform: rates on UTC minute boundaries, cron fields as in
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html (UTC,
 * day-of-week 1–7 from Sunday).
 */

/** 2025-03-03 is a Monday. */
const at = (iso: string) => new Date(iso);
const cron = (spec: CronSpec) => ({ cron: spec });
/** The minutes of one hour at which a minute field fires. */
const minutesFiring = (minute: string) =>
  Array.from({ length: 60 }, (_, m) => m).filter((m) => isDue(cron({ minute, hour: '*' }), at(`2025-03-03T08:${String(m).padStart(2, '0')}:00Z`)));

describe('isDue with a rate', () => {
  it.each([
    [1, '2025-03-03T08:00:00Z', true],
    [1, '2025-03-03T08:37:00Z', true],
    [5, '2025-03-03T08:00:00Z', true],
    [5, '2025-03-03T08:05:00Z', true],
    [5, '2025-03-03T08:55:00Z', true],
    [5, '2025-03-03T08:01:00Z', false],
    [5, '2025-03-03T08:04:00Z', false],
    [60, '2025-03-03T00:00:00Z', true],
    [60, '2025-03-03T13:00:00Z', true],
    [60, '2025-03-03T13:30:00Z', false],
    [60, '2025-03-03T13:59:00Z', false],
  ])('every %i minutes at %s → %s', (minutes, iso, due) => {
    expect(isDue({ minutes }, at(iso))).toBe(due);
  });

  it('fires for the whole minute that starts on the boundary, not the next one', () => {
    expect(isDue({ minutes: 5 }, at('2025-03-03T08:05:59.999Z'))).toBe(true);
    expect(isDue({ minutes: 5 }, at('2025-03-03T08:06:00.000Z'))).toBe(false);
  });

  it('counts boundaries in UTC, whatever the offset of the date given', () => {
    // 09:30 in UTC+08:00 is 01:30 UTC, which is not on the hour.
    expect(isDue({ minutes: 60 }, at('2025-03-03T09:30:00+08:00'))).toBe(false);
    // 09:00 in UTC+05:30 is 03:30 UTC.
    expect(isDue({ minutes: 60 }, at('2025-03-03T09:00:00+05:30'))).toBe(false);
  });
});

describe('isDue with cron fields', () => {
  it.each([
    ['2025-03-03T01:00:00Z', true],
    ['2025-03-03T01:00:45Z', true],
    ['2025-03-04T01:00:00Z', true],
    ['2025-03-03T01:01:00Z', false],
    ['2025-03-03T00:00:00Z', false],
    ['2025-03-03T13:00:00Z', false],
    ['2025-03-03T01:00:00+08:00', false], // 17:00 UTC the day before
    ['2025-03-03T09:00:00+08:00', true], // 01:00 UTC
  ])('minute 0, hour 1 fires at 01:00 UTC only: %s → %s', (iso, due) => {
    expect(isDue(cron({ minute: '0', hour: '1' }), at(iso))).toBe(due);
  });

  it.each([
    ['a single value', '7', [7]],
    ['a list', '1,15', [1, 15]],
    ['a range', '1-5', [1, 2, 3, 4, 5]],
    ['a list of ranges', '1-2,58-59', [1, 2, 58, 59]],
    ['a step from *', '*/15', [0, 15, 30, 45]],
    ['a step from 0', '0/20', [0, 20, 40]],
    ['a step from 1 (the AWS example: 1, 11, 21…)', '1/10', [1, 11, 21, 31, 41, 51]],
    ['a step over a range', '10-30/10', [10, 20, 30]],
    ['every minute', '*', Array.from({ length: 60 }, (_, m) => m)],
  ])('minute field: %s (%s)', (_name, minute, expected) => {
    expect(minutesFiring(minute)).toEqual(expected);
  });

  it('applies steps to the hour field', () => {
    const hours = Array.from({ length: 24 }, (_, h) => h).filter((h) =>
      isDue(cron({ minute: '0', hour: '*/6' }), at(`2025-03-03T${String(h).padStart(2, '0')}:00:00Z`)),
    );
    expect(hours).toEqual([0, 6, 12, 18]);
  });

  describe('day of week (AWS numbering: 1 = Sunday … 7 = Saturday)', () => {
    const week = ['2025-03-02', '2025-03-03', '2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07', '2025-03-08']; // Sun … Sat
    const daysFiring = (weekDay: string) => week.filter((d) => isDue(cron({ minute: '0', hour: '9', day: '?', weekDay }), at(`${d}T09:00:00Z`)));

    it('weekDay 2 is Monday', () => {
      expect(daysFiring('2')).toEqual(['2025-03-03']);
    });

    it('weekDay 1 is Sunday and 7 is Saturday', () => {
      expect(daysFiring('1')).toEqual(['2025-03-02']);
      expect(daysFiring('7')).toEqual(['2025-03-08']);
    });

    it('weekDay 2-6 is Monday to Friday', () => {
      expect(daysFiring('2-6')).toEqual(week.slice(1, 6));
    });

    it('weekDay names as AWS accepts them (MON-FRI, SUN)', () => {
      expect(daysFiring('MON-FRI')).toEqual(week.slice(1, 6));
      expect(daysFiring('SUN,SAT')).toEqual(['2025-03-02', '2025-03-08']);
    });

    it('judges the weekday in UTC', () => {
      // Monday 07:00 in UTC+08:00 is Sunday 23:00 UTC.
      expect(isDue(cron({ minute: '0', hour: '23', day: '?', weekDay: '1' }), at('2025-03-03T07:00:00+08:00'))).toBe(true);
      expect(isDue(cron({ minute: '0', hour: '23', day: '?', weekDay: '2' }), at('2025-03-03T07:00:00+08:00'))).toBe(false);
    });

    it('defaults to any weekday', () => {
      expect(daysFiring('?')).toEqual(week);
      expect(week.filter((d) => isDue(cron({ minute: '0', hour: '9' }), at(`${d}T09:00:00Z`)))).toEqual(week);
    });
  });

  describe('day of month and month', () => {
    const march = Array.from({ length: 31 }, (_, i) => i + 1);
    const daysFiring = (day: string) =>
      march.filter((d) => isDue(cron({ minute: '30', hour: '2', day }), at(`2025-03-${String(d).padStart(2, '0')}T02:30:00Z`)));

    it.each([
      ['1', [1]],
      ['1,15', [1, 15]],
      ['28-31', [28, 29, 30, 31]],
      ['*', march],
      // "*" is every value of the field, which for days starts at 1: 1, 11, 21, 31.
      ['*/10', [1, 11, 21, 31]],
      ['1/10', [1, 11, 21, 31]],
      ['5/10', [5, 15, 25]],
    ])('day %s', (day, expected) => {
      expect(daysFiring(day)).toEqual(expected);
    });

    it('does not fire on another day at the right time', () => {
      expect(isDue(cron({ minute: '30', hour: '2', day: '1' }), at('2025-03-02T02:30:00Z'))).toBe(false);
    });

    it.each([
      ['3', [3]],
      ['1,7', [1, 7]],
      ['*/3', [1, 4, 7, 10]],
      ['MAR', [3]],
      ['JAN-MAR', [1, 2, 3]],
    ])('month %s', (month, expected) => {
      const months = Array.from({ length: 12 }, (_, i) => i + 1).filter((m) =>
        isDue(cron({ minute: '0', hour: '0', day: '1', month }), at(`2025-${String(m).padStart(2, '0')}-01T00:00:00Z`)),
      );
      expect(months).toEqual(expected);
    });
  });
});
