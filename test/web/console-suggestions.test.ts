import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalPlatform } from '../../infra/local/platform.ts';
import { seedDemoCity, type DemoSeedReport } from '../../services/identity/src/demo/seed.ts';
import { services } from '../../services/manifests.ts';
import { loadCityConfig } from '../../shared/city/config.ts';
import { call, demoSessions, settled, startTestPlatform } from '../support/platform.ts';
import { expectAccessible, launchChromium, openConsole, screenshot, signIn, type ConsolePage } from './console-browser.ts';

/**
 * A deputy's suggestion through the staff console only, in headless Chromium against the local
 * platform: the deputy submits it co-signed on a phone → the committee registers it to a lead and
 * an assisting unit under key supervision and finds it on the 建议清单 → the assisting unit gives
 * its input → the lead unit commits with measures, meets the deputy and answers in writing → the
 * deputy evaluates it. Every screen is scanned with axe-core.
 */
describe('staff console: a deputy’s suggestion', () => {
  let platform: LocalPlatform;
  let seed: DemoSeedReport;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const as = demoSessions(() => platform);

  beforeAll(async () => {
    [platform, browser] = await Promise.all([
      startTestPlatform(services, { beforeServe: async () => void (seed = await seedDemoCity(loadCityConfig('demo'))) }),
      launchChromium(),
    ]);
    await settled(platform, 120_000);
  }, 180_000);
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await platform?.stop();
  });

  async function open(size: 'phone' | 'desktop', username: string, path: string): Promise<ConsolePage> {
    const opened = await openConsole(browser, platform.url, size);
    contexts.push(opened.context);
    await opened.page.goto('/console/');
    await signIn(opened.page, username);
    await opened.page.goto(`/console/#${path}`);
    return opened;
  }

  /** Picks an option of an Element Plus select by the words shown, typing them first where the select filters. */
  async function pick(page: Page, field: string, option: string, filterable = true): Promise<void> {
    await page.locator('.el-select__wrapper', { has: page.getByRole('combobox', { name: field }) }).click();
    if (filterable) await page.getByRole('combobox', { name: field }).pressSequentially(option.slice(-6));
    await page.getByRole('option', { name: option, exact: true }).filter({ visible: true }).click({ force: true });
    await page.keyboard.press('Escape');
  }

  const caseOf = async (caseId: string) => (await call(platform.url, 'GET', `/v1/cases/${caseId}`, undefined, await as('city.reviewer'))).body;

  it('carries a co-signed suggestion from the deputy’s form to the evaluation', async () => {
    // Prepare: a city deputy and two co-signers in office
    const [proposer, coSignerA, coSignerB] = seed.directory.deputies.filter((d) => d.termStatus === 'active' && d.level === 'city');
    const title = `关于增设城东片区公交线路的建议（${Date.now()}）`;

    // Act: the deputy submits it on a phone
    const deputy = await open('phone', proposer!.code, '/suggestions');
    await deputy.page.getByRole('heading', { name: '提出建议或议案' }).waitFor();
    await expectAccessible(deputy.page, 'suggestion-form');
    await screenshot(deputy.page, 'suggestion-form');
    await deputy.page.getByLabel('标题').fill(title);
    await pick(deputy.page, '类别', '道路交通', false);
    await deputy.page.getByLabel('建议内容').fill('城东片区新建小区入住率高，公交线路少，居民出行不便。');
    await deputy.page.getByLabel('解决的办法').fill('增设一条连接城东片区与市中心的公交线路。');
    await deputy.page.getByLabel('联名代表').fill(`${coSignerA!.code}，${coSignerB!.code}`);
    await deputy.page.getByRole('button', { name: '提交', exact: true }).click();
    await deputy.page.getByRole('heading', { name: `建议：${title}` }).waitFor();
    const caseId = deputy.page.url().split('/').pop()!;
    expect(await caseOf(caseId)).toMatchObject({ status: 'under_review', suggestion: { coSignerCodes: [coSignerA!.code, coSignerB!.code] } });

    // Act: the committee registers it from its list, under key supervision
    const committee = await open('desktop', 'city.reviewer', '/suggestions');
    await committee.page.getByRole('link', { name: `建议：${title}` }).click();
    await committee.page.getByRole('heading', { name: '立案交办' }).waitFor();
    await expectAccessible(committee.page, 'suggestion-register');
    await pick(committee.page, '主办单位', '楚雄市交通运输局');
    await pick(committee.page, '协办单位', '楚雄市住房和城乡建设局');
    await committee.page.getByText('列为重点督办').click();
    await screenshot(committee.page, 'suggestion-register');
    await committee.page.getByRole('button', { name: '立案', exact: true }).click();
    await committee.page.getByRole('status').filter({ hasText: '已立案' }).waitFor();
    const registered = await caseOf(caseId);
    expect(registered).toMatchObject({ status: 'forwarded', unitCode: 'u-jiaotong', suggestion: { keySupervision: true } });

    // Assess: on the 建议清单 with its colour
    await committee.page.goto('/console/#/supervision');
    await committee.page.getByRole('radio', { name: '建议清单' }).check({ force: true });
    await committee.page.getByRole('heading', { name: '建议清单' }).waitFor();
    await committee.page.getByRole('link', { name: title }).waitFor();
    await expectAccessible(committee.page, 'suggestion-list');
    await screenshot(committee.page, 'suggestion-list');

    // Act: the assisting unit gives its input
    await settled(platform);
    const assisting = await open('desktop', 'u-zhujian.handler', `/suggestions/${caseId}`);
    await assisting.page.getByRole('textbox', { name: '协办意见', exact: true }).fill('沿线道路具备公交通行条件。');
    await assisting.page.getByRole('button', { name: '提交协办意见' }).click();
    await assisting.page.getByRole('status').filter({ hasText: '协办意见已送主办单位' }).waitFor();

    // Act: the lead unit accepts from its task with a date and measures, meets the deputy, answers
    const lead = await open('desktop', 'u-jiaotong.handler', `/tasks/${caseId}`);
    await lead.page.getByRole('heading', { name: `建议：${title}` }).waitFor();
    const committed = lead.page.getByRole('combobox', { name: '承诺办结日期' });
    await committed.fill(registered.dueDate);
    await committed.press('Enter');
    await lead.page.keyboard.press('Escape');
    await lead.page.getByRole('textbox', { name: '承诺措施', exact: true }).fill('调研客流，编制线路调整方案。');
    await lead.page.getByRole('button', { name: '受理', exact: true }).click();
    await lead.page.getByRole('status').filter({ hasText: '已受理' }).waitFor();
    await expect(lead.page.getByRole('button', { name: '办结', exact: true }).count()).resolves.toBe(0);
    await screenshot(lead.page, 'suggestion-unit-task');
    await lead.page.getByRole('link', { name: '约见代表、书面答复 →' }).click();
    await lead.page.getByRole('heading', { name: '书面答复' }).waitFor();
    const today = (await caseOf(caseId)).ledger.at(-1).at.slice(0, 10) as string;
    const meetingDate = lead.page.getByRole('combobox', { name: '约见日期' });
    await meetingDate.fill(today);
    await meetingDate.press('Enter');
    await lead.page.keyboard.press('Escape');
    await lead.page.getByRole('textbox', { name: '参加人员', exact: true }).fill(`${proposer!.name}，交通运输局局长`);
    await lead.page.getByRole('button', { name: '记录约见' }).click();
    await lead.page.getByRole('status').filter({ hasText: '约见情况已记录' }).waitFor();
    await lead.page.getByRole('radio', { name: '列入计划' }).check({ force: true });
    await lead.page.getByRole('textbox', { name: '答复内容', exact: true }).fill('已列入年度公交线路调整计划，9月开通。');
    await lead.page.getByRole('button', { name: '答复', exact: true }).click();
    await lead.page.getByRole('status').filter({ hasText: '已书面答复' }).waitFor();
    await expectAccessible(lead.page, 'suggestion-answer');
    await screenshot(lead.page, 'suggestion-answer');

    // Act: the deputy reads the answer and evaluates it
    await deputy.page.reload();
    await deputy.page.getByRole('heading', { name: '评价办理结果' }).waitFor();
    await deputy.page.getByText('【列入计划】已列入年度公交线路调整计划，9月开通。').waitFor();
    await deputy.page.getByRole('radio', { name: '满意', exact: true }).check({ force: true });
    await deputy.page.getByRole('button', { name: '提交评价' }).click();
    await deputy.page.getByRole('status').filter({ hasText: '评价已提交' }).waitFor();
    await expectAccessible(deputy.page, 'suggestion-evaluated');
    await screenshot(deputy.page, 'suggestion-evaluated');

    // Assess: closed, every step in the ledger, the deputy's list shows it
    const closed = await caseOf(caseId);
    expect(closed.ledger.map((e: { step: string }) => e.step)).toEqual([
      'opened',
      'registered',
      'assisted',
      'accepted',
      'meeting',
      'answered',
      'evaluated',
      'closed',
    ]);
    expect(closed.ledger[3].note).toContain('调研客流');
    await deputy.page.goto('/console/#/suggestions');
    await deputy.page.getByRole('link', { name: `建议：${title}` }).waitFor();
    for (const opened of [deputy, committee, assisting, lead]) expect(opened.problems.filter((p) => !/Failed to load resource/.test(p))).toEqual([]);
  }, 300_000);
});
