import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, startDynalite, type LocalDynamo } from '../../infra/local/local-dynamo.ts';
import { createEvent, type DomainEvent } from '../../shared/events/envelope.ts';
import type { EventPublisher, PublishResult } from '../../shared/events/publisher.ts';
import { localEndpointConfig } from '../../shared/runtime/local-endpoint.ts';
import { ItemStore } from '../../shared/store/item-store.ts';
import { deadLetterKey, MAX_PUBLISH_ATTEMPTS, relayOutbox } from '../../shared/store/outbox.ts';
import { singleTable } from '../../shared/store/table.ts';
import { NoteCreated } from '../fixture/events.ts';

/** A bus that refuses some events for good (too large) and can be down for everything else. */
class PickyPublisher implements EventPublisher {
  up = true;
  readonly tooLarge = new Set<string>();
  readonly taken: string[] = [];
  async publish(events: readonly DomainEvent[]): Promise<PublishResult> {
    const result: PublishResult = { published: [], failed: [] };
    for (const e of events) {
      const eventId = e.detail.metadata.eventId;
      if (this.tooLarge.has(eventId)) result.failed.push({ eventId, errorCode: 'EntryTooLarge', errorMessage: '300000 bytes > 262144' });
      else if (!this.up) result.failed.push({ eventId, errorCode: 'InternalFailure', errorMessage: 'down' });
      else {
        this.taken.push(eventId);
        result.published.push(eventId);
      }
    }
    return result;
  }
}

/** An event that can never be published leaves its item's outbox for a dead letter; others keep flowing. */
describe('the outbox with events that cannot be published (on dynalite)', () => {
  const table = 'outbox-dead-test';
  const now = new Date('2026-03-05T02:00:00Z');
  let dynamo: LocalDynamo;
  let client: DynamoDBDocumentClient;
  let publisher: PickyPublisher;
  let store: ItemStore;
  const failures: { pk: string; failed: number; attempts: number; deadLettered: number }[] = [];
  const event = (noteId: string) => createEvent(NoteCreated, { noteId, kind: 'plain' }, { city: 'demo', now });
  const raw = async (pk: string, sk = 'note') => (await client.send(new GetCommand({ TableName: table, Key: { pk, sk }, ConsistentRead: true }))).Item;

  beforeAll(async () => {
    dynamo = await startDynalite(undefined);
    const rawClient = new DynamoDBClient(localEndpointConfig(dynamo.endpoint));
    await ensureTable(rawClient, table, singleTable());
    client = DynamoDBDocumentClient.from(rawClient);
    publisher = new PickyPublisher();
    store = new ItemStore({ client, tableName: table, publisher, now: () => now, onPublishFailure: (info) => failures.push(info) });
  });
  afterAll(async () => dynamo?.stop());

  it('moves a too-large event to a dead letter at once, publishes the rest, and frees the item for its next write', async () => {
    // Prepare
    const [fine, huge] = [event('a'), event('a')];
    publisher.tooLarge.add(huge.detail.metadata.eventId);

    // Act
    const written = await store.create({ pk: 'note#a', sk: 'note', text: 'one' }, [fine, huge]);
    const next = await store.replace(written.item, [event('a')]);

    // Assess
    expect(written.published).toBe(true);
    expect(next.published).toBe(true);
    expect((await raw('note#a'))!.outbox).toBeUndefined();
    expect(publisher.taken).toContain(fine.detail.metadata.eventId);
    expect(await raw(deadLetterKey(huge.detail.metadata.eventId).pk, 'outbox-dead')).toMatchObject({
      eventId: huge.detail.metadata.eventId,
      detailType: 'NoteCreated',
      from: { pk: 'note#a', sk: 'note' },
      errorCode: 'EntryTooLarge',
    });
    expect(failures.filter((f) => f.pk === 'note#a')).toEqual([{ pk: 'note#a', failed: 1, attempts: 1, deadLettered: 1 }]);
  });

  it(`counts each failed publish of an outbox and dead-letters it after ${MAX_PUBLISH_ATTEMPTS} attempts`, async () => {
    // Prepare
    publisher.up = false;
    const stuck = event('b');
    await store.create({ pk: 'note#b', sk: 'note', text: 'two' }, [stuck]);
    const later = new Date(now.getTime() + 3_600_000);

    // Act
    const counted = Number((await raw('note#b'))!.outboxAttempts);
    for (let i = 1; i < MAX_PUBLISH_ATTEMPTS; i++) await relayOutbox({ client, tableName: table, store, now: later });

    // Assess
    expect(counted).toBe(1);
    expect((await raw('note#b'))!.outbox).toBeUndefined();
    expect(await raw(deadLetterKey(stuck.detail.metadata.eventId).pk, 'outbox-dead')).toMatchObject({ errorCode: 'InternalFailure' });
    expect(failures.at(-1)).toMatchObject({ pk: 'note#b', attempts: MAX_PUBLISH_ATTEMPTS, deadLettered: 1 });
    publisher.up = true;
  });
});
