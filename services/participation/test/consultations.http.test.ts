import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCityConfig } from '../../../shared/city/config.ts';
import type { BusEvent } from '../../../shared/events/pattern.ts';
import { call, demoSessions, eventually, startTestPlatform, type LocalPlatform } from '../../../test/support/platform.ts';
import { seedDemoCity } from '../../identity/src/demo/seed.ts';
import { identityService } from '../../identity/src/service.ts';
import { participationService } from '../src/service.ts';

/**
 * A consultation (意见征集) walked over HTTP on the local platform: opened by the committee,
 * answered by many citizens from many devices (a second answer refused, a flood throttled), read
 * live with moderation and CSV, closed by its schedule, and summarised on its public page.
 */
describe('consultations end to end', () => {
  const city = loadCityConfig('demo');
  let platform: LocalPlatform;
  const events: BusEvent[] = [];
  const as = demoSessions(() => platform);
  const device = (n: number) => `device-${String(n).padStart(12, '0')}`;
  const answer = (id: string, n: number, body: unknown, ip = `10.0.${Math.floor(n / 200)}.${n % 200}`) =>
    call(platform.url, 'POST', `/v1/consultations/${id}/responses`, body, { 'x-device-id': device(n), 'x-forwarded-for': ip });
  let consultationId: string;
  const closesAt = new Date(Date.now() + 3_600_000).toISOString();

  beforeAll(async () => {
    platform = await startTestPlatform([identityService, participationService], { beforeServe: async () => void (await seedDemoCity(city)) });
    platform.bus.observe((event) => events.push(event));
  }, 120_000);
  afterAll(async () => platform?.stop());

  it('lets the city reviewer open a consultation, and nobody else', async () => {
    // Prepare
    const body = {
      title: '2027年度人大常委会监督议题征集',
      description: '请从下列候选议题中选出您最关心的事项，并按重要程度排序。',
      options: ['城区停车难', '农村饮水安全', '义务教育学位', '养老服务', '河道治理'],
      closesAt,
    };

    // Act
    const opened = await call(platform.url, 'POST', '/v1/consultations', body, await as('city.reviewer'));
    const byTownship = await call(platform.url, 'POST', '/v1/consultations', body, await as('lucheng.reviewer'));
    const past = await call(platform.url, 'POST', '/v1/consultations', { ...body, closesAt: '2020-01-01T00:00:00Z' }, await as('city.reviewer'));

    // Assess
    expect(opened.status).toBe(201);
    consultationId = opened.body.consultationId;
    expect(byTownship.status).toBe(403);
    expect(past.status).toBe(400);
    const page = await call(platform.url, 'GET', `/v1/consultations/${consultationId}`);
    expect(page.body).toMatchObject({ title: body.title, options: body.options, status: 'open' });
    expect(page.body.summary).toBeUndefined();
    const opening = await eventually(async () => events.find((e) => e['detail-type'] === 'ConsultationOpened'));
    expect(opening.detail).toMatchObject({ data: { consultationId, options: 5 } });
  });

  it('takes one answer per device from many citizens, refusing duplicates and floods with error bodies', async () => {
    // Prepare: 60 devices; device n ranks option n % 5 first, then the next one
    const plan = Array.from({ length: 60 }, (_, n) => ({ choices: [n % 5, (n + 1) % 5], ...(n % 10 === 0 ? { comment: `意见${n}：请尽快解决` } : {}) }));

    // Act
    const first = await Promise.all(plan.map((body, n) => answer(consultationId, n, body)));
    const again = await answer(consultationId, 7, { choices: [4] });
    const unknownOption = await answer(consultationId, 100, { choices: [9] });
    const empty = await answer(consultationId, 101, { choices: [] });
    const noDevice = await call(platform.url, 'POST', `/v1/consultations/${consultationId}/responses`, { choices: [0] });
    // The per-minute limit counts by the clock's minute: a flood that straddles two is two floods.
    const leftOfMinute = 60_000 - (Date.now() % 60_000);
    if (leftOfMinute < 20_000) await new Promise((resolve) => setTimeout(resolve, leftOfMinute + 100));
    const flood = [];
    for (let n = 0; n < 22; n++) flood.push(await answer(consultationId, 200 + n, { choices: [0] }, '10.9.9.9'));

    // Assess
    expect(first.map((r) => r.status)).toEqual(plan.map(() => 201));
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'ALREADY_RESPONDED' } } });
    expect(unknownOption.status).toBe(400);
    expect(unknownOption.body.error.details).toEqual([expect.objectContaining({ path: 'choices' })]);
    expect(empty.status).toBe(400);
    expect(noDevice.status).toBe(400);
    expect(flood.slice(0, 20).map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(flood.slice(20).map((r) => r.status)).toEqual([429, 429]);
    expect(Number(flood[21]!.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('shows the committee live counts, the ranking and every comment, with moderation and a CSV export', async () => {
    // Prepare
    const reviewer = await as('city.reviewer');
    const before = await call(platform.url, 'GET', `/v1/consultations/${consultationId}/results`, undefined, reviewer);
    const comment = before.body.items.find((r: { comment?: string }) => r.comment === '意见10：请尽快解决');

    // Act
    const hidden = await call(
      platform.url,
      'POST',
      `/v1/consultations/${consultationId}/responses/${comment.responseId}/visibility`,
      { hidden: true },
      reviewer,
    );
    const after = await call(platform.url, 'GET', `/v1/consultations/${consultationId}/results`, undefined, await as('lucheng.reviewer'));
    const csv = await call(platform.url, 'GET', `/v1/consultations/${consultationId}/results?format=csv`, undefined, reviewer);
    const anonymous = await call(platform.url, 'GET', `/v1/consultations/${consultationId}/results`);

    // Assess: 60 planned answers ranked n%5 then n+1; the flood's 20 admitted all chose option 0
    expect(before.body.responses).toBe(80);
    expect(before.body.comments).toBe(6);
    expect(before.body.counts.map((c: { chosen: number }) => c.chosen)).toEqual([44, 24, 24, 24, 24]);
    expect(before.body.counts.map((c: { first: number }) => c.first)).toEqual([32, 12, 12, 12, 12]);
    expect(before.body.ranking.map((c: { index: number; rank: number }) => [c.index, c.rank])).toEqual([
      [0, 1],
      [1, 2],
      [2, 2],
      [3, 2],
      [4, 2],
    ]);
    expect(hidden.status).toBe(204);
    expect(after.body.items.find((r: { responseId: string }) => r.responseId === comment.responseId).hidden).toBe(true);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain(`consultation-${consultationId}.csv`);
    expect(String(csv.body)).toContain('"意见10：请尽快解决","yes"');
    expect(anonymous.status).toBe(401);
  });

  it('closes at its time by schedule, refuses late answers and publishes the summary without hidden comments', async () => {
    // Act
    await platform.scheduler.run('participation-schedule-consultation-closer', new Date(Date.parse(closesAt) + 60_000));
    const late = await answer(consultationId, 500, { choices: [1] });
    const page = await call(platform.url, 'GET', `/v1/consultations/${consultationId}`);
    const again = await call(platform.url, 'POST', `/v1/consultations/${consultationId}/close`, {}, await as('city.reviewer'));

    // Assess
    expect(late).toMatchObject({ status: 409, body: { error: { code: 'CONSULTATION_CLOSED' } } });
    expect(page.body.status).toBe('closed');
    expect(page.body.summary.responses).toBe(80);
    expect(page.body.summary.counts[0]).toMatchObject({ option: '城区停车难', chosen: 44, rank: 1 });
    expect(page.body.summary.comments.map((c: { comment: string }) => c.comment)).not.toContain('意见10：请尽快解决');
    expect(page.body.summary.comments).toHaveLength(5);
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'CONSULTATION_CLOSED' } } });
    const closing = await eventually(async () => events.find((e) => e['detail-type'] === 'ConsultationClosed'));
    expect(closing.detail).toMatchObject({ data: { consultationId, responses: 80, counts: [44, 24, 24, 24, 24], by: 'schedule' } });
    expect(JSON.stringify(closing.detail)).not.toContain('device-');
  });

  it('serves the page a QR code opens, and the QR code itself', async () => {
    // Act
    const [page, script, qr] = await Promise.all(
      [`/c/${consultationId}`, '/p/consultation.js', `/v1/consultations/${consultationId}/qr.svg`].map((path) => fetch(`${platform.url}${path}`)),
    );

    // Assess
    expect(page!.status).toBe(200);
    expect(await page!.text()).toContain('<html lang="zh-CN">');
    expect(script!.headers.get('content-type')).toContain('javascript');
    expect(qr!.headers.get('content-type')).toContain('image/svg+xml');
    expect(await qr!.text()).toContain('<svg');
  });
});
