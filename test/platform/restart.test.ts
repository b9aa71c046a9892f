import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { call, eventually } from '../support/platform.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'minqing-restart-'));
const children: ChildProcess[] = [];

/** Starts the platform (fixture service, on disk) in its own process and waits for its URL. */
async function startChild(env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixture/run-platform.ts'], {
    env: { ...process.env, MINQING_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => line.startsWith('READY ') && resolve(line.slice(6)));
    child.once('exit', (code) => reject(new Error(`platform exited early with ${code}`)));
  });
  return { child, url };
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('kill and restart of the local platform', () => {
  it('loses no accepted note: queued, in-flight and unpublished events all move on after a restart', async () => {
    // Prepare: a slow consumer, so that events are queued and in flight when the process dies
    const first = await startChild({ FIXTURE_TALLY_DELAY_MS: '300' });
    const accepted: string[] = [];
    let answered = 0;
    const sendOne = async () => {
      const response = await call(first.url, 'POST', '/v1/fixture/notes', { text: 'kill me' }).catch(() => undefined);
      answered++;
      if (response?.status === 201) accepted.push(response.body.noteId as string);
    };

    // Act: kill -9 in the middle of intake, with requests still on the wire
    const intake = (async () => {
      for (let round = 0; round < 12; round++) await Promise.all(Array.from({ length: 5 }, sendOne));
    })();
    await eventually(async () => (answered >= 30 ? true : undefined), 20_000, '30 answers');
    const tallies = await Promise.all(accepted.map(async (id) => (await call(first.url, 'GET', `/v1/fixture/notes/${id}`)).body.tally));
    await kill(first.child);
    await intake;

    // The test only proves something if work was left unfinished at the kill.
    expect(accepted.length).toBeGreaterThanOrEqual(30);
    expect(tallies.filter((t) => t === 0).length).toBeGreaterThan(0);

    // Act: start again on the same data and run the outbox relay for events never published
    const second = await startChild({ MINQING_OUTBOX_GRACE_MS: '0' });
    const relay = await call(second.url, 'POST', '/_local/schedules/fixture-schedule-outbox-relay/run');
    expect(relay.status).toBe(200);

    // Assess: every accepted note is there and its event was consumed
    const pending = new Set(accepted);
    await eventually(
      async () => {
        for (const id of [...pending]) {
          const note = await call(second.url, 'GET', `/v1/fixture/notes/${id}`);
          expect(note.status).toBe(200);
          if (note.body.tally >= 1) pending.delete(id);
        }
        return pending.size === 0 ? true : undefined;
      },
      30_000,
      'every accepted note tallied after restart',
    );
    // A message that was in flight at the kill may still come back once its visibility timeout
    // passes; it must then be consumed (or found done), never left behind or dead-lettered.
    let lastQueues = '';
    await eventually(
      async () => {
        const queues = await call(second.url, 'GET', '/_local/queues');
        lastQueues = JSON.stringify(queues.body.items);
        return queues.body.items.every((q: { total: number }) => q.total === 0) ? true : undefined;
      },
      30_000,
      'every queue and DLQ empty after restart',
    ).catch((error: Error) => {
      throw new Error(`${error.message}; queues: ${lastQueues}`);
    });
    await kill(second.child);
  });
});
