import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { OUTBOX_INDEX, type ItemKey } from './table.ts';

/** Partition value of the sparse outbox index: present only while an item has unpublished events. */
export const OUTBOX_PENDING = 'pending';

/** The attributes an item carries while its events wait to be published. */
export interface OutboxAttributes {
  /** The events, each as its JSON text, in the order they were caused. */
  outbox: string[];
  outboxShard: typeof OUTBOX_PENDING;
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
        UpdateExpression: 'REMOVE outbox, outboxShard, outboxSince',
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: { ':version': version },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
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
  const report: RelayReport = { found: 0, published: 0, stillPending: 0 };
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await options.client.send(
      new QueryCommand({
        TableName: options.tableName,
        IndexName: OUTBOX_INDEX.name,
        KeyConditionExpression: 'outboxShard = :pending AND outboxSince <= :before',
        ExpressionAttributeValues: { ':pending': OUTBOX_PENDING, ':before': before },
        Limit: options.limit ?? 100,
        ExclusiveStartKey: cursor,
      }),
    );
    for (const item of page.Items ?? []) {
      report.found++;
      const ok = await options.store.publishAndClear({ pk: item.pk as string, sk: item.sk as string }, item.version as number, item.outbox as string[]);
      if (ok) report.published++;
      else report.stillPending++;
    }
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  return report;
}
