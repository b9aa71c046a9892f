import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultInjector } from '../../infra/local/faults.ts';
import type { LocalPlatform } from '../../infra/local/platform.ts';
import { createPrng } from '../../services/identity/src/demo/prng.ts';
import { seedDemoCity, type DemoSeedReport } from '../../services/identity/src/demo/seed.ts';
import { identityService } from '../../services/identity/src/service.ts';
import { messagingService } from '../../services/messaging/src/service.ts';
import { notificationsService } from '../../services/notifications/src/service.ts';
import { statisticsService } from '../../services/statistics/src/service.ts';
import { loadCityConfig } from '../../shared/city/config.ts';
import { call, demoSessions, eventually, settled, startTestPlatform } from '../support/platform.ts';

const MESSAGES = 48;
const KINDS = ['invocation-error', 'invocation-delay', 'put-events-failure', 'dynamo-throttle'] as const;

/**
 * Fault injection into the city's own services, after AWS FIS: citizens write to deputies
 * (messaging's intake → its table and outbox → the bus → notifications' and statistics' queues and
 * consumers) while a share of every function's invocations fail or time out, PutEvents fails some
 * entries and DynamoDB throttles the services' own adapters. After recovery (faults off, every
 * service's outbox relay, queues drained, dead letters explained and redriven), every accepted
 * message has reached the deputy once and been counted once. (The kernel's path alone, and kill -9:
 * `fault-injection.test.ts`, `test/platform/restart.test.ts`.)
 */
