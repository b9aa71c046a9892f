import type { Caller } from '../../../../shared/auth/caller.ts';
import { NotFoundError } from '../../../../shared/runtime/errors.ts';
import type { Actor, Case, CaseTransition } from '../domain/case.ts';
import { caseView } from '../domain/views.ts';
import type { StoredCase } from '../ports.ts';
import { changeCase } from '../use-cases/change-case.ts';
import { city, deps, ports } from './deps.ts';

/** The ledger's actor for a signed-in caller: their role, the code their scope names, their name. */
export const actorOf = (caller: Caller): Actor => ({
  role: caller.role,
  code: caller.scope.unitCode ?? caller.scope.townshipCode ?? caller.scope.deputyCode,
  name: caller.name,
});

/** Loads a case the caller may act on in `role`; anything else is a 404, so existence does not leak. */
export function guarded(caller: Caller, may: (caller: Caller, c: Case) => boolean, act: (c: Case) => CaseTransition | undefined) {
  return ({ case: c }: StoredCase) => {
    if (!may(caller, c)) throw new NotFoundError('No such case.');
    return act(c);
  };
}

/**
 * Applies a step to a case for a request and answers the case after it. The cases merged into it
 * take the same step (合并办理): each decides for itself, and one that can no longer take it (its
 * citizen already closed it) is left as it is.
 */
export async function change(caseId: string, requestId: string, decide: (stored: StoredCase) => CaseTransition | undefined) {
  const context = { now: deps.now(), cause: { correlationId: requestId, causationId: requestId } };
  const next = await changeCase(ports, caseId, decide, context);
  for (const followerId of next?.mergedCases ?? []) {
    await changeCase(ports, followerId, decide, context).catch((error: Error) =>
      deps.logger.info('a merged case did not follow its primary', { caseId: followerId, errorName: error.name }),
    );
  }
  return { status: 200, body: caseView(next!, deps.now(), city.timeZone) };
}
