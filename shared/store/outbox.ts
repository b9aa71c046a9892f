import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { OUTBOX_INDEX, type ItemKey } from './table.ts';

/** Partition values of the sparse outbox index start with this: present only while an item has unpublished events. */
export const OUTBOX_PENDING = 'pending';

/**
 * How many partitions the outbox index is spread over. Every write with events enters the index and
 * leaves it again: under one partition value a service writing a few thousand events a second
 * would pass the 1,000 writes a second one index partition takes, and a throttled index throttles
 * the table's writes.
 */
export const OUTBOX_SHARDS = 8;

/** Every partition value of the outbox index: the relay and the status read them all. */
export const OUTBOX_PARTITIONS: readonly string[] = Array.from({ length: OUTBOX_SHARDS }, (_, shard) => `${OUTBOX_PENDING}#${shard}`);

/** The outbox partition of an item, from its key (FNV-1a), so an item keeps its partition. */
export function outboxPartitionOf(key: ItemKey): string {
  let hash = 0x811c9dc5;
  for (const char of `${key.pk}\u0000${key.sk}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return OUTBOX_PARTITIONS[hash % OUTBOX_SHARDS]!;
}

/** The attributes an item carries while its events wait to be published. */
export interface OutboxAttributes {
  /** The events, each as its JSON text, in the order they were caused. */
  outbox: string[];
  /** One of {@link OUTBOX_PARTITIONS}. */
  outboxShard: string;
  /** When the oldest unpublished event was written: the relay picks up items pending too long. */
  outboxSince: string;
}

/**
 * Removes the outbox from an item, unless the item moved on to another version meanwhile: then
 * the newer write carries these events too and publishes them itself.
 */
export async function clearOutbox(client: DynamoDBDocumentClient, tableName: string, key: ItemKey, version: number): Promise<void> {
  try {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: 'REMOVE outbox, outboxShard, outboxSince, outboxAttempts',
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: { ':version': version },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/**
 * Failures that no retry can mend: the event is moved off its item into a dead letter, so the
 * item's later events are not held behind it for ever.
 */
export const PERMANENT_PUBLISH_FAILURES: ReadonlySet<string> = new Set(['EntryTooLarge', 'MalformedDetail', 'InvalidArgument']);

/** Publish attempts of one outbox after which its events are dead-lettered (about two hours of relay runs). */
export const MAX_PUBLISH_ATTEMPTS = 120;

/** The key of the dead letter of one event: kept in the service's table, listed by its `pk` prefix. */
export const deadLetterKey = (eventId: string): ItemKey => ({ pk: `outbox-dead#${eventId}`, sk: 'outbox-dead' });

/** An event that could not be published, kept for an operator to explain or resend. */
export interface DeadLetter {
  eventId: string;
  detailType: string;
  /** The item whose outbox held it. */
  from: ItemKey;
  errorCode: string;
  errorMessage: string;
  deadAt: string;
  /** The event's JSON, when it fits in an item (DynamoDB's 400 KB). */
  event?: string;
}

/** The largest event text kept whole in a dead letter (the rest of the item needs room too). */
const MAX_KEPT_EVENT_CHARS = 300_000;

/**
 * Moves events off an item's outbox into dead letters (one item each, idempotent by event id) and
 * leaves `remaining` on the outbox, unless the item moved on meanwhile (its newer outbox carries
 * these events and will dead-letter them itself).
 */
export async function deadLetter(
  client: DynamoDBDocumentClient,
  tableName: string,
  from: ItemKey,
  version: number,
  dead: readonly { raw: string; errorCode: string; errorMessage: string }[],
  remaining: readonly string[],
  now: Date,
): Promise<void> {
  for (const { raw, errorCode, errorMessage } of dead) {
    const event = JSON.parse(raw) as { detailType: string; detail: { metadata: { eventId: string } } };
    const letter: DeadLetter = {
      eventId: event.detail.metadata.eventId,
      detailType: event.detailType,
      from,
      errorCode,
      errorMessage,
      deadAt: now.toISOString(),
      ...(raw.length <= MAX_KEPT_EVENT_CHARS ? { event: raw } : {}),
    };
    await client.send(new PutCommand({ TableName: tableName, Item: { ...deadLetterKey(letter.eventId), ...letter } }));
  }
  try {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: from,
        ...(remaining.length > 0
          ? { UpdateExpression: 'SET outbox = :remaining', ExpressionAttributeValues: { ':version': version, ':remaining': remaining } }
          : { UpdateExpression: 'REMOVE outbox, outboxShard, outboxSince, outboxAttempts', ExpressionAttributeValues: { ':version': version } }),
        ConditionExpression: 'version = :version',
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** Counts a failed publish of an item's outbox (at its version); answers the count so far. */
export async function countPublishAttempt(client: DynamoDBDocumentClient, tableName: string, key: ItemKey, version: number): Promise<number> {
  try {
    const { Attributes } = await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: 'ADD outboxAttempts :one',
        ConditionExpression: 'version = :version AND attribute_exists(outbox)',
        ExpressionAttributeValues: { ':version': version, ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.outboxAttempts ?? 1);
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return 0;
  }
}

/** What the relay needs of a store (the ItemStore is one): publish an item's outbox and clear it. */
export interface OutboxDrain {
  publishAndClear(key: ItemKey, version: number, outbox: readonly string[]): Promise<boolean>;
}

export interface RelayReport {
  found: number;
  published: number;
  stillPending: number;
  /** Age of the oldest event still unpublished after this run, in whole seconds; 0 when every one left. */
  oldestPendingSeconds: number;
}

/**
 * An item's unpublished events and the version they belong to (strongly consistent), or nothing
 * when they left meanwhile.
 */
export async function pendingOutbox(
  client: Pick<DynamoDBDocumentClient, 'send'>,
  tableName: string,
  key: ItemKey,
): Promise<{ outbox: string[]; outboxSince: string; version: number } | undefined> {
  const { Item } = await client.send(
    new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true, ProjectionExpression: 'outbox, outboxSince, version' }),
  );
  if (!Item?.outbox) return undefined;
  return { outbox: Item.outbox as string[], outboxSince: Item.outboxSince as string, version: Item.version as number };
}

/**
 * The pending events of an entry of the outbox index: from the entry itself where the index
 * carries them (an index created before it carried keys only), else from the item.
 */
export async function pendingOutboxOf(
  client: Pick<DynamoDBDocumentClient, 'send'>,
  tableName: string,
  entry: Record<string, unknown>,
): Promise<{ outbox: string[]; outboxSince: string; version: number } | undefined> {
  if (Array.isArray(entry.outbox)) return { outbox: entry.outbox as string[], outboxSince: entry.outboxSince as string, version: entry.version as number };
  return pendingOutbox(client, tableName, { pk: entry.pk as string, sk: entry.sk as string });
}

/**
 * The outbox relay, run on a schedule: publishes the events of every item that has waited longer
 * than `graceMs` (so it does not race the publish that follows each write).
 */
export async function relayOutbox(options: {
  client: DynamoDBDocumentClient;
  tableName: string;
  store: OutboxDrain;
  now: Date;
  graceMs?: number;
  limit?: number;
}): Promise<RelayReport> {
  const before = new Date(options.now.getTime() - (options.graceMs ?? 30_000)).toISOString();
  const report: RelayReport = { found: 0, published: 0, stillPending: 0, oldestPendingSeconds: 0 };
  for (const partition of OUTBOX_PARTITIONS) {
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await options.client.send(
        new QueryCommand({
          TableName: options.tableName,
          IndexName: OUTBOX_INDEX.name,
          KeyConditionExpression: 'outboxShard = :partition AND outboxSince <= :before',
          ExpressionAttributeValues: { ':partition': partition, ':before': before },
          Limit: options.limit ?? 100,
          ExclusiveStartKey: cursor,
        }),
      );
      for (const entry of page.Items ?? []) {
        // The index carries keys and version: the events are read from the item.
        const item = await pendingOutboxOf(options.client, options.tableName, entry);
        if (!item) continue;
        report.found++;
        const ok = await options.store.publishAndClear({ pk: entry.pk as string, sk: entry.sk as string }, item.version, item.outbox);
        if (ok) report.published++;
        else {
          report.stillPending++;
          const age = Math.floor((options.now.getTime() - Date.parse(item.outboxSince)) / 1000);
          report.oldestPendingSeconds = Math.max(report.oldestPendingSeconds, age);
        }
      }
      cursor = page.LastEvaluatedKey;
    } while (cursor);
  }
  return report;
}
