import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TTL_ATTRIBUTE } from '../../../../shared/store/table.ts';
import { textCapKey } from '../table.ts';
import type { DailyCounter } from './channels/daily-cap.ts';

/**
 * Daily text counts as items `textcap#<keyed hash of the phone>#<city date>` in the service's
 * table: one conditional `ADD` per text, so concurrent sends never pass the cap together; the
 * table's TTL removes them.
 */
export class DynamoDailyCounter implements DailyCounter {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async take(key: string, limit: number, expiresAt: Date): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: textCapKey(key),
          UpdateExpression: 'ADD #count :one SET #ttl = if_not_exists(#ttl, :expiresAt)',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'texts', '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expiresAt': Math.floor(expiresAt.getTime() / 1000) },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false; // the cap is reached
      throw error;
    }
  }
}
