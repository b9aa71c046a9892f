import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../../../../shared/store/query-all.ts';
import { guardedUpdate } from '../../../../shared/store/guarded-update.ts';
import type { DeputyRoster, KnownDeputy } from '../ports.ts';
import { DEPUTIES_INDEX, deputyKey } from '../table.ts';

function toDeputy(i: Record<string, any>): KnownDeputy {
  return { code: i.code, name: i.name, townshipCode: i.townshipCode, termEnded: i.termEnded === true, ...(i.since ? { since: i.since } : {}) };
}

/** Scoring's view of the deputies, kept from identity's events (guarded by event time). */
export class DynamoDeputies implements DeputyRoster {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(code: string): Promise<KnownDeputy | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: deputyKey(code) }));
    return Item?.name ? toDeputy(Item) : undefined;
  }

  async all(): Promise<KnownDeputy[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: DEPUTIES_INDEX.name,
      KeyConditionExpression: 'directoryKey = :d',
      ExpressionAttributeValues: { ':d': 'deputy' },
    });
    return items.filter((i) => i.name).map(toDeputy);
  }

  async record(deputy: { code: string; name: string; townshipCode: string }, asOf: string): Promise<void> {
    await guardedUpdate(this.client, this.tableName, deputyKey(deputy.code), 'postsAsOf', asOf, {
      set: 'directoryKey = :d, code = :code, #name = :name, townshipCode = :township, since = if_not_exists(since, :asOf)',
      names: { '#name': 'name' },
      values: { ':d': 'deputy', ':code': deputy.code, ':name': deputy.name, ':township': deputy.townshipCode },
    });
  }

  async endTerm(code: string, asOf: string): Promise<void> {
    await guardedUpdate(this.client, this.tableName, deputyKey(code), 'termAsOf', asOf, { set: 'termEnded = :true', values: { ':true': true } });
  }
}
