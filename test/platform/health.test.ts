import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLocalSeeds } from '../../infra/local/local-seeds.ts';
import type { LocalPlatform } from '../../infra/local/platform.ts';
import { services } from '../../services/manifests.ts';
import { CALLER_HEADER, invokePath } from '../../shared/runtime/invoke.ts';
import { loadCityConfig } from '../../shared/city/config.ts';
import { newDeputyFile } from '../support/deputy-file.ts';
import { call, demoSessions, eventually, startTestPlatform } from '../support/platform.ts';

/** Ready means ready: once /health says ok, every service knows every deputy of the seeded city. */
describe('GET /health on a freshly seeded city', () => {
  const city = loadCityConfig('demo');
  let platform: LocalPlatform;
  const as = demoSessions(() => platform);

  beforeAll(async () => {
    platform = await startTestPlatform(services, { beforeServe: async () => void (await runLocalSeeds(city, services)) });
  }, 120_000);
  afterAll(async () => platform?.stop());

  it('answers 503 with what it waits for until the directory has reached every service, then 200, and then any deputy takes a message and a credit', async () => {
    // Prepare: every answer until ok
    const answers: { status: number; body: any }[] = [];
    for (;;) {
      const health = await call(platform.url, 'GET', '/health');
      answers.push(health);
      if (health.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const stations = (await call(platform.url, 'GET', '/v1/stations')).body.items as { deputies: { code: string }[] }[];
    const last = stations.flatMap((s) => s.deputies).at(-1)!.code;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: city.timeZone }).format(new Date());

    // Act: right after ok, the last deputy seeded
    const message = await call(
      platform.url,
      'POST',
      '/v1/messages',
      { deputyCode: last, category: 'other', content: '小区路灯坏了很久，希望尽快修好。' },
      { 'x-forwarded-for': '10.9.9.9' },
    );
    const credit = await call(platform.url, 'POST', '/v1/activities', { deputyCode: last, kind: 'meeting', date: today }, await as('city.reviewer'));

    // Assess
    for (const starting of answers.slice(0, -1)) {
      expect(starting).toMatchObject({ status: 503, body: { status: 'starting', waiting: expect.any(Array) } });
      expect(starting.body.waiting.length).toBeGreaterThan(0);
    }
    expect(answers.at(-1)!.body).toEqual({ status: 'ok' });
    expect(message.status).toBe(202);
    expect(credit.status).toBe(201);
    expect((await call(platform.url, 'GET', '/health')).status).toBe(200);
  });

  it('answers a deputy imported while it runs with a retryable 503 in Chinese until intake knows them, and takes their message within 10 s', async () => {
    // Prepare: a new deputy shaped like a seeded one, and a citizen who scans their code the moment identity announces them
    const admin = await as('admin');
    const code = 'D0997';
    const file = newDeputyFile(city, { code, name: '新任代表', phone: '13800009997' });
    const submit = () =>
      call(
        platform.url,
        'POST',
        '/v1/messages',
        { deputyCode: code, category: 'other', content: '新任代表您好，小区门口的路灯坏了。' },
        { 'x-forwarded-for': '10.9.9.10', 'idempotency-key': 'new-deputy-first-message' },
      );
    let firstAnswer: Promise<Awaited<ReturnType<typeof submit>>> | undefined;
    const stop = platform.bus.observe((event) => {
      if (event['detail-type'] === 'DeputyRegistered' && (event.detail as { data?: { deputyCode?: string } }).data?.deputyCode === code)
        firstAnswer ??= submit();
    });

    // Act: import, then resubmit as the page does until intake takes the message
    const accepted = await fetch(`${platform.url}/v1/directory/deputies/import`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'text/csv' },
      body: file,
    });
    const jobId = ((await accepted.json()) as { jobId: string }).jobId;
    await eventually(
      async () => ((await call(platform.url, 'GET', `/v1/directory/import-jobs/${jobId}`, undefined, admin)).body.status === 'succeeded' ? true : undefined),
      30_000,
    );
    const imported = Date.now();
    const answers = [await eventually(async () => firstAnswer, 10_000, 'DeputyRegistered on the bus')];
    while (answers.at(-1)!.status !== 202 && Date.now() - imported < 10_000) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      answers.push(await submit());
    }
    const tookMs = Date.now() - imported;
    stop();
    const ask = (deputyCode: string) =>
      fetch(`${process.env.MINQING_INVOKE_ENDPOINT!}${invokePath('identity-internal-deputy-in-office')}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CALLER_HEADER]: 'messaging' },
        body: JSON.stringify({ deputyCode }),
      }).then((response) => response.json());

    // Assess
    expect(accepted.status).toBe(202);
    expect(answers.at(-1)!.status).toBe(202);
    expect(tookMs).toBeLessThan(10_000);
    for (const waiting of answers.slice(0, -1)) {
      expect(waiting).toMatchObject({ status: 503, body: { error: { code: 'DEPUTY_SYNCING', message: expect.stringMatching(/正在同步/) } } });
      expect(Number(waiting.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(await ask(code)).toEqual({ inOffice: true });
    expect(await ask('D9999')).toEqual({ inOffice: false });
  }, 60_000);
});
