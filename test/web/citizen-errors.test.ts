import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadCityConfig } from '../../shared/city/config.ts';
import type { LocalPlatform } from '../../infra/local/platform.ts';
import { seedDemoCity } from '../../services/identity/src/demo/seed.ts';
import { identityService } from '../../services/identity/src/service.ts';
import { messagingService } from '../../services/messaging/src/service.ts';
import { notificationsService } from '../../services/notifications/src/service.ts';
import { participationService } from '../../services/participation/src/service.ts';
import { call, demoSessions, settled, startTestPlatform } from '../support/platform.ts';
import { firstReceptionGroup, receptionGroupKnown } from '../support/reception.ts';
import { lastTextParams } from '../support/texts.ts';
import { launchChromium, openConsole } from './console-browser.ts';

/**
 * Every public citizen page driven into its error paths in real Chromium at phone size: the
 * message form, tracking with its rating and follow-up questionnaire, the consultation page and
 * the reception-day booking. Each error is waited for on its own element, then the page's whole
 * visible text is read: a citizen never meets English there.
 *
 * The rule: after taking out the Latin a citizen is meant to read — tracking codes as printed
 * (`K7PQ-3MXD`, the lookup form's example and the code of the page) and "QR" — no Latin letter
 * may remain. Digits, times and punctuation are free. Wrong input is typed as a citizen would;
 * what only a broken or hostile client sends is put on the page's own request (`corrupt`), and the
 * server's faults the platform does not make on demand (a 5xx with the API's English `message`)
 * are answered in its place (`fault`), so a page that shows the API's message fails.
 */
const ALLOWED_LATIN = [/\b[0-9A-Z]{4}-[0-9A-Z]{4}\b/g, /\bQR\b/g];
const latinIn = (text: string) => ALLOWED_LATIN.reduce((rest, allowed) => rest.replace(allowed, ''), text).match(/[A-Za-z]+/g) ?? [];

/** The platform on the eve of a reception day (09:00 on 14 December 2026 in the city), so its slots are bookable. */
const EVE = new Date('2026-12-14T01:00:00Z');

