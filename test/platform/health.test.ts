import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLocalSeeds } from '../../infra/local/local-seeds.ts';
import type { LocalPlatform } from '../../infra/local/platform.ts';
import { services } from '../../services/manifests.ts';
import { loadCityConfig } from '../../shared/city/config.ts';
import { call, demoSessions, startTestPlatform } from '../support/platform.ts';

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
});
