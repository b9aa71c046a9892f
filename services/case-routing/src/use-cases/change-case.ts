import type { EventCause } from '../../../../shared/events/envelope.ts';
import { changeWithEvents } from '../../../../shared/store/optimistic.ts';
import type { Case, CaseTransition } from '../domain/case.ts';
import type { CaseRepository, StoredCase } from '../ports.ts';

/**
 * Applies a transition to a stored case and writes it with its events in one conditional write;
 * a concurrent change is retried on fresh state, where the transition decides again. Returns
 * undefined when there was nothing to do.
 */
export async function changeCase(
  ports: { cases: CaseRepository; city: string },
  caseId: string,
  decide: (stored: StoredCase) => CaseTransition | undefined,
  context: { now: Date; cause?: EventCause },
): Promise<Case | undefined> {
  const changed = await changeWithEvents(ports.cases, caseId, decide, { ...context, city: ports.city, notFound: 'No such case.' });
  return changed?.next;
}
