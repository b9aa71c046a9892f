import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, demoSessions, settled } from '../support/platform.ts';
import { expectAccessible, screenshot, signIn } from './console-browser.ts';
import { startConsoleWorld, type ConsoleWorld } from './console-platform.ts';

/**
 * The closed-loop lists (问题清单) in Chromium: a period's open and finished matters, filtered by
 * the service and paged by 50 with 加载更多, the finished ones with how they ended.
 */
describe('staff console: lists with history', () => {
  let world: ConsoleWorld;
  const as = demoSessions(() => world.platform);

  beforeAll(async () => void (world = await startConsoleWorld()), 180_000);
  afterAll(async () => world?.stop());

  /** A citizen writes to the deputy; the deputy escalates; the case opens. */
  async function escalated(deputyCode: string, n: number): Promise<string> {
    const submitted = await call(
      world.platform.url,
      'POST',
      '/v1/messages',
      { deputyCode, category: 'public_facilities', content: `第${n}处路灯不亮，晚上出行不便，请尽快修理。` },
      { 'x-forwarded-for': `2001:db8:5a::${n.toString(16)}` },
    );
    expect(submitted.status).toBe(202);
    const answer = await call(
      world.platform.url,
      'POST',
      `/v1/messages/${submitted.body.messageId}/escalate`,
      { reason: '需要乡镇建设部门处理' },
      await as(deputyCode),
    );
    expect(answer.status).toBe(200);
    return answer.body.caseId as string;
  }
  async function chooseStatus(page: Page, label: string): Promise<void> {
    await page.getByRole('combobox', { name: '按状态筛选' }).click({ force: true });
    await page.getByRole('option', { name: label, exact: true }).click();
  }

  it('pages a long list by 50, and filters finished matters with their outcome from the service', async () => {
    // Prepare: 51 matters of 吕合镇, the first declined
    const deputy = world.seed.directory.deputies.find((d) => d.termStatus === 'active' && d.level === 'township' && d.townshipCode === 'lvhe')!;
    const caseIds: string[] = [];
    for (let n = 1; n <= 51; n++) caseIds.push(await escalated(deputy.code, n));
    await settled(world.platform);
    const declined = await call(
      world.platform.url,
      'POST',
      `/v1/cases/${caseIds[0]}/decline`,
      { reason: '属于物业管理范围，请联系物业。' },
      await as('lvhe.reviewer'),
    );
    expect(declined.status).toBe(200);
    const { page, problems } = await world.open('desktop');
    await signIn(page, 'lvhe.reviewer');

    // Act: the problem list
    await page.goto('/console/#/supervision');
    await page.getByRole('heading', { level: 1, name: '问题清单' }).waitFor();

    // Assess: the first 50, newest first, and more to load
    await page.getByText(/：已显示 50 件，还有更多$/).waitFor();
    await expectAccessible(page, 'supervision-lists-paged');
    await screenshot(page, 'supervision-lists-paged');

    // Act: load the rest
    await page.getByRole('button', { name: '加载更多' }).click();

    // Assess: all 51, the declined one last, nothing more to load
    await page.getByText(/：已显示 51 件$/).waitFor();
    await expect(page.getByRole('button', { name: '加载更多' }).count()).resolves.toBe(0);
    await expect(page.getByRole('row').filter({ hasText: caseIds[0]! }).textContent()).resolves.toContain('不予受理');

    // Act: only the finished ones
    await chooseStatus(page, '已结束（办结、不予受理、退回）');

    // Assess: the declined matter, with the reason as its outcome, as the service filtered it
    await page.getByText(/：已显示 1 件$/).waitFor();
    const row = page.getByRole('row').filter({ hasText: caseIds[0]! });
    await expect(row.textContent()).resolves.toContain('属于物业管理范围');
    const fromService = await call(world.platform.url, 'GET', '/v1/supervision?list=problems&status=finished', undefined, await as('lvhe.reviewer'));
    expect(fromService.body.items.map((c: { caseId: string }) => c.caseId)).toEqual([caseIds[0]]);
    expect(problems.filter((p) => !/Failed to load resource/.test(p))).toEqual([]);
  }, 240_000);
});
