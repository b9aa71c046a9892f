import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** What to set, in UpdateExpression terms: `SET` clauses with their names and values. */
export interface GuardedSet {
  set: string;
  names?: Record<string, string>;
  values: Record<string, unknown>;
}

/**
 * Applies a read-model update only if no newer fact of the same kind is recorded: the item keeps
 * the time of the last fact applied in `clockAttribute`, so events that arrive late, twice or out
 * of order never move it backwards. Returns whether the update was applied.
 */
export async function guardedUpdate(
  client: DynamoDBDocumentClient,
  tableName: string,
  key: { pk: string; sk: string },
  clockAttribute: string,
  asOf: string,
  update: GuardedSet,
): Promise<boolean> {
  try {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: `SET ${update.set}, #clock = :asOf`,
        ConditionExpression: 'attribute_not_exists(#clock) OR #clock <= :asOf',
        ExpressionAttributeNames: { ...update.names, '#clock': clockAttribute },
        ExpressionAttributeValues: { ...update.values, ':asOf': asOf },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false; // a newer fact is recorded
    throw error;
  }
}
