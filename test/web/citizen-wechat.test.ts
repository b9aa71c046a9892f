import type { Browser, BrowserContext, Locator, Page, Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalPlatform } from '../../infra/local/platform.ts';
import { seedDemoCity, type DemoSeedReport } from '../../services/identity/src/demo/seed.ts';
import { identityService } from '../../services/identity/src/service.ts';
import { messagingService } from '../../services/messaging/src/service.ts';
import { recordedSends } from '../../services/notifications/src/adapters/channels/recording-channel.ts';
import { notificationsService } from '../../services/notifications/src/service.ts';
import { fakeWechat } from '../../services/notifications/test/unit/fake-providers.ts';
import { LOCAL_SECRETS_ENV } from '../../shared/secrets/secret-source.ts';
import { demoCityWithFakeWechat } from '../support/fake-wechat-city.ts';
import { call, demoSessions, eventually, freePort, settled, startTestPlatform } from '../support/platform.ts';
import { expectAccessible, launchChromium, openConsole, screenshot, WECHAT_USER_AGENT } from './console-browser.ts';

const APP = { appId: 'wx-minqing-citizen', appSecret: 'app-secret-citizen' };
/** The citizen's openid for the city's official account (they follow it). */
const OPENID = 'oCitizenTracking0007';
/** The official account's templates for a deputy's answers. */
const TEMPLATES = { message_replied: 'tmpl-citizen-replied', message_answered: 'tmpl-citizen-answered' };
/** A weekday morning in the city (09:00 on 14 December 2026 in Shanghai): no quiet hours hold a notice back. */
const MORNING = new Date('2026-12-14T01:00:00Z');
/** Latin a citizen is meant to read on the tracking page: tracking codes as printed (see citizen-errors.test.ts). */
const latinIn = (text: string) => text.replace(/\b[0-9A-Z]{4}-[0-9A-Z]{4}\b/g, '').match(/[A-Za-z]+/g) ?? [];

/**
 * 在微信接收进展通知 on the tracking page, in Chromium at phone size: inside WeChat the card offers
 * it, the button goes to the (fake) official account's authorization page, WeChat sends the browser
 * back, the page redeems the ticket and shows WeChat notices on; the deputy's reply then reaches the
 * citizen as a WeChat template message, not a text; 取消微信通知 turns it off. Outside WeChat the
 * card is not offered. Axe-clean, and no Latin on the page but the tracking code.
 */
