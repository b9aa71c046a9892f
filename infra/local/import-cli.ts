/**
 * `npm run import -- <kind> <file.csv>`: imports one directory file into a running platform, as
 * the admin's `POST /v1/directory/<kind>/import` does, and follows the job with a progress bar.
 * MINQING_URL (default http://localhost:3000) names the platform; MINQING_TOKEN an admin's access
 * token, or MINQING_USER and MINQING_PASSWORD an admin's sign-in. A refused file prints its rows.
 */
import { readFileSync } from 'node:fs';
import { SingleBar } from 'cli-progress';

const KINDS = ['townships', 'rooms', 'groups', 'stations', 'units', 'deputies'];
const [kind, file] = process.argv.slice(2);
if (!kind || !file || !KINDS.includes(kind)) {
  process.stderr.write(`usage: npm run import -- <${KINDS.join('|')}> <file.csv>\n`);
  process.exit(2);
}
const base = (process.env.MINQING_URL ?? 'http://localhost:3000').replace(/\/$/, '');

async function accessToken(): Promise<string> {
  if (process.env.MINQING_TOKEN) return process.env.MINQING_TOKEN;
  const username = process.env.MINQING_USER;
  const password = process.env.MINQING_PASSWORD;
  if (!username || !password) throw new Error('set MINQING_TOKEN, or MINQING_USER and MINQING_PASSWORD of an admin');
  const response = await fetch(`${base}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`sign-in refused: ${response.status}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

interface Job {
  jobId: string;
  status: string;
  total: number;
  done: number;
  outcome: { created: number; updated: number; unchanged: number };
  errors: { row: number; field: string; message: string }[];
}

const authorization = `Bearer ${await accessToken()}`;
const submitted = await fetch(`${base}/v1/directory/${kind}/import`, {
  method: 'POST',
  headers: { 'content-type': 'text/csv; charset=utf-8', authorization },
  body: readFileSync(file),
});
const answer = (await submitted.json()) as Job & { error?: { message: string; details?: { path: string; message: string }[] } };
if (submitted.status !== 202) {
  process.stderr.write(`${file} was not imported (${submitted.status}): ${answer.error?.message ?? ''}\n`);
  // Rows count from 0 after the header: line = row + 2.
  for (const d of answer.error?.details ?? []) process.stderr.write(`  ${d.path}: ${d.message}\n`);
  process.exit(1);
}

const bar = new SingleBar({ format: `${kind} [{bar}] {percentage}% | {value}/{total} rows | {status}`, hideCursor: true });
bar.start(answer.total, 0, { status: answer.status });
let job: Job = answer;
while (job.status === 'queued' || job.status === 'running') {
  await new Promise((resolve) => setTimeout(resolve, 500));
  const response = await fetch(`${base}/v1/directory/import-jobs/${job.jobId}`, { headers: { authorization } });
  if (!response.ok) throw new Error(`job ${job.jobId}: ${response.status}`);
  job = (await response.json()) as Job;
  bar.update(job.done, { status: job.status });
}
bar.stop();
const { created, updated, unchanged } = job.outcome;
process.stdout.write(`${job.status}: ${created} created, ${updated} updated, ${unchanged} unchanged (job ${job.jobId})\n`);
for (const e of job.errors) process.stderr.write(`  row ${e.row}${e.field ? ` ${e.field}` : ''}: ${e.message}\n`);
process.exit(job.status === 'succeeded' ? 0 : 1);
