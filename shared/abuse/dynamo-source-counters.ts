import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TTL_ATTRIBUTE } from '../store/table.ts';
import type { AddresseeCounters } from './addressee-limits.ts';
import { admission, type SourceCounters, type SourceVerdict } from './source-limits.ts';

/** Where a source's counters of one hour are kept, in the table of the service that counts them. */
export const sourceCounterKey = (sourceKey: string, hour: number) => ({ pk: `intake#${sourceKey}`, sk: `h${hour}` });

/** Where the submissions to one addressee (a deputy, a station) in one hour are counted. */
export const addresseeCounterKey = (addressee: string, hour: number) => ({ pk: `intake-to#${addressee}`, sk: `h${hour}` });

/**
 * Rate and flood counters of one source in one item per hour — `n` submissions this hour,
 * `m<minute>` per minute and `t<fingerprint>` per text — all counted in one unconditional write,
 * refused attempts included; the counts it returns decide (the item is removed by the table's TTL).
 */
export class DynamoSourceCounters implements SourceCounters, AddresseeCounters {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async admit(sourceKey: string, fingerprint: string, now: Date): Promise<SourceVerdict> {
    const hour = Math.floor(now.getTime() / 3_600_000);
    const minute = Math.floor(now.getTime() / 60_000) % 60;
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: sourceCounterKey(sourceKey, hour),
        UpdateExpression: 'ADD #hour :one, #minute :one, #text :one SET #ttl = :expires',
        ExpressionAttributeNames: { '#hour': 'n', '#minute': `m${minute}`, '#text': `t${fingerprint}`, '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: { ':one': 1, ':expires': (hour + 2) * 3600 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const count = (name: string) => Number(Attributes?.[name] ?? 1);
    return admission({ thisHour: count('n'), thisMinute: count(`m${minute}`), sameTextThisHour: count(`t${fingerprint}`) }, now);
  }

  async countTo(addressee: string, now: Date): Promise<number> {
    const hour = Math.floor(now.getTime() / 3_600_000);
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: addresseeCounterKey(addressee, hour),
        UpdateExpression: 'ADD #n :one SET #ttl = :expires',
        ExpressionAttributeNames: { '#n': 'n', '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: { ':one': 1, ':expires': (hour + 2) * 3600 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.n ?? 1);
  }
}