describe("fault injection into the city's services", () => {
  let platform: LocalPlatform;
  let seed: DemoSeedReport;
  const prng = createPrng(1616);
  const faults = new FaultInjector(() => prng.next());
  const as = demoSessions(() => platform);

  beforeAll(async () => {
    platform = await startTestPlatform([identityService, messagingService, notificationsService, statisticsService], {
      faults,
      // A message whose consumer timed out comes back in 15 s rather than six of its timeouts, for the test's time.
      visibilityTimeoutMs: 15_000,
      beforeServe: async () => void (seed = await seedDemoCity(loadCityConfig('demo'))),
    });
    await settled(platform, 120_000);
  }, 240_000);
  afterAll(async () => platform?.stop());

  const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const received = async () =>
    (await call(platform.url, 'GET', `/v1/stats/overview?from=${today()}&to=${today()}`, undefined, await as('city.reviewer'))).body.received as number;
  /** The deputy's in-app notifications, by message. */
  async function notifiedByMessage(deputyCode: string): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    let cursor: string | null = null;
    do {
      const page = await call(
        platform.url,
        'GET',
        `/v1/notifications${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`,
        undefined,
        await as(deputyCode),
      );
      expect(page.status).toBe(200);
      for (const item of page.body.items as { messageId?: string }[]) if (item.messageId) counts.set(item.messageId, (counts.get(item.messageId) ?? 0) + 1);
      cursor = page.body.nextCursor;
    } while (cursor);
    return counts;
  }
  const submit = (deputyCode: string, n: number) =>
    call(
      platform.url,
      'POST',
      '/v1/messages',
      { deputyCode, category: 'public_facilities', content: `村口的路灯坏了第${n}次，晚上出行很不方便。` },
      { 'x-forwarded-for': `2001:db8:fa17::${n.toString(16)}` },
    );

  it('loses no accepted message and applies none twice when invocations, PutEvents and DynamoDB fail under a burst of intake', async () => {
    // Prepare: four deputies; one message without faults shows what reaches a deputy for one message
    const deputies = seed.directory.deputies.filter((d) => d.termStatus === 'active' && d.level === 'township' && d.townshipCode === 'lucheng').slice(0, 4);
    for (const deputy of deputies) await as(deputy.code);
    await as('city.reviewer');
    const control = await submit(deputies[0]!.code, 0);
    expect(control.status).toBe(202);
    await settled(platform, 60_000);
    const perMessage = (await notifiedByMessage(deputies[0]!.code)).get(control.body.messageId)!;
    expect(perMessage).toBeGreaterThan(0);
    const receivedBefore = await received();
    faults.set({
      invocationError: { share: 0.12 },
      invocationDelay: { share: 1, ms: 11_000, functions: /^statistics-subscription-/, times: 2 },
      putEventsFailure: { share: 0.2 },
      dynamoThrottle: { share: 0.08 },
    });
    const accepted: { messageId: string; deputyCode: string }[] = [];
    const refused: number[] = [];

    // Act: a burst of intake, eight at a time, while the faults run
    for (let round = 0; round < MESSAGES / 8; round++) {
      const batch = Array.from({ length: 8 }, (_, i) => ({ n: round * 8 + i + 1, deputyCode: deputies[(round * 8 + i) % deputies.length]!.code }));
      const answers = await Promise.all(batch.map(({ n, deputyCode }) => submit(deputyCode, n)));
      for (const [i, answer] of answers.entries()) {
        if (answer.status === 202) accepted.push({ messageId: answer.body.messageId, deputyCode: batch[i]!.deputyCode });
        else refused.push(answer.status);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    // Act: recovery — faults stop, every service's outbox relay publishes what the bus refused, the queues drain
    faults.set({});
    const injected = [...faults.injected];
    for (const relay of platform.scheduler.names().filter((name) => name.endsWith('-schedule-outbox-relay'))) {
      await platform.scheduler.run(relay, new Date(Date.now() + 60_000));
    }
    const queues = () => [...platform.queues.entries()];
    await eventually(
      async () => (queues().every(([name, queue]) => name.endsWith('-dlq') || queue.depth().total === 0) ? true : undefined),
      120_000,
      'queues drained',
    );
    const deadLetters = queues()
      .filter(([name]) => name.endsWith('-dlq'))
      .flatMap(([name, queue]) =>
        queue.peek().map((m) => ({ queue: name, eventId: (JSON.parse(m.body) as { detail: { metadata: { eventId: string } } }).detail.metadata.eventId })),
      );

    // Assess: every dead letter was hit by an injected invocation fault, or by throttling; redriven, it is applied
    const invocationFaults = injected.filter((f) => f.kind === 'invocation-error' || f.kind === 'invocation-delay');
    const throttles = injected.filter((f) => f.kind === 'dynamo-throttle').length;
    for (const dead of deadLetters) {
      const hits = invocationFaults.filter((f) => JSON.stringify(f.event).includes(dead.eventId)).length;
      expect(hits + throttles, `dead letter ${dead.eventId} in ${dead.queue}`).toBeGreaterThan(0);
    }
    for (const dlq of new Set(deadLetters.map((d) => d.queue))) platform.redrive(dlq);
    await settled(platform, 120_000);

    // Assess: every accepted message reached its deputy as the control did, and was counted, once
    const notified = new Map<string, Map<string, number>>();
    for (const deputy of deputies) notified.set(deputy.code, await notifiedByMessage(deputy.code));
    const reached = accepted.map(({ messageId, deputyCode }) => notified.get(deputyCode)!.get(messageId) ?? 0);
    const lost = reached.filter((n) => n < perMessage).length;
    const twice = reached.filter((n) => n > perMessage).length;
    const counted = (await received()) - receivedBefore;
    for (const { messageId } of accepted) expect((await call(platform.url, 'GET', `/v1/messages/${messageId}`, undefined, await as('admin'))).status).toBe(200);
    const byKind = Object.fromEntries(KINDS.map((k) => [k, injected.filter((f) => f.kind === k).length]));
    const targets = (kinds: string[], name: (target: string) => string) =>
      [...new Set(injected.filter((f) => kinds.includes(f.kind)).map((f) => name(f.target)))].sort().join(', ');
    console.info(
      `fault injection into services: ${injected.length} faults injected ${JSON.stringify(byKind)} ` +
        `(invocations of ${targets(['invocation-error', 'invocation-delay'], (t) => t.split('-')[0]!)}; PutEvents from ${targets(['put-events-failure'], (t) => t)}; ` +
        `DynamoDB ${targets(['dynamo-throttle'], (t) => t)}); ${MESSAGES} messages sent, ${accepted.length} accepted, ${refused.length} refused (${[...new Set(refused)].join(', ')}); ` +
        `dead letters ${deadLetters.length}, all explained; counted ${counted}; lost ${lost}, applied twice ${twice}`,
    );
    for (const kind of KINDS) expect(byKind[kind], kind).toBeGreaterThan(0);
    expect(accepted.length).toBeGreaterThan(MESSAGES / 2);
    for (const status of refused) expect(status).toBeGreaterThanOrEqual(500);
    expect(lost).toBe(0);
    expect(twice).toBe(0);
    expect(counted).toBe(accepted.length);
  }, 300_000);
});
