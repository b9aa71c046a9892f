import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalPlatform } from '../../infra/local/platform.ts';
import { resourceNames } from '../../shared/runtime/manifest.ts';
import type { BusEvent } from '../../shared/events/pattern.ts';
import { fixtureService } from '../fixture/service.ts';
import { call, eventually, startTestPlatform } from '../support/platform.ts';

/**
 * The whole chain on the local platform, driven through the fixture service:
 * HTTP → handler → DynamoDB (dynalite) → outbox → bus → queue → consumer → DynamoDB.
 */
describe('local platform pipeline', () => {
  let platform: LocalPlatform;
  const seen: BusEvent[] = [];
  const queueName = resourceNames.queue('demo', 'fixture', 'tally-notes');
  const dlqName = resourceNames.deadLetterQueue('demo', 'fixture', 'tally-notes');

  beforeAll(async () => {
    platform = await startTestPlatform([fixtureService]);
    platform.bus.observe((event) => seen.push(event));
  });
  afterAll(async () => platform?.stop());

  const tallyOf = async (noteId: string) => (await call(platform.url, 'GET', `/v1/fixture/notes/${noteId}`)).body.tally as number;
  const drained = async () => {
    const depth = platform.queues.get(queueName)!.depth();
    return depth.total === 0 ? true : undefined;
  };

  it('carries a created note through the outbox, the bus and the queue to its consumer', async () => {
    // Act
    const created = await call(platform.url, 'POST', '/v1/fixture/notes', { text: 'street light broken' });

    // Assess
    expect(created.status).toBe(201);
    expect(created.body.published).toBe(true);
    const tally = await eventually(async () => ((await tallyOf(created.body.noteId)) === 1 ? 1 : undefined));
    expect(tally).toBe(1);
    const event = seen.find((e) => (e.detail as any).data.noteId === created.body.noteId)!;
    expect(event['detail-type']).toBe('NoteCreated');
    expect((event.detail as any).metadata).toMatchObject({ eventId: created.body.eventId, city: 'demo', schemaVersion: '1.0' });
  });

  it('consumes a duplicated event once', async () => {
    // Prepare: a note whose event has been consumed
    const created = await call(platform.url, 'POST', '/v1/fixture/notes', { text: 'duplicate me' });
    await eventually(async () => ((await tallyOf(created.body.noteId)) === 1 ? true : undefined));
    const original = seen.find((e) => (e.detail as any).data.noteId === created.body.noteId)!;

    // Act: EventBridge delivers at least once; the same event arrives again
    const result = platform.bus.putEvents([
      { Source: original.source as string, DetailType: original['detail-type'] as string, Detail: JSON.stringify(original.detail) },
      { Source: original.source as string, DetailType: original['detail-type'] as string, Detail: JSON.stringify(original.detail) },
    ]);
    expect(result.FailedEntryCount).toBe(0);
    await eventually(drained, 10_000, 'queue drained');

    // Assess: the consumer's ADD ran once
    expect(await tallyOf(created.body.noteId)).toBe(1);
  });

  it('sends a poison message to the DLQ without holding back its batch, and redrives it', async () => {
    // Act: one poison note among healthy ones, so they share batches
    const notes = await Promise.all([
      call(platform.url, 'POST', '/v1/fixture/notes', { text: 'healthy 1' }),
      call(platform.url, 'POST', '/v1/fixture/notes', { text: 'poison', kind: 'poison' }),
      call(platform.url, 'POST', '/v1/fixture/notes', { text: 'healthy 2' }),
      call(platform.url, 'POST', '/v1/fixture/notes', { text: 'healthy 3' }),
    ]);
    const dlq = platform.queues.get(dlqName)!;
    await eventually(async () => (dlq.depth().total === 1 ? true : undefined), 15_000, 'poison in DLQ');

    // Assess
    for (const note of notes.filter((n) => n.body && notes.indexOf(n) !== 1)) expect(await tallyOf(note.body.noteId)).toBe(1);
    const dead = JSON.parse(dlq.peek()[0]!.body);
    expect(dead.detail.data).toEqual({ noteId: notes[1]!.body.noteId, kind: 'poison' });
    await eventually(drained, 10_000, 'queue drained');

    // Act: redrive through the operator endpoint; the poison goes back, fails again, returns to the DLQ
    const redriven = await call(platform.url, 'POST', `/_local/queues/${dlqName}/redrive`);
    expect(redriven.body).toEqual({ moved: 1 });
    expect(dlq.depth().total).toBe(0);
    await eventually(async () => (dlq.depth().total === 1 ? true : undefined), 15_000, 'poison back in DLQ');
  });

  it("shows each service's unpublished events at /_local/outbox (npm run outbox:status) until the relay publishes them", async () => {
    // Prepare: a note written while the bus refuses it
    platform.bus.failNextEntries(100);
    const created = await call(platform.url, 'POST', '/v1/fixture/notes', { text: 'waits in the outbox' });
    platform.bus.failNextEntries(0);
    expect(created.body.published).toBe(false);

    // Act
    const before = await call(platform.url, 'GET', '/_local/outbox');
    await platform.scheduler.run('fixture-schedule-outbox-relay', new Date(Date.now() + 60_000));
    const after = await call(platform.url, 'GET', '/_local/outbox');

    // Assess
    expect(before.body.items).toEqual([
      expect.objectContaining({ service: 'fixture', table: resourceNames.table('demo', 'fixture'), items: 1, events: 1, oldestSince: expect.any(String) }),
    ]);
    expect(after.body.items).toEqual([{ service: 'fixture', table: resourceNames.table('demo', 'fixture'), items: 0, events: 0 }]);
  });

  it('recovers a failed publish with the outbox relay', async () => {
    // Prepare: the bus refuses every attempt of the next publish
    platform.bus.failNextEntries(100);
    const created = await call(platform.url, 'POST', '/v1/fixture/notes', { text: 'bus is down' });
    platform.bus.failNextEntries(0);
    expect(created.status).toBe(201);
    expect(created.body.published).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await tallyOf(created.body.noteId)).toBe(0);

    // Act: the relay runs after the grace period
    const report = (await platform.scheduler.run('fixture-schedule-outbox-relay', new Date(Date.now() + 60_000))) as {
      published: number;
    };

    // Assess
    expect(report.published).toBeGreaterThanOrEqual(1);
    await eventually(async () => ((await tallyOf(created.body.noteId)) === 1 ? true : undefined), 10_000, 'relayed event consumed');
    const again = (await platform.scheduler.run('fixture-schedule-outbox-relay', new Date(Date.now() + 60_000))) as { found: number };
    expect(again.found).toBe(0);
  });
});
