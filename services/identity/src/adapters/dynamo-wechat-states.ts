import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TTL_ATTRIBUTE } from '../../../../shared/store/table.ts';
import type { WechatBindingTarget, WechatStateStore, WechatTicket } from '../ports.ts';
import { wechatStateKey } from '../table.ts';

/** Pending WeChat bindings and citizens' tickets as `wechat-state#<hash>` items; taking one deletes it, so each works once. */
export class DynamoWechatStates implements WechatStateStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(hash: string, target: WechatBindingTarget | WechatTicket, expiresAt: number): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...wechatStateKey(hash), target, expiresAt, [TTL_ATTRIBUTE]: expiresAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async take(hash: string): Promise<{ target: WechatBindingTarget | WechatTicket; expiresAt: number } | undefined> {
    try {
      const { Attributes } = await this.client.send(
        new DeleteCommand({ TableName: this.tableName, Key: wechatStateKey(hash), ConditionExpression: 'attribute_exists(pk)', ReturnValues: 'ALL_OLD' }),
      );
      return Attributes ? { target: Attributes.target as WechatBindingTarget | WechatTicket, expiresAt: Attributes.expiresAt as number } : undefined;
    } catch (error) {
      // Taken by an earlier callback (a replay), or never issued.
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }
}
