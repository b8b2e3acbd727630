import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { launchChromium } from '../../support/chromium';

export interface Origins {
  sandboxOrigin: string;
  appOrigin: string;
}

export function origins(): Origins {
  return { sandboxOrigin: inject('sandboxOrigin'), appOrigin: inject('appOrigin') };
}

export interface Harness {
  newPage(options?: BrowserContextOptions): Promise<{ context: BrowserContext; page: Page }>;
}

/** One Chromium per test file, a fresh context (cookies, sessionStorage) per test. */
export function browserHarness(): Harness {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    async newPage(options: BrowserContextOptions = {}) {
      if (!browser) throw new Error('browser not started');
      const context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        acceptDownloads: true,
        ...options,
      });
      context.setDefaultTimeout(15_000);
      contexts.push(context);
      const page = await context.newPage();
      return { context, page };
    },
  };
}
