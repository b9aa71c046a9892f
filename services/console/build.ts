import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The console's folder, its built files and the stamp a finished build leaves. */
export const CONSOLE_DIR = fileURLToPath(new URL('.', import.meta.url));
export const CONSOLE_DIST = join(CONSOLE_DIR, 'dist');
const STAMP = join(CONSOLE_DIST, '.built');

/** What a build reads (the API types it borrows from the services are erased by the build). */
const INPUTS = ['src', 'index.html', 'vite.config.ts', 'tsconfig.json'];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

/** Whether the built console is missing or older than any of its sources. */
export function consoleIsStale(): boolean {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  return INPUTS.some((input) => newest(join(CONSOLE_DIR, input)) > built);
}

/**
 * Builds the console with Vite when its sources changed since the last build (a fresh clone has no
 * build yet), so `npm start`, the tests and a deploy always serve the current sources. Returns
 * whether it built.
 */
export async function buildConsoleIfStale(options: { log?: (line: string) => void } = {}): Promise<boolean> {
  if (!consoleIsStale()) return false;
  const started = Date.now();
  const { build } = await import('vite');
  await build({ configFile: join(CONSOLE_DIR, 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(STAMP, new Date().toISOString());
  options.log?.(`console built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

// `tsx services/console/build.ts`: before a deploy copies the built files beside the function.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildConsoleIfStale({ log: (line) => process.stdout.write(`${line}\n`) });
}
