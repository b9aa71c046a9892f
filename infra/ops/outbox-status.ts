import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { resourceNames, type ServiceManifest } from '../../shared/runtime/manifest.ts';
import { OUTBOX_PARTITIONS, pendingOutboxOf } from '../../shared/store/outbox.ts';
import { OUTBOX_INDEX } from '../../shared/store/table.ts';

/** The unpublished events of one service: what its outbox relay still has to put on the bus. */
export interface OutboxStatus {
  readonly service: string;
  readonly table: string;
  /** Items whose events wait (each holds one or more). */
  readonly items: number;
  readonly events: number;
  /** When the oldest of them was written, if any waits. */
  readonly oldestSince?: string;
  /** Seconds it has waited at `now`. */
  readonly oldestAgeSeconds?: number;
}

/**
 * Reads each service's outbox index (the sparse index of items with unpublished events, oldest
 * first) in the city's tables: locally on the platform's DynamoDB, in AWS on the city's.
 */
export async function outboxStatus(
  client: Pick<DynamoDBDocumentClient, 'send'>,
  city: string,
  services: readonly Pick<ServiceManifest, 'name'>[],
  now: Date,
): Promise<OutboxStatus[]> {
  const statuses: OutboxStatus[] = [];
  for (const service of services) {
    const table = resourceNames.table(city, service.name);
    let items = 0;
    let events = 0;
    let oldestSince: string | undefined;
    for (const partition of OUTBOX_PARTITIONS) {
      let cursor: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: table,
            IndexName: OUTBOX_INDEX.name,
            KeyConditionExpression: 'outboxShard = :partition',
            ExpressionAttributeValues: { ':partition': partition },
            ExclusiveStartKey: cursor,
          }),
        );
        for (const entry of page.Items ?? []) {
          // The index carries keys and version: the events are counted on the item.
          const item = await pendingOutboxOf(client, table, entry);
          if (!item) continue;
          items++;
          events += item.outbox.length;
          // Each partition is sorted by `outboxSince`: the oldest is the earliest over all of them.
          if (!oldestSince || item.outboxSince < oldestSince) oldestSince = item.outboxSince;
        }
        cursor = page.LastEvaluatedKey;
      } while (cursor);
    }
    const age = oldestSince ? Math.max(0, Math.floor((now.getTime() - Date.parse(oldestSince)) / 1000)) : undefined;
    statuses.push({ service: service.name, table, items, events, ...(oldestSince ? { oldestSince, oldestAgeSeconds: age } : {}) });
  }
  return statuses;
}
