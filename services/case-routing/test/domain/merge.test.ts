import { describe, expect, it } from 'vitest';
import { ConflictError, InvalidInputError } from '../../../../shared/runtime/errors.ts';
import { forward, markOverdue } from '../../src/domain/case.ts';
import { merge, reporters } from '../../src/domain/merge.ts';
import { forwarded, open, rules, T, townshipCase, townshipReviewer, UNIT } from './fixtures.ts';

/** 合并办理: a report of the same problem follows its primary; the primary counts its reporters. */

const primaryCase = () => open();
const followerCase = () => open({ ...townshipCase, caseId: 'c-0000000000000002', messageId: 'm-0000000000000002' });

describe('merging cases', () => {
  it('makes the follower take the primary state and counts the reporters on the primary, with an event for each', () => {
    // Prepare
    const primary = primaryCase();
    const follower = followerCase();

    // Act
    const merged = merge(follower, primary, townshipReviewer, T.review);

    // Assess
    expect(merged.follower.next).toMatchObject({ mergedInto: primary.caseId, status: primary.status, reviewDueAt: primary.reviewDueAt });
    expect(merged.primary.next.mergedCases).toEqual([follower.caseId]);
    expect(reporters(merged.primary.next)).toBe(2);
    expect(merged.follower.next.ledger.at(-1)).toMatchObject({ step: 'merged', actor: townshipReviewer });
    expect(merged.follower.emitted[0]!.data).toMatchObject({ role: 'merged', primaryCaseId: primary.caseId, mergedCaseId: follower.caseId, reporters: 2 });
    expect(merged.primary.emitted[0]!.data).toMatchObject({ role: 'primary', sequence: 2 });
  });

  it('then takes the same staff step as its primary, and is never flagged overdue itself', () => {
    // Prepare
    const { follower, primary } = merge(followerCase(), primaryCase(), townshipReviewer, T.review);

    // Act: the step the reviewer takes on the primary, applied to both
    const step = (c: typeof primary.next) => forward(c, townshipReviewer, UNIT, T.review, rules).next;

    // Assess
    expect(step(follower.next)).toMatchObject({ status: 'forwarded', unitCode: UNIT.unitCode, dueDate: step(primary.next).dueDate });
    expect(markOverdue(follower.next, new Date('2026-04-30T00:00:00Z'), rules)).toBeUndefined();
    expect(markOverdue(primary.next, new Date('2026-04-30T00:00:00Z'), rules)).toBeDefined();
  });

  it('refuses itself, a case past review, and merging a primary or a merged case again', () => {
    // Prepare
    const primary = primaryCase();
    const { follower, primary: leading } = merge(followerCase(), primary, townshipReviewer, T.review);
    const third = open({ ...townshipCase, caseId: 'c-0000000000000003', messageId: 'm-0000000000000003' });

    // Act / assess
    expect(() => merge(primary, primary, townshipReviewer, T.review)).toThrow(InvalidInputError);
    expect(() => merge(forwarded(third), primary, townshipReviewer, T.review)).toThrow(ConflictError);
    expect(() => merge(leading.next, third, townshipReviewer, T.review)).toThrow(ConflictError);
    expect(() => merge(third, follower.next, townshipReviewer, T.review)).toThrow(ConflictError);
    expect(reporters(merge(third, leading.next, townshipReviewer, T.review).primary.next)).toBe(3);
  });
});
