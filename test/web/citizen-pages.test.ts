import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadCityConfig } from '../../shared/city/config.ts';
import type { LocalPlatform } from '../../infra/local/platform.ts';
import { seedDemoCity, type DemoSeedReport } from '../../services/identity/src/demo/seed.ts';
import { services } from '../../services/manifests.ts';
import { resourceNames } from '../../shared/runtime/manifest.ts';
import { call, eventually, settled, startTestPlatform } from '../support/platform.ts';
import { expectAccessible } from './console-browser.ts';

/**
 * The citizen pages (services/messaging/web) in a real headless Chromium at phone size, against
 * the whole local platform with the seeded demo city: scan → message → tracking code → the
 * deputy's answer → rating.
 */
describe('citizen pages in a phone browser', () => {
  let platform: LocalPlatform;
  let seed: DemoSeedReport;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [platform, browser] = await Promise.all([
      startTestPlatform(services, { beforeServe: async () => void (seed = await seedDemoCity(loadCityConfig('demo'))) }),
      chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--disable-sync', '--no-first-run'],
      }),
    ]);
    // The messaging service learns of stations and deputies from identity's events: wait until it has them all.
    const directoryQueue = platform.queues.get(resourceNames.queue('demo', 'messaging', 'directory'))!;
    await eventually(async () => (directoryQueue.depth().total === 0 ? true : undefined), 30_000, 'messaging directory caught up');
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  /** A phone (360×640, touch, Chinese) whose clock is UTC, so times on the page prove they are Asia/Shanghai. */
  async function phone(): Promise<{ page: Page; problems: string[]; requests: Request[] }> {
    const context = await browser.newContext({
      baseURL: platform.url,
      viewport: { width: 360, height: 640 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'UTC',
    });
    contexts.push(context);
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const problems: string[] = [];
    const requests: Request[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('request', (request) => requests.push(request));
    return { page, problems, requests };
  }

  const activeDeputies = () => seed.directory.deputies.filter((d) => d.termStatus === 'active');
  const stationWithDeputies = (index = 0) => {
    const stations = seed.directory.stations.filter((s) => activeDeputies().some((d) => d.stationCode === s.code));
    return { station: stations[index]!, deputies: activeDeputies().filter((d) => d.stationCode === stations[index]!.code) };
  };
  const posts = (requests: Request[]) => requests.filter((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/v1/messages');
  const shanghaiTime = (iso: string) =>
    new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    }).format(new Date(iso));
  /** Network errors the browser logs for answers a test provoked on purpose (4xx, an aborted request). */
  const unexpected = (problems: string[]) => problems.filter((p) => !/Failed to load resource/.test(p));

  async function fillMessage(page: Page, content: string, phoneNumber?: string) {
    await page.getByLabel('留言类别').selectOption({ label: '公共设施' });
    await page.getByLabel('您想反映的问题或建议').fill(content);
    if (phoneNumber) await page.getByLabel('手机号码').fill(phoneNumber);
  }

  it('takes a message from a station QR code to a rated answer', async () => {
    // Prepare
    const { station, deputies } = stationWithDeputies();
    const { page, problems, requests } = await phone();
    const content = `小区门口的两盏路灯坏了两个星期，晚上出行很不方便，请尽快修理。（${Date.now()}）`;

    // Act: open the page the station's QR code opens
    await page.goto(`/s/${station.code}`);

    // Assess: who will receive the message
    await page.getByRole('heading', { level: 1, name: station.name }).waitFor();
    expect(await page.locator('#recipient-detail').textContent()).toBe(station.address);
    const listed = await page.locator('#deputy-list li').allTextContents();
    expect(listed).toEqual(deputies.map((d) => `${d.name} 代表`));
    expect(await page.getByLabel('问题所在乡镇（街道）').inputValue()).toBe(station.townshipCode);
    await page.getByRole('heading', { name: '隐私说明' }).waitFor();

    // Act: write the message through the form
    await fillMessage(page, content, '13800138000');
    expect(await page.locator('#content-count').textContent()).toBe(`${[...content].length} / 2000`);
    await page.screenshot({ path: join(tmpdir(), 'minqing-message-page.png'), fullPage: true });
    await page.getByRole('button', { name: '提交留言' }).click();

    // Assess: the confirmation with the tracking code, saved on the phone
    const codeText = page.locator('#done-code');
    await codeText.waitFor();
    const trackingCode = (await codeText.textContent())!;
    expect(trackingCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await page.getByRole('heading', { name: '留言已提交' }).waitFor();
    const sent = posts(requests);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers()['idempotency-key']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sent[0]!.postDataJSON()).toEqual({
      stationCode: station.code,
      category: 'public_facilities',
      content,
      townshipCode: station.townshipCode,
      phone: '13800138000',
    });
    const saved = JSON.parse((await page.evaluate<string | null>("localStorage.getItem('minqing.tracking')"))!);
    expect(saved).toEqual([{ trackingCode, trackingToken: expect.any(String) }]);
    const trackingToken: string = saved[0].trackingToken;

    // Act: follow the tracking link
    await page.getByRole('link', { name: '查看办理进度' }).click();
    await page.waitForURL(`**/t/${trackingCode}#*`);

    // Assess: submitted, with the first step of the timeline; the token never left the fragment
    await page.locator('#r-status', { hasText: '已提交' }).waitFor();
    expect(new URL(page.url()).hash).toBe(`#${trackingToken}`);
    expect(await page.locator('#r-code').textContent()).toBe(trackingCode);
    expect(await page.locator('#r-category').textContent()).toBe('公共设施');
    const tracked = await call(platform.url, 'GET', `/v1/track/${trackingCode}`, undefined, { 'x-tracking-token': trackingToken });
    expect(await page.locator('#r-submitted').textContent()).toBe(shanghaiTime(tracked.body.submittedAt));
    expect(await page.locator('#timeline li').count()).toBe(1);
    expect(await page.locator('#timeline li').first().textContent()).toContain('已提交');
    await page.getByText('您的留言已送达').waitFor();
    expect(await page.locator('#rating-form').isHidden()).toBe(true);
    expect(requests.filter((r) => r.url().includes(trackingToken))).toEqual([]);

    // Prepare: the assigned deputy answers through the API and closes the message
    const reply = '您好，已联系镇村建设服务中心，路灯将于本周内修复。';
    let answered = false;
    for (const deputy of deputies) {
      const login = await call(platform.url, 'POST', '/v1/auth/login', { username: deputy.code, password: 'demo' });
      const auth = { authorization: `Bearer ${login.body.accessToken}` };
      const inbox = await call(platform.url, 'GET', '/v1/inbox', undefined, auth);
      const mine = inbox.body.items.find((m: { content: string }) => m.content === content);
      if (!mine) continue;
      const replied = await call(platform.url, 'POST', `/v1/messages/${mine.messageId}/reply`, { content: reply, close: true }, auth);
      expect(replied.status).toBe(200);
      answered = true;
    }
    expect(answered).toBe(true);

    // Act
    await page.reload();

    // Assess: answered, the reply in the timeline, the rating form offered
    await page.locator('#r-status', { hasText: '已答复' }).waitFor();
    await page.locator('#timeline li', { hasText: reply }).waitFor();
    await page.getByRole('heading', { name: '请对办理结果作出评价' }).waitFor();

    // Act: rate 满意 through the form
    await page.getByRole('radio', { name: '满意', exact: true }).check();
    await page.getByRole('button', { name: '提交评价' }).click();

    // Assess: closed, rated, nothing left to rate
    await page.locator('#r-status', { hasText: '已关闭' }).waitFor();
    await page.locator('#rating-form').waitFor({ state: 'hidden' });
    expect(await page.locator('#r-rating').textContent()).toBe('满意');
    expect(await page.locator('#timeline li').count()).toBe(3);
    expect(await page.locator('#status').textContent()).toBe('感谢您的评价！');

    // Act & Assess: the same phone reopens the code without the token (it kept it); another phone asks for it
    await page.goto(`/t/${trackingCode}`);
    await page.locator('#r-status', { hasText: '已关闭' }).waitFor();
    const other = await phone();
    await other.page.goto(`/t/${trackingCode}`);
    await other.page.getByRole('textbox', { name: '查询密钥' }).fill(trackingToken);
    await other.page.getByRole('button', { name: '查询', exact: true }).click();
    await other.page.locator('#r-status', { hasText: '已关闭' }).waitFor();
    expect(problems).toEqual([]);
    expect(other.problems).toEqual([]);
  });

  it("shows a deputy's name and level on the deputy's QR page and files the message under their township", async () => {
    // Prepare
    const deputy = activeDeputies().find((d) => d.level === 'city') ?? activeDeputies()[0]!;
    const { page, problems } = await phone();

    // Act
    await page.goto(`/d/${deputy.code}`);

    // Assess
    await page.getByRole('heading', { level: 1, name: `${deputy.name} 代表` }).waitFor();
    expect(await page.locator('#recipient-detail').textContent()).toContain(deputy.level === 'city' ? '市人大代表' : '乡镇人大代表');
    expect(await page.getByLabel('问题所在乡镇（街道）').inputValue()).toBe(deputy.townshipCode);
    expect(await page.locator('#station-deputies').isHidden()).toBe(true);
    expect(problems).toEqual([]);
  });

  it('refuses too short a message beside the field and sends nothing', async () => {
    // Prepare
    const { station } = stationWithDeputies();
    const { page, problems, requests } = await phone();
    await page.goto(`/s/${station.code}`);
    await page.getByRole('heading', { level: 1, name: station.name }).waitFor();

    // Act
    await fillMessage(page, '路灯');
    await page.getByRole('button', { name: '提交留言' }).click();

    // Assess
    const error = page.locator('#content-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('至少 5 个字');
    const content = page.getByLabel('您想反映的问题或建议');
    expect(await content.getAttribute('aria-invalid')).toBe('true');
    expect((await content.getAttribute('aria-describedby'))!.split(' ')).toContain('content-error');
    expect(await page.locator('#content:focus').count()).toBe(1);
    expect(posts(requests)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("shows the server's field errors in the page's own Chinese words and its retry advice, and retries a lost submission with the same Idempotency-Key", async () => {
    // Prepare: the API answers 400, then 429, then the network fails once, then the real API answers
    const { station } = stationWithDeputies(1);
    const { page, problems, requests } = await phone();
    const answers = ['400', '429', 'abort'];
    await page.route('**/v1/messages', async (route) => {
      const next = answers.shift();
      if (next === '400') {
        const details = [
          { path: 'phone', message: 'a mainland mobile number' },
          { path: 'content', message: 'at least 5 characters' },
        ];
        return route.fulfill({ status: 400, json: { error: { code: 'INVALID_INPUT', message: 'The body is not valid.', details } } });
      }
      if (next === '429')
        return route.fulfill({ status: 429, headers: { 'retry-after': '120' }, json: { error: { code: 'TOO_MANY_REQUESTS', message: 'Slow down.' } } });
      if (next === 'abort') return route.abort('failed');
      return route.continue();
    });
    await page.goto(`/s/${station.code}`);
    await page.getByRole('heading', { level: 1, name: station.name }).waitFor();
    await fillMessage(page, `村道上的排水沟堵塞，下雨天积水严重。（${Date.now()}）`, '13900139000');
    const submit = page.getByRole('button', { name: '提交留言' });

    // Act & Assess: 400 → each field's own Chinese words beside it, never the API's English
    await submit.click();
    await page.locator('#phone-error', { hasText: '请填写 11 位手机号码' }).waitFor();
    expect(await page.locator('#content-error').textContent()).toContain('留言内容需要');
    expect(await page.locator('main').textContent()).not.toMatch(/mainland|characters/);
    expect(await page.getByLabel('手机号码').getAttribute('aria-invalid')).toBe('true');

    // Act & Assess: 429 → try again later, the text kept
    await submit.click();
    await page.getByRole('alert').filter({ hasText: '2 分钟后再试' }).waitFor();

    // Act & Assess: the network fails, the citizen taps again → the same key, and the real API accepts it
    await submit.click();
    await page.getByRole('alert').filter({ hasText: '网络连接失败' }).waitFor();
    await submit.click();
    await page.locator('#done-code').waitFor();
    const keys = posts(requests).map((r) => r.headers()['idempotency-key']);
    expect(keys).toHaveLength(4);
    expect(keys[3]).toBe(keys[2]);
    expect(await page.locator('#done-code').textContent()).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(unexpected(problems)).toEqual([]);
  });

  it('says clearly when a station QR code is unknown, without a form', async () => {
    // Prepare
    const { page, problems } = await phone();

    // Act
    await page.goto('/s/st-nowhere-99');

    // Assess
    await page.getByRole('heading', { name: '找不到留言对象' }).waitFor();
    await page.getByText('找不到这个联络站').waitFor();
    expect(await page.locator('#message-form').isHidden()).toBe(true);
    expect(unexpected(problems)).toEqual([]);
  });

  it('takes the follow-up questionnaire on the tracking page, once, and counts it in the statistics', async () => {
    // Prepare: a message a deputy answered
    const deputy = activeDeputies().find((d) => d.level === 'township' && d.townshipCode === 'lvhe')!;
    const submitted = await call(
      platform.url,
      'POST',
      '/v1/messages',
      { deputyCode: deputy.code, category: 'public_facilities', content: `健身器材坏了很久没人修。（${Date.now()}）` },
      { 'x-forwarded-for': '2001:db8:f011::1' },
    );
    const { messageId, trackingCode, trackingToken } = submitted.body;
    const login = await call(platform.url, 'POST', '/v1/auth/login', { username: deputy.code, password: 'demo' });
    const replied = await call(
      platform.url,
      'POST',
      `/v1/messages/${messageId}/reply`,
      { content: '已请村委会更换器材。', close: true },
      {
        authorization: `Bearer ${login.body.accessToken}`,
      },
    );
    expect(replied.status).toBe(200);
    const reviewer = await call(platform.url, 'POST', '/v1/auth/login', { username: 'city.reviewer', password: 'demo' });
    const figures = async () =>
      (await call(platform.url, 'GET', '/v1/stats/follow-up', undefined, { authorization: `Bearer ${reviewer.body.accessToken}` })).body;
    const before = await figures();
    const { page, problems } = await phone();

    // Act: open the tracking page and send the questionnaire unanswered
    await page.goto(`/t/${trackingCode}#${trackingToken}`);
    await page.getByRole('heading', { name: '回访问卷' }).waitFor();
    await expectAccessible(page, 'tracking page with the questionnaire');
    await page.getByRole('button', { name: '提交问卷' }).click();

    // Assess: each question says what it needs, in Chinese
    await page.getByText('请选择问题是否解决。').waitFor();
    await page.getByText('请选择答复是否有帮助。').waitFor();
    await page.getByText('请选择以后是否还会使用。').waitFor();

    // Act: answer the three questions
    await page.getByRole('radio', { name: '部分解决' }).check();
    await page.getByRole('radio', { name: '有帮助', exact: true }).check();
    await page.getByRole('radio', { name: '会', exact: true }).check();
    await page.getByRole('button', { name: '提交问卷' }).click();

    // Assess: thanked, the form gone; a second answer is refused; the statistics count it
    await page.getByText('您已填写回访问卷，感谢您的反馈。').waitFor();
    expect(await page.locator('#followup-form').isHidden()).toBe(true);
    expect(await page.locator('#status').textContent()).toBe('感谢您填写回访问卷！');
    const again = await call(
      platform.url,
      'POST',
      `/v1/track/${trackingCode}/follow-up`,
      { solved: 'no', replyUseful: false, wouldUseAgain: false },
      { 'x-tracking-token': trackingToken },
    );
    expect(again.status).toBe(409);
    await settled(platform);
    const after = await figures();
    expect(after.answered).toBe(before.answered + 1);
    expect(after.solved.partly).toBe(before.solved.partly + 1);
    expect(after.replyUseful).toBe(before.replyUseful + 1);
    expect(after.wouldUseAgain).toBe(before.wouldUseAgain + 1);
    expect(unexpected(problems)).toEqual([]);
  });

  it('answers a wrong tracking token with the not-found text', async () => {
    // Prepare
    const { page, problems } = await phone();

    // Act
    await page.goto('/t/ABCD-2345#wrong');

    // Assess
    await page.getByRole('heading', { name: '找不到这条留言，请检查查询码' }).waitFor();
    expect(await page.locator('#result').isHidden()).toBe(true);
    expect(await page.getByRole('textbox', { name: '查询码' }).inputValue()).toBe('ABCD-2345');
    expect(unexpected(problems)).toEqual([]);
  });
});
