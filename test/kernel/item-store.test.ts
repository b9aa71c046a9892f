import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, startDynalite, type LocalDynamo } from '../../infra/local/local-dynamo.ts';
import { createEvent, type DomainEvent } from '../../shared/events/envelope.ts';
import type { EventPublisher } from '../../shared/events/publisher.ts';
import { localEndpointConfig } from '../../shared/runtime/local-endpoint.ts';
import { singleTable } from '../../shared/store/table.ts';
import { ItemStore } from '../../shared/store/item-store.ts';
import { relayOutbox } from '../../shared/store/outbox.ts';
import { NoteCreated } from '../fixture/events.ts';

/** A publisher that is up or down, and remembers what it took. */
class SwitchablePublisher implements EventPublisher {
  up = true;
  readonly taken: string[] = [];
  async publish(events: readonly DomainEvent[]) {
    const ids = events.map((e) => e.detail.metadata.eventId);
    if (!this.up) return { published: [], failed: ids.map((eventId) => ({ eventId, errorCode: 'InternalFailure', errorMessage: 'down' })) };
    this.taken.push(...ids);
    return { published: ids, failed: [] };
  }
}

/** The versioned store and its outbox, on dynalite. */
describe('ItemStore with its outbox (on dynalite)', () => {
  const table = 'item-store-test';
  const now = new Date('2026-03-05T02:00:00Z');
  let dynamo: LocalDynamo;
  let client: DynamoDBDocumentClient;
  let publisher: SwitchablePublisher;
  let store: ItemStore;
  const event = (noteId: string) => createEvent(NoteCreated, { noteId, kind: 'plain' }, { city: 'demo', now });
  const raw = async (pk: string) => (await client.send(new GetCommand({ TableName: table, Key: { pk, sk: 'note' }, ConsistentRead: true }))).Item!;

  beforeAll(async () => {
    dynamo = await startDynalite(undefined);
    const rawClient = new DynamoDBClient(localEndpointConfig(dynamo.endpoint));
    await ensureTable(rawClient, table, singleTable());
    client = DynamoDBDocumentClient.from(rawClient);
    publisher = new SwitchablePublisher();
    store = new ItemStore({ client, tableName: table, publisher, now: () => now });
  });
  afterAll(async () => dynamo?.stop());

  it('writes, publishes and clears the outbox; a second create of the key is ALREADY_EXISTS', async () => {
    // Act
    const first = event('a');
    const result = await store.create({ pk: 'note#a', sk: 'note', text: 'one' }, [first]);

    // Assess
    expect(result).toMatchObject({ published: true, item: { version: 1 } });
    expect(publisher.taken).toContain(first.detail.metadata.eventId);
    expect((await raw('note#a')).outbox).toBeUndefined();
    await expect(store.create({ pk: 'note#a', sk: 'note', text: 'again' })).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
  });

  it('refuses a write based on a stale version and changes nothing', async () => {
    // Prepare
    const read = (await store.get<{ text: string }>({ pk: 'note#a', sk: 'note' }))!;
    await store.replace({ ...read, text: 'two' });

    // Act & Assess
    await expect(store.replace({ ...read, text: 'stale' })).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    expect(await raw('note#a')).toMatchObject({ text: 'two', version: 2 });
  });

  it('carries unpublished events forward on the next write, and the relay sends them all once the bus is back', async () => {
    // Prepare: the bus is down for a create and the change after it
    publisher.up = false;
    const opened = event('b');
    const changed = event('b2');
    await store.create({ pk: 'note#b', sk: 'note', text: 'one' }, [opened]);
    const read = (await store.get<{ text: string }>({ pk: 'note#b', sk: 'note' }))!;

    // Act
    const result = await store.replace({ ...read, text: 'two' }, [changed]);

    // Assess: both events wait on the item, in order
    expect(result.published).toBe(false);
    const pending = (await raw('note#b')).outbox as string[];
    expect(pending.map((e) => JSON.parse(e).detail.metadata.eventId)).toEqual([opened.detail.metadata.eventId, changed.detail.metadata.eventId]);

    // Act: the bus recovers; the relay runs after its grace period
    publisher.up = true;
    const report = await relayOutbox({ client, tableName: table, store, now: new Date(now.getTime() + 60_000) });

    // Assess
    expect(report).toMatchObject({ published: 1, stillPending: 0 });
    expect(publisher.taken).toEqual(expect.arrayContaining([opened.detail.metadata.eventId, changed.detail.metadata.eventId]));
    expect(await raw('note#b')).toMatchObject({ text: 'two', version: 2 });
    expect((await raw('note#b')).outbox).toBeUndefined();
  });

  it('creates many at once, publishing their events together, and reads them back in batches', async () => {
    // Prepare: more than one BatchWriteItem (25) and one BatchGetItem (100)
    const ids = Array.from({ length: 120 }, (_, i) => `many-${i}`);
    const events = ids.map(event);

    // Act
    const published = await store.createMany(ids.map((id, i) => ({ item: { pk: `note#${id}`, sk: 'note', text: id }, events: [events[i]!] })));
    const read = await store.getMany<{ text: string }>([...ids, 'many-absent'].map((id) => ({ pk: `note#${id}`, sk: 'note' })));

    // Assess
    expect(published).toBe(true);
    expect(publisher.taken).toEqual(expect.arrayContaining(events.map((e) => e.detail.metadata.eventId)));
    expect(read.size).toBe(120);
    expect(read.get('note#many-119|note')).toMatchObject({ text: 'many-119', version: 1 });
    expect(read.get('note#many-7|note')).not.toHaveProperty('outbox');
    expect((await raw('note#many-0')).outbox).toBeUndefined();
  });

  it('leaves the outbox of a batch create for the relay when the bus is down', async () => {
    // Prepare
    publisher.up = false;
    const waiting = event('batch-down');

    // Act
    const published = await store.createMany([{ item: { pk: 'note#batch-down', sk: 'note', text: 'x' }, events: [waiting] }]);
    publisher.up = true;
    const report = await relayOutbox({ client, tableName: table, store, now: new Date(now.getTime() + 60_000) });

    // Assess
    expect(published).toBe(false);
    expect(report.published).toBeGreaterThanOrEqual(1);
    expect(publisher.taken).toContain(waiting.detail.metadata.eventId);
    expect((await raw('note#batch-down')).outbox).toBeUndefined();
  });
});
