import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { guardedUpdate } from '../../../../shared/store/guarded-update.ts';
import { queryAll } from '../../../../shared/store/query-all.ts';
import type { DeputyFacts, MessageFacts } from '../domain/read-model.ts';
import type { ReadModel } from '../ports.ts';
import { DEPUTIES_INDEX, deputyKey, messageKey } from '../table.ts';

function toDeputy(item: Record<string, any>): DeputyFacts {
  return { code: item.code, name: item.name, level: item.level, townshipCode: item.townshipCode, groupCode: item.groupCode, active: item.active !== false };
}

/**
 * Notifications' own view of messages and deputies, built from messaging's and identity's events
 * (like messaging's view of the directory): whom a later event concerns, without calling anyone.
 */
export class DynamoReadModel implements ReadModel {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async message(messageId: string): Promise<MessageFacts | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: messageKey(messageId) }));
    const facts = Item?.facts as MessageFacts | undefined;
    return facts && { ...facts, citizenWeChat: Item?.citizenWeChat === true };
  }

  /** Kept beside the facts (MessageSubmitted rewrites those), the latest change winning whatever the arrival order. */
  async recordCitizenWeChat(messageId: string, chosen: boolean, at: string): Promise<void> {
    await guardedUpdate(this.client, this.tableName, messageKey(messageId), 'citizenWeChatAt', at, {
      set: 'citizenWeChat = :chosen',
      values: { ':chosen': chosen },
    });
  }

  /** MessageSubmitted happens once per message; a replay writes the same facts again. */
  async recordMessage(facts: MessageFacts): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: messageKey(facts.messageId),
        UpdateExpression: 'SET facts = :facts',
        ExpressionAttributeValues: { ':facts': facts },
      }),
    );
  }

  async deputy(code: string): Promise<DeputyFacts | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: deputyKey(code) }));
    return Item?.name ? toDeputy(Item) : undefined;
  }

  async deputies(): Promise<DeputyFacts[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: DEPUTIES_INDEX.name,
      KeyConditionExpression: 'deputyShard = :deputy',
      ExpressionAttributeValues: { ':deputy': 'deputy' },
    });
    return items.map(toDeputy);
  }

  async recordDeputy(deputy: Omit<DeputyFacts, 'active'>, asOf: string): Promise<void> {
    await guardedUpdate(this.client, this.tableName, deputyKey(deputy.code), 'postsAsOf', asOf, {
      set: 'code = :code, #name = :name, #level = :level, townshipCode = :township, groupCode = :group, deputyShard = :shard, deputySort = :sort, active = if_not_exists(active, :true)',
      names: { '#name': 'name', '#level': 'level' },
      values: {
        ':code': deputy.code,
        ':name': deputy.name,
        ':level': deputy.level,
        ':township': deputy.townshipCode,
        ':group': deputy.groupCode,
        ':shard': 'deputy',
        ':sort': `${deputy.groupCode}#${deputy.code}`,
        ':true': true,
      },
    });
  }

  async endTerm(code: string, asOf: string): Promise<void> {
    await guardedUpdate(this.client, this.tableName, deputyKey(code), 'termAsOf', asOf, { set: 'active = :false', values: { ':false': false } });
  }
}
