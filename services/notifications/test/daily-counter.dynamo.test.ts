import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, localEndpointConfig, startDynalite, type LocalDynamo } from '../../../test/support/dynamo.ts';
import { phoneDayKey } from '../src/adapters/channels/daily-cap.ts';
import { DynamoDailyCounter } from '../src/adapters/dynamo-daily-counter.ts';
import { notificationsTable } from '../src/table.ts';

/** The daily text cap's counter: one conditional write per text, never the phone in clear. */
describe('DynamoDailyCounter (on dynalite)', () => {
  let dynamo: LocalDynamo;
  let client: DynamoDBDocumentClient;
  const table = 'daily-counter-test';
  const expiresAt = new Date('2026-03-07T00:00:00Z');

  beforeAll(async () => {
    dynamo = await startDynalite(undefined);
    const raw = new DynamoDBClient(localEndpointConfig(dynamo.endpoint));
    await ensureTable(raw, table, notificationsTable);
    client = DynamoDBDocumentClient.from(raw);
  });
  afterAll(async () => dynamo?.stop());

  it('counts up to the limit, also when the texts race, and keeps each phone and day apart', async () => {
    // Prepare
    const counter = new DynamoDailyCounter(client, table);
    const today = phoneDayKey('key', '13912345678', '2026-03-05');
    const tomorrow = phoneDayKey('key', '13912345678', '2026-03-06');

    // Act: five texts at once against a cap of three, then one the next day
    const raced = await Promise.all(Array.from({ length: 5 }, () => counter.take(today, 3, expiresAt)));
    const nextDay = await counter.take(tomorrow, 3, expiresAt);

    // Assess
    expect(raced.filter(Boolean)).toHaveLength(3);
    expect(nextDay).toBe(true);
    const items = (await client.send(new ScanCommand({ TableName: table }))).Items ?? [];
    expect(items.map((i) => [i.pk, i.texts, i.expiration]).sort()).toEqual([
      [`textcap#${today}`, 3, expiresAt.getTime() / 1000],
      [`textcap#${tomorrow}`, 1, expiresAt.getTime() / 1000],
    ]);
    expect(JSON.stringify(items)).not.toContain('13912345678');
  });
});
