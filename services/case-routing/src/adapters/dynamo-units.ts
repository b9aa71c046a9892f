import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { KnownUnit, UnitDirectory } from '../ports.ts';
import { unitKey } from '../table.ts';

/** The handling units, kept from identity's events in case routing's own table. */
export class DynamoUnits implements UnitDirectory {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(code: string): Promise<KnownUnit | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: unitKey(code) }));
    return Item ? { code: Item.code, name: Item.name, kind: Item.kind, ...(Item.townshipCode ? { townshipCode: Item.townshipCode } : {}) } : undefined;
  }

  /** Records a unit; a replay writes the same values again, which changes nothing. */
  async record(unit: KnownUnit): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: unitKey(unit.code),
        UpdateExpression: `SET code = :code, #name = :name, kind = :kind${unit.townshipCode ? ', townshipCode = :township' : ''}`,
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: {
          ':code': unit.code,
          ':name': unit.name,
          ':kind': unit.kind,
          ...(unit.townshipCode ? { ':township': unit.townshipCode } : {}),
        },
      }),
    );
  }
}
