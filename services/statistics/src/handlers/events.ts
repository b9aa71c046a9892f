import { COUNTED_EVENTS } from '../subscribed-events.ts';
import { recordFacts } from '../use-cases/record-fact.ts';
import { facts, queue } from './deps.ts';

/**
 * Records the facts each event tells. Each fact is written under its own guard, so a second
 * delivery, or a replay long after, counts nothing twice: no idempotency record is kept in front.
 */
export const handler = queue(
  { subscription: 'facts', contracts: COUNTED_EVENTS, replaySafe: 'every fact write sets its own attributes under a guard on what the event tells' },
  async (event) => recordFacts(facts, event, event.metadata.occurredAt),
);
