import { buildConsoleIfStale } from '../../services/console/build.ts';

/** Vitest global setup: the console's browser tests run against its current sources, built once per run. */
export default async function setup(): Promise<void> {
  await buildConsoleIfStale();
}
