import { describe, expect, it } from 'vitest';
import { loadCityConfig } from '../../../../shared/city/config.ts';
import { isDeduction, rulesFor } from '../../src/domain/rules.ts';
import { makeRules } from './fixtures.ts';

/** Which year's rules apply, and which rules take points away. */

describe('rulesFor', () => {
  const versions = [makeRules({ fromYear: 2024, base: 60 }), makeRules({ fromYear: 2026, base: 70 }), makeRules({ fromYear: 2025, base: 65 })];

  it.each([
    ['the first year of the first version', 2024, 2024],
    ['a year between versions, the earlier one', 2025, 2025],
    ['the first year of the latest version', 2026, 2026],
    ['years after the latest version, the latest', 2031, 2026],
  ])('%s: %i → the version from %i', (_, year, fromYear) => {
    // Prepare (the versions above are deliberately out of order)

    // Act
    const rules = rulesFor(versions, year);

    // Assess
    expect(rules?.fromYear).toBe(fromYear);
  });

  it('picks the version by its own fromYear, not by where it sits in the list', () => {
    // Prepare
    const newestFirst = [makeRules({ fromYear: 2026, base: 70 }), makeRules({ fromYear: 2024, base: 60 })];
    const oldestFirst = [...newestFirst].reverse();

    // Act
    const a = rulesFor(newestFirst, 2025);
    const b = rulesFor(oldestFirst, 2025);

    // Assess
    expect(a?.base).toBe(60);
    expect(b?.base).toBe(60);
  });

  it.each([
    ['the year before the first version', versions, 2023],
    ['long before any version', versions, 2000],
    ['no versions at all', [], 2026],
  ])('is undefined for %s', (_, all, year) => {
    // Prepare (nothing beyond the table)

    // Act
    const rules = rulesFor(all, year);

    // Assess
    expect(rules).toBeUndefined();
  });

  it('does not reorder the caller’s list', () => {
    // Prepare
    const list = [makeRules({ fromYear: 2024 }), makeRules({ fromYear: 2026 }), makeRules({ fromYear: 2025 })];

    // Act
    rulesFor(list, 2026);

    // Assess
    expect(list.map((r) => r.fromYear)).toEqual([2024, 2026, 2025]);
  });

  it('finds the demo city’s rules from 2024 on, and none for 2023', () => {
    // Prepare
    const all = loadCityConfig('demo').scoring;

    // Act
    const in2023 = rulesFor(all, 2023);
    const in2024 = rulesFor(all, 2024);
    const in2030 = rulesFor(all, 2030);

    // Assess
    expect(in2023).toBeUndefined();
    expect(in2024).toBe(all[0]);
    expect(in2030).toBe(all[0]);
  });
});

describe('isDeduction', () => {
  const rules = makeRules();

  it.each([
    ['absence_without_leave', true],
    ['reply_overdue', true],
    ['citizen_unsatisfied', true],
    ['meeting', false],
    ['practical_matter', false],
    ['answered_on_time', false],
    ['no_such_rule', false],
  ])('%s → %s', (rule, expected) => {
    // Prepare (the rule set above)

    // Act
    const result = isDeduction(rules, rule);

    // Assess
    expect(result).toBe(expected);
  });

  it('reads the deductions of the rule set it is given', () => {
    // Prepare
    const demo = loadCityConfig('demo').scoring[0]!;

    // Act
    const deductions = Object.keys(demo.deductions).filter((rule) => isDeduction(demo, rule));
    const bonuses = Object.keys(demo.activities).filter((rule) => isDeduction(demo, rule));

    // Assess
    expect(deductions.sort()).toEqual(['absence_without_leave', 'citizen_unsatisfied', 'reply_overdue']);
    expect(bonuses).toEqual([]);
  });
});
