import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, demoSessions, settled } from '../support/platform.ts';
import { expectAccessible, screenshot, signIn } from './console-browser.ts';
import { startConsoleWorld, type ConsoleWorld } from './console-platform.ts';

/**
 * Similar matters and triage in Chromium: the deputy reads the triage suggestion on a message; the
 * reviewer sees the similar open matter on a case with the suggestion and its confidence, and
 * merges the case into it (合并办理).
 */
describe('staff console: similar matters and triage', () => {
  let world: ConsoleWorld;
  const as = demoSessions(() => world.platform);

  beforeAll(async () => void (world = await startConsoleWorld()), 180_000);
  afterAll(async () => world?.stop());

  it('shows the suggestion and the similar matter, and merges the case into it', { timeout: 180_000 }, async () => {
    // Prepare: two neighbours report the same broken lights to two deputies of 鹿城镇, both escalated
    const deputies = world.seed.directory.deputies.filter((d) => d.termStatus === 'active' && d.level === 'township' && d.townshipCode === 'lucheng');
    const texts = ['杏花社区三组巷子里的路灯一直没人修，晚上巷子里漆黑一片。', '杏花社区三组那条小巷路灯坏了半个月了，能不能安排人来换个灯泡。'];
    const cases: string[] = [];
    const messages: string[] = [];
    for (const [i, content] of texts.entries()) {
      const body = { deputyCode: deputies[i]!.code, category: 'public_facilities', townshipCode: 'lucheng', content };
      const submitted = await call(world.platform.url, 'POST', '/v1/messages', body, { 'x-forwarded-for': `2001:db8::5:${i + 1}` });
      messages.push(submitted.body.messageId);
      const escalated = await call(
        world.platform.url,
        'POST',
        `/v1/messages/${submitted.body.messageId}/escalate`,
        { reason: '请乡镇建设部门维修' },
        await as(deputies[i]!.code),
      );
      cases.push(escalated.body.caseId);
    }
    await settled(world.platform);
    const [primary, second] = cases as [string, string];

    // Act / assess: the deputy's message screen carries the triage suggestion
    const deputyPage = (await world.open('phone')).page;
    await signIn(deputyPage, deputies[1]!.code);
    await deputyPage.goto(`/console/#/messages/${messages[1]}`);
    await deputyPage.getByTestId('triage').filter({ hasText: '类别「公共设施」' }).waitFor();
    await expect(deputyPage.getByTestId('triage').textContent()).resolves.toMatch(/可信度 \d+%，仅供参考/);

    // Act: the reviewer opens the second case
    const { page } = await world.open('desktop');
    await signIn(page, 'lucheng.reviewer');
    await page.goto(`/console/#/reviews/${second}`);
    await page.getByRole('heading', { level: 1, name: '审核交办' }).waitFor();
    await page.getByTestId('similar').getByText(primary).waitFor();

    // Assess: the suggestion with its confidence, the similar matter with its score, accessible
    await expect(page.getByTestId('triage').textContent()).resolves.toMatch(/承办单位「[^」]+」/);
    await expect(
      page
        .getByTestId('similar')
        .getByText(/^相似度 \d+%$/)
        .count(),
    ).resolves.toBe(1);
    await expectAccessible(page, 'review-similar');
    await screenshot(page, 'review-similar');

    // Act: merge into the primary
    await page.getByRole('button', { name: '并入该件合并办理' }).click();

    // Assess: confirmed, the case now follows its primary, and the primary counts two reporters
    await page
      .getByRole('status')
      .filter({ hasText: `已并入${primary}合并办理` })
      .waitFor();
    await page.getByText('随主件办理').first().waitFor();
    const merged = await call(world.platform.url, 'GET', `/v1/cases/${primary}`, undefined, await as('lucheng.reviewer'));
    expect(merged.body).toMatchObject({ reporters: 2, mergedCases: [second] });
  });
});
