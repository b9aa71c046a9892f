/**
 * `npm run bench:import`: a city-sized directory import on the local platform. Starts the platform
 * (in memory, demo city) in this process, generates 200 stations, 40 units and 5,000 deputies as
 * CSV, imports them as jobs and times the deputies' job from the request to its end, and until
 * every service's view has caught up (all queues drained). For scale it measures raw dynalite
 * PutItem/s on the same machine in the same run. Prints the figures and, with `--write`, records
 * them in docs/performance.md. A benchmark, not a test: it reports.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { services } from '../../services/manifests.ts';
import { startPlatform } from '../../infra/local/platform.ts';
import { runLocalSeeds } from '../../infra/local/local-seeds.ts';
import { loadCityConfig } from '../../shared/city/config.ts';
import { rawPutItemsPerSecond } from './raw-puts.ts';

const DEPUTIES = Number(process.env.BENCH_DEPUTIES ?? 5000);
const STATIONS = 200;
const UNITS = 40;
const BASELINE_ITEMS = 5000;

const city = loadCityConfig('demo');
const platform = await startPlatform({
  city,
  services,
  dataDir: undefined,
  port: 0,
  quiet: true,
  runSchedules: false,
  beforeServe: async () => void (await runLocalSeeds(city, services)),
});
const base = platform.url;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const drained = () => [...platform.queues.values()].every((q) => q.depth().total === 0);

try {
  while ((await fetch(`${base}/health`)).status !== 200) await wait(200);
  const login = await fetch(`${base}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'demo' }),
  });
  const authorization = `Bearer ${((await login.json()) as { accessToken: string }).accessToken}`;

  const townships = city.townships.map((t) => t.code);
  const stationCodes = Array.from({ length: STATIONS }, (_, i) => `st-bench-${i}`);
  const stationTownship = (i: number) => townships[i % townships.length]!;
  const stations = ['code,name,townshipCode,address', ...stationCodes.map((code, i) => `${code},测试联络站${i},${stationTownship(i)},测试路 ${i} 号`)];
  const units = ['code,name,kind,townshipCode', ...Array.from({ length: UNITS }, (_, i) => `u-bench-${i},测试单位${i},city_department,`)];
  const categories = ['official', 'professional', 'business', 'farmer', 'worker', 'other'];
  const deputies = [
    'code,name,level,constituency,townshipCode,stationCode,roomCode,gridCode,groupCode,category,professionalGroup,termStatus,phone',
    ...Array.from({ length: DEPUTIES }, (_, i) => {
      const s = i % STATIONS;
      const phone = `139${String(i).padStart(8, '0')}`;
      return `B${String(i).padStart(5, '0')},测试代表${i},township,第${s}选区,${stationTownship(s)},${stationCodes[s]},room-01,room-01-g1,grp-bench,${categories[i % 6]},,active,${phone}`;
    }),
  ];

  const importFile = async (kind: string, lines: string[]) => {
    const started = Date.now();
    const response = await fetch(`${base}/v1/directory/${kind}/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization },
      body: lines.join('\n'),
    });
    const accepted = (await response.json()) as { jobId: string };
    if (response.status !== 202) throw new Error(`${kind}: ${response.status} ${JSON.stringify(accepted)}`);
    const answeredMs = Date.now() - started;
    for (;;) {
      const job = (await (await fetch(`${base}/v1/directory/import-jobs/${accepted.jobId}`, { headers: { authorization } })).json()) as {
        status: string;
        done: number;
        total: number;
      };
      if (job.status === 'succeeded') return { answeredMs, jobMs: Date.now() - started };
      if (job.status === 'failed') throw new Error(`${kind} job failed: ${JSON.stringify(job)}`);
      await wait(100);
    }
  };

  await importFile('stations', stations);
  await importFile('units', units);
  while (!drained()) await wait(100);
  const started = Date.now();
  const { answeredMs, jobMs } = await importFile('deputies', deputies);
  while (!drained()) await wait(100);
  const caughtUpMs = Date.now() - started;

  // Baseline: raw PutItem against the same dynalite setup, 16 at a time.
  const putsPerSecond = await rawPutItemsPerSecond(BASELINE_ITEMS);
  const rowsPerSecond = DEPUTIES / (jobMs / 1000);

  const figures = {
    date: new Date().toISOString().slice(0, 10),
    machine: `${cpus().length} × ${cpus()[0]?.model.split(' ').slice(0, 2).join(' ') ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    deputies: DEPUTIES,
    answered: `${answeredMs} ms`,
    job: `${(jobMs / 1000).toFixed(1)} s`,
    rowsPerSecond: Math.round(rowsPerSecond),
    caughtUp: `${(caughtUpMs / 1000).toFixed(1)} s`,
    putsPerSecond: Math.round(putsPerSecond),
    ratio: (rowsPerSecond / putsPerSecond).toFixed(2),
  };
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  if (process.argv.includes('--write')) {
    const file = new URL('../../docs/performance.md', import.meta.url);
    const f = figures;
    const row = `| ${f.date} | ${f.machine} | ${f.deputies} | ${f.answered} | ${f.job} | ${f.rowsPerSecond} | ${f.caughtUp} | ${f.putsPerSecond} | ${f.ratio} |`;
    writeFileSync(file, readFileSync(file, 'utf8').replace(/(<!-- import rows -->\n)/, `$1${row}\n`));
  }
} finally {
  await platform.stop();
}
