import { randomUUID } from 'node:crypto';
import { matchesPattern, toBusEvent, type BusEvent, type EventPattern } from '../../shared/events/pattern.ts';
import { MAX_ENTRY_BYTES, entrySize } from '../../shared/events/eventbridge-publisher.ts';
import type { FaultInjector } from './faults.ts';
import type { LocalQueue } from './local-queue.ts';

/** A rule on the local bus: a pattern and the queue it feeds (an SQS target). */
export interface LocalRule {
  name: string;
  pattern: EventPattern;
  queue: LocalQueue;
  /** The service whose subscription it is (who pays for the queue's requests). */
  service?: string;
}

/** One PutEvents entry as the EventBridge API takes it. */
export interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Time?: string | number;
  Resources?: string[];
}

/** Per-entry result, as EventBridge answers PutEvents. */
export type PutEventsResultEntry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

/**
 * EventBridge in process: PutEvents with per-entry results, rule patterns on `source`,
 * `detail-type` and `detail`, and SQS targets. An entry is acknowledged only after every matching
 * queue has it on disk, so an accepted event is never lost.
 */
export class LocalEventBus {
  private failNext = 0;
  private faults?: FaultInjector;
  private readonly observers = new Set<(event: BusEvent) => void>();
  private targetSent: (rule: LocalRule, bytes: number) => void = () => undefined;

  constructor(
    readonly name: string,
    private readonly rules: readonly LocalRule[],
    private readonly identity = { account: '000000000000', region: 'local' },
  ) {}

  putEvents(entries: readonly PutEventsEntry[]): { FailedEntryCount: number; Entries: PutEventsResultEntry[] } {
    const results = entries.map((entry) => this.putOne(entry));
    return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
  }

  /** The names of the rules an event matches (what the parity test compares with the template). */
  route(event: BusEvent): string[] {
    return this.rules.filter((rule) => matchesPattern(rule.pattern, event)).map((rule) => rule.name);
  }

  /** Makes the next `count` entries fail with `InternalFailure`, as EventBridge sometimes does. */
  failNextEntries(count: number): void {
    this.failNext = count;
  }

  /** Fails a share of entries as the fault plan says (EventBridge's partial failures). */
  injectFaults(faults: FaultInjector): void {
    this.faults = faults;
  }

  /** Hears of every message a rule sends to its queue (an SQS request billed to the queue's owner). */
  onTargetSend(listener: (rule: LocalRule, bytes: number) => void): void {
    this.targetSent = listener;
  }

  /** Sees every event the bus accepts (tests, the operator's event log). */
  observe(observer: (event: BusEvent) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  private putOne(entry: PutEventsEntry): PutEventsResultEntry {
    if (entry.EventBusName && entry.EventBusName !== this.name && !entry.EventBusName.endsWith(`/${this.name}`)) {
      return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${entry.EventBusName} does not exist.` };
    }
    if (!entry.Source || !entry.DetailType || entry.Detail === undefined) {
      return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Source, DetailType and Detail are required.' };
    }
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail);
    } catch {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is not valid JSON.' };
    }
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail must be a JSON object.' };
    }
    if (entrySize({ ...entry, Time: entry.Time ? new Date(entry.Time) : undefined }) > MAX_ENTRY_BYTES) {
      return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Entry exceeds 256 KB.' };
    }
    if (this.failNext > 0) {
      this.failNext--;
      return { ErrorCode: 'InternalFailure', ErrorMessage: 'Injected failure.' };
    }
    if (this.faults?.failsEntry(entry.Source)) return { ErrorCode: 'InternalFailure', ErrorMessage: 'Injected failure (fault plan).' };
    const time = entry.Time ? new Date(typeof entry.Time === 'number' ? entry.Time * 1000 : entry.Time) : new Date();
    const event = toBusEvent({
      id: randomUUID(),
      source: entry.Source,
      detailType: entry.DetailType,
      detail,
      time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      account: this.identity.account,
      region: this.identity.region,
      resources: entry.Resources,
    });
    const body = JSON.stringify(event);
    for (const rule of this.rules) {
      if (!matchesPattern(rule.pattern, event)) continue;
      rule.queue.send([body]);
      this.targetSent(rule, Buffer.byteLength(body));
    }
    for (const observer of this.observers) observer(event);
    return { EventId: event.id as string };
  }
}
