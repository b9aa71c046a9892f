import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCityConfig } from '../../shared/city/config.ts';
import type { LocalPlatform } from '../../infra/local/platform.ts';
import { seedDemoCity } from '../../services/identity/src/demo/seed.ts';
import { identityService } from '../../services/identity/src/service.ts';
import { servedWithConsole } from '../../services/manifests.ts';
import { messagingService } from '../../services/messaging/src/service.ts';
import { participationService } from '../../services/participation/src/service.ts';
import { startTestPlatform } from '../support/platform.ts';
import { expectAccessible, launchChromium, openConsole, screenshot, signIn, type ConsolePage } from './console-browser.ts';

/**
 * A consultation (意见征集) in real Chromium: the city reviewer opens it in the console, citizens
 * answer from its public page on their phones (once per device), the committee reads the results,
 * hides a comment and closes it with a conclusion, and the page then shows the summary. axe-core
 * checks the public page in both states and the console's screens.
 */
describe('consultations in the browser', () => {
  let platform: LocalPlatform;
  let browser: Browser;
  let reviewer: ConsolePage;
  const contexts: BrowserContext[] = [];
  let consultationId: string;

  beforeAll(async () => {
    [platform, browser] = await Promise.all([
      startTestPlatform([identityService, servedWithConsole(messagingService), participationService], {
        beforeServe: async () => void (await seedDemoCity(loadCityConfig('demo'))),
      }),
      launchChromium(),
    ]);
    reviewer = await openConsole(browser, platform.url, 'desktop');
    contexts.push(reviewer.context);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await platform?.stop();
  });

  /** A citizen's phone (its own storage: another device). */
  async function phone(): Promise<{ page: Page; problems: string[] }> {
    const citizen = await openConsole(browser, platform.url, 'phone');
    contexts.push(citizen.context);
    return { page: citizen.page, problems: citizen.problems };
  }

  it('lets the city reviewer open a consultation from the console', async () => {
    // Prepare
    const { page } = reviewer;
    await signIn(page, 'city.reviewer');

    // Act
    await page.getByRole('link', { name: '意见征集' }).click();
    await page.getByRole('heading', { name: '发起意见征集' }).waitFor();
    await expectAccessible(page, 'consultations');
    await page.getByLabel('标题').fill('2027年度监督议题征集');
    await page.getByLabel('说明', { exact: true }).fill('请选出您最关心的监督议题，先选的排在前面。');
    await page.getByLabel(/候选事项/).fill('城区停车难\n农村饮水安全\n养老服务');
    await screenshot(page, 'consultations');
    await page.getByRole('button', { name: '发起征集' }).click();

    // Assess
    await page.getByRole('heading', { name: '2027年度监督议题征集' }).waitFor();
    consultationId = page.url().split('/').pop()!;
    expect(consultationId).toMatch(/^c-[a-f0-9]+$/);
    expect(await page.getByText('共 0 份意见').count()).toBe(1);
  });

  it('takes a citizen’s ranked answer from the public page, once per device', async () => {
    // Prepare
    const { page, problems } = await phone();

    // Act
    await page.goto(`/c/${consultationId}`);
    await page.getByRole('heading', { level: 1, name: '2027年度监督议题征集' }).waitFor();
    await expectAccessible(page, 'consultation-page');
    await page.getByLabel('养老服务').check();
    await page.getByLabel('城区停车难').check();
    await page.getByLabel('其他意见和建议').fill('希望增加社区食堂。');
    await page.getByRole('button', { name: '提交意见' }).click();
    await page.getByRole('heading', { name: '感谢您的参与' }).waitFor();
    await page.reload();

    // Assess
    await page.getByText('您已经参与过这项意见征集').waitFor();
    expect(await page.locator('#answer-form').isHidden()).toBe(true);
    expect(problems).toEqual([]);
    const other = await phone();
    await other.page.goto(`/c/${consultationId}`);
    await other.page.getByLabel('农村饮水安全').check();
    await other.page.getByLabel('其他意见和建议').fill('请公布我的电话13800000000');
    await other.page.getByRole('button', { name: '提交意见' }).click();
    await other.page.getByRole('heading', { name: '感谢您的参与' }).waitFor();
  });

  it('shows the committee the results, hides a comment, and closes with a conclusion', async () => {
    // Prepare
    const { page } = reviewer;

    // Act
    await page.getByRole('button', { name: '刷新' }).click();
    await page.getByText('共 2 份意见').waitFor();
    await expectAccessible(page, 'consultation-results');
    await screenshot(page, 'consultation-results');
    const row = page.getByRole('row', { name: /请公布我的电话/ });
    await row.getByRole('button', { name: '隐藏' }).click();
    await page.getByText('已隐藏该意见').waitFor();
    await page.getByLabel('采纳情况（公开在汇总页）').fill('养老服务、城区停车难列入2027年度监督计划。');
    await page.getByRole('button', { name: '结束征集并发布汇总' }).click();

    // Assess
    await page.getByText('征集已结束，汇总结果已在公开页面发布。').waitFor();
    await page.getByText(/^已结束/).waitFor();
    expect(
      await page
        .getByRole('row', { name: /请公布我的电话/ })
        .getByRole('button', { name: '恢复显示' })
        .count(),
    ).toBe(1);
  });

  it('publishes the summary on the public page, without the hidden comment', async () => {
    // Prepare
    const { page } = await phone();

    // Act
    await page.goto(`/c/${consultationId}`);
    await page.getByRole('heading', { name: '征集结果' }).waitFor();

    // Assess
    await expectAccessible(page, 'consultation-summary');
    expect(await page.locator('#ranking li .label').allTextContents()).toEqual([
      // All chosen once; two of them first, so 城区停车难 (chosen second) comes last.
      '第1名　农村饮水安全1 票',
      '第1名　养老服务1 票',
      '第3名　城区停车难1 票',
    ]);
    expect(await page.locator('#conclusion').textContent()).toBe('养老服务、城区停车难列入2027年度监督计划。');
    expect(await page.locator('#comments li').allTextContents()).toEqual(['希望增加社区食堂。']);
    expect(await page.locator('#answer-form').isHidden()).toBe(true);
  });
});
