import { describe, expect, it } from 'vitest';
import { loadCityConfig } from '../../../../shared/city/config.ts';
import { FLAG_TEXT, flagsFor, rank, type FlagReason, type YearFacts } from '../../src/domain/flags-and-ranking.ts';
import { makeRules, seededShuffle } from './fixtures.ts';

/** Flags for the committee (定标退出) and the year's ranking with its excellent grade (优秀等次). */

/** A deputy with nothing to flag: reported, suggested, answered, never absent, in term. */
function facts(overrides: Partial<YearFacts> = {}): YearFacts {
  return { absencesWithoutLeave: 0, voterReports: 1, suggestions: 1, answered: 1, termEnded: false, ...overrides };
}

describe('flagsFor', () => {
  const rules = makeRules({ absencesToFlag: 2 });

  it.each([true, false])('flags nobody who did their duty (year over: %s)', (yearOver) => {
    // Prepare
    const f = facts();

    // Act
    const flags = flagsFor(f, rules, yearOver);

    // Assess
    expect(flags).toEqual([]);
  });

  it.each<[string, FlagReason, Partial<YearFacts>]>([
    ['two absences without approval', 'absences_without_leave', { absencesWithoutLeave: 2 }],
    ['no report to voters', 'no_voter_report', { voterReports: 0 }],
    ['neither a suggestion nor an answered message', 'mute', { suggestions: 0, answered: 0 }],
    ['a term that ended', 'term_ended', { termEnded: true }],
  ])('%s alone raises exactly %s once the year is over', (_, flag, overrides) => {
    // Prepare
    const f = facts(overrides);

    // Act
    const flags = flagsFor(f, rules, true);

    // Assess
    expect(flags).toEqual([flag]);
  });

  it.each<[string, Partial<YearFacts>, FlagReason[]]>([
    ['two absences (flagged as soon as they happen)', { absencesWithoutLeave: 2 }, ['absences_without_leave']],
    ['no report to voters (not yet)', { voterReports: 0 }, []],
    ['mute (not yet)', { suggestions: 0, answered: 0 }, []],
    ['a term that ended (at once)', { termEnded: true }, ['term_ended']],
  ])('during the year: %s', (_, overrides, expected) => {
    // Prepare
    const f = facts(overrides);

    // Act
    const flags = flagsFor(f, rules, false);

    // Assess
    expect(flags).toEqual(expected);
  });

  it('a year with nothing done shows no year-end flags until it is over', () => {
    // Prepare
    const idle = facts({ voterReports: 0, suggestions: 0, answered: 0 });

    // Act
    const during = flagsFor(idle, rules, false);
    const after = flagsFor(idle, rules, true);

    // Assess
    expect(during).toEqual([]);
    expect(after).toEqual(['no_voter_report', 'mute']);
  });

  it.each([
    ['a suggestion but no answered message', { suggestions: 1, answered: 0 }],
    ['an answered message but no suggestion', { suggestions: 0, answered: 1 }],
  ])('is not mute with %s', (_, overrides) => {
    // Prepare
    const f = facts(overrides);

    // Act
    const flags = flagsFor(f, rules, true);

    // Assess
    expect(flags).not.toContain('mute');
  });

  it.each([
    [0, false],
    [1, false],
    [2, true],
    [3, true],
  ])('absences without approval: %i → flagged %s (threshold 2)', (absences, flagged) => {
    // Prepare
    const f = facts({ absencesWithoutLeave: absences });

    // Act
    const flags = flagsFor(f, rules, false);

    // Assess
    expect(flags.includes('absences_without_leave')).toBe(flagged);
  });

  it.each([
    [2, false],
    [3, true],
  ])('the threshold comes from the rules: 3 needed, %i absences → flagged %s', (absences, flagged) => {
    // Prepare
    const strict = makeRules({ absencesToFlag: 3 });

    // Act
    const flags = flagsFor(facts({ absencesWithoutLeave: absences }), strict, true);

    // Assess
    expect(flags.includes('absences_without_leave')).toBe(flagged);
  });

  it('with the demo rules, two absences are the threshold', () => {
    // Prepare
    const demo = loadCityConfig('demo').scoring[0]!;

    // Act
    const one = flagsFor(facts({ absencesWithoutLeave: 1 }), demo, true);
    const two = flagsFor(facts({ absencesWithoutLeave: 2 }), demo, true);

    // Assess
    expect(one).toEqual([]);
    expect(two).toEqual(['absences_without_leave']);
  });

  it('raises every flag at once, in a fixed order', () => {
    // Prepare
    const f: YearFacts = { absencesWithoutLeave: 5, voterReports: 0, suggestions: 0, answered: 0, termEnded: true };

    // Act
    const flags = flagsFor(f, rules, true);

    // Assess
    expect(flags).toEqual(['absences_without_leave', 'no_voter_report', 'mute', 'term_ended']);
  });

  it('every flag has a text for the committee', () => {
    // Prepare
    const reasons: FlagReason[] = ['absences_without_leave', 'no_voter_report', 'mute', 'term_ended'];

    // Act
    const texts = reasons.map((r) => FLAG_TEXT[r]);

    // Assess
    expect(texts.every((t) => typeof t === 'string' && t.length > 0)).toBe(true);
  });
});

