import { COUNTED_EVENTS } from '../subscribed-events.ts';
import { recordFacts } from '../use-cases/record-fact.ts';
import { facts, queue } from './deps.ts';

/**
 * Records the facts each event tells. The queue stack handles an event id once; the facts are
 * also written under their own guards, so a replay after the idempotency window counts nothing twice.
 */
export const handler = queue({ subscription: 'facts', contracts: COUNTED_EVENTS }, async (event) => recordFacts(facts, event, event.metadata.occurredAt));
