import { type CountedEvent, factWrites } from '../domain/fact-writes.ts';
import type { FactStore } from '../ports.ts';

/**
 * Records what an event tells. Each of its writes is conditional on its own record, so a replayed
 * event, or one that arrives before the facts it follows, leaves the same records as one delivery
 * in order would.
 */
export async function recordFacts(facts: FactStore, event: CountedEvent, occurredAt: string): Promise<void> {
  for (const write of factWrites(event, occurredAt)) await facts.apply(write);
}
