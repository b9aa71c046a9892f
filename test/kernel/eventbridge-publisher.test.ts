import type { EventBridgeClient, PutEventsCommand, PutEventsRequestEntry, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import { createEvent, type DomainEvent } from '../../shared/events/envelope.ts';
import { EventBridgePublisher, MAX_ENTRIES_PER_CALL, MAX_ENTRY_BYTES, entrySize, toBatches } from '../../shared/events/eventbridge-publisher.ts';
import { NoteCreated } from '../fixture/events.ts';

const BUS = 'minqing-demo';
const now = new Date('2025-03-01T08:00:00.000Z');

function notes(count: number, noteIdLength = 8): DomainEvent[] {
  return Array.from({ length: count }, (_, i) =>
    createEvent(NoteCreated, { noteId: `${i}-`.padEnd(noteIdLength, 'x'), kind: 'plain' }, { city: 'demo', now, eventId: `evt-${i}` }),
  );
}

const eventIdOf = (entry: PutEventsRequestEntry): string => JSON.parse(entry.Detail!).metadata.eventId;

type Respond = (entries: PutEventsRequestEntry[], call: number) => PutEventsResultEntry[] | Error;

/** A fake EventBridge client recording the entries of every PutEvents call. */
function fakeClient(respond: Respond = (entries) => entries.map((_, i) => ({ EventId: `eb-${i}` }))) {
  const calls: PutEventsRequestEntry[][] = [];
  const send = async (command: PutEventsCommand) => {
    const entries = command.input.Entries ?? [];
    calls.push(entries);
    const outcome = respond(entries, calls.length);
    if (outcome instanceof Error) throw outcome;
    return { FailedEntryCount: outcome.filter((e) => e.ErrorCode).length, Entries: outcome };
  };
  return { client: { send } as unknown as Pick<EventBridgeClient, 'send'>, calls };
}

function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('EventBridgePublisher', () => {
  it('sends each event as a PutEvents entry on the city bus', async () => {
    // Prepare
    const { client, calls } = fakeClient();
    const [event] = notes(1);
    const publisher = new EventBridgePublisher({ client, eventBusName: BUS });

    // Act
    const result = await publisher.publish([event!]);

    // Assess
    expect(calls).toHaveLength(1);
    expect(calls[0]).toEqual([
      {
        EventBusName: BUS,
        Source: 'minqing.fixture',
        DetailType: 'NoteCreated',
        Detail: JSON.stringify(event!.detail),
        Time: now,
      },
    ]);
    expect(result).toEqual({ published: ['evt-0'], failed: [] });
  });

  it('splits 25 events into 3 calls of at most 10 entries', async () => {
    // Prepare
    const { client, calls } = fakeClient();
    const publisher = new EventBridgePublisher({ client, eventBusName: BUS });

    // Act
    const result = await publisher.publish(notes(25));

    // Assess
    expect(calls.map((c) => c.length)).toEqual([10, 10, 5]);
    expect(calls.flat().map(eventIdOf)).toEqual(notes(25).map((e) => e.detail.metadata.eventId));
    expect(result.published).toHaveLength(25);
    expect(result.failed).toEqual([]);
  });

  it('refuses an entry over 256 KB before sending and still sends the others', async () => {
    // Prepare
    const { client, calls } = fakeClient();
    const [small1, small2] = notes(2);
    const huge = createEvent(NoteCreated, { noteId: 'x'.repeat(MAX_ENTRY_BYTES), kind: 'plain' }, { city: 'demo', now, eventId: 'evt-huge' });
    const { waits, sleep } = recordingSleep();
    const publisher = new EventBridgePublisher({ client, eventBusName: BUS, sleep });

    // Act
    const result = await publisher.publish([small1!, huge, small2!]);

    // Assess
    expect(calls.flat().map(eventIdOf)).toEqual(['evt-0', 'evt-1']);
    expect(result.published).toEqual(['evt-0', 'evt-1']);
    expect(result.failed).toEqual([{ eventId: 'evt-huge', errorCode: 'EntryTooLarge', errorMessage: expect.stringContaining(`> ${MAX_ENTRY_BYTES}`) }]);
    expect(waits).toEqual([]); // never retried: it could not succeed
  });

  it('sends an entry of exactly 256 KB and refuses one byte more', async () => {
    // Prepare: size the note id so that the entry is exactly at the limit.
    const withNoteId = (noteId: string) => createEvent(NoteCreated, { noteId, kind: 'plain' }, { city: 'demo', now, eventId: 'evt-0' });
    const empty = withNoteId('');
    const overhead = entrySize({ Source: empty.source, DetailType: empty.detailType, Detail: JSON.stringify(empty.detail), Time: now });
    const atLimit = withNoteId('y'.repeat(MAX_ENTRY_BYTES - overhead));
    const overLimit = withNoteId('y'.repeat(MAX_ENTRY_BYTES - overhead + 1));
    const { client, calls } = fakeClient();
    const publisher = new EventBridgePublisher({ client, eventBusName: BUS });

    // Act
    const sent = await publisher.publish([atLimit]);
    const refused = await publisher.publish([overLimit]);

    // Assess
    expect(entrySize(calls[0]![0]!)).toBe(MAX_ENTRY_BYTES);
    expect(sent.published).toEqual(['evt-0']);
    expect(refused.failed.map((f) => f.errorCode)).toEqual(['EntryTooLarge']);
    expect(calls).toHaveLength(1);
  });

  it('splits ~100 KB entries so that no call exceeds 256 KB', async () => {
    // Prepare
    const { client, calls } = fakeClient();
    const events = notes(6, 100 * 1024);
    const publisher = new EventBridgePublisher({ client, eventBusName: BUS });

    // Act
    const result = await publisher.publish(events);

    // Assess
    const callBytes = calls.map((entries) => entries.reduce((n, e) => n + entrySize(e), 0));
    expect(calls.map((c) => c.length)).toEqual([2, 2, 2]);
    for (const bytes of callBytes) expect(bytes).toBeLessThanOrEqual(MAX_ENTRY_BYTES);
    expect(result.published).toHaveLength(6);
  });

  it('resends only the refused entries, after a backoff', async () => {
    // Prepare: the first call refuses evt-1 and evt-3, the second accepts everything.
    const { client, calls } = fakeClient((entries, call) =>
      entries.map((e, i) =>
        call === 1 && ['evt-1', 'evt-3'].includes(eventIdOf(e))
          ? { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }
          : { EventId: `eb-${call}-${i}` },
      ),
    );
    const { waits, sleep } = recordingSleep();
    const publisher = new EventBridgePublisher({ client, eventBusName: BUS, sleep, backoffMs: 10 });

    // Act
    const result = await publisher.publish(notes(4));

    // Assess
    expect(calls.map((c) => c.map(eventIdOf))).toEqual([
      ['evt-0', 'evt-1', 'evt-2', 'evt-3'],
      ['evt-1', 'evt-3'],
    ]);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(10);
    expect(result.published.sort()).toEqual(['evt-0', 'evt-1', 'evt-2', 'evt-3']);
    expect(result.failed).toEqual([]);
  });

  it('reports an entry refused on every attempt as failed after maxRetries + 1 attempts, with growing waits', async () => {
    // Prepare: evt-1 is always refused.
    const { client, calls } = fakeClient((entries) =>
      entries.map((e) => (eventIdOf(e) === 'evt-1' ? { ErrorCode: 'InternalFailure', ErrorMessage: 'try later' } : { EventId: 'eb' })),
    );
    const { waits, sleep } = recordingSleep();
    const publisher = new EventBridgePublisher({ client, eventBusName: BUS, sleep, maxRetries: 3, backoffMs: 10 });

    // Act
    const result = await publisher.publish(notes(2));

    // Assess
    expect(calls.map((c) => c.map(eventIdOf))).toEqual([['evt-0', 'evt-1'], ['evt-1'], ['evt-1'], ['evt-1']]);
    expect(result.published).toEqual(['evt-0']);
    expect(result.failed).toEqual([{ eventId: 'evt-1', errorCode: 'InternalFailure', errorMessage: 'try later' }]);
    expect(waits).toHaveLength(3);
    // Exponential backoff with jitter: attempt n waits in [base·2ⁿ⁻¹, 2·base·2ⁿ⁻¹).
    waits.forEach((ms, n) => {
      expect(ms).toBeGreaterThanOrEqual(10 * 2 ** n);
      expect(ms).toBeLessThan(2 * 10 * 2 ** n);
    });
    expect(waits[1]!).toBeGreaterThan(waits[0]!);
    expect(waits[2]!).toBeGreaterThan(waits[1]!);
  });

  it('does not retry when maxRetries is 0', async () => {
    // Prepare
    const { client, calls } = fakeClient((entries) => entries.map(() => ({ ErrorCode: 'InternalFailure', ErrorMessage: 'no' })));
    const { waits, sleep } = recordingSleep();
    const publisher = new EventBridgePublisher({ client, eventBusName: BUS, sleep, maxRetries: 0 });

    // Act
    const result = await publisher.publish(notes(1));

    // Assess
    expect(calls).toHaveLength(1);
    expect(waits).toEqual([]);
    expect(result.failed.map((f) => f.eventId)).toEqual(['evt-0']);
  });

  it('treats a thrown client error as the failure of the whole batch and retries it', async () => {
    // Prepare: the first call throws, the next succeeds.
    const outage = Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    const { client, calls } = fakeClient((entries, call) => (call === 1 ? outage : entries.map(() => ({ EventId: 'eb' }))));
    const { waits, sleep } = recordingSleep();
    const publisher = new EventBridgePublisher({ client, eventBusName: BUS, sleep });

    // Act
    const result = await publisher.publish(notes(3));

    // Assess
    expect(calls.map((c) => c.map(eventIdOf))).toEqual([
      ['evt-0', 'evt-1', 'evt-2'],
      ['evt-0', 'evt-1', 'evt-2'],
    ]);
    expect(waits).toHaveLength(1);
    expect(result.published.sort()).toEqual(['evt-0', 'evt-1', 'evt-2']);
    expect(result.failed).toEqual([]);
  });

  it('reports a client that always throws as CallFailed for every entry', async () => {
    // Prepare
    const outage = Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    const { client, calls } = fakeClient(() => outage);
    const { sleep } = recordingSleep();
    const publisher = new EventBridgePublisher({ client, eventBusName: BUS, sleep, maxRetries: 2 });

    // Act
    const result = await publisher.publish(notes(2));

    // Assess
    expect(calls).toHaveLength(3);
    expect(result.published).toEqual([]);
    expect(result.failed).toEqual([
      { eventId: 'evt-0', errorCode: 'CallFailed', errorMessage: 'TimeoutError' },
      { eventId: 'evt-1', errorCode: 'CallFailed', errorMessage: 'TimeoutError' },
    ]);
  });

  it('treats a response entry without an EventId as refused', async () => {
    // Prepare: first response has no entry for the second event.
    const { client, calls } = fakeClient((entries, call) => (call === 1 ? [{ EventId: 'eb' }] : entries.map(() => ({ EventId: 'eb' }))));
    const { sleep } = recordingSleep();
    const publisher = new EventBridgePublisher({ client, eventBusName: BUS, sleep });

    // Act
    const result = await publisher.publish(notes(2));

    // Assess
    expect(calls.map((c) => c.map(eventIdOf))).toEqual([['evt-0', 'evt-1'], ['evt-1']]);
    expect(result.published).toEqual(['evt-0', 'evt-1']);
  });

  it('publishes nothing and calls nothing for an empty list', async () => {
    const { client, calls } = fakeClient();
    const result = await new EventBridgePublisher({ client, eventBusName: BUS }).publish([]);
    expect(calls).toEqual([]);
    expect(result).toEqual({ published: [], failed: [] });
  });
});

describe('entrySize', () => {
  it('counts UTF-8 bytes of Source, DetailType and Detail (3 bytes per Chinese character)', () => {
    // 'minqing.fixture' 15 + 'NoteCreated' 11 + '"民情直通"' (2 quotes + 4×3 bytes) 14
    expect(entrySize({ Source: 'minqing.fixture', DetailType: 'NoteCreated', Detail: JSON.stringify('民情直通') })).toBe(15 + 11 + 14);
  });

  it('adds 14 bytes when Time is set', () => {
    const entry = { Source: 'minqing.fixture', DetailType: 'NoteCreated', Detail: '{}' };
    expect(entrySize({ ...entry, Time: now }) - entrySize(entry)).toBe(14);
  });

  it('counts Resources but not EventBusName', () => {
    const entry = { Source: 's', DetailType: 'D', Detail: '{}' };
    expect(entrySize({ ...entry, Resources: ['arn:a', '区'] })).toBe(entrySize(entry) + 5 + 3);
    expect(entrySize({ ...entry, EventBusName: 'minqing-demo' })).toBe(entrySize(entry));
  });

  it('counts the bytes of a Chinese event detail, not its characters', () => {
    // Prepare
    const latin = createEvent(NoteCreated, { noteId: 'ab', kind: 'plain' }, { city: 'demo', now, eventId: 'e' });
    const chinese = createEvent(NoteCreated, { noteId: '民情', kind: 'plain' }, { city: 'demo', now, eventId: 'e' });
    const entryOf = (e: DomainEvent) => ({ Source: e.source, DetailType: e.detailType, Detail: JSON.stringify(e.detail) });

    // Assess: same number of characters, 2×(3−1) more bytes
    expect(entrySize(entryOf(chinese)) - entrySize(entryOf(latin))).toBe(4);
  });
});

describe('toBatches', () => {
  it('keeps the order and never exceeds 10 entries or 256 KB per batch', () => {
    // Prepare
    const sizes = [200_000, 50_000, 12_144, 1, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100];
    const entries = sizes.map((size, id) => ({ id, size }));

    // Act
    const batches = toBatches(entries);

    // Assess
    expect(batches.flat().map((e) => e.id)).toEqual(entries.map((e) => e.id));
    expect(batches.map((b) => b.map((e) => e.id))).toEqual([[0, 1, 2], [3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [13]]);
    for (const batch of batches) {
      expect(batch.length).toBeLessThanOrEqual(MAX_ENTRIES_PER_CALL);
      expect(batch.reduce((n, e) => n + e.size, 0)).toBeLessThanOrEqual(MAX_ENTRY_BYTES);
    }
  });

  it('returns no batch for no entries', () => {
    expect(toBatches([])).toEqual([]);
  });
});