describe('tracking page: WeChat notices for a citizen', () => {
  let wechat: Awaited<ReturnType<typeof fakeWechat>>;
  let platform: LocalPlatform;
  let seed: DemoSeedReport;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const as = demoSessions(() => platform);

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true, now: MORNING });
    wechat = await fakeWechat({ ...APP, followers: [OPENID], templates: Object.values(TEMPLATES) });
    const port = await freePort();
    const city = demoCityWithFakeWechat(wechat, APP, { publicBaseUrl: `http://127.0.0.1:${port}`, templates: TEMPLATES });
    [platform, browser] = await Promise.all([
      startTestPlatform([identityService, messagingService, notificationsService], {
        city,
        port,
        beforeServe: async () => void (seed = await seedDemoCity(city)),
      }),
      launchChromium(),
    ]);
    // Messaging learns of the deputies from identity's events.
    await settled(platform, 60_000);
  }, 240_000);
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await wechat?.close();
    delete process.env[LOCAL_SECRETS_ENV];
    vi.useRealTimers();
  });

  /** A citizen's message to a township deputy of 鹿城镇, with a phone: its ids and the deputy. */
  async function submitMessage(content: string) {
    const deputy = seed.directory.deputies.find((d) => d.termStatus === 'active' && d.level === 'township' && d.townshipCode === 'lucheng')!;
    const submitted = await call(platform.url, 'POST', '/v1/messages', {
      deputyCode: deputy.code,
      category: 'public_facilities',
      content,
      name: '林晓梅',
      phone: '13712345678',
    });
    expect(submitted.status).toBe(202);
    await settled(platform);
    return { ...(submitted.body as { messageId: string; trackingCode: string; trackingToken: string }), deputy };
  }

  const card = (page: Page) => page.getByRole('region', { name: '微信通知' });
  const turnOn = (page: Page) => page.getByRole('button', { name: '在微信接收进展通知' });
  const turnOff = (page: Page) => page.getByRole('button', { name: '取消微信通知' });
  /** The rendered text (innerText), not the DOM's: hidden buttons and sections hold words a citizen never sees. */
  // biome-ignore lint/performance/useDomNodeTextContent: only what is shown counts
  const shown = (locator: Locator) => locator.innerText();
  const visibleLatin = async (page: Page) => latinIn(await shown(page.locator('body')));
  const tracked = (code: string, token: string) => call(platform.url, 'GET', `/v1/track/${code}`, undefined, { 'x-tracking-token': token });
  const templateSends = () => wechat.requests.filter((r) => r.path === '/cgi-bin/message/template/send');

  it('turns WeChat notices on inside WeChat, tells the citizen of the reply there, and turns them off (phone)', async () => {
    // Prepare: a message with a phone, its tracking page opened inside WeChat
    const message = await submitMessage('村口的公交站牌被风刮倒了，请尽快修好，方便老人等车。');
    const { page, context, problems } = await openConsole(browser, platform.url, 'phone', { userAgent: WECHAT_USER_AGENT });
    contexts.push(context);
    const requests: Request[] = [];
    page.on('request', (request) => requests.push(request));
    await page.goto(`/t/${message.trackingCode}#${message.trackingToken}`);
    await page.locator('#r-code', { hasText: message.trackingCode }).waitFor();
    await turnOn(page).waitFor();
    const offered = { text: await shown(card(page)), off: await turnOff(page).isVisible(), latin: await visibleLatin(page) };
    await expectAccessible(page, 'tracking-wechat-offered');

    // Act: 在微信接收进展通知 → WeChat's authorization page → back to the tracking page
    await turnOn(page).click();
    await page.getByRole('status').filter({ hasText: '微信通知已开通。' }).waitFor();
    await turnOff(page).waitFor();
    const on = {
      text: await shown(card(page)),
      offer: await turnOn(page).isVisible(),
      latin: await visibleLatin(page),
      url: new URL(page.url()),
    };
    await expectAccessible(page, 'tracking-wechat-on');
    await screenshot(page, 'tracking-wechat-on');
    const afterBinding = await tracked(message.trackingCode, message.trackingToken);

    // Act: the deputy replies; the notice goes out
    const replied = await call(
      platform.url,
      'POST',
      `/v1/messages/${message.messageId}/reply`,
      { content: '已联系公交公司，明天上午重新立好站牌。', close: false },
      await as(message.deputy.code),
    );
    await settled(platform);
    const sent = await eventually(async () => templateSends().find((r) => r.fields.touser === OPENID), 15_000, 'the WeChat template message');

    // Act: 取消微信通知
    await turnOff(page).click();
    await page.getByRole('status').filter({ hasText: '已取消微信通知。' }).waitFor();
    await turnOn(page).waitFor();
    const off = { text: await shown(card(page)), offOffered: await turnOff(page).isVisible(), latin: await visibleLatin(page) };
    const afterUnbinding = await tracked(message.trackingCode, message.trackingToken);

    // Act: the address WeChat sent the browser back to, opened again: its ticket is spent
    const returned = requests.map((r) => new URL(r.url())).find((u) => u.pathname === `/t/${message.trackingCode}` && u.searchParams.has('ticket'))!;
    await page.goto(`${returned.pathname}${returned.search}`);
    const expired = page.locator('#wechat-error');
    await expired.filter({ hasText: '微信授权已失效' }).waitFor();
    const replayed = { latin: await visibleLatin(page), view: await tracked(message.trackingCode, message.trackingToken) };

    // Assess: offered inside WeChat, nothing on yet
    expect(offered.text).toContain('开通后，代表答复、事项办结等进展将通过本市人大微信公众号通知您');
    expect(offered.off).toBe(false);
    expect(offered.latin).toEqual([]);
    // Assess: on, and the ticket out of the address; the page took the token from the phone's saved trackings
    expect(on.text).toContain('已开通：办理进展将通过本市人大微信公众号通知您，不再发送短信。');
    expect(on.offer).toBe(false);
    expect(on.latin).toEqual([]);
    expect(on.url.pathname).toBe(`/t/${message.trackingCode}`);
    expect(on.url.search).toBe('');
    expect(page.url()).not.toContain(returned.searchParams.get('ticket')!);
    expect(returned.searchParams.get('wechat')).toBe('bound');
    expect(returned.searchParams.get('ticket')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const redeemed = requests.filter((r) => r.method() === 'PUT' && new URL(r.url()).pathname === `/v1/track/${message.trackingCode}/wechat`);
    expect(redeemed.map((r) => r.postDataJSON())).toEqual([{ ticket: returned.searchParams.get('ticket') }, { ticket: returned.searchParams.get('ticket') }]);
    expect(afterBinding.status).toBe(200);
    expect(afterBinding.body.wechat).toBe(true);
    expect(JSON.stringify(afterBinding.body)).not.toContain(OPENID);
    expect(wechat.requests.filter((r) => r.answer === 'openid')).toHaveLength(1);
    // Assess: the reply reached the citizen on WeChat, with the tracking page, and no text went to their phone
    expect(replied.status).toBe(200);
    expect(sent).toMatchObject({ answer: '0', fields: { touser: OPENID, template_id: TEMPLATES.message_replied } });
    expect(JSON.stringify(sent.fields.data)).toContain(message.trackingCode);
    expect(templateSends().filter((r) => r.fields.touser === OPENID)).toHaveLength(1);
    expect(recordedSends().filter((s) => s.template === 'message_replied')).toEqual([]);
    expect(recordedSends().some((s) => s.template === 'message_receipt' && s.channel === 'sms')).toBe(true);
    // Assess: off again, offered again; a spent ticket changes nothing and is said so in Chinese
    expect(off.text).toContain('开通后');
    expect(off.offOffered).toBe(false);
    expect(off.latin).toEqual([]);
    expect(afterUnbinding.body.wechat).toBe(false);
    expect(await expired.textContent()).toBe('微信授权已失效（链接已使用过或已超过10分钟），请重新点击开通。');
    expect(replayed.latin).toEqual([]);
    expect(replayed.view.body.wechat).toBe(false);
    expect(new URL(page.url()).search).toBe('');
    expect(problems.filter((p) => !/Failed to load resource/.test(p))).toEqual([]);
  }, 120_000);

  it('offers nothing outside WeChat (phone browser)', async () => {
    // Prepare
    const message = await submitMessage('小区北门的路面塌了一个坑，电动车经过很危险。');
    const { page, context, problems } = await openConsole(browser, platform.url, 'phone');
    contexts.push(context);

    // Act
    await page.goto(`/t/${message.trackingCode}#${message.trackingToken}`);
    await page.locator('#r-code', { hasText: message.trackingCode }).waitFor();

    // Assess
    expect(await page.locator('#wechat').isHidden()).toBe(true);
    expect(await turnOn(page).count()).toBe(0);
    expect(await card(page).count()).toBe(0);
    expect(await shown(page.locator('body'))).not.toContain('微信');
    expect(await visibleLatin(page)).toEqual([]);
    expect((await tracked(message.trackingCode, message.trackingToken)).body.wechat).toBe(false);
    expect(problems).toEqual([]);
  }, 60_000);
});
