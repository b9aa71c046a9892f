import { createEvent, type EventCause } from '../../../../shared/events/envelope.ts';
import { NotFoundError } from '../../../../shared/runtime/errors.ts';
import { withOptimisticRetry } from '../../../../shared/store/optimistic.ts';
import type { DynamoCases, StoredCase } from '../adapters/dynamo-cases.ts';
import type { Case, CaseTransition } from '../domain/case.ts';

/**
 * Applies a transition to a stored case and writes it with its events in one conditional write;
 * a concurrent change is retried on fresh state, where the transition decides again. Returns
 * undefined when there was nothing to do.
 */
export function changeCase(
  ports: { cases: DynamoCases; city: string },
  caseId: string,
  decide: (stored: StoredCase) => CaseTransition | undefined,
  context: { now: Date; cause?: EventCause },
): Promise<Case | undefined> {
  return withOptimisticRetry(async () => {
    const stored = await ports.cases.get(caseId);
    if (!stored) throw new NotFoundError('No such case.');
    const transition = decide(stored);
    if (!transition) return undefined;
    const events = transition.emitted.map((e) => createEvent(e.contract, e.data as never, { city: ports.city, now: context.now, cause: context.cause }));
    await ports.cases.save(stored, transition.next, events);
    return transition.next;
  });
}
