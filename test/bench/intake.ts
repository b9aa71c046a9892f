/**
 * `npm run bench:intake`: the congress-session burst. Starts the local platform (in memory) in its
 * own process, fires distinct citizen messages at `POST /v1/messages` with autocannon for a fixed
 * time, then checks that every accepted message is on its deputy's inbox. Prints the figures and,
 * with `--write`, records them in docs/performance.md. A benchmark, not a test: it asserts nothing
 * about speed; it reports.
 */
import { spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';

const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 30);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 5);
/**
 * Offered load in requests/s; 0 (the default) sends as fast as the connections go. autocannon's
 * fixed rate sends each second's requests in a burst, which measures its own bursts more than
 * the platform (see docs/performance.md).
 */
const RATE = Number(process.env.BENCH_RATE ?? 0);
const PORT = Number(process.env.BENCH_PORT ?? 3210);
const base = `http://127.0.0.1:${PORT}`;

const places = ['东门', '西街', '南桥', '北坡', '中心广场', '菜市场', '小学', '卫生院', '老街', '新区', '火车站', '工业园'];
const problems = [
  '路灯不亮',
  '电梯故障',
  '道路积水',
  '垃圾清运不及时',
  '噪音扰民',
  '停车难',
  '井盖破损',
  '绿化带被占',
  '公交班次太少',
  '自来水浑浊',
  '学位紧张',
  '农田灌溉难',
];
const categories = ['roads_transport', 'public_facilities', 'education', 'environment', 'other'];

async function startPlatform() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts'], {
    env: { ...process.env, MINQING_DATA_DIR: ':memory:', PORT: String(PORT), MINQING_QUIET: '1', MINQING_LOG_LEVEL: 'ERROR' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => line.includes('is running at') && resolve());
    child.once('exit', (code) => reject(new Error(`platform exited with ${code}`)));
  });
  // Messaging learns the seeded directory from identity's events: wait until it has.
  for (;;) {
    const queues = (await (await fetch(`${base}/_local/queues`)).json()) as { items: { name: string; total: number }[] };
    if (queues.items.every((q) => q.total === 0)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return child;
}

async function json(path: string, init?: RequestInit) {
  const response = await fetch(`${base}${path}`, init);
  return (await response.json()) as any;
}

const child = await startPlatform();
try {
  const stations = (await json('/v1/stations')).items as { code: string; deputies: { code: string }[] }[];
  const deputies = stations.flatMap((s) => s.deputies.map((d) => d.code));
  const accepted = new Set<string>();
  let n = 0;
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: DURATION_SECONDS,
    ...(RATE > 0 ? { overallRate: RATE } : {}),
    requests: [
      {
        method: 'POST',
        path: '/v1/messages',
        setupRequest: (request) => {
          const i = n++;
          // Half by station code, half by deputy code; each citizen (address) writes a few distinct texts.
          const target = i % 2 === 0 ? { stationCode: stations[i % stations.length]!.code } : { deputyCode: deputies[i % deputies.length] };
          return {
            ...request,
            headers: { 'content-type': 'application/json', 'x-forwarded-for': `2001:db8:be::${Math.floor(i / 5).toString(16)}` },
            body: JSON.stringify({
              ...target,
              category: categories[i % categories.length],
              content: `${places[i % places.length]}${problems[Math.floor(i / places.length) % problems.length]}，${places[Math.floor(i / 144) % places.length]}一带居民反映。`,
            }),
          };
        },
        onResponse: (status, body) => {
          if (status === 202) accepted.add((JSON.parse(body) as { messageId: string }).messageId);
        },
      },
    ],
  });

  // Every accepted message must be on exactly one deputy's inbox.
  const onInbox = new Set<string>();
  for (const deputy of new Set(deputies)) {
    const { accessToken } = await json('/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: deputy, password: 'demo' }),
    });
    let cursor: string | null = null;
    do {
      const page = await json(`/v1/inbox?limit=200${cursor ? `&cursor=${cursor}` : ''}`, { headers: { authorization: `Bearer ${accessToken}` } });
      for (const item of page.items as { messageId: string }[]) onInbox.add(item.messageId);
      cursor = page.nextCursor;
    } while (cursor);
  }
  const lostIds = [...accepted].filter((id) => !onInbox.has(id));
  const lost = lostIds.length;
  if (lost > 0) {
    // Say where the lost ones are, so a failure can be understood.
    const { accessToken } = await json('/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'city.reviewer', password: 'demo' }),
    });
    for (const id of lostIds.slice(0, 5)) {
      const message = await json(`/v1/messages/${id}`, { headers: { authorization: `Bearer ${accessToken}` } });
      console.error(`not on an inbox: ${id} status=${message.status} deputy=${message.deputyCode} via=${message.via}`);
    }
  }
  const figures = {
    date: new Date().toISOString().slice(0, 10),
    machine: `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    durationSeconds: DURATION_SECONDS,
    connections: CONNECTIONS,
    offeredRate: RATE > 0 ? RATE : 'unlimited',
    sent: result.requests.sent,
    accepted: accepted.size,
    refused: result.non2xx,
    errors: result.errors + result.timeouts,
    acceptedPerSecond: Math.round(accepted.size / DURATION_SECONDS),
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    lost,
  };
  console.log(JSON.stringify(figures, null, 2));
  if (process.argv.includes('--write')) record(figures);
  process.exitCode = lost === 0 && figures.errors === 0 ? 0 : 1;
} finally {
  child.kill('SIGTERM');
}

function record(figures: Record<string, any>): void {
  const file = new URL('../../docs/performance.md', import.meta.url);
  const row = `| ${figures.date} | ${figures.machine} | ${figures.durationSeconds} s, ${figures.offeredRate} req/s offered, ${figures.connections} connections | ${figures.acceptedPerSecond} | ${figures.latencyMs.p50} | ${figures.latencyMs.p99} | ${figures.accepted} | ${figures.refused} | ${figures.lost} |`;
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace(/(<!-- intake rows -->\n)/, `$1${row}\n`));
}
