/**
 * The relay is restarted (same SQLite file, same port) while the customer is at BORICA: the session,
 * its token and its event log survive, the provider's callback reaches the new process, and the
 * widget reconnects its stream.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { finishIdentification } from './support/simulator.ts';
import { type Stack, snapshot, useStack } from './support/stack.ts';
import { beginWebIdentification, consent, eventFired, outcome, widget } from './support/widget.ts';

const getStack = useStack({ beforeAll, afterAll, afterEach });
let stack: Stack;
beforeEach(() => {
  stack = getStack();
});

describe('relay restarted mid-flow', () => {
  it('redirect: restart while the customer is on BORICA’s page; the flow completes', async () => {
    const page = await (await stack.context()).newPage();
    await beginWebIdentification(page, stack.demo.url, 'redirect');
    await consent(page);
    await page.waitForURL(/\/session\//);
    await stack.demo.restartRelay();
    await finishIdentification(page, 'success');
    await page.waitForURL(`${stack.demo.url}/open/web**`);
    await outcome(page, 'completed');
    await eventFired(page, 'borica-complete');
    await snapshot(page, 'relay-restart-redirect');
  });

  it('QR: the customer finishes while the relay is down; after its restart the desktop shows it within seconds', async () => {
    const desktop = await (await stack.context()).newPage();
    await beginWebIdentification(desktop, stack.demo.url, 'qr');
    await consent(desktop);
    const url = await widget(desktop).locator('canvas[part="qr"]').getAttribute('data-url');
    await eventFired(desktop, 'borica-start');
    await desktop.evaluate(() => {
      document.addEventListener('borica-complete', () => {
        (window as { doneAt?: number }).doneAt ??= Date.now();
      });
    });
    const customerSession = new URL(url as string).pathname.split('/').pop() as string;

    // BORICA's callback finds no relay: the new process must learn the end by itself and tell the page
    await stack.demo.restartRelay(async () => {
      // the customer is told the connection is lost (and that the widget keeps trying)
      await widget(desktop).locator('[part="notice"]').waitFor({ state: 'visible', timeout: 20_000 });
      const res = await fetch(`${stack.demo.simulator.pagesUrl}/__sim/identification/${customerSession}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ outcome: 'success' }),
      });
      expect(res.status).toBe(200);
    });
    const backAt = Date.now();

    await outcome(desktop, 'completed', 30_000);
    await expect(widget(desktop).locator('[part="notice"]').count()).resolves.toBe(0);
    const doneAt = await desktop.evaluate(() => (window as { doneAt?: number }).doneAt ?? 0);
    // issue 12: completion on screen ≤ 3 s after the customer finished, across a restart (a figure here)
    console.log(`relay restart: completion on the desktop ${doneAt - backAt} ms after the relay was back`);
    expect(doneAt - backAt).toBeLessThan(20_000);
    expect(desktop.url()).toBe(`${stack.demo.url}/open/web?display=qr`);
    await snapshot(desktop, 'relay-restart-completed');
  });
});
