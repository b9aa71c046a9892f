import { describe, expect, it } from 'vitest';
import { MAX_PERIOD_DAYS } from '../../../statistics/src/handlers/schemas.ts';
import {
  datesBetween,
  duration,
  LONGEST_PERIOD_DAYS,
  mondayOf,
  onEveryDate,
  periodIsValid,
  presetOf,
  presetPeriod,
  satisfaction,
  share,
} from '../../src/figures.ts';

describe("the committee screens' reading of the figures", () => {
  it('gives shares as whole percentages, and a dash when nothing was counted', () => {
    expect(share(24, 30)).toBe('80%');
    expect(share(1, 3)).toBe('33%');
    expect(share(0, 0)).toBe('—');
  });

  it('reads reply times in hours under two days and in days beyond', () => {
    expect(duration(12.54)).toBe('12.5 小时');
    expect(duration(60)).toBe('2.5 天');
    expect(duration(null)).toBe('—');
  });

  it('counts satisfaction over the ratings given, basically satisfied apart', () => {
    // Act
    const s = satisfaction({ satisfaction: { satisfied: 16, basically: 10, unsatisfied: 10 } });

    // Assess
    expect(s).toEqual({ rated: 36, satisfied: '44%', pleased: '72%' });
  });

  it('turns each preset into city dates and recognises a period that is one', () => {
    // Prepare
    const today = '2026-08-15';

    // Act
    const periods = (['last30', 'month', 'quarter', 'year', 'lastYear'] as const).map((p) => presetPeriod(p, today));

    // Assess
    expect(periods).toEqual([
      { from: '2026-07-17', to: today },
      { from: '2026-08-01', to: today },
      { from: '2026-07-01', to: today },
      { from: '2026-01-01', to: today },
      { from: '2025-01-01', to: '2025-12-31' },
    ]);
    expect(presetOf({ from: '2026-07-01', to: today }, today)).toBe('quarter');
    expect(presetOf({ from: '2026-07-02', to: today }, today)).toBeUndefined();
  });

  it('refuses the periods the statistics service refuses', () => {
    expect(LONGEST_PERIOD_DAYS).toBe(MAX_PERIOD_DAYS);
    expect(periodIsValid({ from: '2024-01-01', to: '2024-12-31' })).toBe(true); // 366 days, a leap year
    expect(periodIsValid({ from: '2025-01-01', to: '2026-01-02' })).toBe(false);
    expect(periodIsValid({ from: '2026-03-02', to: '2026-03-01' })).toBe(false);
    expect(periodIsValid({ from: '', to: '' })).toBe(false); // an address without dates
    expect(periodIsValid({ from: '2026-02-30x', to: '2026-03-01' })).toBe(false);
  });

  it('lays a sparse breakdown on every day or week of the period', () => {
    // Prepare
    const rows = [
      { date: '2026-02-27', received: 2 },
      { date: '2026-03-02', received: 1 },
    ];

    // Act
    const days = datesBetween('2026-02-27', '2026-03-02');
    const laid = onEveryDate(rows, (r) => r.date, days);

    // Assess
    expect(days).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(laid.map((r) => r?.received ?? 0)).toEqual([2, 0, 0, 1]);
    expect(mondayOf('2026-03-01')).toBe('2026-02-23'); // a Sunday belongs to the week before
    expect(mondayOf('2026-03-02')).toBe('2026-03-02');
    expect(datesBetween(mondayOf('2026-03-04'), '2026-03-20', 7)).toEqual(['2026-03-02', '2026-03-09', '2026-03-16']);
  });
});
