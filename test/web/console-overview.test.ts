import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalPlatform } from '../../infra/local/platform.ts';
import { seedDemoCity, type DemoSeedReport } from '../../services/identity/src/demo/seed.ts';
import { identityService } from '../../services/identity/src/service.ts';
import { services } from '../../services/manifests.ts';
import { statisticsService } from '../../services/statistics/src/service.ts';
import { expectedDeputies, expectedOverview, expectedTally, expectedUnits } from '../../services/statistics/test/expected.ts';
import { cityDay, publishScripted, type Script, type ScriptedEvent, scriptDemoMonth } from '../../services/statistics/test/script.ts';
import type { CountedEvent } from '../../services/statistics/src/domain/fact-writes.ts';
import { loadCityConfig } from '../../shared/city/config.ts';
import { settled, startTestPlatform } from '../support/platform.ts';
import { expectAccessible, launchChromium, openConsole, screenshot, signIn } from './console-browser.ts';

/**
 * The committee's overview and the big screen (大屏) in Chromium, on figures the statistics service
 * counted from a scripted month of events put on the bus (and a few of today's): every number the
 * screens show is checked against a count made here from the script's plan.
 */
describe("the committee's overview and big screen", () => {
  const city = loadCityConfig('demo');
  let platform: LocalPlatform;
  let seed: DemoSeedReport;
  let browser: Browser;
  let script: Script;
  const contexts: BrowserContext[] = [];
  /** Today's messages (submitted now) and how many of them the deputy answered at once. */
  const today = { received: 0, answered: 0 };
  let eventCount = 0;

  const categoryName = (code: string) => city.categories.find((c) => c.code === code)!.name;
  const townshipName = (code: string) => city.townships.find((t) => t.code === code)!.name;
  const percent = (part: number, whole: number) => `${Math.round((part / whole) * 100)}%`;

  const publish = (events: readonly ScriptedEvent[]) => expect(publishScripted(platform.bus, events, city.name)).toBe(0);

  /** A message to a scripted deputy submitted now, answered at once when `answer`. */
  function messageNow(answer: boolean) {
    const deputy = script.deputies[0]!;
    const now = new Date();
    const at = now.toISOString();
    const replyDueAt = new Date(now.getTime() + 72 * 3_600_000).toISOString();
    const messageId = `m-today${String(++today.received).padStart(4, '0')}`;
    const events: CountedEvent[] = [
      {
        detailType: 'MessageSubmitted',
        data: {
          messageId,
          trackingCode: `TT${today.received}`,
          category: 'public_facilities',
          via: 'deputy',
          stationCode: deputy.stationCode,
          deputyCode: deputy.code,
          replyDueAt,
          townshipCode: deputy.townshipCode,
          submittedAt: at,
          citizenCanBeTexted: false,
          heldForReview: false,
        },
      },
      {
        detailType: 'MessageAssigned',
        data: { messageId, deputyCode: deputy.code, stationCode: deputy.stationCode, assignedAt: at, replyDueAt, reason: 'deputy_code' },
      },
    ];
    if (answer) {
      today.answered++;
      events.push({
        detailType: 'MessageReplied',
        data: { messageId, deputyCode: deputy.code, repliedAt: at, closed: false, withinSla: true, trackingCode: `TT${today.received}` },
      });
    }
    publish(events.map((event) => ({ eventId: `today-e${++eventCount}`, occurredAt: at, event })));
  }

  async function open(viewport: { width: number; height: number } | 'phone' | 'desktop', username: string): Promise<Page> {
    const size = typeof viewport === 'string' ? viewport : 'desktop';
    const opened = await openConsole(browser, platform.url, size);
    contexts.push(opened.context);
    if (typeof viewport !== 'string') await opened.page.setViewportSize(viewport);
    await signIn(opened.page, username);
    return opened.page;
  }

  /** Opens the overview for the scripted month and waits for its figures. */
  async function overview(page: Page, extra = '') {
    await page.goto(`/console/#/overview?from=${script.from}&to=${script.to}${extra}`);
    await page.getByRole('heading', { level: 1, name: '工作概览' }).waitFor();
    await page.getByRole('list', { name: '主要数字' }).waitFor();
  }
  const figure = (page: Page, label: string) =>
    page.getByRole('list', { name: '主要数字' }).getByRole('listitem').filter({ hasText: label }).locator('strong').textContent();

  const messagingWithConsole = services.find((s) => s.name === 'messaging')!;

  beforeAll(async () => {
    // Messaging serves the console and the categories; its own subscriptions are left out, since
    // the scripted events are for statistics alone.
    [platform, browser] = await Promise.all([
      startTestPlatform([identityService, { ...messagingWithConsole, subscriptions: [] }, statisticsService], {
        beforeServe: async () => void (seed = await seedDemoCity(city)),
      }),
      launchChromium(),
    ]);
    script = scriptDemoMonth(city, seed.directory.deputies, 'CO');
    publish(script.events);
    for (let i = 0; i < 3; i++) messageNow(i < 2);
    await settled(platform, 60_000);
  }, 180_000);
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await platform?.stop();
  });

  it("shows a city reviewer the month's figures, charts and tables as counted from the script", async () => {
    // Prepare
    const expected = expectedOverview(script, city.timeZone);
    const page = await open('desktop', 'city.reviewer');

    // Act
    await overview(page);

    // Assess: the figures
    expect(await figure(page, '收到留言')).toBe(String(expected.received));
    expect(await figure(page, '代表已答复')).toBe(String(expected.answered));
    expect(await figure(page, '提交审核')).toBe(String(expected.escalated));
    expect(await figure(page, '已办结')).toBe(String(expected.resolved));
    expect(await figure(page, '当前超期')).toBe(String(expected.overdueNow));
    expect(await figure(page, '回访问卷')).toBe('0'); // the scripted month has no questionnaires answered
    const { satisfied, basically, unsatisfied } = expected.satisfaction;
    expect(await figure(page, '群众满意度')).toBe(percent(satisfied, satisfied + basically + unsatisfied));
    const figures = (await page.getByRole('list', { name: '主要数字' }).textContent()) ?? '';
    expect(figures).toContain(`按时答复 ${expected.answeredOnTime} · 占已答复 ${percent(expected.answeredOnTime, expected.answered)}`);
    expect(figures).toContain(`满意 ${satisfied} · 基本满意 ${basically} · 不满意 ${unsatisfied}`);
    // the charts, by what they say to a screen reader
    const byCategory = (await page.getByRole('img', { name: /^留言按类别/ }).getAttribute('aria-label')) ?? '';
    for (const c of expected.byCategory as unknown as { category: string; received: number }[])
      expect(byCategory).toContain(`${categoryName(c.category)} ${c.received} 条`);
    const byTownship = (await page.getByRole('img', { name: /^留言按乡镇/ }).getAttribute('aria-label')) ?? '';
    for (const t of expected.byTownship as unknown as { townshipCode: string; received: number }[])
      expect(byTownship).toContain(`${townshipName(t.townshipCode)} ${t.received} 条`);
    const trend = (await page.getByRole('img', { name: /留言与办理/ }).getAttribute('aria-label')) ?? '';
    expect(trend).toContain(`收到留言合计 ${expected.received}`);
    // the tables
    for (const u of expectedUnits(script, city.timeZone)) {
      const cells = await page
        .getByRole('region', { name: '承办单位', exact: true })
        .getByRole('row', { name: u.unitName })
        .getByRole('cell')
        .allTextContents();
      expect(cells.slice(0, 6).map((c) => c.trim())).toEqual(
        [u.unitName, u.received, u.acceptedOnTime, u.resolved, u.resolvedOnTime, u.overdueNow].map(String),
      );
    }
    for (const d of expectedDeputies(script)) {
      const cells = await page.getByRole('region', { name: '代表', exact: true }).getByRole('row', { name: d.name }).getByRole('cell').allTextContents();
      expect(cells.slice(2, 5).map((c) => c.trim())).toEqual([d.received, d.answered, d.answeredOnTime].map(String));
    }
    await expectAccessible(page, 'committee-overview-figures');
    await screenshot(page, 'committee-overview-figures');
  }, 120_000);

  it('filters by township and period through the address, and downloads each table as CSV', async () => {
    // Prepare
    const page = await open('desktop', 'city.reviewer');
    await overview(page);
    const lucheng = expectedTally(script.plan.filter((m) => m.townshipCode === 'lucheng'));

    // Act: one township
    await page.getByRole('combobox', { name: '按乡镇（街道）筛选' }).click();
    await page.getByRole('option', { name: townshipName('lucheng') }).click();

    // Assess
    await expect.poll(() => figure(page, '收到留言')).toBe(String(lucheng.received));
    expect(page.url()).toContain('township=lucheng');
    expect(await figure(page, '已办结')).toBe(String(lucheng.resolved));

    // Act: a period before the script (the month before it) has nothing
    await page.goto(`/console/#/overview?from=2020-01-01&to=2020-01-31`);
    await page.getByRole('list', { name: '主要数字' }).waitFor();

    // Assess
    expect(await figure(page, '收到留言')).toBe('0');
    await page.getByText('这段时间没有交办给承办单位的事项。').waitFor();

    // Act: an address without dates is this year so far
    await page.goto('/console/#/overview');
    await page.getByRole('list', { name: '主要数字' }).waitFor();

    // Assess
    const year = cityDay(new Date(), city.timeZone).slice(0, 4);
    const ofYear = script.plan.filter((m) => cityDay(m.submittedAt, city.timeZone).startsWith(year)).length;
    expect(await figure(page, '收到留言')).toBe(String(ofYear + today.received));
    expect(await page.getByRole('radio', { name: '本年' }).isChecked()).toBe(true);

    // Act: the units' CSV of the scripted month
    await overview(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载承办单位 CSV' }).click()]);
    const bytes = readFileSync((await download.path())!);

    // Assess
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split(/\r?\n/);
    expect(lines[0]).toMatch(/^"?unitCode"?,/);
    expect(lines).toHaveLength(1 + expectedUnits(script, city.timeZone).length);
    expect(download.suggestedFilename()).toBe(`承办单位统计-${script.from}-${script.to}.csv`);
  }, 120_000);

  it("shows a township reviewer their own township only, at a phone's size too", async () => {
    // Prepare
    const donggua = expectedTally(script.plan.filter((m) => m.townshipCode === 'donggua'));
    const page = await open('phone', 'donggua.reviewer');

    // Act: asking for another township changes nothing
    await overview(page, '&township=lucheng');

    // Assess
    expect(await figure(page, '收到留言')).toBe(String(donggua.received));
    expect(await page.getByRole('combobox', { name: '按乡镇（街道）筛选' }).count()).toBe(0);
    const deputies = await page.getByRole('region', { name: '代表', exact: true }).getByRole('row').allTextContents();
    for (const d of expectedDeputies(script, 'lucheng')) expect(deputies.join()).not.toContain(d.name);
    await expectAccessible(page, 'committee-overview-township');
  }, 120_000);

  it("fills a 1920×1080 big screen with today's and this year's figures and refreshes it every minute", async () => {
    // Prepare: this year's messages, as the plan has them, and today's
    const year = cityDay(new Date(), city.timeZone).slice(0, 4);
    const ofYear = expectedTally(script.plan.filter((m) => cityDay(m.submittedAt, city.timeZone).startsWith(year)));
    const overdue = expectedUnits(script, city.timeZone)
      .filter((u) => u.overdueNow > 0)
      .sort((a, b) => b.overdueNow - a.overdueNow || b.received - a.received);
    const page = await open({ width: 1920, height: 1080 }, 'city.reviewer');
    await page.clock.install();
    const kpi = (label: string) => page.locator('.kpi').filter({ hasText: label }).locator('strong').textContent();

    // Act
    await page.goto('/console/#/screen');
    await page.getByRole('heading', { level: 1, name: '民情直通数据大屏' }).waitFor();
    await page.getByText(/^更新于/).waitFor();

    // Assess
    expect(await kpi('今日收到留言')).toBe(String(today.received));
    expect(await kpi('今日代表答复')).toBe(String(today.answered));
    expect(await kpi('本年收到留言')).toBe(String(ofYear.received + today.received));
    expect(await kpi('本年答复按时率')).toBe(percent(ofYear.answeredOnTime + today.answered, ofYear.answered + today.answered));
    expect(await kpi('本年办结')).toBe(String(ofYear.resolved));
    expect(await kpi('当前超期')).toBe(String(ofYear.overdueNow));
    const ranking = await page.getByRole('region', { name: '超期最多的承办单位' }).getByRole('listitem').allTextContents();
    expect(ranking).toEqual(overdue.map((u) => `${u.unitName}${u.overdueNow} 件`));
    const categories = (await page.getByRole('img', { name: /^本年留言类别前八/ }).getAttribute('aria-label')) ?? '';
    expect(categories).toContain(`${categoryName('public_facilities')} `);
    const fits = await page.evaluate<{ width: number; height: number }>(
      '({ width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight })',
    );
    expect(fits).toEqual({ width: 1920, height: 1080 });
    await expectAccessible(page, 'big-screen');
    await screenshot(page, 'big-screen');

    // Act: a message arrives, and a minute passes
    messageNow(false);
    await settled(platform, 60_000);
    await page.clock.fastForward('01:01');

    // Assess
    await expect.poll(() => kpi('今日收到留言'), { timeout: 10_000 }).toBe(String(today.received));
  }, 120_000);
});
