import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCityConfig } from '../../shared/city/config.ts';
import type { LocalPlatform } from '../../infra/local/platform.ts';
import { seedDemoCity, type DemoSeedReport } from '../../services/identity/src/demo/seed.ts';
import { services } from '../../services/manifests.ts';
import { resourceNames } from '../../shared/runtime/manifest.ts';
import { call, demoSessions, eventually, startTestPlatform } from '../support/platform.ts';
import { editStoredSession, expectAccessible, launchChromium, openConsole, screenshot, signIn, type VIEWPORTS, type ConsolePage } from './console-browser.ts';

/**
 * Every screen of the staff console, for each role, at a phone's 390 px and a desktop's 1440 px:
 * axe-core finds no serious or critical violation, and a screenshot is written for people to look
 * at. Then the failures staff meet — wrong password, an expired session, 403/404 from the API, no
 * network, throttling — each shown as a clear Chinese message.
 */
describe('staff console screens', () => {
  let platform: LocalPlatform;
  let seed: DemoSeedReport;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const as = demoSessions(() => platform);
  let messageId: string;
  let caseId: string;
  let township: string;
  let unitCode: string;
  let deputyCode: string;

  beforeAll(async () => {
    [platform, browser] = await Promise.all([
      startTestPlatform(services, { beforeServe: async () => void (seed = await seedDemoCity(loadCityConfig('demo'))) }),
      launchChromium(),
    ]);
    const directoryQueue = platform.queues.get(resourceNames.queue('demo', 'messaging', 'directory'))!;
    await eventually(async () => (directoryQueue.depth().total === 0 ? true : undefined), 120_000, 'messaging directory caught up');

    // Something on every list: a message escalated, reviewed and forwarded, another waiting for review.
    const deputy = seed.directory.deputies.find((d) => d.termStatus === 'active' && d.level === 'township')!;
    deputyCode = deputy.code;
    township = deputy.townshipCode;
    const submit = (content: string) =>
      call(platform.url, 'POST', '/v1/messages', { deputyCode, category: 'public_facilities', content }, { 'x-forwarded-for': '203.0.113.7' });
    await submit('小区门口的路灯坏了两个星期，晚上出行很不方便，请尽快修理。');
    await submit('菜市场旁边的排水沟堵塞，下雨天污水漫到路面上。');
    const inbox = await eventually(
      async () => {
        const answer = await call(platform.url, 'GET', '/v1/inbox', undefined, await as(deputyCode));
        return answer.body.items?.length >= 2 ? answer.body.items : undefined;
      },
      30_000,
      'two messages in the inbox',
    );
    messageId = inbox[0].messageId;
    for (const item of inbox) {
      await call(platform.url, 'POST', `/v1/messages/${item.messageId}/escalate`, { reason: '需要有关部门处理' }, await as(deputyCode));
    }
    caseId = `c-${inbox[1].messageId.slice(2)}`;
    const reviewer = `${township}.reviewer`;
    const opened = await eventually(
      async () => {
        const answer = await call(platform.url, 'GET', `/v1/cases/${caseId}`, undefined, await as(reviewer));
        return answer.status === 200 ? answer.body : undefined;
      },
      30_000,
      'the case opened',
    );
    await eventually(
      async () => {
        const answer = await call(platform.url, 'GET', '/v1/reviews', undefined, await as(reviewer));
        return answer.body.items?.length >= 2 ? true : undefined;
      },
      30_000,
      'both cases waiting for review',
    );
    unitCode = opened.suggestedUnitCode ?? seed.directory.units[0]!.code;
    await call(platform.url, 'POST', `/v1/cases/${caseId}/forward`, { unitCode }, await as(reviewer));
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

  /** Opens a screen by its address after `#` and waits until it has loaded. */
  async function visit(page: Page, hash: string, heading: string): Promise<void> {
    await page.goto(`/console/#${hash}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await page.getByText('正在加载…').waitFor({ state: 'detached' });
    await page.waitForLoadState('networkidle');
  }

  const SCREENS: Record<string, () => [string, string, string][]> = {
    deputy: () => [
      ['/inbox', '群众留言', 'deputy-inbox'],
      [`/messages/${messageId}`, '留言详情', 'deputy-message'],
      ['/appointments', '接待预约', 'deputy-appointments'],
      ['/archive', '我的履职档案', 'deputy-archive'],
      ['/notifications', '通知与通报', 'deputy-notifications'],
      ['/preferences', '通知设置', 'deputy-preferences'],
      ['/password', '修改密码', 'password'],
    ],
    township: () => [
      ['/reviews', '待审核事项', 'review-queue'],
      ['/moderation', '待核实留言', 'moderation-queue'],
      [`/reviews/c-${messageId.slice(2)}`, '审核交办', 'review-case'],
      ['/supervision', '问题清单', 'supervision-lists'],
      ['/activities', '登记履职活动', 'activities'],
      ['/rankings', '履职排名', 'rankings'],
      ['/flags', '提醒名单', 'flags'],
    ],
    city: () => [
      ['/overview', '工作概览', 'committee-overview'],
      ['/bulletins', '发布通报', 'bulletin'],
      ['/livelihood', '民生实事票决', 'livelihood-ballots'],
    ],
    unit: () => [
      ['/tasks', '交办任务', 'unit-tasks'],
      [`/tasks/${caseId}`, '办理任务', 'unit-task'],
    ],
    admin: () => [
      ['/imports', '名录导入', 'admin-imports'],
      ['/accounts', '账号管理', 'admin-accounts'],
      ['/deliveries', '发送记录', 'admin-deliveries'],
      ['/privacy', '个人信息删除', 'admin-privacy'],
      ['/nowhere', '页面不存在', 'not-found'],
    ],
  };
  const USERNAMES: Record<string, () => string> = {
    deputy: () => deputyCode,
    township: () => `${township}.reviewer`,
    city: () => 'city.reviewer',
    unit: () => `${unitCode}.handler`,
    admin: () => 'admin',
  };

  it.each(['phone', 'desktop'] as const)('sign-in passes axe at %s size', async (size) => {
    // Prepare
    const { page, problems } = await open(size);

    // Act
    await page.goto('/console/');
    await page.getByRole('button', { name: '登录' }).waitFor();

    // Assess: the contract's accessible names, and no serious violation
    await expect(page.getByLabel('用户名').isEditable()).resolves.toBe(true);
    await expect(page.getByLabel('密码', { exact: true }).isEditable()).resolves.toBe(true);
    await expectAccessible(page, 'sign-in');
    await screenshot(page, 'sign-in');
    expect(problems).toEqual([]);
  });

  it.each(['phone', 'desktop'] as const)('account activation passes axe at %s size', async (size) => {
    // Prepare
    const { page, problems } = await open(size);

    // Act
    await page.goto('/console/#/activate');
    await page.getByRole('heading', { name: '激活代表账号' }).waitFor();

    // Assess
    await expect(page.getByLabel('激活码').isEditable()).resolves.toBe(true);
    await expectAccessible(page, 'activate');
    await screenshot(page, 'activate');
    expect(problems).toEqual([]);
  });

  for (const role of Object.keys(SCREENS)) {
    it.each(['phone', 'desktop'] as const)(
      `${role}'s screens pass axe at %s size`,
      async (size) => {
        // Prepare
        const { page, problems } = await open(size);
        await signIn(page, USERNAMES[role]!());

        for (const [hash, heading, name] of SCREENS[role]!()) {
          // Act
          await visit(page, hash, heading);

          // Assess
          await expectAccessible(page, name);
          await screenshot(page, name);
        }
        expect(problems.filter((p) => !/Failed to load resource/.test(p))).toEqual([]);
      },
      240_000,
    );
  }

  it('keeps the keyboard working: sign-in by Tab and Enter, the phone menu opened from the keyboard', async () => {
    // Prepare
    const { page } = await open('phone');
    await page.goto('/console/');
    await page.getByLabel('用户名').waitFor();

    // Act
    await page.getByLabel('用户名').focus();
    await page.keyboard.type(deputyCode);
    await page.keyboard.press('Tab');
    await page.keyboard.type('demo');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: '群众留言' }).waitFor();
    await page.getByRole('button', { name: '菜单' }).focus();
    await page.keyboard.press('Enter');

    // Assess
    await page.getByRole('link', { name: '履职档案' }).waitFor();
    await expect(page.getByRole('button', { name: '菜单' }).getAttribute('aria-expanded')).resolves.toBe('true');
  });

  it("keeps the JavaScript a deputy's phone loads for the inbox within 300 KB gzipped", async () => {
    // Prepare: a fresh phone (nothing cached) that counts every script it is sent
    const { page } = await open('phone');
    const scripts: { url: string; gzip: boolean; bytes: Promise<number> }[] = [];
    page.on('requestfinished', (request) => {
      if (!/\/console\/assets\/.+\.js$/.test(request.url())) return;
      const answer = request.response();
      scripts.push({
        url: request.url(),
        gzip: false,
        bytes: Promise.all([request.sizes(), answer]).then(([sizes, response]) => {
          const entry = scripts.find((s) => s.url === request.url())!;
          entry.gzip = response?.headers()['content-encoding'] === 'gzip';
          return sizes.responseBodySize;
        }),
      });
    });

    // Act: open the console, sign in, see the inbox
    await signIn(page, deputyCode);
    await page.getByRole('heading', { level: 1, name: '群众留言' }).waitFor();
    await page.waitForLoadState('networkidle');
    const sizes = await Promise.all(scripts.map((s) => s.bytes));
    const total = sizes.reduce((sum, n) => sum + n, 0);

    // Assess: every script came gzipped, and together they stay within the budget (docs/performance.md)
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.every((s) => s.gzip)).toBe(true);
    expect(scripts.some((s) => /BarChart/.test(s.url))).toBe(false);
    expect(total).toBeLessThanOrEqual(300 * 1024);
    process.stdout.write(`deputy inbox on a phone: ${scripts.length} scripts, ${(total / 1024).toFixed(1)} KB gzip\n`);
  });

  it('imports a directory file with a progress bar, and names the rows of a refused file in a table', async () => {
    // Prepare: the admin on the import screen; a stations file whose third line names no township
    const { page } = await open('desktop');
    await signIn(page, 'admin');
    await visit(page, '/imports', '名录导入');
    const station = seed.directory.stations[0]!;
    const header = 'code,name,townshipCode,address';
    const known = `${station.code},${station.name},${station.townshipCode},${station.address}`;
    const file = (text: string) => ({ name: 'stations.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });

    // Act
    await page.getByLabel('选择联络站 CSV 文件').setInputFiles(file(`${header}\n${known}\nnew-station,新建联络站,nowhere,某路 1 号\n`));
    await page.getByRole('button', { name: '导入联络站' }).click();

    // Assess: refused whole, the failing line and field named in Chinese, the bar at its end
    await page.getByRole('alert').filter({ hasText: '文件有 1 处错误，整个文件未导入。' }).waitFor();
    const failing = page.getByRole('row').filter({ hasText: '没有编号为 nowhere 的乡镇（街道）' });
    expect((await failing.getByRole('cell').allTextContents()).map((t) => t.trim())).toEqual(['3', '乡镇（街道）编号', '没有编号为 nowhere 的乡镇（街道）']);
    await expect(page.getByRole('progressbar', { name: '联络站导入进度' }).getAttribute('aria-valuenow')).resolves.toBe('100');
    await expectAccessible(page, 'admin-import-refused');
    await screenshot(page, 'admin-import-refused');

    // Act: the known station alone
    await page.getByLabel('选择联络站 CSV 文件').setInputFiles(file(`${header}\n${known}\n`));
    await page.getByRole('button', { name: '导入联络站' }).click();

    // Assess: accepted, nothing changed
    await page.getByRole('status').filter({ hasText: '导入完成：新增 0 条，更新 0 条，未变 1 条。' }).waitFor();
  });

  it('asks for a new password before anything else when the sign-in answer requires it', async () => {
    // Prepare: a platform whose sign-in answers `mustChangePassword: true` and which takes `POST /v1/auth/password`
    const { page } = await open('phone');
    const changes: unknown[] = [];
    await page.route('**/v1/auth/login', async (route) => {
      const answer = await route.fetch();
      await route.fulfill({ response: answer, json: { ...(await answer.json()), mustChangePassword: true } });
    });
    await page.route('**/v1/auth/password', async (route) => {
      changes.push(route.request().postDataJSON());
      await route.fulfill({ status: 204 });
    });

    // Act
    await page.goto('/console/');
    await page.getByLabel('用户名').fill(deputyCode);
    await page.getByLabel('密码', { exact: true }).fill('demo');
    await page.getByRole('button', { name: '登录' }).click();

    // Assess: the password screen first, and nowhere else until it is done
    await page.getByRole('heading', { level: 1, name: '修改密码' }).waitFor();
    await page.getByText('这是您第一次登录，请先设置新密码。').waitFor();
    await page.goto('/console/#/archive');
    await page.getByRole('heading', { level: 1, name: '修改密码' }).waitFor();

    // Act: a new password, typed twice
    await page.getByLabel('当前密码').fill('demo');
    await page.getByLabel('新密码', { exact: true }).fill('a-new-secret-1');
    await page.getByLabel('再次输入新密码').fill('a-new-secret-1');
    await page.getByRole('button', { name: '保存新密码' }).click();

    // Assess: sent as the accounts contract says, then on to the screen asked for
    await page.getByRole('heading', { level: 1, name: '我的履职档案' }).waitFor();
    expect(changes).toEqual([{ currentPassword: 'demo', newPassword: 'a-new-secret-1' }]);
  });

  describe('failures, each in Chinese', () => {
    const alert = (page: Page) => page.getByRole('alert').first();

    it('says the username or password is wrong', async () => {
      // Prepare
      const { page } = await open('phone');
      await page.goto('/console/');

      // Act
      await page.getByLabel('用户名').fill(deputyCode);
      await page.getByLabel('密码', { exact: true }).fill('not-the-password');
      await page.getByRole('button', { name: '登录' }).click();

      // Assess
      await alert(page).filter({ hasText: '用户名或密码错误。' }).waitFor();
      expect(page.url()).toContain('#/login');
    });

    it('says to wait after too many attempts (429 with Retry-After)', async () => {
      // Prepare: a username's sign-ins are throttled after five failures
      const { page } = await open('desktop');
      await page.goto('/console/');
      const username = `${unitCode}.handler`;
      for (let i = 0; i < 5; i++) await call(platform.url, 'POST', '/v1/auth/login', { username, password: 'wrong' });

      // Act
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码', { exact: true }).fill('wrong again');
      await page.getByRole('button', { name: '登录' }).click();

      // Assess
      await alert(page)
        .filter({ hasText: /^操作过于频繁，请 \d+ 秒后再试。$/ })
        .waitFor();
    });

    it('returns an expired session to sign-in and afterwards back to the same screen', async () => {
      // Prepare: signed in, on the archive, when the API stops accepting the token
      const { page } = await open('phone');
      await signIn(page, deputyCode);
      await visit(page, '/archive', '我的履职档案');
      await editStoredSession(page, (stored) => ({ ...stored, token: `${stored.token.slice(0, -4)}AAAA` }));

      // Act: the screen's next call is refused with 401
      await page.reload();

      // Assess: back at sign-in, told why
      await page.getByRole('status').filter({ hasText: '登录已过期，请重新登录。' }).waitFor();
      expect(decodeURIComponent(page.url())).toContain('redirect=/archive');

      // Act: sign in again
      await page.getByLabel('用户名').fill(deputyCode);
      await page.getByLabel('密码', { exact: true }).fill('demo');
      await page.getByRole('button', { name: '登录' }).click();

      // Assess: where the deputy was
      await page.getByRole('heading', { level: 1, name: '我的履职档案' }).waitFor();
    });

    it('returns a session whose time ran out to sign-in before any call', async () => {
      // Prepare
      const { page } = await open('desktop');
      await signIn(page, `${township}.reviewer`);
      await editStoredSession(page, (stored) => ({ ...stored, expiresAt: Date.now() - 1000 }));

      // Act: the reviewer comes back to the console later
      await page.goto('/console/#/rankings');
      await page.reload();

      // Assess
      await page.getByRole('status').filter({ hasText: '登录已过期，请重新登录。' }).waitFor();
      expect(decodeURIComponent(page.url())).toContain('redirect=/rankings');
    });

    it('says what a 404 from the API means', async () => {
      // Prepare
      const { page } = await open('phone');
      await signIn(page, deputyCode);

      // Act: a message that is not this deputy's (or does not exist)
      await page.goto('/console/#/messages/m-doesnotexist0000');

      // Assess
      await alert(page).filter({ hasText: '没有找到该内容：它可能已被处理，或不在您的权限范围内。' }).waitFor();
    });

    it('says what a 403 from the API means', async () => {
      // Prepare: the API refuses the caller's role for the inbox
      const { page } = await open('phone');
      await signIn(page, deputyCode);
      await page.route('**/v1/inbox*', (route) =>
        route.fulfill({ status: 403, contentType: 'application/json', body: JSON.stringify({ error: { code: 'FORBIDDEN', message: 'Not allowed.' } }) }),
      );

      // Act
      await page.reload();

      // Assess
      await alert(page).filter({ hasText: '您没有权限进行此操作。' }).waitFor();
    });

    it('says the network is gone, and recovers when it is back', async () => {
      // Prepare
      const { page, context } = await open('phone');
      await signIn(page, deputyCode);
      await page.getByRole('link').filter({ hasText: '路灯' }).first().waitFor();

      // Act: no network, then a filter that needs the API
      await context.setOffline(true);
      await page.getByRole('radio', { name: '待答复' }).check({ force: true });

      // Assess
      await alert(page).filter({ hasText: '网络连接失败，请检查网络后重试。' }).waitFor();

      // Act: the network is back
      await context.setOffline(false);
      await page.getByRole('radio', { name: '全部' }).check({ force: true });

      // Assess
      await alert(page).waitFor({ state: 'detached' });
      await page.getByRole('link').filter({ hasText: '路灯' }).first().waitFor();
    });
  });
});
