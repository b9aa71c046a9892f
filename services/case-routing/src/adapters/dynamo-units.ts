import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** A handling unit as case routing knows it (from identity's UnitRegistered events). */
export interface KnownUnit {
  code: string;
  name: string;
  kind: 'city_department' | 'township_office';
  townshipCode?: string;
}

/** The handling units, kept from identity's events in case routing's own table. */
export class DynamoUnits {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(code: string): Promise<KnownUnit | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: `unit#${code}`, sk: 'unit' } }));
    return Item ? { code: Item.code, name: Item.name, kind: Item.kind, ...(Item.townshipCode ? { townshipCode: Item.townshipCode } : {}) } : undefined;
  }

  /** Records a unit; a replay writes the same values again, which changes nothing. */
  async record(unit: KnownUnit): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `unit#${unit.code}`, sk: 'unit' },
        UpdateExpression: 'SET code = :code, #name = :name, kind = :kind' + (unit.townshipCode ? ', townshipCode = :township' : ''),
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: { ':code': unit.code, ':name': unit.name, ':kind': unit.kind, ...(unit.townshipCode ? { ':township': unit.townshipCode } : {}) },
      }),
    );
  }
}
