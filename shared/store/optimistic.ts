import { eventsOf, type EmitContext, type Transition } from '../domain/transition.ts';
import type { DomainEvent } from '../events/envelope.ts';
import { ConflictError, NotFoundError } from '../runtime/errors.ts';

/**
 * Runs a read-decide-write step again when its conditional write lost to a concurrent change
 * (`VERSION_CONFLICT`): each attempt reads fresh state and decides again. Other errors, and a
 * conflict on the last attempt, are thrown.
 */
export async function withOptimisticRetry<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof ConflictError && error.code === 'VERSION_CONFLICT') || attempt >= attempts) throw error;
    }
  }
}

/**
 * What {@link changeWithEvents} needs of a repository: the stored item (with the version its save
 * is conditional on), and a save that writes the next state with its events in one conditional
 * write, failing with `VERSION_CONFLICT` when the item changed since it was read.
 */
export interface VersionedRepository<Stored, S> {
  get(id: string): Promise<Stored | undefined>;
  save(stored: Stored, next: S, events: DomainEvent[]): Promise<void>;
}

/** A change that was saved: the item as read before it, and its next state. */
export interface SavedChange<Stored, S> {
  from: Stored;
  next: S;
}

/**
 * Loads an item, lets the domain decide its transition, and saves the next state with the
 * transition's events (enveloped from `context`) in one conditional write. A concurrent change is
 * retried on fresh state, where `decide` decides again. A missing item is a `NotFoundError` saying
 * `context.notFound`; undefined means `decide` found nothing to do.
 */
export function changeWithEvents<Stored, S>(
  repository: VersionedRepository<Stored, S>,
  id: string,
  decide: (stored: Stored) => Transition<S> | undefined,
  context: EmitContext & { notFound: string },
): Promise<SavedChange<Stored, S> | undefined> {
  return withOptimisticRetry(async () => {
    const stored = await repository.get(id);
    if (!stored) throw new NotFoundError(context.notFound);
    const transition = decide(stored);
    if (!transition) return undefined;
    await repository.save(stored, transition.next, eventsOf(transition.emitted, context));
    return { from: stored, next: transition.next };
  });
}
