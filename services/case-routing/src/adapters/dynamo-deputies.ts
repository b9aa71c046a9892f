import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { guardedUpdate } from '../../../../shared/store/guarded-update.ts';
import type { DeputyRoster, KnownDeputy } from '../ports.ts';
import { deputyKey } from '../table.ts';

/** The deputies case routing knows, kept from identity's events in its own table (guarded by event time). */
export class DynamoDeputies implements DeputyRoster {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(code: string): Promise<KnownDeputy | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: deputyKey(code) }));
    return Item?.level ? { code: Item.code, level: Item.level, townshipCode: Item.townshipCode, termEnded: Item.termEnded === true } : undefined;
  }

  async record(deputy: Omit<KnownDeputy, 'termEnded'>, asOf: string): Promise<void> {
    await guardedUpdate(this.client, this.tableName, deputyKey(deputy.code), 'postsAsOf', asOf, {
      set: 'code = :code, #level = :level, townshipCode = :township',
      names: { '#level': 'level' },
      values: { ':code': deputy.code, ':level': deputy.level, ':township': deputy.townshipCode },
    });
  }

  async endTerm(code: string, asOf: string): Promise<void> {
    await guardedUpdate(this.client, this.tableName, deputyKey(code), 'termAsOf', asOf, { set: 'termEnded = :true', values: { ':true': true } });
  }
}
