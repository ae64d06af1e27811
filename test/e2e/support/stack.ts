/**
 * One running product per test file: simulator + relay (SQLite in a temp dir) + the bank's site,
 * started in-process exactly as `pnpm start` does, and one headless Chromium driving real pages.
 */
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Demo, startDemo } from '@borica-identify/demo';
import type { Pki } from '@borica-identify/simulator';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';

export const ARTIFACTS = fileURLToPath(new URL('../../artifacts/', import.meta.url));

export interface Stack {
  demo: Demo;
  browser: Browser;
  /** A fresh browser profile (cookies, sessionStorage): one customer, or their phone. Bank pages in `lang` (default bg). */
  context(opts?: { mobile?: boolean; lang?: 'bg' | 'en' }): Promise<BrowserContext>;
  /** Console errors that mention the Content Security Policy, per page, for the bank's origin. */
  cspViolations: string[];
  /** Screenshots of every open page, as `failed-<test>-<n>.png`: for a test that failed. */
  snapshotAll(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'borica-e2e-'));
  const demo = await startDemo({
    port: 0,
    relayPort: 0,
    dataDir,
    simulatorTiming: { processingMs: 300, mobileOnboardingMs: 300 },
    simulatorPki: sharedPki(),
    relayConfig: { logLevel: 'silent', poll: { initialMs: 250, maxMs: 1000, factor: 1.5 } },
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const cspViolations: string[] = [];
  const contexts: BrowserContext[] = [];
  return {
    demo,
    browser,
    cspViolations,
    async context(opts = {}) {
      const ctx = await browser.newContext({
        locale: 'en-GB',
        acceptDownloads: true,
        viewport: opts.mobile ? { width: 390, height: 844 } : { width: 1280, height: 860 },
        ...(opts.mobile ? { isMobile: true, hasTouch: true } : {}),
      });
      ctx.setDefaultTimeout(20_000);
      if (opts.lang) await ctx.addCookies([{ name: 'lang', value: opts.lang, url: demo.url }]);
      ctx.on('page', (page) => watch(page, demo.url, cspViolations));
      contexts.push(ctx);
      return ctx;
    },
    async snapshotAll(name) {
      let n = 0;
      for (const ctx of contexts) {
        for (const page of ctx.pages()) await snapshot(page, `failed-${name}-${n++}`).catch(() => {});
      }
    },
    async close() {
      for (const ctx of contexts) await ctx.close().catch(() => {});
      await browser.close();
      await demo.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function sharedPki(): Pki {
  const parsed = JSON.parse(inject('pki')) as Pki & { clientPfx: string };
  return { ...parsed, clientPfx: Buffer.from(parsed.clientPfx, 'base64') };
}

function watch(page: Page, origin: string, violations: string[]): void {
  page.on('console', (msg) => {
    if (
      msg.type() === 'error' &&
      /Content Security Policy/i.test(msg.text()) &&
      page.url().startsWith(origin)
    ) {
      violations.push(`${page.url()}: ${msg.text()}`);
    }
  });
}

/** The final state of a test, for people: test/artifacts/<name>.png (gitignored). */
export async function snapshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Registers the usual hooks of a test file: one stack for the file, screenshots of a failing test. */
export function useStack(hooks: {
  beforeAll: (fn: () => Promise<void>) => void;
  afterAll: (fn: () => Promise<void>) => void;
  afterEach: (fn: (ctx: { task: { name: string; result?: { state?: string } } }) => Promise<void>) => void;
}): () => Stack {
  let stack: Stack | undefined;
  hooks.beforeAll(async () => {
    stack = await startStack();
  });
  hooks.afterEach(async (ctx) => {
    if (stack && ctx.task.result?.state === 'fail') {
      await stack.snapshotAll(ctx.task.name.replace(/[^\w]+/g, '-').slice(0, 40));
    }
  });
  hooks.afterAll(async () => {
    await stack?.close();
  });
  return () => {
    if (!stack) throw new Error('stack not started');
    return stack;
  };
}