describe('citizen pages never show an error in English', () => {
  const city = loadCityConfig('demo');
  const group = firstReceptionGroup(city);
  let platform: LocalPlatform;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const as = demoSessions(() => platform);
  const lastCode = () => lastTextParams('appointment_code').code!;

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true, now: EVE });
    [platform, browser] = await Promise.all([
      startTestPlatform([identityService, messagingService, participationService, notificationsService], {
        beforeServe: async () => void (await seedDemoCity(city)),
      }),
      launchChromium(),
    ]);
    await receptionGroupKnown(platform, group);
    await settled(platform, 60_000);
  }, 240_000);
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await platform?.stop();
    vi.useRealTimers();
  });

  /** A phone, and the texts of every error it was made to show with the Latin found on the page then. */
  async function phone() {
    const opened = await openConsole(browser, platform.url, 'phone');
    contexts.push(opened.context);
    const seen: { error: string; latin: string[] }[] = [];
    /** Waits for this error element to show text, then reads the whole visible page it is on. */
    const shows = async (error: Locator) => {
      await error.waitFor({ state: 'visible' });
      await expect.poll(async () => (await error.textContent())?.trim(), { timeout: 10_000 }).toBeTruthy();
      // The rendered text (innerText), not the DOM's: hidden sections hold words a citizen never sees.
      // biome-ignore lint/performance/useDomNodeTextContent: only what is shown counts
      const visible = await error.page().locator('body').innerText();
      seen.push({ error: (await error.textContent())!.trim(), latin: latinIn(visible) });
    };
    return { ...opened, seen, shows };
  }

  /** Sends the page's next POST to `path` with this body instead, as a broken or hostile client would. */
  const corrupt = (page: Page, path: string, change: { body?: unknown; headers?: Record<string, string> }) =>
    page.route(
      `**${path}`,
      (route) =>
        route.request().method() === 'POST'
          ? route.continue({
              ...(change.body === undefined ? {} : { postData: JSON.stringify(change.body) }),
              headers: { ...route.request().headers(), ...change.headers },
            })
          : route.continue(),
      { times: 1 },
    );
  /** Answers the page's next POST to `path` as a failing server does, with the API's English message. */
  const fault = (page: Page, path: string, status = 503) =>
    page.route(
      `**${path}`,
      (route) =>
        route.request().method() === 'POST'
          ? route.fulfill({
              status,
              contentType: 'application/json',
              body: JSON.stringify({ error: { code: status === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL', message: 'Something went wrong; try again.' } }),
            })
          : route.continue(),
      { times: 1 },
    );
  /** The errors shown, and every one in Chinese. */
  const expectChinese = (seen: { error: string; latin: string[] }[], atLeast: number) => {
    expect(seen.length).toBeGreaterThanOrEqual(atLeast);
    expect(seen.filter((s) => s.latin.length > 0)).toEqual([]);
  };
  const unexpected = (problems: string[]) => problems.filter((p) => !/Failed to load resource/.test(p));

  it('the message form: an unknown QR code, empty and wrong fields, refusals, throttling and a server fault', { timeout: 120_000 }, async () => {
    // Prepare: a source that has just sent its minute's worth of messages, early in a minute so the
    // page's submission falls in the same one
    const station = group.stationCode;
    const busySource = '2001:db8:e770::20';
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 15_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute));
    for (let i = 0; i < 20; i++) {
      const sent = await call(
        platform.url,
        'POST',
        '/v1/messages',
        { stationCode: station, category: 'public_facilities', content: `第${i + 1}栋楼道的灯坏了，请物业尽快修理。` },
        { 'x-forwarded-for': busySource },
      );
      expect(sent.status).toBe(202);
    }
    const { page, problems, seen, shows } = await phone();
    const submit = () => page.getByRole('button', { name: '提交留言' }).click();

    // Act: throttled (the source's minute is used up)
    await page.goto(`/s/${station}`);
    await page.getByRole('button', { name: '提交留言' }).waitFor();
    await page.getByLabel('留言类别').selectOption({ label: '公共设施' });
    await page.getByLabel('您想反映的问题或建议').fill('小区门口的路灯坏了两个星期，晚上出行很不方便。');
    await corrupt(page, '/v1/messages', { headers: { 'x-forwarded-for': busySource } });
    await submit();
    await expect.poll(() => page.locator('#form-error').textContent()).toContain('提交太频繁');
    await shows(page.locator('#form-error'));

    // Act: a QR code of no station
    await page.goto('/s/NO-SUCH-STATION');
    await shows(page.locator('#not-found'));

    // Act: the form empty, then content too short and a bad phone
    await page.goto(`/s/${station}`);
    await page.getByRole('button', { name: '提交留言' }).waitFor();
    await submit();
    await shows(page.locator('#content-error'));
    await page.getByLabel('留言类别').selectOption({ label: '公共设施' });
    await page.getByLabel('您想反映的问题或建议').fill('短');
    await page.getByLabel('手机号码').fill('12345');
    await submit();
    await shows(page.locator('#phone-error'));

    // Act: what the server refuses — every field wrong, then a malformed Idempotency-Key
    await page.getByLabel('您想反映的问题或建议').fill('小区门口的路灯坏了两个星期，晚上出行很不方便。');
    await page.getByLabel('手机号码').fill('13800138000');
    await corrupt(page, '/v1/messages', {
      body: { stationCode: station, category: 'no_such_category', content: '短', phone: '12345', townshipCode: 'Nowhere!' },
    });
    await submit();
    await shows(page.locator('#content-error'));
    await shows(page.locator('#townshipCode-error'));
    await corrupt(page, '/v1/messages', { headers: { 'idempotency-key': 'not a key!' } });
    await submit();
    await shows(page.locator('#form-error'));

    // Act: a server fault
    await fault(page, '/v1/messages');
    await submit();
    await expect.poll(() => page.locator('#form-error').textContent()).toContain('系统暂时出现问题');
    await shows(page.locator('#form-error'));

    // Assess
    expectChinese(seen, 8);
    expect(unexpected(problems)).toEqual([]);
  });

  it('tracking, rating and the follow-up questionnaire: unknown and malformed codes, nothing chosen, refusals and a server fault', {
    timeout: 120_000,
  }, async () => {
    // Prepare: an answered message
    const deputy = group.deputies[0]!.code;
    const submitted = await call(
      platform.url,
      'POST',
      '/v1/messages',
      { deputyCode: deputy, category: 'public_facilities', content: '路口的红绿灯坏了三天，早晚高峰很危险。' },
      { 'x-forwarded-for': '2001:db8:e770::1' },
    );
    const { messageId, trackingCode, trackingToken } = submitted.body;
    const replied = await call(platform.url, 'POST', `/v1/messages/${messageId}/reply`, { content: '已报修，明天更换。', close: true }, await as(deputy));
    expect(replied.status).toBe(200);
    const { page, problems, seen, shows } = await phone();

    // Act: a code nobody has, then a malformed one in the lookup form
    await page.goto('/t/ABCD-2345#wrong');
    await shows(page.locator('#not-found'));
    await page.goto('/t/xx');
    await page.getByRole('textbox', { name: '查询码' }).fill('xx');
    await page.getByRole('button', { name: '查询', exact: true }).click();
    await shows(page.locator('#lookup-code-error'));

    // Act: the rating — nothing chosen, a body the server refuses, a server fault
    await page.goto(`/t/${trackingCode}#${trackingToken}`);
    await page.getByRole('heading', { name: '请对办理结果作出评价' }).waitFor();
    await page.getByRole('button', { name: '提交评价' }).click();
    await shows(page.locator('#rating-error'));
    await page.getByRole('radio', { name: '满意', exact: true }).check();
    await corrupt(page, `/v1/track/${trackingCode}/rating`, { body: { rating: 'very_good', comment: 7 } });
    await page.getByRole('button', { name: '提交评价' }).click();
    await shows(page.locator('#rating-form-error'));
    await fault(page, `/v1/track/${trackingCode}/rating`, 500);
    await page.getByRole('button', { name: '提交评价' }).click();
    await expect.poll(() => page.locator('#rating-form-error').textContent()).toContain('系统暂时出现问题');
    await shows(page.locator('#rating-form-error'));

    // Act: the questionnaire — nothing chosen, a body the server refuses, a server fault
    await page.getByRole('button', { name: '提交问卷' }).click();
    await shows(page.locator('#followup-solved-error'));
    for (const choice of ['已解决', '有帮助', '会']) await page.getByRole('radio', { name: choice, exact: true }).check();
    await corrupt(page, `/v1/track/${trackingCode}/follow-up`, { body: { solved: 'maybe' } });
    await page.getByRole('button', { name: '提交问卷' }).click();
    await shows(page.locator('#followup-form-error'));
    await page.evaluate("document.getElementById('followup-form-error').hidden = true");
    await fault(page, `/v1/track/${trackingCode}/follow-up`);
    await page.getByRole('button', { name: '提交问卷' }).click();
    await shows(page.locator('#followup-form-error'));

    // Act: rated in one tab, then rated again from another opened before (409)
    const other = await page.context().newPage();
    await other.goto(`/t/${trackingCode}#${trackingToken}`);
    await other.getByRole('heading', { name: '请对办理结果作出评价' }).waitFor();
    await page.getByRole('radio', { name: '满意', exact: true }).check();
    await page.getByRole('button', { name: '提交评价' }).click();
    await page.getByText('感谢您的评价！').waitFor();
    await other.getByRole('radio', { name: '不满意', exact: true }).check();
    await other.getByRole('button', { name: '提交评价' }).click();
    await expect.poll(() => other.locator('#status').textContent()).toContain('不能评价');
    await shows(other.locator('#status'));

    // Assess
    expectChinese(seen, 8);
    expect(unexpected(problems)).toEqual([]);
  });

  it('the consultation page: an unknown consultation, nothing chosen, refusals, a second answer and a server fault', { timeout: 120_000 }, async () => {
    // Prepare: an open consultation
    const opened = await call(
      platform.url,
      'POST',
      '/v1/consultations',
      {
        title: '明年民生实事项目征集',
        description: '请选出您最关心的事项。',
        options: ['道路', '饮水'],
        closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      },
      await as('city.reviewer'),
    );
    expect(opened.status).toBe(201);
    const id = opened.body.consultationId;
    const { page, problems, seen, shows } = await phone();
    const submit = () => page.getByRole('button', { name: '提交意见' }).click();

    // Act: a consultation nobody opened
    await page.goto('/c/k-0000000000000000');
    await shows(page.locator('#not-found'));

    // Act: nothing chosen, a body the server refuses, a server fault
    await page.goto(`/c/${id}`);
    await page.getByRole('button', { name: '提交意见' }).waitFor();
    await submit();
    await shows(page.locator('#choices-error'));
    await page.getByText('道路').click();
    await corrupt(page, '/responses', { body: { choices: ['nothing-like-this'], comment: 42 } });
    await submit();
    await shows(page.locator('#form-error'));
    await fault(page, '/responses');
    await submit();
    await expect.poll(() => page.locator('#form-error').textContent()).toContain('提交失败');
    await shows(page.locator('#form-error'));

    // Act: the device answers, forgets it did, and answers again (409 ALREADY_RESPONDED)
    await submit();
    await page.getByRole('heading', { name: '感谢您的参与' }).waitFor();
    await page.evaluate("localStorage.removeItem('minqing.consultations')");
    await page.reload();
    await page.getByText('道路').click();
    await submit();
    await shows(page.locator('#done-text'));

    // Assess
    expectChinese(seen, 5);
    expect(unexpected(problems)).toEqual([]);
  });

  it('the reception booking: an unknown station, empty and wrong fields, refusals, a full slot, a wrong code and a server fault', {
    timeout: 120_000,
  }, async () => {
    // Prepare: the 11:30 slot of the reception day booked full by others (a seat is taken once the code is entered)
    const day = (await call(platform.url, 'GET', `/v1/reception-days?station=${group.stationCode}`)).body.days.find(
      (d: { groupCode: string }) => d.groupCode === group.groupCode,
    );
    for (let i = 0; i < 3; i++) {
      const booked = await call(
        platform.url,
        'POST',
        '/v1/appointments',
        { groupCode: group.groupCode, date: day.date, slot: '11:30', topic: '反映村里道路问题', phone: `1390000000${i}` },
        { 'x-forwarded-for': `2001:db8:e770::3${i}` },
      );
      const verified = await call(platform.url, 'POST', `/v1/appointments/${booked.body.appointmentId}/verification`, { code: lastCode() });
      expect(verified.status).toBe(200);
    }
    const { page, problems, seen, shows } = await phone();
    const submit = () => page.getByRole('button', { name: '获取验证码并预约' }).click();
    const slot = (start: string) => page.getByRole('radio', { name: new RegExp(`^${start}–`) }).first();

    // Act: a station nobody knows, an appointment nobody booked
    await page.goto('/r/NO-SUCH-STATION');
    await shows(page.locator('#not-found'));
    await page.goto('/a/a-0000000000000000');
    await shows(page.locator('#not-found'));

    // Act: the form empty, then a bad phone
    await page.goto(`/r/${group.stationCode}`);
    await page.getByRole('heading', { name: '预约接待' }).waitFor();
    await submit();
    await shows(page.locator('#slot-error'));
    await slot('09:30').check();
    await page.getByLabel(/反映的事项/).fill('村口路灯坏了三个月，晚上出行不便');
    await page.getByLabel(/手机号码/).fill('12345');
    await submit();
    await shows(page.locator('#phone-error'));

    // Act: what the server refuses — a slot of no reception day — and a server fault
    await page.getByLabel(/手机号码/).fill('13800138000');
    await corrupt(page, '/v1/appointments', { body: { groupCode: group.groupCode, date: '2026-12-16', slot: '09:30', topic: '', phone: '123' } });
    await submit();
    await shows(page.locator('#form-error'));
    await fault(page, '/v1/appointments', 500);
    await submit();
    await expect.poll(() => page.locator('#form-error').textContent()).toContain('预约失败');
    await shows(page.locator('#form-error'));

    // Act: a booking of the full slot (as a page loaded before it filled would send), its right code refused
    await corrupt(page, '/v1/appointments', {
      body: { groupCode: group.groupCode, date: day.date, slot: '11:30', topic: '村口路灯坏了三个月', phone: '13800138000' },
    });
    await submit();
    await page.getByRole('heading', { name: '输入短信验证码' }).waitFor();
    await page.getByLabel(/验证码已发送至/).fill(lastCode());
    await page.getByRole('button', { name: '确认预约' }).click();
    await expect.poll(() => page.locator('#code-form-error').textContent()).toContain('约满');
    await shows(page.locator('#code-form-error'));

    // Act: a wrong code, then a server fault on the code
    await page.getByLabel(/验证码已发送至/).fill('12');
    await page.getByRole('button', { name: '确认预约' }).click();
    await shows(page.locator('#code-error'));
    await page.getByLabel(/验证码已发送至/).fill('000000');
    await page.getByRole('button', { name: '确认预约' }).click();
    await expect.poll(() => page.locator('#code-error').textContent()).toContain('验证码不正确');
    await shows(page.locator('#code-error'));
    await fault(page, '/verification');
    await page.getByRole('button', { name: '确认预约' }).click();
    await shows(page.locator('#code-form-error'));

    // Assess
    expectChinese(seen, 10);
    expect(unexpected(problems)).toEqual([]);
  });
});
