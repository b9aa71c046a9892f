import { inScope } from '../../../../shared/auth/authorize.ts';
import type { Caller } from '../../../../shared/auth/caller.ts';
import type { Case } from './case.ts';

/**
 * Who may act on a case. Reading follows the caller's scope (`inScope` in shared/auth): the
 * reviewers of its township, the city reviewer (who supervises everything), the unit it is with,
 * the deputy who escalated it, and for a suggestion its assisting units and co-signers. Acting as
 * reviewer: only the reviewer of its level (a township deputy's matter → that township's
 * reviewer; a city deputy's → the city reviewer). Everything else is a 404.
 */
export function canReview(caller: Caller, c: Case): boolean {
  if (c.reviewLevel === 'city') return caller.role === 'city_reviewer';
  return caller.role === 'township_reviewer' && c.townshipCode !== undefined && c.townshipCode === caller.scope.townshipCode;
}

/** Whether a caller may read a case: its scope, and for a township reviewer its level too (a city deputy's case is the city's). */
export function canRead(caller: Caller, c: Case): boolean {
  if (caller.role === 'township_reviewer' && c.reviewLevel === 'city') return false;
  return inScope(caller, c) || canAssist(caller, c) || cosigned(caller, c);
}

/** An assisting unit (协办) of a registered suggestion: it reads the case and gives its input. */
export function canAssist(caller: Caller, c: Case): boolean {
  return caller.role === 'unit_handler' && c.suggestion?.assistingUnits.some((u) => u.code === caller.scope.unitCode) === true;
}

/** A deputy who co-signed a suggestion follows it too. */
function cosigned(caller: Caller, c: Case): boolean {
  return caller.role === 'deputy' && caller.scope.deputyCode !== undefined && c.suggestion?.coSignerCodes.includes(caller.scope.deputyCode) === true;
}

export function canHandle(caller: Caller, c: Case): boolean {
  return caller.role === 'unit_handler' && c.unitCode !== undefined && c.unitCode === caller.scope.unitCode;
}

/** Statuses waiting for a reviewer. */
export const AWAITING_REVIEW = new Set<Case['status']>(['under_review', 'reassign_requested']);
/** Statuses with a unit. */
export const WITH_UNIT = new Set<Case['status']>(['forwarded', 'in_progress', 'reopened']);
/** Statuses that end the case in this service. */
export const FINISHED = new Set<Case['status']>(['closed', 'declined', 'returned']);
