import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TTL_ATTRIBUTE } from '../../../../shared/store/table.ts';
import { INTAKE_LIMITS } from '../domain/intake.ts';
import type { IntakeCounters, IntakeVerdict } from '../ports.ts';
import { intakeKey } from '../table.ts';

/**
 * Rate and flood counters of one source in one item per hour — `m<minute>` submissions per minute
 * and `t<fingerprint>` per text — so intake counts both in a single conditional write (the item
 * is removed by the table's TTL).
 */
export class DynamoIntakeCounters implements IntakeCounters {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async admit(sourceKey: string, fingerprint: string, now: Date): Promise<IntakeVerdict> {
    const hour = Math.floor(now.getTime() / 3_600_000);
    const minute = Math.floor(now.getTime() / 60_000) % 60;
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: intakeKey(sourceKey, hour),
          UpdateExpression: 'ADD #minute :one, #text :one SET #ttl = :expires',
          ConditionExpression: 'attribute_not_exists(#minute) OR #minute < :limit',
          ExpressionAttributeNames: { '#minute': `m${minute}`, '#text': `t${fingerprint}`, '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':one': 1, ':limit': INTAKE_LIMITS.perMinute, ':expires': (hour + 2) * 3600 },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return { admitted: true, sameTextThisHour: Number(Attributes?.[`t${fingerprint}`] ?? 1) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return { admitted: false, retryAfterSeconds: Math.max(1, 60 - Math.floor((now.getTime() % 60_000) / 1000)) };
    }
  }
}
