import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadCityConfig } from '../../shared/city/config.ts';
import type { LocalPlatform } from '../../infra/local/platform.ts';
import { seedDemoCity } from '../../services/identity/src/demo/seed.ts';
import { identityService } from '../../services/identity/src/service.ts';
import { servedWithConsole } from '../../services/manifests.ts';
import { messagingService } from '../../services/messaging/src/service.ts';
import { notificationsService } from '../../services/notifications/src/service.ts';
import { firstReceptionGroup, receptionGroupKnown } from '../support/reception.ts';
import { lastTextParams } from '../support/texts.ts';
import { participationService } from '../../services/participation/src/service.ts';
import { startTestPlatform } from '../support/platform.ts';
import { expectAccessible, launchChromium, openConsole, screenshot, signIn } from './console-browser.ts';

/**
 * Reception-day appointments (代表固定接待日) in real Chromium, the platform's clock on the eve of
 * the 15th: a citizen books a slot from the station's page on their phone and enters the SMS code,
 * sees the confirmation, cancels it and books again; on the day a deputy of the group sees who comes
 * (phone masked) in the console and records the appointment held. axe-core checks every state.
 */
describe('reception-day appointments in the browser', () => {
  const city = loadCityConfig('demo');
  const group = firstReceptionGroup(city);
  const member = group.deputies[0]!;
  let platform: LocalPlatform;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const lastCode = () => lastTextParams('appointment_code').code!;

  beforeAll(async () => {
    // 09:00 on 14 December 2026 in the city, the eve of the reception day.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true, now: new Date('2026-12-14T01:00:00Z') });
    [platform, browser] = await Promise.all([
      startTestPlatform([identityService, servedWithConsole(messagingService), participationService, notificationsService], {
        beforeServe: async () => void (await seedDemoCity(city)),
      }),
      launchChromium(),
    ]);
    await receptionGroupKnown(platform, group);
  }, 180_000);
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await platform?.stop();
    vi.useRealTimers();
  });

  it("books, shows, cancels and re-books a slot from the station's page on a phone", async () => {
    // Prepare
    const citizen = await openConsole(browser, platform.url, 'phone');
    contexts.push(citizen.context);
    const { page, problems } = citizen;
    await page.goto(`/r/${group.stationCode}`);
    await page.getByRole('heading', { name: '预约接待' }).waitFor();
    await expectAccessible(page, 'reception-page');
    await screenshot(page, 'reception-page');

    // Act: book 09:30 on the 15th with the SMS code
    const slot = (start: string) => page.getByRole('radio', { name: new RegExp(`^${start}–`) }).first();
    await slot('09:30').check();
    await page.getByLabel(/反映的事项/).fill('村口路灯坏了三个月，晚上出行不便');
    await page.getByLabel(/称呼/).fill('李先生');
    await page.getByLabel(/手机号码/).fill('13800138000');
    await page.getByRole('button', { name: '获取验证码并预约' }).click();
    await page.getByRole('heading', { name: '输入短信验证码' }).waitFor();
    await expectAccessible(page, 'reception-code');
    await page.getByLabel(/验证码已发送至/).fill(lastCode());
    await page.getByRole('button', { name: '确认预约' }).click();
    await page.getByRole('heading', { name: '预约成功' }).waitFor();
    await expectAccessible(page, 'reception-booked');
    await screenshot(page, 'reception-booked');
    const firstUrl = page.url();

    // Act: cancel it, then book 10:00 instead
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: '取消预约' }).click();
    await page.getByRole('heading', { name: '预约已取消' }).waitFor();
    await page.getByRole('link', { name: '重新预约' }).click();
    await page.getByRole('heading', { name: '预约接待' }).waitFor();
    await slot('10:00').check();
    await page.getByLabel(/反映的事项/).fill('村口路灯坏了三个月，晚上出行不便');
    await page.getByLabel(/手机号码/).fill('13800138000');
    await page.getByRole('button', { name: '获取验证码并预约' }).click();
    await page.getByRole('heading', { name: '输入短信验证码' }).waitFor();
    await page.getByLabel(/验证码已发送至/).fill(lastCode());
    await page.getByRole('button', { name: '确认预约' }).click();
    await page.getByRole('heading', { name: '预约成功' }).waitFor();

    // Assess
    expect(firstUrl).toMatch(/\/a\/a-[a-f0-9]{16}$/);
    expect(page.url()).not.toBe(firstUrl);
    expect(await page.locator('#appointment-when').textContent()).toContain('10:00–10:30');
    await page.goto(firstUrl);
    await page.getByRole('heading', { name: '预约已取消' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('shows the group who comes on the day and records it held, in the console', async () => {
    // Prepare: the reception day, 11:00 in the city
    vi.setSystemTime(new Date('2026-12-15T03:00:00Z'));
    const deputy = await openConsole(browser, platform.url, 'desktop');
    contexts.push(deputy.context);
    const { page, problems } = deputy;
    await signIn(page, member.code);

    // Act
    await page.getByRole('link', { name: '接待预约' }).click();
    await page.getByRole('heading', { name: '接待预约' }).waitFor();
    await page.getByText('李先生').waitFor();
    await expectAccessible(page, 'appointments');
    await screenshot(page, 'appointments');
    await page.locator('label.el-checkbox', { hasText: member.name }).click();
    await page.getByRole('button', { name: '已接待' }).click();

    // Assess: until it is recorded, the booked row's cell also holds the "已接待" button and the deputies' boxes,
    // so wait for the recorded row: its status cell and the cell naming the deputy present, both exactly
    await page.getByRole('cell', { name: '已接待', exact: true }).waitFor();
    await page.getByRole('cell', { name: member.name, exact: true }).waitFor();
    expect(await page.getByText('138****8000').count()).toBe(2); // the cancelled appointment and the one held
    expect(await page.getByText('13800138000').count()).toBe(0);
    expect(await page.getByRole('cell', { name: member.name, exact: true }).count()).toBe(1);
    expect(problems).toEqual([]);
  });
});
