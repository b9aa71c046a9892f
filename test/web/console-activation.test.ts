import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalPlatform } from '../../infra/local/platform.ts';
import { seedDemoCity } from '../../services/identity/src/demo/seed.ts';
import { identityService } from '../../services/identity/src/service.ts';
import { servedWithConsole } from '../../services/manifests.ts';
import { messagingService } from '../../services/messaging/src/service.ts';
import { LOCAL_SECRETS_ENV } from '../../shared/secrets/secret-source.ts';
import { notificationsService } from '../../services/notifications/src/service.ts';
import { fakeAliyunSms, type FakeProvider } from '../../services/notifications/test/unit/fake-providers.ts';
import { loadCityConfig, type CityConfig } from '../../shared/city/config.ts';
import { newDeputyFile } from '../support/deputy-file.ts';
import { call, demoSessions, eventually, startTestPlatform } from '../support/platform.ts';
import { expectAccessible, launchChromium, openConsole, screenshot } from './console-browser.ts';

const ALIYUN = { accessKeyId: 'LTAI-activation', accessKeySecret: 'activation-secret' };
const ACTIVATION_TEMPLATE = 'SMS_900000099';

/**
 * A deputy activates their account with a code asked for by SMS: the demo city with its SMS channel
 * pointed at a fake Aliyun gateway (which checks the signed request), the code read from the text
 * the gateway received. Through the API first (no enumeration, the limits), then through the
 * console's sign-in page and its "send me a code" link in Chromium.
 */
describe('activation codes by SMS', () => {
  let sms: FakeProvider;
  let platform: LocalPlatform;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const as = demoSessions(() => platform);
  const byApi = { code: 'D0997', name: '短信激活甲', phone: '13800009997' };
  const byConsole = { code: 'D0998', name: '短信激活乙', phone: '13800009998' };

  /** The texts the fake gateway accepted for a phone, with the code each carried. */
  const textsTo = (phone: string) =>
    sms.requests
      .filter((r) => r.answer === 'OK' && r.fields.PhoneNumbers === phone)
      .map((r) => ({ templateCode: r.fields.TemplateCode, code: (JSON.parse(String(r.fields.TemplateParam)) as { code: string }).code }));
  const askForCode = (username: string) => call(platform.url, 'POST', '/v1/auth/activation-code', { username });

  beforeAll(async () => {
    sms = await fakeAliyunSms({ ...ALIYUN, signName: '民情直通', approvedTemplates: [ACTIVATION_TEMPLATE] });
    const secrets = join(mkdtempSync(join(tmpdir(), 'minqing-secrets-')), 'secrets.json');
    writeFileSync(secrets, JSON.stringify({ 'minqing/demo/aliyun-sms': ALIYUN }));
    process.env[LOCAL_SECRETS_ENV] = secrets;
    const demo = loadCityConfig('demo');
    const city: CityConfig = {
      ...demo,
      notifications: {
        ...demo.notifications,
        channels: {
          ...demo.notifications.channels,
          sms: { signName: '民情直通', secretName: 'minqing/demo/aliyun-sms', endpoint: sms.url, templates: { activation_code: ACTIVATION_TEMPLATE } },
        },
      },
    };
    [platform, browser] = await Promise.all([
      startTestPlatform([identityService, notificationsService, servedWithConsole(messagingService)], {
        city,
        beforeServe: async () => void (await seedDemoCity(city)),
      }),
      launchChromium(),
    ]);
    // Two deputies imported now, with phones: their accounts wait, pending, for an activation code.
    const file = [newDeputyFile(city, byApi), newDeputyFile(city, byConsole).split('\n')[1]].join('\n');
    const accepted = await call(platform.url, 'POST', '/v1/directory/deputies/import', file, { ...(await as('admin')), 'content-type': 'text/csv' });
    expect(accepted.status).toBe(202);
    await eventually(
      async () => {
        const page = await call(platform.url, 'GET', '/v1/accounts?q=D099', undefined, await as('admin'));
        const pending = page.body.items.filter((a: { status: string }) => a.status === 'pending');
        return pending.length === 2 ? true : undefined;
      },
      60_000,
      'the imported deputies have pending accounts',
    );
  }, 240_000);
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await platform?.stop();
    await sms?.close();
    delete process.env[LOCAL_SECRETS_ENV];
  });

  it('texts a pending deputy a code that activates the account, and answers everyone else alike', async () => {
    // Act
    const pending = await askForCode(byApi.code);
    const unknown = await askForCode('D9999');
    const alreadyActive = await askForCode('D0001');
    const texts = await eventually(async () => {
      const sent = textsTo(byApi.phone);
      return sent.length > 0 ? sent : undefined;
    });
    const activated = await call(platform.url, 'POST', '/v1/auth/activate', {
      username: byApi.code,
      activationCode: texts[0]!.code,
      newPassword: 'county-road-lantern-7',
    });
    const signIn = await call(platform.url, 'POST', '/v1/auth/login', { username: byApi.code, password: 'county-road-lantern-7' });

    // Assess
    for (const answer of [pending, unknown, alreadyActive]) {
      expect(answer.status).toBe(202);
      expect(answer.body).toEqual({ accepted: true });
    }
    expect(texts).toEqual([{ templateCode: ACTIVATION_TEMPLATE, code: expect.stringMatching(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/) }]);
    expect(sms.requests.map((r) => r.fields.PhoneNumbers)).toEqual([byApi.phone]);
    expect(activated.status).toBe(200);
    expect(signIn.status).toBe(200);
    expect(signIn.body.user).toMatchObject({ username: byApi.code, role: 'deputy' });
  });

  it('limits requests per username, whether or not it exists', async () => {
    // Act
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await askForCode('D9998'));

    // Assess
    expect(answers.slice(0, 3).map((a) => a.status)).toEqual([202, 202, 202]);
    expect(answers[3]!.status).toBe(429);
    expect(Number(answers[3]!.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('lets a deputy ask for a code from the sign-in page and activate with it (phone)', async () => {
    // Prepare
    const { page, context, problems } = await openConsole(browser, platform.url, 'phone');
    contexts.push(context);
    await page.goto('/console/');
    await page.getByLabel('用户名').fill(byConsole.code);

    // Act
    await page.getByRole('link', { name: /短信获取激活码/ }).click();
    await page.getByRole('heading', { name: '激活代表账号' }).waitFor();
    await expectAccessible(page, 'activate');
    await page.getByRole('button', { name: '发送激活码短信' }).click();
    await page.getByRole('status').filter({ hasText: '激活码短信' }).waitFor();
    const [text] = await eventually(async () => {
      const sent = textsTo(byConsole.phone);
      return sent.length > 0 ? sent : undefined;
    });
    await page.getByLabel('激活码').fill(text!.code.toLowerCase().replaceAll('-', ' '));
    await page.getByLabel('新密码', { exact: true }).fill('mountain-tea-garden-3');
    await page.getByLabel('再次输入新密码').fill('mountain-tea-garden-3');
    await screenshot(page, 'activate');
    await page.getByRole('button', { name: '激活并登录' }).click();
    await page.getByRole('button', { name: '退出登录' }).waitFor();

    // Assess
    expect(page.url()).toContain('#/inbox');
    expect(problems).toEqual([]);
    const signIn = await call(platform.url, 'POST', '/v1/auth/login', { username: byConsole.code, password: 'mountain-tea-garden-3' });
    expect(signIn.status).toBe(200);
  });
});
