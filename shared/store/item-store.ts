import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../events/envelope.ts';
import type { EventPublisher, PublishResult } from '../events/publisher.ts';
import { ConflictError } from '../runtime/errors.ts';
import {
  clearOutbox,
  countPublishAttempt,
  deadLetter,
  MAX_PUBLISH_ATTEMPTS,
  outboxPartitionOf,
  PERMANENT_PUBLISH_FAILURES,
  type OutboxAttributes,
} from './outbox.ts';
import { getMany } from './get-many.ts';
import type { ItemKey } from './table.ts';

/** An item as stored: its key, its data, and the version that guards every write. */
export type StoredItem<T> = T & ItemKey & { version: number };

/** What a write hands back: the item as now stored and whether its events already left. */
export interface WriteResult<T> {
  item: StoredItem<T>;
  published: boolean;
}

export interface ItemStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  publisher: EventPublisher;
  now: () => Date;
  /**
   * Told when publishing failed: `attempts` so far (the relay retries), `deadLettered` events that
   * were moved to dead letters (no retry could publish them). Never given personal data.
   */
  onPublishFailure?: (info: { pk: string; failed: number; attempts: number; deadLettered: number }) => void;
  /** Told of the events a write committed (before publishing them): where the business figures are counted. */
  onCommitted?: (events: readonly DomainEvent[]) => void;
}

const OUTBOX_KEYS = ['outbox', 'outboxShard', 'outboxSince', 'outboxAttempts'] as const;

/** DynamoDB's limit per BatchWriteItem, and how often unprocessed items are sent again. */
const BATCH_WRITE_ITEMS = 25;
const BATCH_ATTEMPTS = 8;
/** Outboxes cleared at a time after a batch create. */
const PARALLEL_CLEARS = 25;

/** Waits before sending unprocessed keys again, as DynamoDB asks (exponential, jittered). */
const backOff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt * (1 + Math.random())));

/** The id of an item in a {@link ItemStore.getMany} answer. */
export const itemId = (key: ItemKey): string => `${key.pk}|${key.sk}`;

/**
 * Versioned items with a transactional outbox that needs no transactions: a state change and the
 * events it causes are written in one conditional PutItem (the events ride on the item in an
 * `outbox` attribute, indexed sparsely), published right after, and cleared once EventBridge has
 * taken them. If publishing fails, the item stays on the outbox index and the relay
 * (shared/store/outbox.ts) publishes it later. Consumers deduplicate on `eventId`, so a publish
 * that happens twice is harmless; one that never happens is impossible.
 */
export class ItemStore {
  constructor(private readonly options: ItemStoreOptions) {}

  /** Reads an item (strongly consistent), without its outbox attributes. */
  async get<T extends object>(key: ItemKey): Promise<StoredItem<T> | undefined> {
    const { Item } = await this.options.client.send(new GetCommand({ TableName: this.options.tableName, Key: key, ConsistentRead: true }));
    return Item ? (stripOutbox(Item) as StoredItem<T>) : undefined;
  }

  /**
   * Reads many items at once (strongly consistent, BatchGetItem through {@link getMany}), without
   * their outbox attributes, by {@link itemId}; keys with no item are absent from the map.
   */
  async getMany<T extends object>(keys: readonly ItemKey[]): Promise<Map<string, StoredItem<T>>> {
    const items = await getMany(this.options.client, this.options.tableName, keys, true);
    return new Map(items.map((item) => [itemId(item as unknown as ItemKey), stripOutbox(item) as StoredItem<T>]));
  }

