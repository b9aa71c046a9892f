import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Screenshots for people to look at (under the git-ignored `.minqing/`). */
export const SCREENSHOT_DIR = resolve(fileURLToPath(new URL('../..', import.meta.url)), '.minqing/screenshots/console');

/** Debian's chromium, as the citizen pages' tests launch it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export const VIEWPORTS = {
  /** A deputy's phone. */
  phone: { width: 390, height: 844 },
  /** A reviewer's desktop. */
  desktop: { width: 1440, height: 900 },
} as const;

export interface ConsolePage {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions seen on the page. */
  problems: string[];
}

/** A phone's WeChat built-in browser, as its user agent says. */
export const WECHAT_USER_AGENT =
  'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Mobile Safari/537.36 MicroMessenger/8.0.47.2560(0x28002F30) NetType/WIFI Language/zh_CN';

/** A browser context at one size, Chinese, with the city's clock shown in UTC to prove times are Asia/Shanghai; `userAgent` for a browser inside WeChat. */
export async function openConsole(browser: Browser, baseURL: string, size: keyof typeof VIEWPORTS, options: { userAgent?: string } = {}): Promise<ConsolePage> {
  const phone = size === 'phone';
  const context = await browser.newContext({
    ...options,
    baseURL,
    viewport: VIEWPORTS[size],
    deviceScaleFactor: phone ? 2 : 1,
    isMobile: phone,
    hasTouch: phone,
    locale: 'zh-CN',
    timezoneId: 'UTC',
    acceptDownloads: true,
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return { page, context, problems };
}

/** Signs in through the console's form (用户名 / 密码 / 登录) and waits for the first screen. */
export async function signIn(page: Page, username: string, password = 'demo'): Promise<void> {
  if (!page.url().includes('/console/')) await page.goto('/console/');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('button', { name: '退出登录' }).waitFor();
}

/** Runs axe-core on the page and fails on any serious or critical violation, naming them. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const result = await new AxeBuilder({ page: page as never }).analyze();
  const grave = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ screen, rule: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  expect(grave).toEqual([]);
}

/** Writes a full-page screenshot named after the screen and the viewport. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  const path = join(SCREENSHOT_DIR, `${name}-${width}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

const SESSION_KEY = 'minqing.console.session';

/** Changes the session the console keeps in the browser (a token the API no longer accepts, a past expiry). */
export async function editStoredSession(page: Page, change: (session: { token: string; expiresAt: number }) => object): Promise<void> {
  const stored = JSON.parse((await page.evaluate<string | null>(`localStorage.getItem('${SESSION_KEY}')`))!);
  await page.evaluate(`localStorage.setItem('${SESSION_KEY}', ${JSON.stringify(JSON.stringify(change(stored)))})`);
}
