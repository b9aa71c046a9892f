import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TTL_ATTRIBUTE } from '../../../../shared/store/table.ts';
import type { FailureCounter } from '../ports.ts';
import { throttleKey } from '../table.ts';

/** Failure counters as items `throttle#<key>` / `window#<start>`, removed by the table's TTL. */
export class DynamoFailureCounter implements FailureCounter {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async count(key: string, windowStart: number): Promise<number> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: throttleKey(key, windowStart), ConsistentRead: true }));
    return (Item?.failures as number | undefined) ?? 0;
  }

  async increment(key: string, windowStart: number, expiresAt: number): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: throttleKey(key, windowStart),
        UpdateExpression: 'ADD failures :one SET #ttl = :expiresAt',
        ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: { ':one': 1, ':expiresAt': expiresAt },
      }),
    );
  }

  async reserve(key: string, windowStart: number, limit: number, expiresAt: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: throttleKey(key, windowStart),
          UpdateExpression: 'ADD failures :one SET #ttl = :expiresAt',
          ConditionExpression: 'attribute_not_exists(failures) OR failures < :limit',
          ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':one': 1, ':expiresAt': expiresAt, ':limit': limit },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async release(key: string, windowStart: number): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: throttleKey(key, windowStart),
        UpdateExpression: 'ADD failures :minusOne',
        ExpressionAttributeValues: { ':minusOne': -1 },
      }),
    );
  }
}
