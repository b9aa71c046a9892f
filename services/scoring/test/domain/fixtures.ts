import type { ScoringRules } from '../../src/domain/rules.ts';

/**
 * A small hand-made rule set, independent of any city's file, so each test can pin one rule with
 * numbers it chose. Overrides replace whole sections (pass a full `caps` to change the caps).
 */
export function makeRules(overrides: Partial<ScoringRules> = {}): ScoringRules {
  return {
    fromYear: 2024,
    base: 60,
    activities: { meeting: 2, proposal: 5, suggestion: 3, inspection: 2, voter_report: 5, reception_day: 1, training: 1, practical_matter: 4 },
    caps: { meeting: 20, proposal: 20, suggestion: 15, answered_on_time: 20, practical_matter: 16 },
    deductions: { absence_without_leave: -5, reply_overdue: -1, citizen_unsatisfied: -2 },
    messages: { answered_on_time: 1, resolved_satisfied: 4 },
    excellentShare: 0.1,
    absencesToFlag: 2,
    ...overrides,
  };
}

/** A seeded pseudo-random generator (mulberry32): the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates with a seeded generator: a reproducible permutation of a copy of `items`. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
