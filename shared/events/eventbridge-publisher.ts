import { type EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { DomainEvent } from './envelope.ts';
import type { EventPublisher, PublishResult } from './publisher.ts';

/**
 * EventBridge limits (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html):
 * at most 10 entries per PutEvents call, and 256 KB per entry and per call, counted as the UTF-8
 * bytes of Source, DetailType, Detail and Resources plus 14 bytes when Time is set.
 */
export const MAX_ENTRIES_PER_CALL = 10;
export const MAX_ENTRY_BYTES = 256 * 1024;

export interface EventBridgePublisherOptions {
  client: Pick<EventBridgeClient, 'send'>;
  eventBusName: string;
  /** How many times a refused entry is sent again before it is reported as failed. */
  maxRetries?: number;
  /** Backoff base in ms; attempt n waits base·2ⁿ plus jitter. */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Size of one entry as EventBridge counts it. */
export function entrySize(entry: PutEventsRequestEntry): number {
  const bytes = (s: string | undefined) => (s ? Buffer.byteLength(s, 'utf8') : 0);
  return (
    (entry.Time ? 14 : 0) + bytes(entry.Source) + bytes(entry.DetailType) + bytes(entry.Detail) + (entry.Resources ?? []).reduce((n, r) => n + bytes(r), 0)
  );
}

/** Splits entries into PutEvents calls of at most 10 entries and 256 KB. */
export function toBatches<T extends { size: number }>(entries: readonly T[]): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const entry of entries) {
    if (current.length === MAX_ENTRIES_PER_CALL || bytes + entry.size > MAX_ENTRY_BYTES) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += entry.size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Publishes domain events to the city's EventBridge bus, resending per-entry failures with backoff. */
export class EventBridgePublisher implements EventPublisher {
  private readonly maxRetries: number;
  private readonly backoffMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: EventBridgePublisherOptions) {
    this.maxRetries = options.maxRetries ?? 3;
    this.backoffMs = options.backoffMs ?? 50;
    this.sleep = options.sleep ?? defaultSleep;
  }

  async publish(events: readonly DomainEvent[]): Promise<PublishResult> {
    const result: PublishResult = { published: [], failed: [] };
    let pending: { eventId: string; entry: PutEventsRequestEntry; size: number }[] = [];
    for (const event of events) {
      const entry: PutEventsRequestEntry = {
        EventBusName: this.options.eventBusName,
        Source: event.source,
        DetailType: event.detailType,
        Detail: JSON.stringify(event.detail),
        Time: new Date(event.detail.metadata.occurredAt),
        // The invocation's X-Ray trace, which EventBridge hands on to the consumers' queues.
        ...(process.env._X_AMZN_TRACE_ID ? { TraceHeader: process.env._X_AMZN_TRACE_ID } : {}),
      };
      const size = entrySize(entry);
      const eventId = event.detail.metadata.eventId;
      if (size > MAX_ENTRY_BYTES) {
        // Refused here rather than by EventBridge: sending it again could never succeed.
        result.failed.push({ eventId, errorCode: 'EntryTooLarge', errorMessage: `${size} bytes > ${MAX_ENTRY_BYTES}` });
      } else {
        pending.push({ eventId, entry, size });
      }
    }

    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await this.sleep(this.backoffMs * 2 ** (attempt - 1) * (1 + Math.random()));
      const refused: typeof pending = [];
      const lastErrors = new Map<string, { errorCode: string; errorMessage: string }>();
      for (const batch of toBatches(pending)) {
        try {
          const response = await this.options.client.send(new PutEventsCommand({ Entries: batch.map((b) => b.entry) }));
          // Entries in the response are in the same order as the request; a failed one has an ErrorCode.
          batch.forEach((item, i) => {
            const outcome = response.Entries?.[i];
            if (outcome?.EventId && !outcome.ErrorCode) {
              result.published.push(item.eventId);
            } else {
              refused.push(item);
              lastErrors.set(item.eventId, {
                errorCode: outcome?.ErrorCode ?? 'Unknown',
                errorMessage: outcome?.ErrorMessage ?? 'no result for entry',
              });
            }
          });
        } catch (error) {
          for (const item of batch) {
            refused.push(item);
            lastErrors.set(item.eventId, { errorCode: 'CallFailed', errorMessage: (error as Error).name });
          }
        }
      }
      if (attempt >= this.maxRetries) {
        for (const item of refused) result.failed.push({ eventId: item.eventId, ...lastErrors.get(item.eventId)! });
        break;
      }
      pending = refused;
    }
    return result;
  }
}
