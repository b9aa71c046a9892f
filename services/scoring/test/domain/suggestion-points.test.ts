import { describe, expect, it } from 'vitest';
import { contributionOfFact } from '../../src/domain/ledger.ts';
import { makeRules } from './fixtures.ts';

describe('a registered suggestion or motion in the points ledger', () => {
  const at = '2026-03-07T02:00:00.000Z';

  it.each([
    ['suggestion', 'suggestion', 3, '提出建议'],
    ['motion', 'proposal', 5, '提出议案'],
  ] as const)('a registered %s earns the %s rule’s points and counts as a suggestion', (kind, rule, points, reason) => {
    // Act
    const contribution = contributionOfFact({ type: 'suggestion_registered', deputyCode: 'D0001', kind }, 'e1', 2026, makeRules(), at);

    // Assess
    expect(contribution.entries).toEqual([expect.objectContaining({ rule, points, reason, source: 'event:e1' })]);
    expect(contribution.stats).toEqual({ suggestions: 1 });
  });

  it('a year whose rules give suggestions nothing still counts the suggestion', () => {
    // Act
    const contribution = contributionOfFact(
      { type: 'suggestion_registered', deputyCode: 'D0001', kind: 'suggestion' },
      'e2',
      2026,
      makeRules({ activities: {} }),
      at,
    );

    // Assess
    expect(contribution.entries).toEqual([]);
    expect(contribution.stats).toEqual({ suggestions: 1 });
  });
});
