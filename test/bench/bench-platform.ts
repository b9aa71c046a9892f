import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** The local platform as a benchmark drives it: its own process, in memory, on one port. */
export interface BenchPlatform {
  url: string;
  /** Resolves once every queue (and dead-letter queue) is empty: everything sent has been consumed. */
  drained(): Promise<void>;
  stop(): void;
}

/**
 * Starts `npm start`'s platform (every service, the demo city seeded) in memory in a child process and
 * waits until the seed's events are consumed. `logLevel` is the services' log level: the benchmarks
 * measuring speed keep ERROR; the cost benchmark logs as a deployed city does (INFO).
 */
export async function startBenchPlatform(options: { port: number; logLevel: 'ERROR' | 'INFO' }): Promise<BenchPlatform> {
  const url = `http://127.0.0.1:${options.port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts'], {
    env: { ...process.env, MINQING_DATA_DIR: ':memory:', PORT: String(options.port), MINQING_QUIET: '1', MINQING_LOG_LEVEL: options.logLevel },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The services' log lines go to stdout: read them all, or the child blocks on a full pipe.
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => line.includes('is running at') && resolve());
    child.once('exit', (code) => reject(new Error(`platform exited with ${code}`)));
  });
  const drained = async () => {
    for (;;) {
      const queues = (await (await fetch(`${url}/_local/queues`)).json()) as { items: { total: number }[] };
      if (queues.items.every((q) => q.total === 0)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  // Messaging learns the seeded directory from identity's events: wait until it has.
  await drained();
  return { url, drained, stop: () => void child.kill('SIGTERM') };
}
