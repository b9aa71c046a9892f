import { loadCityConfig } from '../../../shared/city/config.ts';
import { resourceNames } from '../../../shared/runtime/manifest.ts';
import { call, eventually, startTestPlatform, type LocalPlatform } from '../../../test/support/platform.ts';
import { seedDemoCity, type DemoSeedReport } from '../../identity/src/demo/seed.ts';
import { identityService } from '../../identity/src/service.ts';
import { messagingService } from '../src/service.ts';

/** The local platform with identity and messaging, the demo city seeded and known to messaging. */
export async function startMessagingPlatform(): Promise<{ platform: LocalPlatform; seed: DemoSeedReport }> {
  let seed: DemoSeedReport | undefined;
  const platform = await startTestPlatform([identityService, messagingService], {
    beforeServe: async () => void (seed = await seedDemoCity(loadCityConfig('demo'))),
  });
  const directoryQueue = platform.queues.get(resourceNames.queue('demo', 'messaging', 'directory'))!;
  await eventually(async () => (directoryQueue.depth().total === 0 ? true : undefined), 30_000, 'directory events consumed');
  return { platform, seed: seed! };
}

let clientNumber = 0;

/**
 * A distinct client address (from the IPv6 documentation prefix) per call, named in
 * X-Forwarded-For, so that per-source limits do not interfere between tests.
 */
export function freshClient(): Record<string, string> {
  clientNumber++;
  return { 'x-forwarded-for': `2001:db8::${clientNumber.toString(16)}` };
}

export async function signIn(base: string, username: string): Promise<Record<string, string>> {
  const response = await call(base, 'POST', '/v1/auth/login', { username, password: 'demo' });
  if (response.status !== 200) throw new Error(`cannot sign in ${username}: ${response.status}`);
  return { authorization: `Bearer ${response.body.accessToken}` };
}
