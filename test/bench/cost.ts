/**
 * `npm run bench:cost`: what a citizen's message costs on AWS. Starts the local platform (in memory,
 * every service, logs at the deployed level) in its own process, drives a realistic mix through its
 * HTTP API — messages by station and by deputy, replies, a second reply, escalations, review and
 * forwarding, acceptance, resolution, ratings, and the notifications all of these cause — waits until
 * every queue is empty, and reads what the platform counted (`GET /_local/billing`). Prints the
 * billable units per message and the price per million messages from `aws-prices.json`; with
 * `-- --write`, records a row in docs/performance.md. A benchmark, not a test: it reports.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { costFigures, perUnitOf, priceOf, type CostFigures, type PriceTable } from '../../infra/local/metering/cost.ts';
import { subtractRows, type MeterRow } from '../../infra/local/metering/meter.ts';
import { startBenchPlatform } from './bench-platform.ts';
import { citizenMessage } from './citizen-texts.ts';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 300);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 8);
const PORT = Number(process.env.BENCH_PORT ?? 3211);
const prices = JSON.parse(readFileSync(new URL('./aws-prices.json', import.meta.url), 'utf8')) as PriceTable;

/**
 * What happens to each message, in a cycle of ten (shaped on the statistics service's scripted
 * month): most are answered and closed by the deputy and rated; one gets a second reply; two are
 * escalated, forwarded, accepted, resolved and rated; one stays unanswered.
 */
type Fate = 'answered_rated' | 'answered' | 'two_replies' | 'escalated_resolved' | 'unanswered';
const CYCLE: Fate[] = [
  'answered_rated',
  'escalated_resolved',
  'answered_rated',
  'two_replies',
  'answered',
  'answered_rated',
  'escalated_resolved',
  'unanswered',
  'answered_rated',
  'answered',
];

