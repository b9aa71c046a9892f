import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { services } from '../../services/manifests.ts';
import { loadCityConfig } from '../../shared/city/config.ts';
import type { LocalSeedResult } from '../../shared/runtime/manifest.ts';
import { runLocalSeeds } from './local-seeds.ts';
import { startPlatform } from './platform.ts';

/**
 * `npm start`: the whole platform on this machine. PORT (default 3000), MINQING_DATA_DIR (default
 * `.minqing/data`; `:memory:` keeps nothing) and MINQING_CITY (default `demo`).
 */
// The SDK pin is deliberate (later versions need Node 22, docs/decisions.md #6); its notice would only be noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const projectRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const dataDirSetting = process.env.MINQING_DATA_DIR ?? resolve(projectRoot, '.minqing/data');
const dataDir = dataDirSetting === ':memory:' ? undefined : resolve(dataDirSetting);
const city = loadCityConfig(process.env.MINQING_CITY ?? 'demo');

await (await import('../../services/console/build.ts')).buildConsoleIfStale({ log: (line) => process.stdout.write(`${line}\n`) });
let seeds: LocalSeedResult[] = [];
const platform = await startPlatform({
  city,
  services,
  dataDir,
  port: Number(process.env.PORT ?? 3000),
  host: process.env.HOST ?? '127.0.0.1',
  quiet: process.env.MINQING_QUIET === '1',
  // The manifests' local seeds (the demo city, on the first start); a deployed stack never is seeded.
  beforeServe: async () => void (seeds = await runLocalSeeds(city, services)),
});

const lines = [
  `Minqing (民情直通) — ${city.displayName} is running at ${platform.url}`,
  `  console:  ${platform.url}/console/  (the staff console: sign in with an account below)`,
  `  health:   ${platform.url}/health`,
  `  data:     ${dataDir ?? 'in memory (nothing kept)'}`,
  `  services: ${services.map((s) => s.name).join(', ') || '(none yet)'}`,
  `  queues:   ${platform.url}/_local/queues  (redrive a DLQ: npm run queues:redrive -- <dlq-name>)`,
  `  billing:  ${platform.url}/_local/billing  (what AWS would bill so far, per service and operation)`,
];
for (const seed of seeds) lines.push(...seed.banner(platform.url));
process.stdout.write(`${lines.join('\n')}\n`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    process.stdout.write('stopping…\n');
    void platform.stop().then(() => process.exit(0));
  });
}
