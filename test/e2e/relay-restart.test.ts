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

  it('QR: restart while the desktop page streams; it reconnects and sees the phone complete', async () => {
    const desktop = await (await stack.context()).newPage();
    await beginWebIdentification(desktop, stack.demo.url, 'qr');
    await consent(desktop);
    const url = await widget(desktop).locator('canvas[part="qr"]').getAttribute('data-url');
    await eventFired(desktop, 'borica-start');

    await stack.demo.restartRelay();

    const phone = await (await stack.context({ mobile: true })).newPage();
    await phone.goto(url as string);
    await finishIdentification(phone, 'success');
    await outcome(desktop, 'completed', 30_000);
    expect(desktop.url()).toBe(`${stack.demo.url}/open/web?display=qr`);
    await snapshot(desktop, 'relay-restart-completed');
  });
});