  /**
   * Creates many items at version 1 with their events: BatchWriteItem 25 at a time, every item with
   * its events on its outbox, then one publish of all the events and each outbox cleared. A batch
   * write has no condition, so this is only for a writer that alone creates these keys and has just
   * read them absent (an import chunk); a crash before the clear leaves the outboxes to the relay.
   * Answers whether every event was published.
   */
  async createMany(entries: readonly { item: ItemKey & Record<string, unknown>; events: readonly DomainEvent[] }[]): Promise<boolean> {
    const since = this.options.now().toISOString();
    const stored = entries.map(({ item, events }) => {
      const outbox = events.map((e) => JSON.stringify(e));
      return {
        item: { ...item, version: 1, ...(outbox.length > 0 ? { outbox, outboxShard: outboxPartitionOf(item), outboxSince: since } : {}) },
        outbox,
        events,
      };
    });
    for (let i = 0; i < stored.length; i += BATCH_WRITE_ITEMS) {
      let pending: Record<string, unknown>[] = stored.slice(i, i + BATCH_WRITE_ITEMS).map(({ item }) => ({ PutRequest: { Item: item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= BATCH_ATTEMPTS) throw new Error('BatchWriteItem left items unprocessed');
        if (attempt > 0) await backOff(attempt);
        const answer = await this.options.client.send(new BatchWriteCommand({ RequestItems: { [this.options.tableName]: pending as never } }));
        pending = (answer.UnprocessedItems?.[this.options.tableName] as Record<string, unknown>[] | undefined) ?? [];
      }
    }
    const events = stored.flatMap((s) => s.events);
    if (events.length === 0) return true;
    this.options.onCommitted?.(events);
    let failed: Set<string>;
    try {
      failed = new Set((await this.options.publisher.publish(events)).failed.map((f) => f.eventId));
    } catch {
      failed = new Set(events.map((e) => e.detail.metadata.eventId));
    }
    const { client, tableName } = this.options;
    let published = true;
    for (let i = 0; i < stored.length; i += PARALLEL_CLEARS) {
      await Promise.all(
        stored.slice(i, i + PARALLEL_CLEARS).map(async ({ item, outbox, events: own }) => {
          if (outbox.length === 0) return;
          const key = { pk: item.pk, sk: item.sk };
          // An item whose events did not all leave goes the single-item way: retried, counted, dead-lettered.
          if (own.some((e) => failed.has(e.detail.metadata.eventId))) published = (await this.publishAndClear(key, 1, outbox)) && published;
          else await clearOutbox(client, tableName, key, 1);
        }),
      );
    }
    return published;
  }

  /**
   * Creates an item at version 1 with its events. A second create of the same key is a
   * {@link ConflictError} with code `ALREADY_EXISTS`, which makes event-driven creates idempotent.
   */
  async create<T extends object>(item: T & ItemKey, events: readonly DomainEvent[] = []): Promise<WriteResult<T>> {
    const stored = { ...item, version: 1 } as StoredItem<T>;
    return this.write(stored, events, [], 'attribute_not_exists(pk)', undefined, 'ALREADY_EXISTS');
  }

  /**
   * Replaces an item read at `item.version` with its next state and the events that change causes.
   * A {@link ConflictError} with code `VERSION_CONFLICT` means someone else changed it first: read
   * again and decide again.
   */
  async replace<T extends object>(item: StoredItem<T>, events: readonly DomainEvent[] = []): Promise<WriteResult<T>> {
    const stored = { ...stripOutbox(item), version: item.version + 1 } as StoredItem<T>;
    try {
      // The usual case: the item's earlier events are already published, so nothing needs reading.
      return await this.write(stored, events, [], 'version = :expected AND attribute_not_exists(outbox)', item.version, 'VERSION_CONFLICT');
    } catch (error) {
      if (!(error instanceof ConflictError && error.code === 'VERSION_CONFLICT')) throw error;
    }
    // Either someone else changed it, or events of an earlier write are still unpublished: those
    // stay on the item and go out with these.
    const { Item: current } = await this.options.client.send(
      new GetCommand({
        TableName: this.options.tableName,
        Key: { pk: item.pk, sk: item.sk },
        ConsistentRead: true,
        ProjectionExpression: 'outbox, outboxSince, version',
      }),
    );
    if (!current || current.version !== item.version || !current.outbox) {
      throw new ConflictError('The item changed since it was read.', 'VERSION_CONFLICT');
    }
    return this.write(
      stored,
      events,
      current.outbox as string[],
      'version = :expected',
      item.version,
      'VERSION_CONFLICT',
      current.outboxSince as string | undefined,
    );
  }

  private async write<T>(
    stored: StoredItem<T>,
    events: readonly DomainEvent[],
    unpublished: string[],
    condition: string,
    expectedVersion: number | undefined,
    conflictCode: string,
    pendingSince?: string,
  ): Promise<WriteResult<T>> {
    const outbox = [...unpublished, ...events.map((e) => JSON.stringify(e))];
    const outboxAttributes: Partial<OutboxAttributes> =
      outbox.length > 0 ? { outbox, outboxShard: outboxPartitionOf(stored), outboxSince: pendingSince ?? this.options.now().toISOString() } : {};
    try {
      await this.options.client.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: { ...stored, ...outboxAttributes },
          ConditionExpression: condition,
          ExpressionAttributeValues: expectedVersion === undefined ? undefined : { ':expected': expectedVersion },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ConflictError(conflictCode === 'ALREADY_EXISTS' ? 'It exists already.' : 'The item changed since it was read.', conflictCode);
      }
      throw error;
    }
    if (events.length > 0) this.options.onCommitted?.(events);
    if (outbox.length === 0) return { item: stored, published: true };
    const published = await this.publishAndClear({ pk: stored.pk, sk: stored.sk }, stored.version, outbox);
    return { item: stored, published };
  }

  /**
   * Publishes an item's outbox and clears it if the item is still at `version`. Events refused for
   * good (too large, malformed), and all of them once the outbox failed {@link MAX_PUBLISH_ATTEMPTS}
   * times, go to dead letters; the others stay for the relay, with the attempt counted.
   */
  async publishAndClear(key: ItemKey, version: number, outbox: readonly string[]): Promise<boolean> {
    const events = outbox.map((raw) => JSON.parse(raw) as DomainEvent);
    let failures: PublishResult['failed'];
    try {
      failures = (await this.options.publisher.publish(events)).failed;
    } catch (error) {
      failures = events.map((e) => ({ eventId: e.detail.metadata.eventId, errorCode: 'CallFailed', errorMessage: (error as Error).name }));
    }
    if (failures.length === 0) {
      await clearOutbox(this.options.client, this.options.tableName, key, version);
      return true;
    }
    const { client, tableName } = this.options;
    const failureOf = new Map(failures.map((f) => [f.eventId, f]));
    const failed = outbox.flatMap((raw, i) => {
      const failure = failureOf.get(events[i]!.detail.metadata.eventId);
      return failure ? [{ raw, errorCode: failure.errorCode, errorMessage: failure.errorMessage }] : [];
    });
    const attempts = await countPublishAttempt(client, tableName, key, version);
    const givenUp = attempts >= MAX_PUBLISH_ATTEMPTS;
    const dead = failed.filter((f) => givenUp || PERMANENT_PUBLISH_FAILURES.has(f.errorCode));
    const remaining = failed.filter((f) => !dead.includes(f)).map((f) => f.raw);
    if (dead.length > 0) await deadLetter(client, tableName, key, version, dead, remaining, this.options.now());
    this.options.onPublishFailure?.({ pk: key.pk, failed: failures.length, attempts, deadLettered: dead.length });
    return remaining.length === 0;
  }
}

function stripOutbox<T extends object>(item: T): T {
  const copy: Record<string, unknown> = { ...(item as Record<string, unknown>) };
  for (const key of OUTBOX_KEYS) delete copy[key];
  return copy as T;
}
