import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { IndexSpec } from './table.ts';

/**
 * The items of a sparse deadline index that are due by `now`, earliest first, at most `limit`: an
 * item is in the index only while it waits for something (its partition names what, e.g. `reply`,
 * `case` or `due`; its sort key is the ISO time it is due). A sweep takes one batch per run.
 */
export async function queryDue(
  client: DynamoDBDocumentClient,
  tableName: string,
  index: IndexSpec,
  partition: string,
  now: Date,
  limit: number,
): Promise<Record<string, any>[]> {
  if (!index.sortKey) throw new Error(`index ${index.name} has no sort key to hold due times`);
  const { Items } = await client.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: index.name,
      KeyConditionExpression: '#partition = :partition AND #due <= :now',
      ExpressionAttributeNames: { '#partition': index.partitionKey, '#due': index.sortKey },
      ExpressionAttributeValues: { ':partition': partition, ':now': now.toISOString() },
      Limit: limit,
    }),
  );
  return Items ?? [];
}
