import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, startDynalite, type LocalDynamo } from '../../infra/local/local-dynamo.ts';
import { createEvent } from '../../shared/events/envelope.ts';
import { localEndpointConfig } from '../../shared/runtime/local-endpoint.ts';
import { createLogger } from '../../shared/runtime/logger.ts';
import { idempotencyPartitions, queueHandler } from '../../shared/runtime/queue.ts';
import { singleTable } from '../../shared/store/table.ts';
import { NoteCreated } from '../fixture/events.ts';

const context = { awsRequestId: 'r-1', functionName: 'minqing-demo-fixture-consumer', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;

/** An SQS batch of the notes' events, each as EventBridge puts it on the queue. */
function batchOf(noteIds: string[]): SQSEvent {
  const records = noteIds.map((noteId, i) => {
    const note = createEvent(NoteCreated, { noteId, kind: 'plain' }, { city: 'demo', now: new Date('2026-03-05T02:00:00Z') });
    return { messageId: `m-${i}`, body: JSON.stringify({ source: note.source, 'detail-type': note.detailType, detail: note.detail }) };
  });
  return { Records: records } as unknown as SQSEvent;
}

describe('a queue consumer and its idempotency records (on dynalite)', () => {
  const table = 'queue-idempotency-test';
  let dynamo: LocalDynamo;
  let rawClient: DynamoDBClient;
  const recordsIn = async (subscription: string) => {
    const client = DynamoDBDocumentClient.from(rawClient);
    const pages = await Promise.all(
      idempotencyPartitions(subscription).map((pk) =>
        client.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } })),
      ),
    );
    return pages.map((page) => page.Items?.length ?? 0);
  };

  beforeAll(async () => {
    dynamo = await startDynalite(undefined);
    rawClient = new DynamoDBClient(localEndpointConfig(dynamo.endpoint));
    await ensureTable(rawClient, table, singleTable());
  });
  afterAll(async () => dynamo?.stop());

  it('handles a redelivered event once, its records spread over the subscription partitions', async () => {
    // Prepare
    const consumed: string[] = [];
    const handler = queueHandler(
      { logger: createLogger('fixture'), subscription: 'notes', contracts: [NoteCreated], idempotency: { client: rawClient, tableName: table } },
      async (event) => void consumed.push(event.data.noteId),
    );
    const batch = batchOf(Array.from({ length: 40 }, (_, i) => `n-${i}`));

    // Act
    await handler(batch, context);
    await handler(batch, context);

    // Assess
    expect(consumed).toHaveLength(40);
    const perPartition = await recordsIn('notes');
    expect(perPartition.reduce((a, b) => a + b, 0)).toBe(40);
    expect(perPartition.filter((n) => n > 0).length).toBeGreaterThan(4);
  });

  it('keeps no record in front of a replay-safe consumer, which sees a redelivery again', async () => {
    // Prepare
    const consumed: string[] = [];
    const handler = queueHandler(
      {
        logger: createLogger('fixture'),
        subscription: 'tallies',
        contracts: [NoteCreated],
        idempotency: { client: rawClient, tableName: table },
        replaySafe: 'the consumer writes under a guard of its own',
      },
      async (event) => void consumed.push(event.data.noteId),
    );
    const batch = batchOf(['n-1']);

    // Act
    await handler(batch, context);
    await handler(batch, context);

    // Assess
    expect(consumed).toEqual(['n-1', 'n-1']);
    expect((await recordsIn('tallies')).every((n) => n === 0)).toBe(true);
  });
});
