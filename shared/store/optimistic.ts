import { ConflictError } from '../runtime/errors.ts';

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
