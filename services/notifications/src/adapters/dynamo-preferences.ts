import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Preferences } from '../domain/preferences.ts';
import type { PreferenceStore } from '../ports.ts';
import { preferencesKey } from '../table.ts';

/** Each account's channel choices, one item per account. */
export class DynamoPreferences implements PreferenceStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(account: string): Promise<Preferences | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: preferencesKey(account) }));
    return Item ? { sms: Item.sms === true, wechat: Item.wechat === true, email: Item.email === true } : undefined;
  }

  /** The whole choice is replaced: the last write wins, as a settings page expects. */
  async put(account: string, preferences: Preferences, at: Date): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...preferencesKey(account), ...preferences, updatedAt: at.toISOString() } }));
  }
}
