import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultInjector } from '../../infra/local/faults.ts';
import type { LocalPlatform } from '../../infra/local/platform.ts';
import { createPrng } from '../../services/identity/src/demo/prng.ts';
import { resourceNames } from '../../shared/runtime/manifest.ts';
import { fixtureService } from '../fixture/service.ts';
import { call, eventually, startTestPlatform } from '../support/platform.ts';

const queueName = resourceNames.queue('demo', 'fixture', 'tally-notes');
const dlqName = resourceNames.deadLetterQueue('demo', 'fixture', 'tally-notes');
const NOTES = 80;

/**
 * Fault injection on the local platform, after AWS FIS: a share of invocations fail or start past
 * their timeout, PutEvents fails some entries, DynamoDB throttles, all during a burst of intake.
 * After recovery nothing accepted is lost, nothing is applied twice, and every dead letter is
 * explained by the faults that hit it. (`kill -9` during a burst: test/platform/restart.test.ts.)
 */
describe('fault injection', () => {
  let platform: LocalPlatform;
  const faults = new FaultInjector(() => prng.next());
  const prng = createPrng(16);

  beforeAll(async () => {
    platform = await startTestPlatform([fixtureService], { faults });
  });
  afterAll(async () => platform?.stop());

  const tallyOf = async (noteId: string) => (await call(platform.url, 'GET', `/v1/fixture/notes/${noteId}`)).body.tally as number;

  it('loses no accepted note and applies none twice under invocation errors, timeouts, PutEvents failures and throttling', async () => {
    // Prepare: the faults of the experiment, on every function of the service
    faults.set({
      invocationError: { share: 0.15 },
      invocationDelay: { share: 1, ms: 6_000, functions: /tally/, times: 1 },
      putEventsFailure: { share: 0.2 },
      dynamoThrottle: { share: 0.1 },
    });
    const accepted: string[] = [];
    const refused: number[] = [];

    // Act: a burst of intake, eight at a time, while the faults run
    for (let round = 0; round < NOTES / 8; round++) {
      const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => call(platform.url, 'POST', '/v1/fixture/notes', { text: `fault ${round}-${i}` })));
      for (const answer of answers) answer.status === 201 ? accepted.push(answer.body.noteId as string) : refused.push(answer.status);
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    // Act: recovery — faults stop, the outbox relay publishes what the bus refused, the queue drains
    faults.set({});
    const injected = [...faults.injected];
    await platform.scheduler.run('fixture-schedule-outbox-relay', new Date(Date.now() + 60_000));
    const queue = platform.queues.get(queueName)!;
    const dlq = platform.queues.get(dlqName)!;
    await eventually(async () => (queue.depth().total === 0 ? true : undefined), 60_000, 'tally queue drained');
    const deadLetters = dlq.peek().map((m) => JSON.parse(m.body) as { detail: { metadata: { eventId: string }; data: { noteId: string } } });

    // Assess: every dead letter was hit by injected invocation faults; redriven, it is applied
    const invocationFaults = injected.filter((f) => f.kind === 'invocation-error' || f.kind === 'invocation-delay');
    for (const dead of deadLetters) {
      const hits = invocationFaults.filter((f) => JSON.stringify(f.event).includes(dead.detail.metadata.eventId)).length;
      const throttles = injected.filter((f) => f.kind === 'dynamo-throttle').length;
      expect(hits + throttles, `dead letter ${dead.detail.metadata.eventId}`).toBeGreaterThan(0);
      expect(accepted).toContain(dead.detail.data.noteId);
    }
    if (deadLetters.length > 0) platform.redrive(dlqName);
    await eventually(async () => (queue.depth().total + dlq.depth().total === 0 ? true : undefined), 60_000, 'redriven dead letters consumed');

    // Assess: every accepted note tallied exactly once; refusals were answered as errors, not lost silently
    const tallies = await Promise.all(accepted.map(tallyOf));
    const lost = tallies.filter((t) => t === 0).length;
    const twice = tallies.filter((t) => t > 1).length;
    const byKind = Object.fromEntries(
      ['invocation-error', 'invocation-delay', 'put-events-failure', 'dynamo-throttle'].map((k) => [k, injected.filter((f) => f.kind === k).length]),
    );
    console.info(
      `fault injection: ${injected.length} faults injected ${JSON.stringify(byKind)}; ${accepted.length} notes accepted, ${refused.length} refused (${[...new Set(refused)].join(', ')}); dead letters ${deadLetters.length}, all explained; lost ${lost}, applied twice ${twice}`,
    );
    expect(byKind['invocation-error']).toBeGreaterThan(0);
    expect(byKind['invocation-delay']).toBeGreaterThan(0);
    expect(byKind['put-events-failure']).toBeGreaterThan(0);
    expect(byKind['dynamo-throttle']).toBeGreaterThan(0);
    expect(accepted.length).toBeGreaterThan(NOTES / 2);
    for (const status of refused) expect(status).toBeGreaterThanOrEqual(500);
    expect(lost).toBe(0);
    expect(twice).toBe(0);
  }, 180_000);
});
