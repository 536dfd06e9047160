/**
 * Launches Debian's Chromium through playwright-core, headless and with a
 * fresh profile, so no test inherits another's storage or language.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env['DRUN_CHROMIUM'] ?? '/usr/bin/chromium';

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export interface BrowserOptions {
  /** navigator.languages of the page, for example ['zh-CN'] for the Chinese UI. */
  locale?: string;
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
}

export async function launchBrowser(options: BrowserOptions = {}): Promise<BrowserSession> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'drun-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
    locale: options.locale ?? 'en-US',
    colorScheme: options.colorScheme ?? 'light',
    viewport: options.viewport ?? { width: 1440, height: 1000 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  // Console errors of the renderer show up in the test output instead of vanishing.
  page.on('console', (message) => {
    if (message.type() === 'error') {
      console.error(`[renderer] ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => console.error(`[renderer] uncaught: ${error.message}`));

  return {
    context,
    page,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
