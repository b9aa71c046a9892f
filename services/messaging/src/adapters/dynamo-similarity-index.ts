import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TTL_ATTRIBUTE } from '../../../../shared/store/table.ts';
import { INDEX_DAYS, INDEX_LIMIT, type IndexEntry } from '../domain/text/similar-matters.ts';
import type { SimilarityIndex } from '../ports.ts';
import { similarityEntryKey, similarityPartition } from '../table.ts';

/**
 * The similar-matter indexes: each message's words in an item of its own under its township and
 * category, sorted by arrival and expiring after `INDEX_DAYS`, so adding one is a small put that
 * never conflicts with another message's.
 */
export class DynamoSimilarityIndex implements SimilarityIndex {
  constructor(
    private readonly client: Pick<DynamoDBDocumentClient, 'send'>,
    private readonly tableName: string,
  ) {}

  newest(townshipCode: string, category: string, from: string): Promise<IndexEntry[]> {
    return this.range(townshipCode, category, from, false);
  }

  oldest(townshipCode: string, category: string, from: string): Promise<IndexEntry[]> {
    return this.range(townshipCode, category, from, true);
  }

  async add(townshipCode: string, category: string, entry: IndexEntry): Promise<void> {
    const expiresAt = Math.floor(Date.parse(entry.at) / 1000) + INDEX_DAYS * 86_400;
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...similarityEntryKey(townshipCode, category, entry.at, entry.messageId), ...entry, [TTL_ATTRIBUTE]: expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      // The entry is already there: a retried intake adds it once.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  private async range(townshipCode: string, category: string, from: string, oldestFirst: boolean): Promise<IndexEntry[]> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk >= :from',
        ExpressionAttributeValues: { ':pk': similarityPartition(townshipCode, category), ':from': from },
        ProjectionExpression: 'messageId, #at, words',
        ExpressionAttributeNames: { '#at': 'at' },
        ScanIndexForward: oldestFirst,
        Limit: INDEX_LIMIT,
      }),
    );
    return (Items ?? []).map((item) => ({ messageId: item.messageId as string, at: item.at as string, words: item.words as string[] }));
  }
}
