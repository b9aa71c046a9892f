import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalPlatform } from '../../infra/local/platform.ts';
import { seedDemoCity } from '../../services/identity/src/demo/seed.ts';
import { identityService } from '../../services/identity/src/service.ts';
import { servedWithConsole } from '../../services/manifests.ts';
import { messagingService } from '../../services/messaging/src/service.ts';
import { notificationsService } from '../../services/notifications/src/service.ts';
import { fakeWechat } from '../../services/notifications/test/unit/fake-providers.ts';
import { LOCAL_SECRETS_ENV } from '../../shared/secrets/secret-source.ts';
import { demoCityWithFakeWechat } from '../support/fake-wechat-city.ts';
import { call, demoSessions, freePort, startTestPlatform } from '../support/platform.ts';
import { expectAccessible, launchChromium, openConsole, screenshot, signIn, WECHAT_USER_AGENT } from './console-browser.ts';

const APP = { appId: 'wx-minqing-console', appSecret: 'app-secret-console' };
const OPENID = 'oDeputyConsole0002';
/**
 * 绑定微信 in the console, inside WeChat: the deputy's settings show unbound, the button goes to the
 * (fake) official account's authorization page, WeChat sends the browser back and the settings show
 * the binding; unbinding shows it gone. In Chromium with WeChat's user agent, axe-clean.
 */
describe('console: binding WeChat', () => {
  let wechat: Awaited<ReturnType<typeof fakeWechat>>;
  let platform: LocalPlatform;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const as = demoSessions(() => platform);

  beforeAll(async () => {
    wechat = await fakeWechat({ ...APP, followers: [OPENID], templates: [] });
    const port = await freePort();
    const city = demoCityWithFakeWechat(wechat, APP, { publicBaseUrl: `http://127.0.0.1:${port}` });
    [platform, browser] = await Promise.all([
      startTestPlatform([identityService, notificationsService, servedWithConsole(messagingService)], {
        city,
        port,
        beforeServe: async () => void (await seedDemoCity(city)),
      }),
      launchChromium(),
    ]);
  }, 240_000);
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await platform?.stop();
    await wechat?.close();
    delete process.env[LOCAL_SECRETS_ENV];
  });

  it('binds the deputy through the official account and unbinds (phone, inside WeChat)', async () => {
    // Prepare
    const { page, context, problems } = await openConsole(browser, platform.url, 'phone', { userAgent: WECHAT_USER_AGENT });
    contexts.push(context);
    await signIn(page, 'D0002');
    await page.goto('/console/#/preferences');
    const status = page.getByTestId('wechat-status');
    await status.filter({ hasText: '未绑定' }).waitFor();
    await expectAccessible(page, 'preferences-wechat');

    // Act: 绑定微信 → WeChat's authorization page → back to the settings
    await page.getByRole('button', { name: '绑定微信' }).click();
    await page.getByRole('status').filter({ hasText: '微信已绑定' }).waitFor();
    await status.filter({ hasText: '已绑定' }).waitFor();
    await expectAccessible(page, 'preferences-wechat-bound');
    await screenshot(page, 'preferences-wechat');
    const bound = await call(platform.url, 'GET', '/v1/me/wechat', undefined, await as('D0002'));
    await page.getByRole('button', { name: '解除绑定' }).click();
    await status.filter({ hasText: '未绑定' }).waitFor();
    const unbound = await call(platform.url, 'GET', '/v1/me/wechat', undefined, await as('D0002'));

    // Assess
    expect(page.url()).toContain('#/preferences?wechat=bound');
    expect(bound.body).toMatchObject({ bound: true });
    expect(unbound.body).toEqual({ bound: false });
    expect(wechat.requests.filter((r) => r.answer === 'openid')).toHaveLength(1);
    expect(problems).toEqual([]);
  }, 120_000);
});
