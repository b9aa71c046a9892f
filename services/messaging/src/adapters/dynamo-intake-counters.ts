import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TTL_ATTRIBUTE } from '../../../../shared/runtime/manifest.ts';
import { INTAKE_LIMITS } from '../domain/intake.ts';
import type { IntakeCounters } from '../ports.ts';

/** Rate and flood counters as short-lived items (removed by the table's TTL). */
export class DynamoIntakeCounters implements IntakeCounters {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async admit(sourceKey: string, now: Date): Promise<{ admitted: true } | { admitted: false; retryAfterSeconds: number }> {
    const minute = Math.floor(now.getTime() / 60_000);
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `rate#${sourceKey}`, sk: `m#${minute}` },
          UpdateExpression: 'ADD n :one SET #ttl = :expires',
          ConditionExpression: 'attribute_not_exists(n) OR n < :limit',
          ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':one': 1, ':limit': INTAKE_LIMITS.perMinute, ':expires': (minute + 10) * 60 },
        }),
      );
      return { admitted: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return { admitted: false, retryAfterSeconds: Math.max(1, 60 - Math.floor((now.getTime() % 60_000) / 1000)) };
    }
  }

  async countText(sourceKey: string, fingerprint: string, now: Date): Promise<number> {
    const hour = Math.floor(now.getTime() / 3_600_000);
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `flood#${sourceKey}`, sk: `${fingerprint}#h${hour}` },
        UpdateExpression: 'ADD n :one SET #ttl = :expires',
        ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: { ':one': 1, ':expires': (hour + 2) * 3600 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.n ?? 1);
  }
}
