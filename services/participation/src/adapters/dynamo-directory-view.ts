import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { guardedUpdate } from '../../../../shared/store/guarded-update.ts';
import { queryAll } from '../../../../shared/store/query-all.ts';
import type { KnownDeputy, KnownStation } from '../domain/reception.ts';
import type { DirectoryView } from '../ports.ts';
import { deputyKey, LISTING_INDEX, LISTS, stationKey } from '../table.ts';

function toDeputy(item: Record<string, unknown>): KnownDeputy {
  return {
    code: String(item.code),
    name: String(item.name),
    groupCode: String(item.groupCode),
    stationCode: String(item.stationCode),
    townshipCode: String(item.townshipCode),
    active: item.termEnded !== true,
  };
}

/**
 * The stations and deputies participation knows, kept from identity's events in its own table: a
 * deputy's public posts and term (never a phone), guarded by event time so a late event never
 * undoes a newer one. Groups are derived from the deputies (identity publishes no group event).
 */
export class DynamoDirectoryView implements DirectoryView {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async deputies(): Promise<KnownDeputy[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: LISTING_INDEX.name,
      KeyConditionExpression: 'listKey = :list',
      ExpressionAttributeValues: { ':list': LISTS.deputies },
    });
    return items.filter((item) => item.groupCode).map(toDeputy);
  }

  async deputy(code: string): Promise<KnownDeputy | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: deputyKey(code) }));
    return Item?.groupCode ? toDeputy(Item) : undefined;
  }

  async station(code: string): Promise<KnownStation | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: stationKey(code) }));
    return Item?.name ? { code: Item.code, name: Item.name, townshipCode: Item.townshipCode } : undefined;
  }

  async recordDeputy(deputy: Omit<KnownDeputy, 'active'>, asOf: string): Promise<void> {
    await guardedUpdate(this.client, this.tableName, deputyKey(deputy.code), 'postsAsOf', asOf, {
      set: 'code = :code, #name = :name, groupCode = :group, stationCode = :station, townshipCode = :township, listKey = :list, listSort = :code',
      names: { '#name': 'name' },
      values: {
        ':code': deputy.code,
        ':name': deputy.name,
        ':group': deputy.groupCode,
        ':station': deputy.stationCode,
        ':township': deputy.townshipCode,
        ':list': LISTS.deputies,
      },
    });
  }

  async endTerm(code: string, asOf: string): Promise<void> {
    await guardedUpdate(this.client, this.tableName, deputyKey(code), 'termAsOf', asOf, { set: 'termEnded = :true', values: { ':true': true } });
  }

  async recordStation(station: KnownStation, asOf: string): Promise<void> {
    await guardedUpdate(this.client, this.tableName, stationKey(station.code), 'asOf', asOf, {
      set: 'code = :code, #name = :name, townshipCode = :township',
      names: { '#name': 'name' },
      values: { ':code': station.code, ':name': station.name, ':township': station.townshipCode },
    });
  }
}