const platform = await startBenchPlatform({ port: PORT, logLevel: 'INFO' });
const base = platform.url;
const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
};
const tokens = new Map<string, Record<string, string>>();
const signIn = async (username: string) => {
  if (!tokens.has(username)) {
    const response = await call('POST', '/v1/auth/login', { username, password: 'demo' });
    if (response.status !== 200) throw new Error(`cannot sign in ${username}: ${response.status}`);
    tokens.set(username, { authorization: `Bearer ${response.body.accessToken}` });
  }
  return tokens.get(username)!;
};
const as = async (username: string, method: string, path: string, body?: unknown) => {
  const response = await call(method, path, body, await signIn(username));
  if (response.status >= 300) throw new Error(`${username} ${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
};
/** The benchmark's own polls that found nothing yet: requests no person would make, taken out of the counts. */
let idlePolls = 0;
const until = async <T>(probe: () => Promise<T | undefined>, what: string): Promise<T> => {
  for (let attempt = 0; attempt < 600; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    idlePolls++;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
};

try {
  // Prepare, outside the measured window: the directory, and everyone who will act signed in once
  // (a session lasts a working day, not one message).
  const stations = (await call('GET', '/v1/stations')).body.items as { code: string; townshipCode: string; deputies: { code: string }[] }[];
  const deputyCodes = [...new Set(stations.flatMap((s) => s.deputies.map((d) => d.code)))].slice(0, 40);
  const deputies = new Map<string, { level: string; townshipCode: string }>();
  for (const code of deputyCodes) deputies.set(code, (await call('GET', `/v1/deputies/${code}`)).body);
  const units = (await as('city.reviewer', 'GET', '/v1/units')).items as { code: string; kind: string; townshipCode?: string }[];
  const unitFor = (reviewLevel: string, townshipCode: string | null) =>
    (reviewLevel === 'township' ? units.find((u) => u.kind === 'township_office' && u.townshipCode === townshipCode) : undefined) ??
    units.find((u) => u.kind === 'city_department')!;
  for (const code of deputyCodes) await signIn(code);
  for (const { level, townshipCode } of deputies.values()) {
    const reviewer = level === 'township' ? `${townshipCode}.reviewer` : 'city.reviewer';
    await signIn(reviewer);
    await signIn(`${unitFor(level, townshipCode).code}.handler`);
  }
  await platform.drained();
  const before = (await call('GET', '/_local/billing')).body.items as MeterRow[];

  const fates = new Map<Fate, number>();
  const started = performance.now();
  let next = 0;
  const lifecycle = async (i: number) => {
    const fate = CYCLE[i % CYCLE.length]!;
    fates.set(fate, (fates.get(fate) ?? 0) + 1);
    const byStation = i % 2 === 0;
    const station = stations[i % stations.length]!;
    const submitted = await call(
      'POST',
      '/v1/messages',
      {
        ...(byStation ? { stationCode: station.code } : { deputyCode: deputyCodes[i % deputyCodes.length] }),
        ...citizenMessage(i, `（${i}）`),
        // Half the citizens leave a phone for the receipt text.
        ...(i % 4 < 2 ? { phone: `139${String(10_000_000 + i).slice(-8)}` } : {}),
      },
      // Distinct citizens: one address each, so that intake's flood guard holds none for review.
      { 'x-forwarded-for': `2001:db8:c057::${i.toString(16)}` },
    );
    if (submitted.status !== 202) throw new Error(`message ${i}: ${submitted.status} ${JSON.stringify(submitted.body)}`);
    const { messageId, trackingCode, trackingToken } = submitted.body as { messageId: string; trackingCode: string; trackingToken: string };
    if (fate === 'unanswered') return;
    // Assignment follows intake through the queue; a station's message goes to the deputy it assigns.
    const deputy = byStation
      ? await until(
          async () =>
            ((await call('GET', `/v1/messages/${messageId}`, undefined, await signIn('city.reviewer'))).body?.deputyCode as string | null) ?? undefined,
          `assignment of ${messageId}`,
        )
      : deputyCodes[i % deputyCodes.length]!;
    // The deputy opens the message before answering it.
    await until(
      async () => ((await call('GET', `/v1/messages/${messageId}`, undefined, await signIn(deputy))).status === 200 ? true : undefined),
      `${messageId} on ${deputy}'s inbox`,
    );
    const rate = async (status: string) => {
      const track = { 'x-tracking-token': trackingToken };
      await until(
        async () => ((await call('GET', `/v1/track/${trackingCode}`, undefined, track)).body.status === status ? true : undefined),
        `${status} ${messageId}`,
      );
      const rated = await call('POST', `/v1/track/${trackingCode}/rating`, { rating: i % 3 === 0 ? 'basically_satisfied' : 'satisfied' }, track);
      if (rated.status !== 200) throw new Error(`rating ${messageId}: ${rated.status}`);
    };
    if (fate === 'answered' || fate === 'answered_rated') {
      await as(deputy, 'POST', `/v1/messages/${messageId}/reply`, { content: '已联系社区，本周内修复。', close: true });
      if (fate === 'answered_rated') await rate('answered');
    } else if (fate === 'two_replies') {
      await as(deputy, 'POST', `/v1/messages/${messageId}/reply`, { content: '已收到，正在了解情况。', close: false });
      await as(deputy, 'POST', `/v1/messages/${messageId}/reply`, { content: '已协调修复，请留意。', close: true });
    } else {
      const { caseId } = await as(deputy, 'POST', `/v1/messages/${messageId}/escalate`, { reason: '需要职能部门处理' });
      // The case reaches its reviewer through the queue; who reviews it (township or city) is on the case.
      const opened = await until(async () => {
        const response = await call('GET', `/v1/cases/${caseId}`, undefined, await signIn('city.reviewer'));
        return response.status === 200 ? (response.body as { reviewLevel: string; townshipCode: string | null }) : undefined;
      }, `case ${caseId}`);
      const reviewer = opened.reviewLevel === 'township' ? `${opened.townshipCode}.reviewer` : 'city.reviewer';
      const unit = unitFor(opened.reviewLevel, opened.townshipCode);
      const forwarded = await as(reviewer, 'POST', `/v1/cases/${caseId}/forward`, { unitCode: unit.code });
      const handler = `${unit.code}.handler`;
      await as(handler, 'POST', `/v1/cases/${caseId}/accept`, { committedDate: forwarded.dueDate });
      await as(handler, 'POST', `/v1/cases/${caseId}/resolve`, { result: '已更换路灯并恢复照明。' });
      await rate('resolved');
    }
  };
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < MESSAGES) await lifecycle(next++);
    }),
  );
  await platform.drained();
  const seconds = (performance.now() - started) / 1000;
  const rows = subtractRows((await call('GET', '/_local/billing')).body.items as MeterRow[], before);

  // Each idle poll was one API request and one invocation (its reads stay in: they are cheap and were made).
  const counted = costFigures(rows);
  const perMessage = perUnitOf({ ...counted, apiRequests: counted.apiRequests - idlePolls, invocations: counted.invocations - idlePolls }, MESSAGES);
  const price = priceOf(perMessage, prices);
  const byService = Object.fromEntries(
    [...new Set(rows.map((r) => r.service))].map((service) => {
      const own = perUnitOf(costFigures(rows.filter((r) => r.service === service)), MESSAGES);
      return [
        service,
        { writes: round(own.dynamoWrites), writeUnits: round(own.dynamoWriteUnits), reads: round(own.dynamoReads), putEvents: round(own.putEventsCalls) },
      ];
    }),
  );
  const figures = {
    date: new Date().toISOString().slice(0, 10),
    machine: `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    messages: MESSAGES,
    inFlight: IN_FLIGHT,
    seconds: round(seconds),
    mix: Object.fromEntries(fates),
    perMessage: Object.fromEntries(Object.entries(perMessage).map(([k, v]) => [k, round(v)])) as unknown as CostFigures,
    byService,
    pricePerMillionMessages: Object.fromEntries(Object.entries(price).map(([k, v]) => [k, round(v * 1e6)])) as Record<keyof typeof price, number>,
    prices: `${prices.region}, ${prices.pricesAsOf}`,
  };
  console.log(JSON.stringify({ ...figures, idlePollsTakenOut: idlePolls }, null, 2));
  if (process.argv.includes('--write')) record(figures);
} finally {
  platform.stop();
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function record(f: {
  date: string;
  machine: string;
  messages: number;
  perMessage: CostFigures;
  byService: Record<string, { writes: number }>;
  pricePerMillionMessages: Record<string, number>;
}): void {
  const file = new URL('../../docs/performance.md', import.meta.url);
  const p = f.perMessage;
  const writes = Object.entries(f.byService)
    .filter(([, s]) => s.writes > 0)
    .map(([name, s]) => `${name} ${s.writes}`)
    .join(', ');
  const row = `| ${f.date} | ${f.machine} | ${f.messages} | ${p.dynamoWrites} (${writes}) | ${p.dynamoWriteUnits} | ${p.dynamoReadUnits} | ${p.putEventsCalls} | ${p.eventEntries} | ${p.sqsRequests} | ${p.invocations} | ${p.gbSeconds} | ${p.apiRequests} | ${Math.round(p.logBytes)} | $${f.pricePerMillionMessages.dynamodb} | $${f.pricePerMillionMessages.total} |`;
  const text = readFileSync(file, 'utf8');
  writeFileSync(
    file,
    text.replace('<!-- cost rows -->\n', () => `<!-- cost rows -->\n${row}\n`),
  );
}
