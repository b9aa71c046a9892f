import type { Browser, BrowserContext } from 'playwright-core';
import type { LocalPlatform } from '../../infra/local/platform.ts';
import { seedDemoCity, type DemoSeedReport } from '../../services/identity/src/demo/seed.ts';
import { services } from '../../services/manifests.ts';
import { loadCityConfig } from '../../shared/city/config.ts';
import { resourceNames } from '../../shared/runtime/manifest.ts';
import { eventually, startTestPlatform } from '../support/platform.ts';
import { launchChromium, openConsole, type ConsolePage, type VIEWPORTS } from './console-browser.ts';

/** The whole platform with the demo city seeded and known to messaging, and a Chromium to drive the console. */
export interface ConsoleWorld {
  platform: LocalPlatform;
  seed: DemoSeedReport;
  browser: Browser;
  /** A fresh browser context at one size, closed by `stop`. */
  open(size: keyof typeof VIEWPORTS): Promise<ConsolePage>;
  stop(): Promise<void>;
}

/** Starts the platform and Chromium side by side, and waits until messaging knows the directory. */
export async function startConsoleWorld(): Promise<ConsoleWorld> {
  let seed: DemoSeedReport | undefined;
  const [platform, browser] = await Promise.all([
    startTestPlatform(services, { beforeServe: async () => void (seed = await seedDemoCity(loadCityConfig('demo'))) }),
    launchChromium(),
  ]);
  const directoryQueue = platform.queues.get(resourceNames.queue('demo', 'messaging', 'directory'))!;
  await eventually(async () => (directoryQueue.depth().total === 0 ? true : undefined), 120_000, 'messaging directory caught up');
  const contexts: BrowserContext[] = [];
  return {
    platform,
    seed: seed!,
    browser,
    async open(size) {
      const opened = await openConsole(browser, platform.url, size);
      contexts.push(opened.context);
      return opened;
    },
    async stop() {
      await Promise.all(contexts.map((c) => c.close()));
      await browser.close();
      await platform.stop();
    },
  };
}
