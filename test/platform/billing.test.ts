import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costFigures } from '../../infra/local/metering/cost.ts';
import { subtractRows, type MeterRow } from '../../infra/local/metering/meter.ts';
import type { LocalPlatform } from '../../infra/local/platform.ts';
import { resourceNames } from '../../shared/runtime/manifest.ts';
import { fixtureService } from '../fixture/service.ts';
import { call, eventually, startTestPlatform } from '../support/platform.ts';

/** The local platform counts what AWS would bill for one request's whole journey through the pipeline. */
describe('billable units on the local platform', () => {
  let platform: LocalPlatform;
  const queueName = resourceNames.queue('demo', 'fixture', 'tally-notes');

  beforeAll(async () => {
    platform = await startTestPlatform([fixtureService]);
  });
  afterAll(async () => platform?.stop());

  const operations = (rows: MeterRow[]) => new Set(rows.filter((r) => r.service === 'fixture').map((r) => r.operation));

  it('counts the request, its writes and index entries, the event, the queue requests and the invocations', async () => {
    // Prepare
    const before = await platform.billing();

    // Act
    const created = await call(platform.url, 'POST', '/v1/fixture/notes', { text: 'street light broken' });
    await eventually(async () => ((await call(platform.url, 'GET', `/v1/fixture/notes/${created.body.noteId}`)).body.tally === 1 ? true : undefined));
    await eventually(async () => (platform.queues.get(queueName)!.depth().total === 0 ? true : undefined));
    const rows = subtractRows(await platform.billing(), before);

    // Assess
    expect(created.status).toBe(201);
    const seen = operations(rows);
    for (const operation of [
      'apigateway.Request',
      'lambda.Invoke',
      'dynamodb.PutItem',
      'dynamodb.index',
      'events.PutEvents',
      'sqs.SendMessage',
      'sqs.ReceiveMessage',
      'sqs.DeleteMessageBatch',
    ] as const) {
      expect(seen, operation).toContain(operation);
    }
    const figures = costFigures(rows.filter((r) => r.service === 'fixture'));
    expect(figures.apiRequests).toBeGreaterThanOrEqual(2);
    expect(figures.eventEntries).toBe(1);
    expect(figures.dynamoWriteUnits).toBeGreaterThanOrEqual(figures.dynamoWrites);
    expect(figures.gbSeconds).toBeGreaterThan(0);
  });

  it('answers the counters on the operator route', async () => {
    const response = await call(platform.url, 'GET', '/_local/billing');
    expect(response.status).toBe(200);
    expect(response.body.totals.dynamoWrites).toBeGreaterThan(0);
    expect(response.body.items.some((row: MeterRow) => row.service === 'fixture' && row.operation === 'dynamodb.PutItem')).toBe(true);
  });
});
