import { BatchGetCommand, type BatchGetCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ItemKey } from './table.ts';

/** BatchGetItem takes at most this many keys a call. */
const BATCH = 100;

/**
 * The items at `keys`, in the order of the keys, those missing left out: what a query on an index
 * that carries only keys needs to show whole items. Eventually consistent unless `consistent`,
 * as a query on an index always is.
 */
export async function getMany(
  client: Pick<DynamoDBDocumentClient, 'send'>,
  tableName: string,
  keys: readonly ItemKey[],
  consistent = false,
): Promise<Record<string, unknown>[]> {
  const found = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < keys.length; i += BATCH) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(i, i + BATCH).map(({ pk, sk }) => ({ pk, sk }));
    while (pending && pending.length > 0) {
      const page: BatchGetCommandOutput = await client.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: consistent } } }),
      );
      for (const item of page.Responses?.[tableName] ?? []) found.set(`${item.pk}\u0000${item.sk}`, item);
      pending = page.UnprocessedKeys?.[tableName]?.Keys;
    }
  }
  return keys.flatMap((key) => {
    const item = found.get(`${key.pk}\u0000${key.sk}`);
    return item ? [item] : [];
  });
}
