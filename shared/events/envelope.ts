import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/**
 * The metadata every Minqing event carries in `detail.metadata`.
 * Identifiers and facts only: no personal data ever travels on the bus.
 */
export const eventMetadataSchema = z
  .object({
    eventId: z.string().min(1).max(64).describe('Unique id of this event; consumers deduplicate on it.'),
    schemaVersion: z
      .string()
      .regex(/^\d+\.\d+$/)
      .describe('MAJOR.MINOR of the data contract. A new major is published side by side.'),
    occurredAt: z.iso.datetime({ offset: true }).describe('When the fact happened (ISO-8601).'),
    correlationId: z.string().min(1).max(128).describe('Shared by every event of one business flow.'),
    causationId: z.string().min(1).max(128).describe('The event or request that caused this one.'),
    city: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,30}$/)
      .describe('The city stack that emitted it.'),
  })
  .strict();

export type EventMetadata = z.infer<typeof eventMetadataSchema>;

/** EventBridge `source` of a Minqing producer: `minqing.<service>`. */
export type EventSource = `minqing.${string}`;

/**
 * One event contract, owned by its producer under `shared/events/<producer>/`.
 * Consumers import the contract and never type the strings themselves. The detail-type is kept as
 * a literal type, so a union of events narrows on it.
 */
export interface EventContract<D extends z.ZodType = z.ZodType, T extends string = string> {
  readonly source: EventSource;
  /** PascalCase, past tense: `MessageSubmitted`. */
  readonly detailType: T;
  /** MAJOR.MINOR; adding an optional field bumps MINOR, anything else is a new contract with a new MAJOR. */
  readonly schemaVersion: string;
  readonly description: string;
  readonly data: D;
  /** A realistic sample used for the catalog, docs and tests. */
  readonly sample: z.input<D>;
}

/** Declares an event contract; `data` must be a strict zod object with no personal fields. */
export function defineEvent<D extends z.ZodType, const T extends string>(contract: EventContract<D, T>): EventContract<D, T> {
  if (!/^minqing\.[a-z][a-z-]*$/.test(contract.source)) throw new Error(`bad event source ${contract.source}`);
  if (!/^[A-Z][A-Za-z]+$/.test(contract.detailType)) throw new Error(`bad detail-type ${contract.detailType}`);
  contract.data.parse(contract.sample);
  return contract;
}

/** The zod schema of a contract's whole `detail`: `{ metadata, data }`. */
export function detailSchema<D extends z.ZodType>(contract: EventContract<D>) {
  return z.object({ metadata: eventMetadataSchema, data: contract.data }).strict();
}

/**
 * The detail-type and data of an event of one of several contracts: a union keyed on
 * `detailType`, so a `switch (event.detailType)` narrows `event.data`.
 */
export type EventOf<Cs extends readonly EventContract[]> = {
  [K in keyof Cs]: { detailType: Cs[K]['detailType']; data: z.output<Cs[K]['data']> };
}[number];

/** An event ready to publish: the EventBridge fields plus the typed detail. */
export interface DomainEvent<T = unknown> {
  source: EventSource;
  detailType: string;
  detail: { metadata: EventMetadata; data: T };
}

/** What causes an event: the request or event being handled, for tracing a flow end to end. */
export interface EventCause {
  correlationId: string;
  causationId: string;
}

/**
 * Builds a validated event for a contract. `now` is passed in so domain code stays clock-free.
 * Throws if the data breaks the contract: a producer never emits what it has not promised.
 */
export function createEvent<D extends z.ZodType>(
  contract: EventContract<D>,
  data: z.input<D>,
  context: { city: string; now: Date; cause?: EventCause; eventId?: string },
): DomainEvent<z.output<D>> {
  const eventId = context.eventId ?? randomUUID();
  const metadata: EventMetadata = {
    eventId,
    schemaVersion: contract.schemaVersion,
    occurredAt: context.now.toISOString(),
    correlationId: context.cause?.correlationId ?? eventId,
    causationId: context.cause?.causationId ?? eventId,
    city: context.city,
  };
  return {
    source: contract.source,
    detailType: contract.detailType,
    detail: { metadata: eventMetadataSchema.parse(metadata), data: contract.data.parse(data) },
  };
}

/** The cause to pass to events that a handled event produces. */
export function causedBy(metadata: EventMetadata): EventCause {
  return { correlationId: metadata.correlationId, causationId: metadata.eventId };
}
