import type { z } from 'zod';
import { createEvent, type DomainEvent, type EventCause, type EventContract } from '../events/envelope.ts';

/**
 * A fact a state change causes, as the domain decides it: the contract and its data. The use case
 * stamps the envelope (id, time, city, cause) when it saves the change.
 */
export interface Emitted<C extends EventContract = EventContract> {
  contract: C;
  data: z.input<C['data']>;
}

/** A decided state change: the next state and the facts it causes, saved together. */
export interface Transition<S> {
  next: S;
  emitted: Emitted[];
}

/** One emitted fact, its data checked against its contract by the compiler. */
export function emit<C extends EventContract>(contract: C, data: z.input<C['data']>): Emitted {
  return { contract, data };
}

/** Where and why the events of a transition happen: what their envelopes carry. */
export interface EmitContext {
  city: string;
  now: Date;
  cause?: EventCause;
}

/** The events of a transition, enveloped and validated against their contracts. */
export function eventsOf(emitted: readonly Emitted[], context: EmitContext): DomainEvent[] {
  return emitted.map((e) => createEvent(e.contract, e.data, context));
}
