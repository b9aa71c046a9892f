import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCityConfig } from '../../shared/city/config.ts';
import type { LocalPlatform } from '../../infra/local/platform.ts';
import { seedDemoCity, type DemoSeedReport } from '../../services/identity/src/demo/seed.ts';
import { services } from '../../services/manifests.ts';
import { resourceNames } from '../../shared/runtime/manifest.ts';
import { call, demoSessions, eventually, startTestPlatform } from '../support/platform.ts';
import { launchChromium, openConsole, screenshot, signIn, type ConsolePage } from './console-browser.ts';

/**
 * The whole closed loop through the staff console only, in headless Chromium against the local
 * platform: a citizen's message → the deputy escalates it on a phone → the township reviewer
 * forwards it → the unit accepts with a date, reports progress, resolves → the citizen rates it
 * unsatisfied → the reopened matter is on the reviewer's lists and in the downloaded CSV → the
 * deputy's archive shows the points.
 */
describe('staff console: the closed loop', () => {
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
    const directoryQueue = platform.queues.get(resourceNames.queue('demo', 'messaging', 'directory'))!;
    await eventually(async () => (directoryQueue.depth().total === 0 ? true : undefined), 120_000, 'messaging directory caught up');
  }, 180_000);
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await platform?.stop();
  });

  async function open(size: 'phone' | 'desktop'): Promise<ConsolePage> {
    const opened = await openConsole(browser, platform.url, size);
    contexts.push(opened.context);
    return opened;
  }

  /** Reloads a console screen until `locator` text appears (events reach the next service asynchronously). */
  async function reloadUntil(page: Page, text: string, timeoutMs = 20_000): Promise<void> {
    await eventually(
      async () => {
        if (await page.getByText(text).first().isVisible()) return true;
        await page.reload();
        await page.waitForLoadState('networkidle');
        return (await page.getByText(text).first().isVisible()) ? true : undefined;
      },
      timeoutMs,
      `"${text}" on ${page.url()}`,
    );
  }

  it('carries a citizen message from the QR page to the deputy’s points, staff working only in the console', async () => {
    // Prepare: a township-level deputy's QR page, as a citizen's phone opens it
    const deputy = seed.directory.deputies.find((d) => d.termStatus === 'active' && d.level === 'township')!;
    const reviewer = `${deputy.townshipCode}.reviewer`;
    const content = `村口桥面的护栏断了一截，孩子上学经过很危险，请尽快修复。（${Date.now()}）`;
    const citizen = await open('phone');
    await citizen.page.goto(`/d/${deputy.code}`);
    await citizen.page.getByLabel('留言类别').selectOption({ label: '道路交通' });
    await citizen.page.getByLabel('您想反映的问题或建议').fill(content);
    await citizen.page.getByRole('button', { name: '提交留言' }).click();
    await citizen.page.getByRole('heading', { name: '留言已提交' }).waitFor();
    await citizen.page.getByRole('link', { name: '查看办理进度' }).click();
    await citizen.page.waitForURL('**/t/*#*');
    const trackingUrl = citizen.page.url();

    // Act: the deputy, on a 390 px phone, finds the message in the inbox and escalates it
    const deputyPhone = await open('phone');
    await deputyPhone.page.goto('/console/');
    await signIn(deputyPhone.page, deputy.code);
    const inboxLink = deputyPhone.page.getByRole('link', { name: content });
    await inboxLink.waitFor();
    await expect(
      deputyPhone.page
        .getByText(/答复剩余/)
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    await screenshot(deputyPhone.page, 'loop-deputy-inbox');
    await inboxLink.click();
    await deputyPhone.page.getByText(content).first().waitFor();
    await deputyPhone.page.getByLabel('提交审核的理由').fill('需要交通运输部门维修护栏');
    await deputyPhone.page.getByRole('button', { name: '提交审核' }).click();

    // Assess: escalated
    await deputyPhone.page.getByRole('status').filter({ hasText: '已提交审核' }).waitFor();
    const escalated = (await call(platform.url, 'GET', '/v1/inbox', undefined, await as(deputy.code))).body.items.find(
      (m: { content: string }) => m.content === content,
    );
    expect(['escalated', 'under_review']).toContain(escalated.status);

    // Act: the township reviewer opens the case from the review queue and forwards it as proposed
    const desk = await open('desktop');
    await desk.page.goto('/console/');
    await signIn(desk.page, reviewer);
    await reloadUntil(desk.page, '审核：道路交通');
    await desk.page.getByRole('link', { name: '审核：道路交通' }).first().click();
    await desk.page.getByText(content).waitFor();
    const caseId = desk.page.url().split('/').pop()!;
    const unitField = desk.page.getByRole('combobox', { name: '承办单位' });
    // The suggested unit shows by its name once the units are loaded (a code until then).
    const shownUnit = desk.page.locator('.el-select__placeholder:not(.is-transparent)').first();
    const preselected = await eventually(
      async () => {
        const text = (await shownUnit.textContent())?.trim();
        return text && /\p{Script=Han}/u.test(text) ? text : undefined;
      },
      10_000,
      'the suggested unit preselected',
    );
    const proposedDue = await desk.page.getByRole('combobox', { name: '办理期限' }).inputValue();
    expect(proposedDue).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await expect(unitField.isVisible()).resolves.toBe(true);
    await screenshot(desk.page, 'loop-review-case');
    await desk.page.getByRole('button', { name: '转交', exact: true }).click();

    // Assess: forwarded to the suggested unit with the proposed due date
    await desk.page.getByRole('status').filter({ hasText: '已转交' }).waitFor();
    const forwarded = (await call(platform.url, 'GET', `/v1/cases/${caseId}`, undefined, await as(reviewer))).body;
    expect(forwarded).toMatchObject({ status: 'forwarded', dueDate: proposedDue });
    expect(preselected).toBe(forwarded.unitName);

    // Act: the unit's handler accepts; a date after the due date is refused by the picker
    const handler = await open('desktop');
    await handler.page.goto('/console/');
    await signIn(handler.page, `${forwarded.unitCode}.handler`);
    await handler.page.getByRole('link', { name: '办理：道路交通' }).first().click();
    const committed = handler.page.getByRole('combobox', { name: '承诺办结日期' });
    const afterDue = new Date(Date.parse(`${forwarded.dueDate}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await committed.fill(afterDue);
    await committed.press('Enter');
    await handler.page.keyboard.press('Escape');
    expect(await committed.inputValue()).not.toBe(afterDue);
    await committed.fill(forwarded.dueDate);
    await committed.press('Enter');
    await handler.page.keyboard.press('Escape');
    expect(await committed.inputValue()).toBe(forwarded.dueDate);
    await handler.page.getByRole('button', { name: '受理', exact: true }).click();
    await handler.page.getByRole('status').filter({ hasText: '已受理' }).waitFor();

    // Act: progress, then the official result
    await handler.page.getByLabel('办理进展').fill('已派人现场勘查，护栏材料已订购。');
    await handler.page.getByRole('button', { name: '记录进展' }).click();
    await handler.page.getByRole('status').filter({ hasText: '进展已记录' }).waitFor();
    const result = '护栏已于本周修复并加固，感谢您的反映。';
    await handler.page.getByLabel('办理结果（群众可见）').fill(result);
    await handler.page.getByRole('button', { name: '办结', exact: true }).click();
    await handler.page.getByRole('status').filter({ hasText: '已办结' }).waitFor();
    await screenshot(handler.page, 'loop-unit-task');
    const resolved = (await call(platform.url, 'GET', `/v1/cases/${caseId}`, undefined, await as(reviewer))).body;
    expect(resolved.status).toBe('resolved');
    expect(resolved.committedDate).toBe(forwarded.dueDate);
    expect(resolved.ledger.map((e: { step: string }) => e.step)).toEqual(['opened', 'forwarded', 'accepted', 'progress', 'resolved']);

    // Act: the citizen sees the result on the tracking page and is not satisfied with it
    await citizen.page.goto(trackingUrl);
    await eventually(
      async () => {
        await citizen.page.reload();
        return (await citizen.page.getByRole('heading', { name: '请对办理结果作出评价' }).isVisible()) ? true : undefined;
      },
      20_000,
      'the rating form on the tracking page',
    );
    await citizen.page.getByRole('radio', { name: '不满意', exact: true }).check();
    await citizen.page.getByLabel(/意见或建议/).fill('护栏只修了一半，另一侧还是断的。');
    await citizen.page.getByRole('button', { name: '提交评价' }).click();
    await citizen.page.getByText('感谢您的评价！').waitFor();

    // Act: the matter reopens under supervision (督办); the reviewer finds it on the problem list and the supervision list
    await eventually(
      async () => {
        const answer = await call(platform.url, 'GET', `/v1/cases/${caseId}`, undefined, await as(reviewer));
        return answer.body.status === 'reopened' ? true : undefined;
      },
      20_000,
      'the case reopened',
    );
    await desk.page.getByRole('link', { name: '督办清单' }).click();
    await desk.page.getByRole('heading', { name: '问题清单' }).waitFor();
    await desk.page.getByRole('cell', { name: caseId }).waitFor();
    await desk.page.getByRole('radio', { name: '督办清单' }).check({ force: true });
    await desk.page.getByRole('heading', { name: '督办清单' }).waitFor();
    const onSupervision = desk.page.getByRole('row').filter({ hasText: caseId });
    await onSupervision.waitFor();
    expect(await onSupervision.textContent()).toContain('重新办理');
    await screenshot(desk.page, 'loop-supervision');
    const [download] = await Promise.all([desk.page.waitForEvent('download'), desk.page.getByRole('button', { name: '下载 CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');

    // Assess: the file is the service's list, with this case on it
    expect(download.suggestedFilename()).toMatch(/^supervision-\d{4}-\d{2}-\d{2}\.csv$/);
    const [header, ...lines] = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    const fromService = await call(platform.url, 'GET', '/v1/supervision?list=supervision&format=csv', undefined, await as(reviewer));
    expect(header).toBe(String(fromService.body).split(/\r?\n/)[0]);
    expect(lines.find((line) => line.includes(`"${caseId}"`))).toContain('"reopened"');

    // Act: the deputy opens the duty archive once the rating has been scored
    const archive = await eventually(
      async () => {
        const answer = await call(platform.url, 'GET', `/v1/deputies/${deputy.code}/archive`, undefined, await as(deputy.code));
        return answer.body.entries.some((e: { rule: string }) => e.rule === 'citizen_unsatisfied') ? answer.body : undefined;
      },
      20_000,
      'the rating scored',
    );
    await deputyPhone.page.getByRole('button', { name: '菜单' }).click();
    await deputyPhone.page.getByRole('link', { name: '履职档案' }).click();

    // Assess: the total and the entry behind it, as the scoring service keeps them
    await deputyPhone.page
      .getByTestId('points-total')
      .filter({ hasText: new RegExp(`^${archive.points.total}$`) })
      .waitFor();
    expect(archive.points.total).toBe(archive.points.base + archive.points.bonus + archive.points.deductions);
    await deputyPhone.page.getByText('群众不满意').first().waitFor();
    await deputyPhone.page.getByRole('img', { name: new RegExp(`^${archive.year} 年各月积分`) }).waitFor();
    await screenshot(deputyPhone.page, 'loop-deputy-archive');
    for (const opened of [citizen, deputyPhone, desk, handler]) expect(opened.problems.filter((p) => !/Failed to load resource/.test(p))).toEqual([]);
  }, 300_000);
});
