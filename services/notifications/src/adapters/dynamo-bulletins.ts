import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Bulletin } from '../domain/bulletin.ts';
import type { BulletinStore } from '../ports.ts';
import { bulletinKey } from '../table.ts';

/** Published bulletins (政务信息通报), kept as the record of what the committee told deputies. */
export class DynamoBulletins implements BulletinStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createOnce(bulletin: Bulletin): Promise<{ created: boolean; bulletin: Bulletin }> {
    try {
      await this.client.send(
        new PutCommand({ TableName: this.tableName, Item: { ...bulletinKey(bulletin.bulletinId), bulletin }, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
      return { created: true, bulletin };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: bulletinKey(bulletin.bulletinId), ConsistentRead: true }));
      return { created: false, bulletin: Item!.bulletin as Bulletin };
    }
  }

  async markFannedOut(bulletinId: string, at: Date): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: bulletinKey(bulletinId),
        UpdateExpression: 'SET bulletin.fannedOutAt = if_not_exists(bulletin.fannedOutAt, :at)',
        ExpressionAttributeValues: { ':at': at.toISOString() },
      }),
    );
  }
}
