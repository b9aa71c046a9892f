import { createServer } from 'node:net';
import { loadCityConfig } from '../../shared/city/config.ts';
import { startPlatform, type LocalPlatform, type PlatformOptions } from '../../infra/local/platform.ts';

/** The running local platform, for tests under `services/` that reach it only through this folder. */
export type { LocalPlatform };
import type { ServiceManifest } from '../../shared/runtime/manifest.ts';

/** Starts an in-memory local platform on a free port for one test file. */
export async function startTestPlatform(services: readonly ServiceManifest[], options: Partial<PlatformOptions> = {}): Promise<LocalPlatform> {
  return startPlatform({
    city: loadCityConfig('demo'),
    services,
    dataDir: undefined,
    port: 0,
    quiet: true,
    visibilityTimeoutMs: 300,
    pollIntervalMs: 50,
    runSchedules: false,
    ...options,
  });
}

/** Polls `probe` until it returns a value that is not undefined, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** JSON request helper against the platform's gateway. */
export async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/**
 * Sign-ins for demo accounts against a running platform, each signed in once and reused
 * (`as('lucheng.reviewer')` gives its Authorization header).
 */
export function demoSessions(platform: () => { url: string }): (username: string) => Promise<Record<string, string>> {
  const tokens = new Map<string, Record<string, string>>();
  return async (username) => {
    if (!tokens.has(username)) {
      const response = await call(platform().url, 'POST', '/v1/auth/login', { username, password: 'demo' });
      if (response.status !== 200) throw new Error(`cannot sign in ${username}: ${response.status}`);
      tokens.set(username, { authorization: `Bearer ${response.body.accessToken}` });
    }
    return tokens.get(username)!;
  };
}

/** Waits until every queue and DLQ of the platform is empty: the events in flight are consumed. */
export function settled(platform: LocalPlatform, timeoutMs = 30_000): Promise<true> {
  return eventually(async () => ([...platform.queues.values()].every((q) => q.depth().total === 0) ? true : undefined), timeoutMs, 'queues drained');
}

/** A port free now, so a city's public address (where WeChat sends the browser back) can be the platform started on it. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
