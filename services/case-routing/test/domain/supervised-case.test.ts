import { describe, expect, it } from 'vitest';
import { CaseOpened } from '../../../../shared/events/case-routing/index.ts';
import { openSupervisedCase, reopen } from '../../src/domain/case.ts';
import { onList } from '../../src/domain/views.ts';
import { accepted, forwarded, resolved, rules, T, TZ } from './fixtures.ts';

/** 督办: a direct answer the citizen was unsatisfied with opens a supervised case, reopened never again. */

const input = {
  caseId: 'c-0000000000000007',
  messageId: 'm-0000000000000007',
  deputyCode: 'D0001',
  townshipCode: 'lucheng',
  category: 'public_facilities',
  suggestedUnitCode: 'u-lucheng-jianshe',
};

describe('openSupervisedCase', () => {
  it("opens under the township reviewers' review, on the supervision list, with the citizen as the one who opened it", () => {
    // Act
    const { next, emitted } = openSupervisedCase(input, T.open, rules);

    // Assess
    expect(next).toMatchObject({ status: 'under_review', kind: 'problem', reviewLevel: 'township', reopenedOnce: true, supervisedAt: T.open.toISOString() });
    expect(next.ledger).toEqual([expect.objectContaining({ seq: 1, step: 'opened', actor: { role: 'citizen' }, note: expect.stringContaining('督办') })]);
    expect(emitted).toHaveLength(1);
    expect(CaseOpened.data.parse(emitted[0]!.data)).toMatchObject({ caseId: input.caseId, messageId: input.messageId, sequence: 1, reviewLevel: 'township' });
    expect(onList(next, 'supervision', T.act, TZ)).toBe(true);
  });

  it("goes to the city's reviewers when the deputy has no township", () => {
    // Act
    const { next } = openSupervisedCase({ ...input, townshipCode: undefined }, T.open, rules);

    // Assess
    expect(next.reviewLevel).toBe('city');
  });

  it('stays on the supervision list while handled, and is not reopened by a second unsatisfied rating', () => {
    // Prepare
    const supervised = openSupervisedCase(input, T.open, rules).next;
    const inProgress = accepted(forwarded(supervised));
    const done = resolved(inProgress);

    // Act
    const again = reopen(done, T.act, rules);

    // Assess
    expect(onList(inProgress, 'supervision', T.act, TZ)).toBe(true);
    expect(again).toBeUndefined();
  });
});
