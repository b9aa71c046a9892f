import { mkdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { CreateTableCommand, DescribeTableCommand, ResourceInUseException, type DynamoDBClient, type GlobalSecondaryIndex } from '@aws-sdk/client-dynamodb';
import { indexProjection, type TableSpec } from '../../shared/store/table.ts';
import type { DynamoFact } from './metering/meter.ts';

/** A running dynalite server and how to stop it. */
export interface LocalDynamo {
  endpoint: string;
  /** Waits until every call answered so far has been reported to `onFacts`. */
  flushFacts(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts dynalite on loopback: on disk under `path`, or in memory when `path` is undefined.
 * `onFacts` hears, in batches, what each call would be billed on (dynalite-metering.mjs).
 */
export async function startDynalite(path: string | undefined, onFacts: (facts: DynamoFact[]) => void = () => undefined): Promise<LocalDynamo> {
  if (path) mkdirSync(path, { recursive: true });
  const worker = new Worker(new URL('./dynalite-worker.mjs', import.meta.url), { workerData: { path } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (message: { port: number }) => resolve(message.port));
    worker.once('error', reject);
  });
  worker.on('message', (message: { facts?: DynamoFact[] }) => message.facts && onFacts(message.facts));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    flushFacts: () =>
      new Promise<void>((resolve) => {
        const done = (message: { flushed?: boolean }) => {
          if (!message.flushed) return;
          worker.off('message', done);
          resolve();
        };
        worker.on('message', done);
        worker.postMessage('flush-facts');
      }),
    stop: async () => {
      const closed = new Promise<void>((resolve) => worker.on('message', (m: { closed?: boolean }) => m.closed && resolve()));
      worker.postMessage('close');
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2_000))]);
      await worker.terminate();
    },
  };
}

/**
 * Creates a service's table as the CDK stack defines it (string keys, GSIs projecting what the spec says)
 * unless it exists already, as it does after a restart.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string, spec: TableSpec): Promise<void> {
  const attributes = new Set<string>([spec.partitionKey, spec.sortKey]);
  for (const index of spec.indexes) {
    attributes.add(index.partitionKey);
    if (index.sortKey) attributes.add(index.sortKey);
  }
  const indexes: GlobalSecondaryIndex[] = spec.indexes.map((index) => ({
    IndexName: index.name,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' },
      ...(index.sortKey ? [{ AttributeName: index.sortKey, KeyType: 'RANGE' as const }] : []),
    ],
    Projection: { ...indexProjection(index) },
  }));
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: spec.partitionKey, KeyType: 'HASH' },
          { AttributeName: spec.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: indexes.length > 0 ? indexes : undefined,
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  // dynalite turns a table ACTIVE on the next tick even with createTableMs 0: wait for it.
  for (let attempt = 0; ; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    if (attempt >= 100) throw new Error(`table ${tableName} is still ${Table?.TableStatus}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
