import { loadCityConfig } from '../../../shared/city/config.ts';
import type { BusEvent } from '../../../shared/events/pattern.ts';
import { call, eventually, startTestPlatform, type LocalPlatform } from '../../../test/support/platform.ts';
import { caseRoutingService } from '../../case-routing/src/service.ts';
import { seedDemoCity, type DemoSeedReport } from '../../identity/src/demo/seed.ts';
import { identityService } from '../../identity/src/service.ts';
import { messagingService } from '../../messaging/src/service.ts';
import { notificationsService } from '../src/service.ts';

/** The name the local platform gives a schedule of this service. */
export const schedule = (name: string) => `notifications-schedule-${name}`;

/** The local platform with every service notifications hears from, the demo city seeded and known to all. */
export async function startNotificationsPlatform(): Promise<{ platform: LocalPlatform; seed: DemoSeedReport; events: BusEvent[] }> {
  let seed: DemoSeedReport | undefined;
  const platform = await startTestPlatform([identityService, messagingService, caseRoutingService, notificationsService], {
    beforeServe: async () => void (seed = await seedDemoCity(loadCityConfig('demo'))),
  });
  const events: BusEvent[] = [];
  platform.bus.observe((event) => events.push(event));
  await settled(platform, 60_000);
  return { platform, seed: seed!, events };
}

/** Waits until every queue but the dead-letter queues is empty. */
export function settled(platform: LocalPlatform, timeoutMs = 20_000): Promise<true> {
  return eventually(
    async () => ([...platform.queues.values()].every((q) => q.name.endsWith('-dlq') || q.depth().total === 0) ? true : undefined),
    timeoutMs,
    'queues drained',
  );
}

/** Signs in demo accounts (password `demo`) once each and calls the API as them. */
export function signedIn(platform: LocalPlatform) {
  const tokens = new Map<string, Record<string, string>>();
  const as = async (username: string) => {
    if (!tokens.has(username)) {
      const response = await call(platform.url, 'POST', '/v1/auth/login', { username, password: 'demo' });
      if (response.status !== 200) throw new Error(`cannot sign in ${username}: ${response.status}`);
      tokens.set(username, { authorization: `Bearer ${response.body.accessToken}` });
    }
    return tokens.get(username)!;
  };
  return {
    as,
    get: async (username: string, path: string) => call(platform.url, 'GET', path, undefined, await as(username)),
    post: async (username: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
      call(platform.url, 'POST', path, body, { ...(await as(username)), ...headers }),
    put: async (username: string, path: string, body: unknown) => call(platform.url, 'PUT', path, body, await as(username)),
  };
}

/**
 * The same event again, as EventBridge may deliver it; with `overrides`, a crafted copy (a new
 * event id, another `occurredAt`) — how tests put an event at a chosen time of day.
 */
export function putAgain(platform: LocalPlatform, event: BusEvent, overrides: { eventId?: string; occurredAt?: string } = {}) {
  const detail = event.detail as { metadata: Record<string, unknown>; data: unknown };
  const result = platform.bus.putEvents([
    {
      Source: event.source as string,
      DetailType: event['detail-type'] as string,
      Detail: JSON.stringify({ ...detail, metadata: { ...detail.metadata, ...overrides } }),
    },
  ]);
  if (result.FailedEntryCount > 0) throw new Error('the bus refused the event');
}
