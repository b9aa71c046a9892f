import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalPlatform } from '../../infra/local/platform.ts';
import { seedDemoCity } from '../../services/identity/src/demo/seed.ts';
import { services } from '../../services/manifests.ts';
import { loadCityConfig } from '../../shared/city/config.ts';
import { newDeputyFile } from '../support/deputy-file.ts';
import { call, demoSessions, eventually, startTestPlatform } from '../support/platform.ts';
import { expectAccessible, launchChromium, openConsole, screenshot, signIn, type ConsolePage, type VIEWPORTS } from './console-browser.ts';

/**
 * The admin's accounts screen against the real accounts routes: create a staff account (its
 * one-time password shown once), change its role and scope, disable and enable it, reset its
 * password, export the activation codes of deputies not yet activated; then the new colleague signs
 * in with the one-time password, is held on the password screen until they set one, and later
 * changes it themselves from the menu.
 */
describe('console: accounts and passwords', () => {
  const city = loadCityConfig('demo');
  let platform: LocalPlatform;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const as = demoSessions(() => platform);
  const township = city.townships[0]!;
  const username = 'desk.reviewer9';
  const pendingDeputy = 'D0996';

  beforeAll(async () => {
    [platform, browser] = await Promise.all([startTestPlatform(services, { beforeServe: async () => void (await seedDemoCity(city)) }), launchChromium()]);
    // A deputy imported now: their account waits, pending, for an activation code.
    const file = newDeputyFile(city, { code: pendingDeputy, name: '待激活代表', phone: '13800009996' });
    const admin = await as('admin');
    const accepted = await fetch(`${platform.url}/v1/directory/deputies/import`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'text/csv' },
      body: file,
    });
    expect(accepted.status).toBe(202);
    await eventually(
      async () => ((await account(pendingDeputy))?.status === 'pending' ? true : undefined),
      60_000,
      'the imported deputy has a pending account',
    );
  }, 240_000);
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await platform?.stop();
  });

  async function open(size: keyof typeof VIEWPORTS): Promise<ConsolePage> {
    const opened = await openConsole(browser, platform.url, size);
    contexts.push(opened.context);
    return opened;
  }

  /** The account as the API lists it. */
  async function account(name: string): Promise<{ status: string; role: string; scope: object; mustChangePassword: boolean } | undefined> {
    const answer = await call(platform.url, 'GET', `/v1/accounts?q=${encodeURIComponent(name)}`, undefined, await as('admin'));
    return answer.body.items?.find((a: { username: string }) => a.username === name);
  }

  const signInStatus = async (password: string) => (await call(platform.url, 'POST', '/v1/auth/login', { username, password })).status;
  const rowOf = (page: Page, name: string) => page.getByRole('row').filter({ hasText: name });
  const done = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text }).waitFor();

  async function choose(page: Page, field: string, option: string): Promise<void> {
    // The chosen option's label lies over the select's input: the click goes through it, as a person's would.
    await page.getByRole('combobox', { name: field }).click({ force: true });
    await page.getByRole('option', { name: option, exact: true }).click();
    // The list closes with a transition: scan or click on only once no dropdown is shown any more.
    await expect.poll(() => page.locator('.el-select-dropdown:visible').count()).toBe(0);
  }

  let oneTimePassword: string;

  it('creates a staff account and shows its one-time password once', async () => {
    // Prepare
    const { page } = await open('desktop');
    await signIn(page, 'admin');
    await page.goto('/console/#/accounts');
    await page.getByLabel('搜索').fill('desk.');
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByText('没有符合条件的账号。').waitFor();

    // Act
    await page.getByRole('button', { name: '新建账号' }).click();
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('姓名').fill('柯审核');
    await choose(page, '乡镇（街道）', township.name);
    await expectAccessible(page, 'accounts-new');
    await page.getByRole('button', { name: '创建账号' }).click();

    // Assess: the password once, the account active and bound to change it
    const shown = page.locator('.otp');
    await shown.waitFor();
    oneTimePassword = (await shown.textContent())!.trim();
    expect(oneTimePassword).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await rowOf(page, username).waitFor();
    await expectAccessible(page, 'accounts-one-time-password');
    await screenshot(page, 'admin-accounts-one-time-password');
    expect(await account(username)).toMatchObject({
      status: 'active',
      role: 'township_reviewer',
      scope: { townshipCode: township.code },
      mustChangePassword: true,
    });
    await page.getByRole('button', { name: '我已记下' }).click();
    await expect(page.locator('.otp').count()).resolves.toBe(0);
    await expect(page.getByText(oneTimePassword).count()).resolves.toBe(0);
  });

  it('changes the role and scope, disables and enables the account, and resets its password', async () => {
    // Prepare
    const { page } = await open('desktop');
    await signIn(page, 'admin');
    await page.goto('/console/#/accounts');
    await page.getByLabel('搜索').fill(username);
    await page.getByRole('button', { name: '查询' }).click();
    const row = rowOf(page, username);
    await row.waitFor();

    // Act: a city reviewer now
    await row.getByRole('button', { name: '改角色' }).click();
    await choose(page, '新角色', '市人大常委会审核员');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await done(page, '市人大常委会审核员');
    const changed = await account(username);

    // Act: disabled, then enabled
    await row.getByRole('button', { name: '停用' }).click();
    await done(page, `已停用 ${username}`);
    await row.getByText('已停用').waitFor();
    const disabled = await account(username);
    const whileDisabled = await signInStatus(oneTimePassword);
    await row.getByRole('button', { name: '启用' }).click();
    await done(page, `已启用 ${username}`);
    const enabled = await account(username);

    // Act: a new one-time password
    await row.getByRole('button', { name: '重置密码' }).click();
    const shown = page.locator('.otp');
    await shown.waitFor();
    const reset = (await shown.textContent())!.trim();

    // Assess
    expect(changed).toMatchObject({ role: 'city_reviewer', scope: {} });
    expect(disabled?.status).toBe('disabled');
    expect(whileDisabled).toBe(401);
    expect(enabled?.status).toBe('active');
    expect(reset).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(reset).not.toBe(oneTimePassword);
    expect(await signInStatus(oneTimePassword)).toBe(401);
    oneTimePassword = reset;
  });

  it('exports the activation codes of deputies not yet activated as CSV', async () => {
    // Prepare
    const { page } = await open('desktop');
    await signIn(page, 'admin');
    await page.goto('/console/#/accounts');
    await page.getByRole('heading', { level: 1, name: '账号管理' }).waitFor();

    // Act
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出激活码' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');

    // Assess: the pending deputy's code, and it activates their account
    await done(page, /已导出 \d+ 个代表的激活码/);
    expect(download.suggestedFilename()).toBe('activation-codes.csv');
    const rows = csv
      .trim()
      .split(/\r?\n/)
      .map((line) => line.split(',').map((cell) => cell.replace(/^"|"$/g, '')));
    expect(rows[0]).toEqual(['username', 'name', 'activationCode']);
    const code = rows.find(([name]) => name === pendingDeputy)![2]!;
    const activated = await call(platform.url, 'POST', '/v1/auth/activate', {
      username: pendingDeputy,
      activationCode: code,
      newPassword: 'lamp-post-river-9',
    });
    expect(activated.status).toBe(200);
  });

  it('holds a one-time password on the password screen until a new one is set, and lets staff change it again from the menu', async () => {
    // Prepare
    const { page } = await open('phone');
    await page.goto('/console/');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码', { exact: true }).fill(oneTimePassword);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: '修改密码' }).waitFor();
    await expectAccessible(page, 'password-first');
    await screenshot(page, 'password-first');
    const setPassword = async (current: string, next: string) => {
      await page.getByLabel('当前密码').fill(current);
      await page.getByLabel('新密码', { exact: true }).fill(next);
      await page.getByLabel('再次输入新密码').fill(next);
      await page.getByRole('button', { name: '保存新密码' }).click();
    };

    // Act: too short, then too common, then a good one
    await setPassword(oneTimePassword, 'short1');
    await page.getByRole('alert').filter({ hasText: '新密码至少 10 个字符' }).waitFor();
    await setPassword(oneTimePassword, 'password123456');
    await page.getByRole('alert').filter({ hasText: '新密码不符合要求' }).waitFor();
    await setPassword(oneTimePassword, 'quiet-harbour-42');

    // Assess: on to the city reviewer's first screen, and only the new password signs in
    await page.getByRole('heading', { level: 1, name: '待审核事项' }).waitFor();
    expect(await signInStatus('quiet-harbour-42')).toBe(200);
    expect(await signInStatus(oneTimePassword)).toBe(401);

    // Act: later, from the menu
    await page.getByRole('button', { name: '菜单' }).click();
    await page.getByRole('link', { name: '修改密码' }).click();
    await page.getByRole('heading', { level: 1, name: '修改密码' }).waitFor();
    await expectAccessible(page, 'password-self-service');
    await setPassword('quiet-harbour-42', 'amber-lantern-77');
    await page.getByRole('heading', { level: 1, name: '待审核事项' }).waitFor();

    // Assess: the new password works, and the session the console kept still does
    expect(await signInStatus('amber-lantern-77')).toBe(200);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: '待审核事项' }).waitFor();
    expect(await account(username)).toMatchObject({ mustChangePassword: false });
  });
});
