import { emit } from '../../../../shared/domain/transition.ts';
import { CaseMerged } from '../../../../shared/events/case-routing/index.ts';
import { ConflictError, InvalidInputError } from '../../../../shared/runtime/errors.ts';
import { AWAITING_REVIEW } from './access.ts';
import { append, stepFacts, type Actor, type Case, type CaseTransition } from './case.ts';

/**
 * 合并办理: neighbours reporting the same problem become one matter for the unit. The merged case
 * (the follower) takes the primary's state and from then on takes every step the primary takes
 * (case-steps.ts applies each staff step to the primary's followers too), so its citizen's
 * tracking page shows the same progress and result; each citizen still rates their own. The unit
 * sees only the primary, with the count of reporters.
 *
 * Merging happens in review, before any unit has the matter: both cases wait for a reviewer, so
 * the follower needs no step it has not seen. A primary is never itself merged, and a case that
 * already has followers is not merged into another (its followers would lose their primary).
 */
export function merge(follower: Case, primary: Case, actor: Actor, now: Date): { follower: CaseTransition; primary: CaseTransition } {
  if (follower.caseId === primary.caseId) {
    throw new InvalidInputError('A case cannot be merged into itself.', [{ path: 'intoCaseId', message: '不能合并到本件' }]);
  }
  if (follower.kind !== 'problem' || primary.kind !== 'problem') {
    throw new ConflictError('Only citizens’ matters are merged, not suggestions.', 'NOT_MERGEABLE');
  }
  if (follower.mergedInto || (follower.mergedCases?.length ?? 0) > 0 || primary.mergedInto) {
    throw new ConflictError('A merged case, or one with merged cases, cannot be merged again.', 'ALREADY_MERGED', {
      mergedInto: follower.mergedInto ?? primary.mergedInto,
    });
  }
  if (!AWAITING_REVIEW.has(follower.status) || !AWAITING_REVIEW.has(primary.status)) {
    throw new ConflictError('Cases are merged while both wait for review.', 'INVALID_TRANSITION', { status: follower.status, intoStatus: primary.status });
  }
  const at = now.toISOString();
  const reporters = 2 + (primary.mergedCases?.length ?? 0);
  const followed = append(
    follower,
    { at, step: 'merged', actor, note: `与${primary.caseId}反映的同一问题合并办理`, overdue: false },
    { mergedInto: primary.caseId, status: primary.status, reviewDueAt: primary.reviewDueAt },
  );
  const leading = append(
    primary,
    { at, step: 'merged', actor, note: `并入${follower.caseId}，共${reporters}位群众反映`, overdue: false },
    { mergedCases: [...(primary.mergedCases ?? []), follower.caseId] },
  );
  const event = (c: Case, role: 'merged' | 'primary') =>
    emit(CaseMerged, { ...stepFacts(c, c.ledger.length), role, primaryCaseId: primary.caseId, mergedCaseId: follower.caseId, reporters, mergedAt: at });
  return {
    follower: { next: followed, emitted: [event(followed, 'merged')] },
    primary: { next: leading, emitted: [event(leading, 'primary')] },
  };
}

/** How many citizens reported the matter: the case's own and those merged into it. */
export function reporters(c: Case): number {
  return 1 + (c.mergedCases?.length ?? 0);
}
