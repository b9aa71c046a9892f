import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TTL_ATTRIBUTE } from '../../../../shared/store/table.ts';
import type { RefreshTokenRecord, RefreshTokenStore } from '../ports.ts';
import { refreshFamilyKey, refreshTokenKey } from '../table.ts';

/** Refresh tokens by hash, and their families' revocations, removed by the table's TTL when expired. */
export class DynamoRefreshTokens implements RefreshTokenStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(record: RefreshTokenRecord): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...refreshTokenKey(record.hash), ...record, [TTL_ATTRIBUTE]: record.expiresAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async use(hash: string, at: Date): Promise<RefreshTokenRecord | 'reused' | undefined> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: refreshTokenKey(hash),
          UpdateExpression: 'SET usedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt)',
          ExpressionAttributeValues: { ':at': at.toISOString() },
          ReturnValues: 'ALL_NEW',
        }),
      );
      const { username, familyId, expiresAt } = Attributes as RefreshTokenRecord;
      return { hash, username, familyId, expiresAt };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: refreshTokenKey(hash), ConsistentRead: true }));
    if (!Item) return undefined;
    // A rotated token presented again: someone kept a copy. Its family is revoked by the caller.
    await this.revokeFamily(Item.familyId as string);
    return 'reused';
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        // Kept as long as any token of the family can live (a working day), then removed by TTL.
        Item: { ...refreshFamilyKey(familyId), revoked: true, [TTL_ATTRIBUTE]: Math.floor(Date.now() / 1000) + 2 * 86_400 },
      }),
    );
  }

  async familyRevoked(familyId: string): Promise<boolean> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: refreshFamilyKey(familyId), ConsistentRead: true }));
    return Item?.revoked === true;
  }
}
