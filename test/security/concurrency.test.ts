import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalPlatform } from '../../infra/local/platform.ts';
import { seedDemoCity, type DemoSeedReport } from '../../services/identity/src/demo/seed.ts';
import { services } from '../../services/manifests.ts';
import { loadCityConfig } from '../../shared/city/config.ts';
import type { BusEvent } from '../../shared/events/pattern.ts';
import { FaultInjector } from '../../infra/local/faults.ts';
import { resourceNames } from '../../shared/runtime/manifest.ts';
import { call, demoSessions, eventually, settled, startTestPlatform } from '../support/platform.ts';
import { changedKeys, snapshotTables } from './table-snapshot.ts';

/**
 * Concurrency on the whole platform: two writers from one version, 50 copies of the same events at
 * once, and case steps that reach messaging out of order.
 */
describe('concurrency', () => {
  let platform: LocalPlatform;
  let seed: DemoSeedReport;
  const events: BusEvent[] = [];
  const faults = new FaultInjector();
  const as = demoSessions(() => platform);
  let client = 0;
  const dataOf = (event: BusEvent) => (event.detail as { data: Record<string, unknown> }).data;

  /** A citizen's message to a 鹿城镇 deputy, escalated into a case under the township's review. */
  async function openCase(): Promise<{ messageId: string; caseId: string; deputyCode: string; trackingCode: string; trackingToken: string }> {
    const deputy = seed.directory.deputies.filter((d) => d.termStatus === 'active' && d.level === 'township' && d.townshipCode === 'lucheng')[client % 3]!;
    const submitted = await call(
      platform.url,
      'POST',
      '/v1/messages',
      { deputyCode: deputy.code, category: 'public_facilities', content: `巷子里的下水道堵了（第${++client}件）` },
      { 'x-forwarded-for': `2001:db8:c0c::${client}` },
    );
    const escalated = await call(
      platform.url,
      'POST',
      `/v1/messages/${submitted.body.messageId}/escalate`,
      { reason: '需要乡镇建设部门处理' },
      await as(deputy.code),
    );
    await settled(platform);
    return { ...submitted.body, caseId: escalated.body.caseId, deputyCode: deputy.code };
  }

  beforeAll(async () => {
    // A failed delivery comes back after two seconds, long enough for a later step to overtake it.
    platform = await startTestPlatform(services, {
      faults,
      visibilityTimeoutMs: 2_000,
      beforeServe: async () => void (seed = await seedDemoCity(loadCityConfig('demo'))),
    });
    platform.bus.observe((event) => events.push(event));
    await settled(platform, 120_000);
  }, 240_000);
  afterAll(async () => platform?.stop());

  it('lets one of two truly concurrent writers from the same version win, and the other meet 409', async () => {
    // Prepare: the township reviewer and three cases under review
    const first = await as('lucheng.reviewer');
    const cases = [await openCase(), await openCase(), await openCase()];
    const outcomes: string[] = [];

    for (const { caseId } of cases) {
      // Act: forward and decline the same version at the same moment
      const answers = await Promise.all([
        call(platform.url, 'POST', `/v1/cases/${caseId}/forward`, { unitCode: 'u-lucheng-jianshe' }, first),
        call(platform.url, 'POST', `/v1/cases/${caseId}/decline`, { reason: '不属于本级职责范围' }, first),
      ]);
      await settled(platform);
      const steps = (await call(platform.url, 'GET', `/v1/cases/${caseId}`, undefined, first)).body.ledger.map((e: { step: string }) => e.step);
      const published = events.filter((e) => dataOf(e).caseId === caseId && ['CaseForwarded', 'CaseDeclined'].includes(e['detail-type'] as string));

      // Assess: exactly one step taken, told once
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      expect(steps.filter((s: string) => s === 'forwarded' || s === 'declined')).toHaveLength(1);
      expect(published).toHaveLength(1);
      outcomes.push(published[0]!['detail-type'] as string);
    }
    console.info(`concurrency: ${cases.length} pairs of concurrent writers, winners ${outcomes.join(', ')}`);
    expect(outcomes).toHaveLength(cases.length);
  }, 120_000);

  it('applies 50 concurrent copies of every event of a message once: no second notification, figure or record', async () => {
    // Prepare: a message that went through, everything it caused settled
    const before = events.length;
    const submitted = await call(
      platform.url,
      'POST',
      '/v1/messages',
      { stationCode: 'st-lucheng-01', category: 'environment', content: '河道里有人倾倒垃圾，请尽快处理。' },
      { 'x-forwarded-for': '2001:db8:c0c::ffff' },
    );
    await settled(platform);
    const caused = events.slice(before).filter((e) => dataOf(e).messageId === submitted.body.messageId);
    const snapshot = await snapshotTables();

    // Act: EventBridge delivers at least once; here 50 times each, all at once
    const copies = caused.flatMap((event) =>
      Array.from({ length: 50 }, () => ({ Source: event.source as string, DetailType: event['detail-type'] as string, Detail: JSON.stringify(event.detail) })),
    );
    const results = await Promise.all(copies.map((entry) => Promise.resolve(platform.bus.putEvents([entry]))));
    await settled(platform);
    const after = await snapshotTables();

    // Assess: every copy accepted by the bus, nothing changed anywhere
    console.info(
      `concurrency: ${copies.length} duplicate events (${caused.map((e) => e['detail-type']).join(', ')} × 50), changed items: ${changedKeys(snapshot, after).length}`,
    );
    expect(caused.length).toBeGreaterThan(0);
    expect(results.every((r) => r.FailedEntryCount === 0)).toBe(true);
    expect(changedKeys(snapshot, after)).toEqual([]);
  }, 120_000);

  it('gives the unit the message and the citizen every step in order when CaseForwarded reaches messaging after CaseAccepted', async () => {
    // Prepare: a case under review; messaging's case consumer fails the delivery of CaseForwarded once
    const { caseId, messageId, trackingCode, trackingToken } = await openCase();
    const reviewer = await as('lucheng.reviewer');
    const unit = await as('u-lucheng-jianshe.handler');
    const messagingCases = resourceNames.function('messaging', 'subscription', 'cases');
    faults.set({ invocationError: { share: 1, functions: new RegExp(`^${messagingCases}$`) } });
    const forwarded = await call(platform.url, 'POST', `/v1/cases/${caseId}/forward`, { unitCode: 'u-lucheng-jianshe' }, reviewer);
    await eventually(
      async () => (faults.injected.some((f) => JSON.stringify(f.event).includes('CaseForwarded')) ? true : undefined),
      10_000,
      'CaseForwarded refused once',
    );
    faults.set({});

    // Act: the unit accepts at once; CaseAccepted reaches messaging while CaseForwarded waits out its visibility timeout
    const accepted = await call(platform.url, 'POST', `/v1/cases/${caseId}/accept`, { committedDate: forwarded.body.dueDate }, unit);
    const track = async () => (await call(platform.url, 'GET', `/v1/track/${trackingCode}`, undefined, { 'x-tracking-token': trackingToken })).body;
    const early = await eventually(
      async () => {
        const seen = await track();
        return seen.status === 'in_progress' ? seen : undefined;
      },
      10_000,
      'CaseAccepted applied by messaging',
    );
    await settled(platform);

    // Assess: messaging applied accepted before forwarded, and still got it right
    expect(forwarded.status).toBe(200);
    expect(accepted.status).toBe(200);
    expect(early.timeline.map((step: { status: string }) => step.status)).not.toContain('forwarded');
    expect((await call(platform.url, 'GET', `/v1/messages/${messageId}`, undefined, unit)).status).toBe(200);
    const tracking = await track();
    const statuses = tracking.timeline.map((step: { status: string }) => step.status);
    expect(statuses.indexOf('forwarded')).toBeGreaterThanOrEqual(0);
    expect(statuses.indexOf('forwarded')).toBeLessThan(statuses.indexOf('in_progress'));
    expect(tracking.status).toBe('in_progress');
  }, 120_000);
});
