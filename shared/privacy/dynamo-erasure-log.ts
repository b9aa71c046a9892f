import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ItemStore } from '../store/item-store.ts';
import { erasureKey, type ErasureLog, type ErasureRecord } from './erasure.ts';

/** The erasure audit in a service's own table, newest first by its sort key. Entries are never changed. */
export class DynamoErasureLog implements ErasureLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly store: ItemStore,
  ) {}

  async record(entry: ErasureRecord): Promise<void> {
    await this.store.create({ ...erasureKey(entry.at, entry.erasureId), entry });
  }

  async latest(limit: number): Promise<ErasureRecord[]> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': erasureKey('', '').pk },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (Items ?? []).map((item) => item.entry as ErasureRecord);
  }
}
