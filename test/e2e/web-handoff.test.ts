/**
 * Web identification without leaving the bank's page: the QR hand-off to a phone (a second browser
 * profile plays the phone), a popup, and an iframe. The bank's page updates live over SSE.
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

describe('web identification, hand-off modes', () => {
  it('QR: the phone opens the URL in the QR code, completes there, the desktop page updates live', async () => {
    const desktop = await (await stack.context({ lang: 'en' })).newPage();
    await beginWebIdentification(desktop, stack.demo.url, 'qr');
    await consent(desktop);
    const qr = widget(desktop).locator('canvas[part="qr"]');
    await qr.waitFor();
    const url = await qr.getAttribute('data-url');
    expect(url).toMatch(new RegExp(`^${stack.demo.simulator.pagesUrl}/session/`));
    // the canvas really holds a drawn code, not an empty box
    const drawn = await qr.evaluate((c: HTMLCanvasElement) => c.width > 0 && c.toDataURL().length > 1000);
    expect(drawn).toBe(true);
    await eventFired(desktop, 'borica-start');
    await snapshot(desktop, 'qr-handoff');

    const phone = await (await stack.context({ mobile: true, lang: 'en' })).newPage();
    await phone.goto(url as string);
    await finishIdentification(phone, 'success');
    // the phone lands on the bank's return page, which (no bank cookie there) says to go back
    await phone.getByTestId('handoff-done').waitFor({ state: 'visible' });
    await snapshot(phone, 'qr-phone-done');

    await outcome(desktop, 'completed');
    await eventFired(desktop, 'borica-complete');
    expect(desktop.url()).toBe(`${stack.demo.url}/open/web?display=qr`); // never left the page
    await snapshot(desktop, 'qr-completed');
    expect(stack.cspViolations).toEqual([]);
  });

  it('popup: BORICA opens in a window, the bank page follows and completes', async () => {
    const ctx = await stack.context();
    const page = await ctx.newPage();
    await beginWebIdentification(page, stack.demo.url, 'popup');
    const popupOpened = page.waitForEvent('popup');
    await consent(page);
    const popup = await popupOpened;
    await finishIdentification(popup, 'success');
    await outcome(page, 'completed');
    await eventFired(page, 'borica-complete');
    expect(page.url()).toBe(`${stack.demo.url}/open/web?display=popup`);
    await snapshot(page, 'popup-completed');
  });

  it('iframe: BORICA is embedded in the bank page and completes inside it', async () => {
    const page = await (await stack.context()).newPage();
    await beginWebIdentification(page, stack.demo.url, 'iframe');
    await consent(page);
    const frameEl = widget(page).locator('iframe[part="frame"]');
    await frameEl.waitFor();
    expect(await frameEl.getAttribute('allow')).toContain('camera');
    const frame = await (await frameEl.elementHandle())?.contentFrame();
    if (!frame) throw new Error('no iframe content');
    await frame.waitForURL(/\/session\//);
    await frame.locator('button[name="outcome"][value="success"]').click();
    await outcome(page, 'completed');
    expect(page.url()).toBe(`${stack.demo.url}/open/web?display=iframe`);
    await snapshot(page, 'iframe-completed');
    expect(stack.cspViolations).toEqual([]);
  });
});
