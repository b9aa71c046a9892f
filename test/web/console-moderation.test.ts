import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, demoSessions } from '../support/platform.ts';
import { expectAccessible, screenshot, signIn } from './console-browser.ts';
import { startConsoleWorld, type ConsoleWorld } from './console-platform.ts';

/**
 * The reviewers' moderation screen (待核实留言) in Chromium: held messages with why and by when,
 * released to a deputy or rejected with a reason the citizen reads; one left past its deadline is
 * on the supervision list.
 */
describe('staff console: held messages', () => {
  let world: ConsoleWorld;
  let source = 0;
  const as = demoSessions(() => world.platform);

  beforeAll(async () => void (world = await startConsoleWorld()), 180_000);
  afterAll(async () => world?.stop());

  const deputy = () => world.seed.directory.deputies.find((d) => d.termStatus === 'active' && d.townshipCode === 'lucheng' && d.stationCode)!;
  /** The same text three times from one source: the third is held as a flood. */
  async function flood(content: string): Promise<{ messageId: string; trackingCode: string; trackingToken: string }> {
    const headers = { 'x-forwarded-for': `2001:db8::77:${(++source).toString(16)}` };
    let last: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 3; i++)
      last = await call(world.platform.url, 'POST', '/v1/messages', { deputyCode: deputy().code, category: 'other', content }, headers);
    return last!.body;
  }
  const track = async (held: { trackingCode: string; trackingToken: string }) =>
    (await call(world.platform.url, 'GET', `/v1/track/${held.trackingCode}`, undefined, { 'x-tracking-token': held.trackingToken })).body;
  async function visit(page: Page, hash: string, heading: string): Promise<void> {
    await page.goto(`/console/#${hash}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await page.getByText('正在加载…').waitFor({ state: 'detached' });
    await page.waitForLoadState('networkidle');
  }
  const card = (page: Page, content: string) => page.getByRole('article').filter({ hasText: content });

  it('shows why each message is held; releases one to a deputy and rejects another with the reason its sender reads', async () => {
    // Prepare: two floods in the township of lucheng
    const toRelease = await flood('楼道里的灯坏了好几天，晚上上下楼很危险！！');
    const toReject = await flood('隔壁邻居养狗太吵了，你们必须马上处理！！');
    const { page, problems } = await world.open('phone');
    await signIn(page, 'lucheng.reviewer');

    // Act: the queue from the menu
    await page.getByRole('button', { name: '菜单' }).click();
    await page.getByRole('link', { name: '待核实留言' }).click();
    await page.getByRole('heading', { level: 1, name: '待核实留言' }).waitFor();
    await card(page, '楼道里的灯坏了').waitFor();

    // Assess: each held message with its reason and deadline, accessible
    await expect(card(page, '楼道里的灯坏了').getByRole('heading', { level: 2 }).textContent()).resolves.toBe('同一来源短时间内重复提交');
    await expect(
      card(page, '楼道里的灯坏了')
        .getByText(/^核实剩余 /)
        .count(),
    ).resolves.toBe(1);
    await expectAccessible(page, 'moderation-queue');
    await screenshot(page, 'moderation-queue');

    // Act: release the first to the station's least loaded (no deputy picked)
    await card(page, '楼道里的灯坏了').getByRole('button', { name: '转交代表' }).click();

    // Assess: confirmed, gone from the queue, and the citizen's message is with a deputy
    await page
      .getByRole('status')
      .filter({ hasText: /^留言已转交代表 / })
      .waitFor();
    await expect(card(page, '楼道里的灯坏了').count()).resolves.toBe(0);
    const released = await call(world.platform.url, 'GET', '/v1/moderation/held', undefined, await as('lucheng.reviewer'));
    expect(released.body.items.map((i: { messageId: string }) => i.messageId)).not.toContain(toRelease.messageId);
    expect((await track(toRelease)).timeline.at(-1).text).toMatch(/^您的留言已送达.+代表。$/);

    // Act: reject the second, first without a reason, then with one
    await card(page, '隔壁邻居养狗').getByRole('button', { name: '不予受理' }).click();
    await card(page, '隔壁邻居养狗').getByRole('alert').filter({ hasText: '请填写不予受理的理由' }).waitFor();
    await card(page, '隔壁邻居养狗').getByLabel('不予受理的理由（留言人可见）').fill('请通过社区调解室反映邻里纠纷。');
    await card(page, '隔壁邻居养狗').getByRole('button', { name: '不予受理' }).click();

    // Assess: the sender's tracking page shows the reason
    await page.getByRole('status').filter({ hasText: '已决定不予受理，留言人会看到理由。' }).waitFor();
    const rejected = await track(toReject);
    expect(rejected.status).toBe('closed');
    expect(rejected.timeline.at(-1).text).toBe('您的留言未予受理：请通过社区调解室反映邻里纠纷。');
    expect(problems.filter((p) => !/Failed to load resource/.test(p))).toEqual([]);
  }, 120_000);

  it('puts a held message past its deadline on the supervision list and marks it in the queue', async () => {
    // Prepare: a flood nobody acts on for longer than the reviewers' time
    await flood('小区门口的井盖不见了，赶紧来人！！');
    await world.platform.scheduler.run('messaging-schedule-deadline-sweep', new Date(Date.now() + 10 * 86_400_000));
    const { page } = await world.open('desktop');
    await signIn(page, 'lucheng.reviewer');

    // Act
    await visit(page, '/supervision', '问题清单');
    await page.getByRole('radio', { name: '督办清单' }).check({ force: true });
    const section = page.getByRole('region', { name: '超期未核实的留言' });
    await section.waitFor();

    // Assess: on the supervision list, red, with why; and flagged in the queue
    await expect(section.getByRole('row').filter({ hasText: '小区门口的井盖不见了' }).textContent()).resolves.toContain('同一来源短时间内重复提交');
    await expectAccessible(page, 'supervision-held-overdue');
    await screenshot(page, 'supervision-held-overdue');
    await visit(page, '/moderation', '待核实留言');
    await card(page, '小区门口的井盖不见了').getByText('已超期，列入督办').waitFor();
    await expectAccessible(page, 'moderation-overdue');
    await screenshot(page, 'moderation-queue');
  }, 120_000);
});
