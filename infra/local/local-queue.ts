import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Journal } from './journal.ts';

/** One message as the local queue keeps it. */
export interface QueuedMessage {
  id: string;
  body: string;
  sentAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  /** Not visible to receivers before this time (ms since epoch). */
  visibleAt: number;
}

/** A received message, with the handle that deletes it. */
export interface ReceivedMessage {
  message: QueuedMessage;
  receiptHandle: string;
}

type JournalRecord =
  | { op: 'send'; id: string; body: string; sentAt: number; receiveCount?: number }
  | { op: 'recv'; id: string; count: number; at: number }
  | { op: 'del'; id: string };

export interface LocalQueueOptions {
  name: string;
  /** Folder for the queue's journal; undefined keeps it in memory only. */
  dataDir: string | undefined;
  visibilityTimeoutMs: number;
  /** With a dead-letter queue: receives after which a message moves there. */
  deadLetter?: { queue: LocalQueue; maxReceiveCount: number };
  now?: () => number;
}

/**
 * An SQS queue in process, keeping SQS's contract: at-least-once delivery, a visibility timeout
 * during which a received message is hidden, receive counts, a move to the dead-letter queue once
 * `maxReceiveCount` is exceeded, and a redrive back. Every change is journaled before it is
 * acknowledged, so messages (queued or in flight) survive a kill; a message in flight at the kill
 * becomes visible again once its visibility timeout passes, as in SQS.
 */
export class LocalQueue {
  readonly name: string;
  private readonly messages = new Map<string, QueuedMessage>();
  private readonly receipts = new Map<string, string>();
  private readonly journal: Journal<JournalRecord>;
  private readonly listeners = new Set<() => void>();
  private readonly now: () => number;
  private deletedSinceCompaction = 0;

  constructor(private readonly options: LocalQueueOptions) {
    this.name = options.name;
    this.now = options.now ?? Date.now;
    this.journal = new Journal(options.dataDir ? join(options.dataDir, `${options.name}.jsonl`) : undefined);
    this.recover();
  }

  get deadLetterQueue(): LocalQueue | undefined {
    return this.options.deadLetter?.queue;
  }

  /** Adds messages; they are on disk when this returns. */
  send(bodies: readonly string[]): string[] {
    const sentAt = this.now();
    const records = bodies.map((body) => ({ op: 'send' as const, id: randomUUID(), body, sentAt }));
    this.journal.append(records);
    for (const r of records) this.messages.set(r.id, { id: r.id, body: r.body, sentAt, receiveCount: 0, visibleAt: 0 });
    this.notify();
    return records.map((r) => r.id);
  }

  /**
   * Receives up to `max` visible messages and hides them for the visibility timeout. A message
   * already received `maxReceiveCount` times moves to the dead-letter queue instead.
   */
  receive(max: number): ReceivedMessage[] {
    const now = this.now();
    const received: ReceivedMessage[] = [];
    const toDeadLetter: QueuedMessage[] = [];
    for (const message of this.messages.values()) {
      if (received.length >= max) break;
      if (message.visibleAt > now) continue;
      const dl = this.options.deadLetter;
      if (dl && message.receiveCount >= dl.maxReceiveCount) {
        toDeadLetter.push(message);
        continue;
      }
      message.receiveCount += 1;
      message.firstReceivedAt ??= now;
      message.visibleAt = now + this.options.visibilityTimeoutMs;
      const receiptHandle = randomUUID();
      this.receipts.set(receiptHandle, message.id);
      received.push({ message: { ...message }, receiptHandle });
    }
    if (toDeadLetter.length > 0) this.moveTo(this.options.deadLetter!.queue, toDeadLetter);
    this.journal.append(received.map((r) => ({ op: 'recv' as const, id: r.message.id, count: r.message.receiveCount, at: now })));
    return received;
  }

  /** Deletes received messages by their receipt handles (unknown handles are ignored, as in SQS). */
  delete(receiptHandles: readonly string[]): void {
    const ids = receiptHandles.map((h) => this.receipts.get(h)).filter((id): id is string => id !== undefined);
    for (const h of receiptHandles) this.receipts.delete(h);
    this.remove(ids);
  }

  /** Makes a received message visible again at once (SQS ChangeMessageVisibility to 0). */
  release(receiptHandle: string): void {
    const id = this.receipts.get(receiptHandle);
    const message = id ? this.messages.get(id) : undefined;
    if (message) message.visibleAt = 0;
    this.notify();
  }

  /** Moves every message of this queue (a DLQ) to `target`, with fresh receive counts. */
  redriveTo(target: LocalQueue): number {
    const all = [...this.messages.values()];
    this.moveTo(target, all);
    return all.length;
  }

  depth(): { visible: number; inFlight: number; total: number } {
    const now = this.now();
    let visible = 0;
    for (const m of this.messages.values()) if (m.visibleAt <= now) visible++;
    return { visible, inFlight: this.messages.size - visible, total: this.messages.size };
  }

  /** A snapshot of the messages, oldest first (for operators and tests). */
  peek(): QueuedMessage[] {
    return [...this.messages.values()].map((m) => ({ ...m }));
  }

  /** Calls `listener` whenever messages arrive or become visible again; returns an unsubscribe. */
  onMessages(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.journal.close();
  }

  private moveTo(target: LocalQueue, messages: readonly QueuedMessage[]): void {
    // Written to the target first: a kill between the two steps duplicates, never loses.
    target.send(messages.map((m) => m.body));
    this.remove(messages.map((m) => m.id));
  }

  private remove(ids: readonly string[]): void {
    const present = ids.filter((id) => this.messages.delete(id));
    this.journal.append(present.map((id) => ({ op: 'del' as const, id })));
    this.deletedSinceCompaction += present.length;
    if (this.deletedSinceCompaction > 5_000 && this.deletedSinceCompaction > this.messages.size * 4) this.compact();
  }

  private recover(): void {
    for (const record of this.journal.read()) {
      if (record.op === 'send') {
        this.messages.set(record.id, {
          id: record.id,
          body: record.body,
          sentAt: record.sentAt,
          receiveCount: record.receiveCount ?? 0,
          visibleAt: 0,
        });
      } else if (record.op === 'recv') {
        const m = this.messages.get(record.id);
        if (m) {
          m.receiveCount = record.count;
          // As in SQS, a message received before the crash stays hidden until its timeout passes.
          m.visibleAt = record.at + this.options.visibilityTimeoutMs;
          m.firstReceivedAt ??= record.at;
        }
      } else {
        this.messages.delete(record.id);
      }
    }
    this.compact();
  }

  private compact(): void {
    const records: JournalRecord[] = [];
    for (const m of this.messages.values()) {
      records.push({ op: 'send', id: m.id, body: m.body, sentAt: m.sentAt, receiveCount: m.receiveCount });
      if (m.visibleAt > this.now()) records.push({ op: 'recv', id: m.id, count: m.receiveCount, at: m.visibleAt - this.options.visibilityTimeoutMs });
    }
    this.journal.rewrite(records);
    this.deletedSinceCompaction = 0;
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

/** MD5 of a body, as SQS reports it in `md5OfBody`. */
export function md5(body: string): string {
  return createHash('md5').update(body).digest('hex');
}