type Row = { deputyCode: string; name: string; total: number };
const row = (deputyCode: string, total: number): Row => ({ deputyCode, name: `代表${deputyCode}`, total });
const BASE = 60;

describe('rank', () => {
  it('orders by total, highest first, and numbers the ranks', () => {
    // Prepare
    const rows = [row('D1', 70), row('D2', 90), row('D3', 80)];

    // Act
    const ranked = rank(rows, 0, BASE);

    // Assess
    expect(ranked.map((r) => [r.rank, r.deputyCode, r.total])).toEqual([
      [1, 'D2', 90],
      [2, 'D3', 80],
      [3, 'D1', 70],
    ]);
  });

  it('carries each deputy’s name along', () => {
    // Prepare
    const rows = [{ deputyCode: 'D1', name: '张三', total: 70 }];

    // Act
    const ranked = rank(rows, 0, BASE);

    // Assess
    expect(ranked).toEqual([{ rank: 1, deputyCode: 'D1', name: '张三', total: 70, grade: 'qualified' }]);
  });

  it('equal totals share a rank and the next rank skips (1, 2, 2, 4)', () => {
    // Prepare
    const rows = [row('D1', 90), row('D2', 80), row('D3', 80), row('D4', 70)];

    // Act
    const ranked = rank(rows, 0, BASE);

    // Assess
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 2, 4]);
  });

  it.each([
    [
      [90, 90, 90],
      [1, 1, 1],
    ],
    [
      [90, 80, 80, 80, 70],
      [1, 2, 2, 2, 5],
    ],
    [
      [90, 90, 80, 70, 70],
      [1, 1, 3, 4, 4],
    ],
  ])('totals %j rank %j', (totals, ranks) => {
    // Prepare
    const rows = totals.map((t, i) => row(`D${i + 1}`, t));

    // Act
    const ranked = rank(rows, 0, BASE);

    // Assess
    expect(ranked.map((r) => r.rank)).toEqual(ranks);
  });

  it('orders equal totals by deputy code, whatever order they come in', () => {
    // Prepare
    const rows = [row('D3', 80), row('D1', 80), row('D4', 90), row('D2', 80)];

    // Act
    const ranked = rank(rows, 0, BASE);

    // Assess
    expect(ranked.map((r) => r.deputyCode)).toEqual(['D4', 'D1', 'D2', 'D3']);
  });

  it.each([1, 2, 3, 4, 5])('gives the same ranking for any input order (seed %i)', (seed) => {
    // Prepare
    const rows = Array.from({ length: 20 }, (_, i) => row(`D${String(i).padStart(2, '0')}`, 60 + ((i * 7) % 5) * 5));
    const expected = rank(rows, 0.2, BASE);

    // Act
    const ranked = rank(seededShuffle(rows, seed), 0.2, BASE);

    // Assess
    expect(ranked).toEqual(expected);
  });

  it('does not reorder the caller’s list', () => {
    // Prepare
    const rows = [row('D1', 70), row('D2', 90)];

    // Act
    rank(rows, 0.5, BASE);

    // Assess
    expect(rows.map((r) => r.deputyCode)).toEqual(['D1', 'D2']);
  });

  it('is empty for nobody', () => {
    // Prepare
    const rows: Row[] = [];

    // Act
    const ranked = rank(rows, 0.1, BASE);

    // Assess
    expect(ranked).toEqual([]);
  });

  describe('the excellent share', () => {
    /** 20 deputies with totals 100, 99, …, 81 (all above the base), in codes D01…D20. */
    const twenty = (): Row[] => Array.from({ length: 20 }, (_, i) => row(`D${String(i + 1).padStart(2, '0')}`, 100 - i));
    const excellent = (ranked: ReturnType<typeof rank>) => ranked.filter((r) => r.grade === 'excellent').map((r) => r.deputyCode);

    it('grades the top share excellent: 20 deputies × 0.1 → 2', () => {
      // Prepare
      const rows = twenty();

      // Act
      const ranked = rank(rows, 0.1, BASE);

      // Assess
      expect(excellent(ranked)).toEqual(['D01', 'D02']);
      expect(ranked.filter((r) => r.grade === 'qualified')).toHaveLength(18);
    });

    it('a third deputy tied with the second is excellent too', () => {
      // Prepare
      const rows = twenty();
      rows[2] = row('D03', 99);

      // Act
      const ranked = rank(rows, 0.1, BASE);

      // Assess
      expect(excellent(ranked)).toEqual(['D01', 'D02', 'D03']);
    });

    it('every deputy tied at the cut is excellent, wherever the tie reaches', () => {
      // Prepare
      const rows = twenty().map((r, i) => (i >= 1 && i <= 4 ? { ...r, total: 99 } : r));

      // Act
      const ranked = rank(rows, 0.1, BASE);

      // Assess
      expect(excellent(ranked)).toEqual(['D01', 'D02', 'D03', 'D04', 'D05']);
    });

    it('ties below the cut are not excellent', () => {
      // Prepare
      const rows = twenty();
      rows[3] = row('D04', 98);

      // Act
      const ranked = rank(rows, 0.1, BASE);

      // Assess
      expect(excellent(ranked)).toEqual(['D01', 'D02']);
      expect(ranked.filter((r) => r.total === 98).map((r) => r.grade)).toEqual(['qualified', 'qualified']);
    });

    it('a tie for first larger than the share is excellent in full', () => {
      // Prepare
      const rows = twenty().map((r, i) => (i < 4 ? { ...r, total: 100 } : r));

      // Act
      const ranked = rank(rows, 0.1, BASE);

      // Assess
      expect(excellent(ranked)).toEqual(['D01', 'D02', 'D03', 'D04']);
    });

    it.each([
      [0.1, 10, 1],
      [0.1, 19, 1],
      [0.1, 30, 3],
      [0.15, 20, 3],
      [0.2, 10, 2],
      [0.5, 7, 3],
      [1, 4, 4],
    ])('share %d of %i deputies with distinct totals → %i excellent', (share, n, count) => {
      // Prepare
      const rows = Array.from({ length: n }, (_, i) => row(`D${String(i + 1).padStart(2, '0')}`, 200 - i));

      // Act
      const ranked = rank(rows, share, BASE);

      // Assess
      expect(excellent(ranked)).toHaveLength(count);
    });

    it('a share too small for one deputy grades nobody (9 × 0.1)', () => {
      // Prepare
      const rows = twenty().slice(0, 9);

      // Act
      const ranked = rank(rows, 0.1, BASE);

      // Assess
      expect(excellent(ranked)).toEqual([]);
    });

    it('share 0 grades nobody', () => {
      // Prepare
      const rows = twenty();

      // Act
      const ranked = rank(rows, 0, BASE);

      // Assess
      expect(excellent(ranked)).toEqual([]);
      expect(ranked.every((r) => r.grade === 'qualified')).toBe(true);
    });

    it.each([
      ['exactly at the base', BASE],
      ['below the base', BASE - 5],
    ])('nobody %s is excellent, even inside the share', (_, total) => {
      // Prepare
      const rows = [row('D1', total), row('D2', total - 1), row('D3', total - 2), row('D4', total - 3)];

      // Act
      const ranked = rank(rows, 0.5, BASE);

      // Assess
      expect(excellent(ranked)).toEqual([]);
    });

    it('a year nobody has scored in grades nobody (everyone at the base)', () => {
      // Prepare
      const rows = twenty().map((r) => ({ ...r, total: BASE }));

      // Act
      const ranked = rank(rows, 0.1, BASE);

      // Assess
      expect(excellent(ranked)).toEqual([]);
      expect(ranked.every((r) => r.rank === 1)).toBe(true);
    });

    it('inside the share, only those above the base are excellent', () => {
      // Prepare
      const rows = [row('D1', BASE + 1), row('D2', BASE), row('D3', BASE), row('D4', BASE - 10)];

      // Act
      const ranked = rank(rows, 0.5, BASE);

      // Assess
      expect(ranked.map((r) => [r.deputyCode, r.grade])).toEqual([
        ['D1', 'excellent'],
        ['D2', 'qualified'],
        ['D3', 'qualified'],
        ['D4', 'qualified'],
      ]);
    });

    it('takes the base it is given as the bar', () => {
      // Prepare
      const rows = [row('D1', 75), row('D2', 70)];

      // Act
      const ranked = rank(rows, 1, 70);

      // Assess
      expect(excellent(ranked)).toEqual(['D1']);
    });

    it('grades the demo city’s share (0.1) of 20 deputies with the demo base', () => {
      // Prepare
      const demo = loadCityConfig('demo').scoring[0]!;
      const rows = twenty();

      // Act
      const ranked = rank(rows, demo.excellentShare, demo.base);

      // Assess
      expect(excellent(ranked)).toEqual(['D01', 'D02']);
    });
  });
});
