import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCityConfig } from '../../shared/city/config.ts';
import type { LocalPlatform } from '../../infra/local/platform.ts';
import { generateDemoDirectory } from '../../services/identity/src/demo/demo-directory.ts';
import { seedDemoCity } from '../../services/identity/src/demo/seed.ts';
import { identityService } from '../../services/identity/src/service.ts';
import { servedWithConsole } from '../../services/manifests.ts';
import { messagingService } from '../../services/messaging/src/service.ts';
import { participationService } from '../../services/participation/src/service.ts';
import { mintedSessions } from '../support/minted-sessions.ts';
import { call, settled, startTestPlatform } from '../support/platform.ts';
import { expectAccessible, launchChromium, openConsole, screenshot, signIn, type ConsolePage } from './console-browser.ts';

/**
 * A livelihood vote (民生实事票决) in real Chromium: the city reviewer lists candidate projects in
 * the console; a deputy votes on a phone while most of the city's deputies vote over the API; once
 * the window closes the reviewer publishes; the lead unit's handler reports a quarter's progress;
 * the deputy rates it; the public page shows the chosen project, its progress and the ratings.
 * axe-core checks every screen and the public page.
 */
describe('livelihood votes in the browser', () => {
  const city = loadCityConfig('demo');
  const directory = generateDemoDirectory({ townships: city.townships, demo: city.demo! });
  const inOffice = directory.deputies.filter((d) => d.termStatus === 'active');
  const [voter, ...others] = inOffice;
  const unit = directory.units[0]!;
  let platform: LocalPlatform;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const sessions = mintedSessions(() => platform);
  let ballotId: string;
  let closesAt: number;
  const TITLE = '城乡老旧供水管网改造';

  beforeAll(async () => {
    [platform, browser] = await Promise.all([
      startTestPlatform([identityService, servedWithConsole(messagingService), participationService], {
        beforeServe: async () => void (await seedDemoCity(city)),
      }),
      launchChromium(),
    ]);
    await settled(platform, 120_000);
  }, 180_000);
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await platform?.stop();
  });

  /** What went wrong in a page, but the resources of services this platform does not run (notifications' counts). */
  const faults = (problems: string[]) => problems.filter((p) => !/Failed to load resource/.test(p));

  async function signedIn(size: 'phone' | 'desktop', username: string): Promise<ConsolePage> {
    const opened = await openConsole(browser, platform.url, size);
    contexts.push(opened.context);
    await signIn(opened.page, username);
    return opened;
  }

  it('lets the city reviewer list candidate projects in the console', async () => {
    // Prepare
    const { page, problems } = await signedIn('desktop', 'city.reviewer');

    // Act
    await page.getByRole('link', { name: '民生实事' }).click();
    await page.getByRole('heading', { name: '发起票决' }).waitFor();
    await expectAccessible(page, 'livelihood-ballots');
    await page.getByLabel('票决名称').fill('2027年度民生实事项目票决');
    await page.getByLabel('项目1名称').fill('社区养老服务中心建设');
    await page.getByLabel('项目1内容').fill('新建10个社区养老服务中心，提供助餐、日间照料。');
    await page.locator('.el-select__wrapper', { has: page.getByRole('combobox', { name: '项目1牵头单位' }) }).click();
    await page.getByRole('combobox', { name: '项目1牵头单位' }).pressSequentially(unit.name.slice(-6));
    await page.getByRole('option', { name: unit.name, exact: true }).filter({ visible: true }).click({ force: true });
    await page.keyboard.press('Escape');
    await page.getByLabel('项目1资金安排').fill('市级财政安排1200万元');
    await screenshot(page, 'livelihood-ballots');
    await page.getByRole('button', { name: '发起票决' }).click();

    // Assess
    await page.getByRole('heading', { level: 1, name: '2027年度民生实事项目票决' }).waitFor();
    expect(page.url()).toMatch(/#\/livelihood\/b-[a-f0-9]{16}$/);
    await page.getByRole('heading', { name: '1. 社区养老服务中心建设' }).waitFor();
    await expectAccessible(page, 'livelihood-ballot');
    expect(faults(problems)).toEqual([]);
  });

  it('takes a deputy’s vote on the phone, once', async () => {
    // Prepare: a ballot of last year (its year-end review is open), voting for 40 seconds; all but one of a majority vote yes over the API
    const year = new Date().getUTCFullYear() - 1;
    closesAt = Date.now() + 40_000;
    const project = { title: TITLE, description: '改造老旧供水管网120公里。', leadUnitCode: unit.code, leadUnitName: unit.name, budgetNote: '3000万元' };
    const body = {
      year,
      title: `${year}年度民生实事项目票决`,
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(closesAt).toISOString(),
      projects: [project],
    };
    ballotId = (await call(platform.url, 'POST', '/v1/livelihood-ballots', body, await sessions.as('city.reviewer'))).body.ballotId;
    const yes = others.slice(0, Math.floor(inOffice.length / 2));
    for (let i = 0; i < yes.length; i += 25)
      await Promise.all(
        yes
          .slice(i, i + 25)
          .map(async (d) =>
            call(
              platform.url,
              'POST',
              `/v1/livelihood-ballots/${ballotId}/votes`,
              { projectId: 'p1', choice: 'yes' },
              await sessions.deputy(d.code, voter!.code),
            ),
          ),
      );
    const { page, problems } = await signedIn('phone', voter!.code);

    // Act
    await page.goto(`/console/#/livelihood/${ballotId}`);
    await page.getByRole('heading', { name: `1. ${TITLE}` }).waitFor();
    await expectAccessible(page, 'livelihood-vote');
    await page
      .getByRole('radiogroup', { name: `对“${TITLE}”的表决` })
      .getByText('赞成')
      .click();
    await page.getByRole('button', { name: '投票' }).click();

    // Assess
    await page.getByText(`已投票：${TITLE}，赞成。`).waitFor();
    await page.getByText('我的表决').waitFor();
    expect(await page.getByRole('button', { name: '投票' }).count()).toBe(0);
    await screenshot(page, 'livelihood-vote');
    expect(faults(problems)).toEqual([]);
  });

  it('lets the reviewer publish once voting has closed, choosing the project', async () => {
    // Prepare
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, closesAt - Date.now() + 1_000)));
    const { page } = await signedIn('desktop', 'city.reviewer');

    // Act
    await page.goto(`/console/#/livelihood/${ballotId}`);
    await page.getByRole('button', { name: '公布票决结果' }).click();

    // Assess
    await page.getByText('票决结果已公布。').waitFor();
    await page.getByText('当选', { exact: true }).waitFor();
    await page.getByText(`赞成 ${Math.floor(inOffice.length / 2) + 1} 票 · 反对 0 票 · 弃权 0 票`).waitFor();
    await expectAccessible(page, 'livelihood-published');
  }, 90_000);

  it('takes the lead unit’s quarterly progress and the deputy’s rating', async () => {
    // Prepare
    const handler = await signedIn('desktop', `${unit.code}.handler`);
    const deputy = await signedIn('phone', voter!.code);

    // Act
    await handler.page.goto(`/console/#/livelihood/${ballotId}`);
    await handler.page.getByLabel(`“${TITLE}”的进展情况`).fill('已完成改造85公里，余下管段年底前完工。');
    await handler.page.getByLabel(`“${TITLE}”的完成百分比`).fill('70');
    await expectAccessible(handler.page, 'livelihood-progress');
    await handler.page.getByRole('button', { name: '报告进展' }).click();
    await handler.page.getByText('已报告第一季度进展。').waitFor();
    await deputy.page.goto(`/console/#/livelihood/${ballotId}`);
    await deputy.page
      .getByRole('radiogroup', { name: `对“${TITLE}”的评议` })
      .getByText('基本满意')
      .click();
    await deputy.page.getByRole('button', { name: '提交评议' }).click();

    // Assess
    await deputy.page.getByText(`已评议：${TITLE}，基本满意。`).waitFor();
    await deputy.page.getByText('我的评议：基本满意').waitFor();
    await handler.page.getByText('第一季度（完成 70%）：已完成改造85公里，余下管段年底前完工。').waitFor();
    expect(faults([...handler.problems, ...deputy.problems])).toEqual([]);
  });

  it('shows the chosen project, its progress and the ratings on the public page', async () => {
    // Prepare
    const phone = await openConsole(browser, platform.url, 'phone');
    contexts.push(phone.context);

    // Act
    await phone.page.goto(`/l/${ballotId}`);
    await phone.page.getByRole('heading', { level: 2, name: '当选项目' }).waitFor();

    // Assess
    await expectAccessible(phone.page, 'livelihood-page');
    await screenshot(phone.page, 'livelihood-page');
    expect(await phone.page.locator('#chosen h3').allTextContents()).toEqual([TITLE]);
    expect(await phone.page.locator('#chosen').textContent()).toContain('第一季度（70%）：已完成改造85公里，余下管段年底前完工。');
    expect(await phone.page.locator('#chosen').textContent()).toContain('代表评议：满意 0 · 基本满意 1 · 不满意 0');
    expect(await phone.page.locator('#others-block').isHidden()).toBe(true);
    expect(phone.problems).toEqual([]);
  });
});
