import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalPlatform } from '../../infra/local/platform.ts';
import { seedDemoCity, type DemoSeedReport } from '../../services/identity/src/demo/seed.ts';
import { services } from '../../services/manifests.ts';
import { loadCityConfig } from '../../shared/city/config.ts';
import type { BusEvent } from '../../shared/events/pattern.ts';
import { resourceNames } from '../../shared/runtime/manifest.ts';
import { call, demoSessions, eventually, settled, startTestPlatform } from '../support/platform.ts';
import { expectAccessible } from './console-browser.ts';

/**
 * The public figures on the citizen pages, in headless Chromium against the whole platform: a
 * deputy's responsiveness on their page (withheld below 5 messages) and a station's year with
 * the latest matter a unit solved — never a citizen's text.
 */
describe('public figures on the citizen pages', () => {
  let platform: LocalPlatform;
  let seed: DemoSeedReport;
  let browser: Browser;
  const events: BusEvent[] = [];
  const as = demoSessions(() => platform);
  let client = 0;

  /** A citizen's message by a deputy's or a station's code; its ids and tracking token. */
  async function message(target: { deputyCode: string } | { stationCode: string }, content: string) {
    const response = await call(
      platform.url,
      'POST',
      '/v1/messages',
      { ...target, category: 'public_facilities', content },
      { 'x-forwarded-for': `2001:db8:f1::${++client}` },
    );
    expect(response.status).toBe(202);
    return response.body as { messageId: string; trackingCode: string; trackingToken: string };
  }
  const reply = async (deputyCode: string, messageId: string) =>
    expect(
      (await call(platform.url, 'POST', `/v1/messages/${messageId}/reply`, { content: '已答复，谢谢您的反映。', close: true }, await as(deputyCode))).status,
    ).toBe(200);
  const rate = async (m: { trackingCode: string; trackingToken: string }, rating: string) =>
    expect((await call(platform.url, 'POST', `/v1/track/${m.trackingCode}/rating`, { rating }, { 'x-tracking-token': m.trackingToken })).status).toBe(200);

  async function page(path: string): Promise<Page> {
    const context = await browser.newContext({ baseURL: platform.url, viewport: { width: 360, height: 640 }, locale: 'zh-CN' });
    context.setDefaultTimeout(10_000);
    const p = await context.newPage();
    await p.goto(path);
    return p;
  }

  beforeAll(async () => {
    [platform, browser] = await Promise.all([
      startTestPlatform(services, { beforeServe: async () => void (seed = await seedDemoCity(loadCityConfig('demo'))) }),
      chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] }),
    ]);
    platform.bus.observe((event) => events.push(event));
    const directoryQueue = platform.queues.get(resourceNames.queue('demo', 'messaging', 'directory'))!;
    await eventually(async () => (directoryQueue.depth().total === 0 ? true : undefined), 60_000, 'messaging directory caught up');
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it("shows a deputy's responsiveness once 5 messages are counted, and 'too few' below that", async () => {
    // Prepare: one deputy answers 5 messages on time (3 rated satisfied, 1 basically); another answers 2
    const [busy, quiet] = seed.directory.deputies.filter((d) => d.termStatus === 'active' && d.townshipCode === 'donggua');
    const answered = [];
    for (let i = 0; i < 5; i++) {
      const m = await message({ deputyCode: busy!.code }, `小区门口的路灯坏了第${i + 1}盏，晚上很黑`);
      await reply(busy!.code, m.messageId);
      answered.push(m);
    }
    for (const m of answered.slice(0, 3)) await rate(m, 'satisfied');
    await rate(answered[3]!, 'basically_satisfied');
    for (let i = 0; i < 2; i++) await reply(quiet!.code, (await message({ deputyCode: quiet!.code }, `村道需要修补第${i + 1}段路面`)).messageId);
    await settled(platform, 60_000);

    // Act
    const busyPage = await page(`/d/${busy!.code}`);
    const quietPage = await page(`/d/${quiet!.code}`);

    // Assess
    const figures = busyPage.locator('#figures');
    await expect.poll(() => figures.isVisible()).toBe(true);
    const text = (await figures.textContent()) ?? '';
    expect(text).toContain('近12个月答复情况');
    expect(text).toMatch(/收到留言\s*5 条/);
    expect(text).toMatch(/按时答复\s*100%/);
    expect(text).toMatch(/群众满意\s*75%/); // 3 satisfied of 4 ratings
    expect(text).toContain('不足5条不作统计');
    await expect.poll(() => quietPage.locator('#figures').isVisible()).toBe(true);
    expect(await quietPage.locator('#figures').textContent()).toContain('样本过少，暂不统计');
    expect(await quietPage.locator('#figure-list dt').count()).toBe(0); // no figures below the minimum
    await expectAccessible(busyPage, 'deputy page with figures');
    await expectAccessible(quietPage, 'deputy page, too few to say');
  }, 120_000);

  it("shows a station's year and the unit's result for a solved matter, not the citizen's words", async () => {
    // Prepare: a message by a township station's code is escalated, forwarded, accepted and resolved
    const station = seed.directory.stations.find((s) => {
      const theirs = seed.directory.deputies.filter((d) => d.stationCode === s.code && d.termStatus === 'active');
      return theirs.length > 0 && theirs.every((d) => d.level === 'township') && s.townshipCode === 'lvhe';
    })!;
    const words = '菜市场排水沟堵塞，雨天污水漫到路面';
    const m = await message({ stationCode: station.code }, words);
    await settled(platform, 60_000);
    const assigned = events.find(
      (e) => e['detail-type'] === 'MessageAssigned' && (e.detail as { data: { messageId: string } }).data.messageId === m.messageId,
    )!;
    const deputyCode = (assigned.detail as { data: { deputyCode: string } }).data.deputyCode;
    const escalated = await call(platform.url, 'POST', `/v1/messages/${m.messageId}/escalate`, { reason: '需要部门疏通' }, await as(deputyCode));
    expect(escalated.status).toBe(200);
    await settled(platform, 60_000);
    const unit = `u-${station.townshipCode}-jianshe`;
    const forwarded = await call(
      platform.url,
      'POST',
      `/v1/cases/${escalated.body.caseId}/forward`,
      { unitCode: unit },
      await as(`${station.townshipCode}.reviewer`),
    );
    expect(forwarded.status).toBe(200);
    await call(platform.url, 'POST', `/v1/cases/${escalated.body.caseId}/accept`, { committedDate: forwarded.body.dueDate }, await as(`${unit}.handler`));
    const result = '已疏通排水沟120米，更换破损盖板6块。';
    expect((await call(platform.url, 'POST', `/v1/cases/${escalated.body.caseId}/resolve`, { result }, await as(`${unit}.handler`))).status).toBe(200);
    await settled(platform, 60_000);

    // Act
    const stationPage = await page(`/s/${station.code}`);

    // Assess
    const figures = stationPage.locator('#figures');
    await expect.poll(() => figures.isVisible()).toBe(true);
    const text = (await figures.textContent()) ?? '';
    expect(text).toMatch(/收到留言\s*1 条/);
    expect(text).toMatch(/已办结\s*1 件/);
    expect(text).toContain(result);
    expect(text).toContain('公共设施');
    expect(text).not.toContain(words);
    await expectAccessible(stationPage, 'station page with figures');
    await stationPage.screenshot({ path: '.minqing/screenshots/public-figures-station.png', fullPage: true });
  }, 120_000);
});
