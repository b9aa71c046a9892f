import type { CityConfig } from '../../../../shared/city/config.ts';

/** One year's scoring rules (积分办法), from the city config. */
export type ScoringRules = CityConfig['scoring'][number];

/** The kinds of duty activity the committee records (`POST /v1/activities`). */
export const ACTIVITY_KINDS = [
  'meeting',
  'absence',
  'proposal',
  'suggestion',
  'inspection',
  'voter_report',
  'reception_day',
  'training',
  'practical_matter',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** The rules in force for a year: the latest version starting at or before it. */
export function rulesFor(all: readonly ScoringRules[], year: number): ScoringRules | undefined {
  return [...all].filter((r) => r.fromYear <= year).sort((a, b) => b.fromYear - a.fromYear)[0];
}

/** Whether a rule takes points away (its sums are never capped). */
export function isDeduction(rules: ScoringRules, rule: string): boolean {
  return Object.hasOwn(rules.deductions, rule);
}
