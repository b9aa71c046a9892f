/**
 * `npm run bench:intake`: the congress-session burst. Starts the local platform (in memory) in its
 * own process, fires distinct citizen messages at `POST /v1/messages` with autocannon for a fixed
 * time, then checks that every accepted message is on its deputy's inbox. Prints the figures and,
 * with `--write`, records them in docs/performance.md. A benchmark, not a test: it asserts nothing
 * about speed; it reports.
 *
 * `BENCH_BURST=5000` makes it the 10× burst instead: that many messages offered open loop over
 * `BENCH_DURATION` seconds (10 by default), then the same counts, held messages apart.
 */
import { cpus, totalmem } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { costFigures } from '../../infra/local/metering/cost.ts';
import { subtractRows, type MeterRow } from '../../infra/local/metering/meter.ts';
import { startBenchPlatform } from './bench-platform.ts';
import { citizenMessage } from './citizen-texts.ts';
import { offerOpenLoop } from './open-loop.ts';
import { rawPutItemsPerSecond } from './raw-puts.ts';

/** Messages of the burst mode (0: the sustained run with autocannon). */
const BURST = Number(process.env.BENCH_BURST ?? 0);
const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? (BURST > 0 ? 10 : 30));
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
  const statuses: Record<number, number> = {};
  const onAnswer = (status: number, body: string) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status === 202) accepted.add((JSON.parse(body) as { messageId: string }).messageId);
  };
  // Half by station code, half by deputy code; each citizen (address) writes five distinct texts,
  // so no source nears its limits (20 a minute) and no addressee its flood cap (decision 46): the
  // burst is honest citizens, not a flood the platform holds by design.
  const submission = (i: number) => {
    const target = i % 2 === 0 ? { stationCode: stations[i % stations.length]!.code } : { deputyCode: deputies[i % deputies.length] };
    return {
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `2001:db8:be::${Math.floor(i / 5).toString(16)}` },
      body: JSON.stringify({ ...target, ...citizenMessage(i) }),
    };
  };
  const offered = BURST > 0 ? await burst() : await sustained();

  async function sustained() {
    let n = 0;
    const result = await autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: DURATION_SECONDS,
      ...(RATE > 0 ? { overallRate: RATE } : {}),
      requests: [{ method: 'POST', path: '/v1/messages', setupRequest: (request) => ({ ...request, ...submission(n++) }), onResponse: onAnswer }],
    });
    return { sent: result.requests.sent, errors: result.errors + result.timeouts, errorsByCause: {}, latencyMs: result.latency, seconds: DURATION_SECONDS };
  }

  async function burst() {
    const result = await offerOpenLoop({
      count: BURST,
      seconds: DURATION_SECONDS,
      request: (i) => ({ url: `${base}/v1/messages`, init: { method: 'POST', ...submission(i) } }),
      onAnswer,
    });
    // Accepted per second over the time until the last answer: what intake took, not what was offered.
    return { sent: result.sent, errors: result.errors, errorsByCause: result.errorsByCause, latencyMs: result.latencyMs, seconds: result.answeredSeconds };
  }

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
  // Held messages (a flood, a station with nobody in office) wait for the reviewers: not lost.
  const held = new Set<string>();
  const reviewer = await json('/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'city.reviewer', password: 'demo' }),
  });
  let heldCursor: string | null = null;
  do {
    const page = await json(`/v1/moderation/held?limit=200${heldCursor ? `&cursor=${encodeURIComponent(heldCursor)}` : ''}`, {
      headers: { authorization: `Bearer ${reviewer.accessToken}` },
    });
    for (const item of page.items as { messageId: string }[]) held.add(item.messageId);
    heldCursor = page.nextCursor;
  } while (heldCursor);
  const lostIds = [...accepted].filter((id) => !onInbox.has(id) && !held.has(id));
  const lost = lostIds.length;
  if (lost > 0) {
    // Say where the lost ones are, so a failure can be understood.
    for (const id of lostIds.slice(0, 5)) {
      const message = await json(`/v1/messages/${id}`, { headers: { authorization: `Bearer ${reviewer.accessToken}` } });
      console.error(`not on an inbox: ${id} status=${message.status} deputy=${message.deputyCode} via=${message.via}`);
    }
  }
  const refusedByStatus = Object.fromEntries(Object.entries(statuses).filter(([status]) => status !== '202'));
  const figures = {
    date: new Date().toISOString().slice(0, 10),
    machine: `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    settings:
      BURST > 0
        ? `burst: ${BURST} messages offered open loop over ${DURATION_SECONDS} s, ${Math.round(BURST / 5)} addresses`
        : `${DURATION_SECONDS} s, ${RATE > 0 ? RATE : 'unlimited'} req/s offered, ${CONNECTIONS} connections`,
    sent: offered.sent,
    accepted: accepted.size,
    refused: Object.values(refusedByStatus).reduce((a, b) => a + b, 0),
    refusedByStatus,
    errors: offered.errors,
    errorsByCause: offered.errorsByCause,
    answeredSeconds: Math.round(offered.seconds * 10) / 10,
    acceptedPerSecond: Math.round(accepted.size / offered.seconds),
    latencyMs: { p50: offered.latencyMs.p50, p90: offered.latencyMs.p90, p99: offered.latencyMs.p99, max: offered.latencyMs.max },
    onInbox: [...accepted].filter((id) => onInbox.has(id)).length,
    held: [...accepted].filter((id) => held.has(id)).length,
    lost,
    endToEndSeconds: Math.round(endToEndSeconds),
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
  const row = `| ${figures.date} | ${figures.machine} | ${figures.settings} | ${figures.acceptedPerSecond} | ${figures.latencyMs.p50} | ${figures.latencyMs.p99} | ${figures.accepted} | ${figures.refused} | ${figures.lost} | ${figures.endToEndPerSecond} | ${figures.writesPerMessage} | ${figures.rawPutItemsPerSecond} | ${figures.ratio} |`;
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace(/(<!-- intake rows -->\n)/, `$1${row}\n`));
}
