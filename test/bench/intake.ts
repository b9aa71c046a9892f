/**
 * `npm run bench:intake`: the congress-session burst. Starts the local platform (in memory) in its
 * own process, fires distinct citizen messages at `POST /v1/messages` with autocannon for a fixed
 * time, then checks that every accepted message is on its deputy's inbox. Prints the figures and,
 * with `--write`, records them in docs/performance.md. A benchmark, not a test: it asserts nothing
 * about speed; it reports.
 */
import { cpus, totalmem } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { costFigures } from '../../infra/local/metering/cost.ts';
import { subtractRows, type MeterRow } from '../../infra/local/metering/meter.ts';
import { startBenchPlatform } from './bench-platform.ts';
import { citizenMessage } from './citizen-texts.ts';
import { rawPutItemsPerSecond } from './raw-puts.ts';

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

async function json(path: string, init?: RequestInit) {
  const response = await fetch(`${base}${path}`, init);
  return (await response.json()) as any;
}

const platform = await startBenchPlatform({ port: PORT, logLevel: 'ERROR' });
const billing = async () => (await json('/_local/billing')).items as MeterRow[];
try {
  const before = await billing();
  const started = performance.now();
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
              ...citizenMessage(i),
            }),
          };
        },
        onResponse: (status, body) => {
          if (status === 202) accepted.add((JSON.parse(body) as { messageId: string }).messageId);
        },
      },
    ],
  });

  // End to end: until every consumer has done its part (every queue empty).
  await platform.drained();
  const endToEndSeconds = (performance.now() - started) / 1000;
  const counted = costFigures(subtractRows(await billing(), before));

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
    endToEndPerSecond: Math.round(accepted.size / endToEndSeconds),
    writesPerMessage: Math.round((counted.dynamoWrites / accepted.size) * 10) / 10,
    putEventsPerMessage: Math.round((counted.putEventsCalls / accepted.size) * 10) / 10,
    rawPutItemsPerSecond: Math.round(await rawPutItemsPerSecond()),
    ratio: 0,
  };
  // The ratio that matters on a shared machine: end to end against what raw writes allow (W ÷ writes per message).
  figures.ratio = Math.round((figures.endToEndPerSecond / (figures.rawPutItemsPerSecond / figures.writesPerMessage)) * 100) / 100;
  console.log(JSON.stringify(figures, null, 2));
  if (process.argv.includes('--write')) record(figures);
  process.exitCode = lost === 0 && figures.errors === 0 ? 0 : 1;
} finally {
  platform.stop();
}

function record(figures: Record<string, any>): void {
  const file = new URL('../../docs/performance.md', import.meta.url);
  const row = `| ${figures.date} | ${figures.machine} | ${figures.durationSeconds} s, ${figures.offeredRate} req/s offered, ${figures.connections} connections | ${figures.acceptedPerSecond} | ${figures.latencyMs.p50} | ${figures.latencyMs.p99} | ${figures.accepted} | ${figures.refused} | ${figures.lost} | ${figures.endToEndPerSecond} | ${figures.writesPerMessage} | ${figures.rawPutItemsPerSecond} | ${figures.ratio} |`;
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace(/(<!-- intake rows -->\n)/, `$1${row}\n`));
}
