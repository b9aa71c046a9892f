import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, localEndpointConfig, startDynalite, type LocalDynamo } from '../support/dynamo.ts';
import type { DomainEvent } from '../../shared/events/envelope.ts';
import type { EventPublisher, PublishResult } from '../../shared/events/publisher.ts';

import { ItemStore } from '../../shared/store/item-store.ts';
import { APPLIED_WINDOW_MS, DynamoLedger } from '../../services/scoring/src/adapters/dynamo-ledger.ts';
import type { Contribution } from '../../services/scoring/src/domain/ledger.ts';
import { ledgerKey, scoringTable } from '../../services/scoring/src/table.ts';

/** Limits: a deputy's year with 10,000 scored sources is still counted, once each, in items that stay small. */

const SOURCES = 10_000;
const YEAR = 2026;

const accepting: EventPublisher = {
  async publish(events: readonly DomainEvent[]): Promise<PublishResult> {
    return { published: events.map((e) => e.detail.metadata.eventId), failed: [] };
  },
};

/** A source that adds one answered message and nothing else, named as event sources are (`event-<uuid>`). */
const answered = (deputyCode: string, i: number): Contribution => ({
  deputyCode,
  year: YEAR,
  sourceId: `event-0b6f2c1e-7d4a-4c3b-9e21-${String(i).padStart(12, '0')}`,
  entries: [],
  stats: { answered: 1 },
});

/** An item's size as DynamoDB counts it, near enough: names and values, sets member by member. */
const itemBytes = (item: Record<string, unknown> | undefined) =>
  Buffer.byteLength(JSON.stringify(item ?? {}, (_, value) => (value instanceof Set ? [...value] : value)));

describe(`a deputy with ${SOURCES.toLocaleString('en')} scored sources in a year (on dynalite)`, () => {
  const table = 'ledger-limits-test';
  let dynamo: LocalDynamo;
  let client: DynamoDBDocumentClient;
  let clock = new Date('2026-01-02T00:00:00Z').getTime();
  let ledger: DynamoLedger;

  beforeAll(async () => {
    dynamo = await startDynalite(undefined);
    const raw = new DynamoDBClient(localEndpointConfig(dynamo.endpoint));
    await ensureTable(raw, table, scoringTable);
    client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
    const now = () => new Date(clock);
    ledger = new DynamoLedger(client, table, new ItemStore({ client, tableName: table, publisher: accepting, now }), now);
  });
  afterAll(async () => dynamo?.stop());

  // Ten thousand sources are tens of thousands of dynalite writes: minutes on a loaded 2-core
  // machine, so this test may take longer than the suite's default.
  it('counts every source once, refuses their replays, and keeps the totals item small', async () => {
    // Prepare: the sources arrive over the year, eight at a time, a quarter of them delivered twice
    const counted: boolean[] = [];
    for (let i = 0; i < SOURCES; i += 8) {
      clock += 10 * 60_000;
      const batch = Array.from({ length: Math.min(8, SOURCES - i) }, (_, k) => answered('dep-busy', i + k));
      counted.push(...(await Promise.all(batch.map((c) => ledger.apply(c, [])))));
      const replays = await Promise.all(batch.filter((_, k) => k % 4 === 0).map((c) => ledger.apply(c, [])));
      expect(replays.every((r) => r === false)).toBe(true);
    }

    // Act
    clock += APPLIED_WINDOW_MS;
    const lateReplay = await ledger.apply(answered('dep-busy', 17), []);
    const totals = await ledger.totals('dep-busy', YEAR);
    const { Item } = await client.send(new GetCommand({ TableName: table, Key: { pk: ledgerKey('dep-busy', YEAR), sk: 'totals' } }));

    // Assess
    expect(counted.filter(Boolean)).toHaveLength(SOURCES);
    expect(lateReplay).toBe(false);
    expect(totals.stats.answered).toBe(SOURCES);
    expect(itemBytes(Item)).toBeLessThan(8_000);
  }, 300_000);
});
