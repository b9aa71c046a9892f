import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../../../../shared/events/envelope.ts';
import type { ItemStore, StoredItem } from '../../../../shared/store/item-store.ts';
import { queryAll } from '../../../../shared/store/query-all.ts';
import type { AccountStore, AuditEntry, StoredAccount } from '../ports.ts';
import { auditKey, BY_TYPE_INDEX, directoryKey } from '../table.ts';

/** Accounts as `account#<username>` items (listed through `byType`), with their audit trail beside them. */
export class DynamoAccounts implements AccountStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly store: ItemStore,
  ) {}

  get(username: string): Promise<StoredItem<StoredAccount> | undefined> {
    return this.store.get<StoredAccount>(directoryKey('account', username));
  }

  async list(): Promise<StoredAccount[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: BY_TYPE_INDEX.name,
      KeyConditionExpression: '#type = :type',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':type': 'account' },
    });
    return items as StoredAccount[];
  }

  async create(account: StoredAccount, events: DomainEvent[]): Promise<void> {
    await this.store.create({ ...directoryKey('account', account.username), ...account, type: 'account', code: account.username }, events);
  }

  async save(stored: StoredItem<StoredAccount>, next: StoredAccount, events: DomainEvent[]): Promise<void> {
    await this.store.replace({ ...stored, ...next }, events);
  }

  async recordSignIn(username: string, at: Date): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: directoryKey('account', username),
        UpdateExpression: 'SET lastSignInAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at.toISOString() },
      }),
    );
  }

  async audit(entry: AuditEntry): Promise<void> {
    await this.store.create({ ...auditKey(entry.username, entry.at, entry.eventId), ...entry });
  }

  async auditOf(username: string): Promise<AuditEntry[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': auditKey(username, '', '').pk },
        ScanIndexForward: false,
        Limit: 100,
      }),
    );
    return Items.map((i) => ({ username: i.username, at: i.at, by: i.by, change: i.change, eventId: i.eventId }));
  }
}
