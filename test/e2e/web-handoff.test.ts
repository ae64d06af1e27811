/**
 * Web identification without leaving the bank's page: the QR hand-off to a phone (a second browser
 * profile plays the phone), a popup, and an iframe. The bank's page updates live over SSE.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cyrillicWords } from './support/language.ts';
import { finishIdentification } from './support/simulator.ts';
import { type Stack, snapshot, useStack } from './support/stack.ts';
import { beginWebIdentification, consent, eventFired, outcome, widget } from './support/widget.ts';

const getStack = useStack({ beforeAll, afterAll, afterEach });
let stack: Stack;
beforeEach(() => {
  stack = getStack();
});

describe('web identification, hand-off modes', () => {
  it('QR, in English: the phone completes at BORICA, the desktop updates live; every page is in English', async () => {
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
    // the bank's page and the widget in it: English only
    await expect(cyrillicWords(desktop)).resolves.toEqual({ lang: 'en', cyrillic: [] });
    await desktop.evaluate(() => {
      document.addEventListener('borica-complete', () => {
        (window as { doneAt?: number }).doneAt ??= Date.now();
      });
    });

    // the phone is another browser with its own (Bulgarian) preferences: the session's language wins
    const phoneContext = await stack.context({ mobile: true });
    await phoneContext.setExtraHTTPHeaders({ 'accept-language': 'bg-BG,bg;q=0.9' });
    const phone = await phoneContext.newPage();
    await phone.goto(url as string);
    await phone.waitForURL(/\/session\//);
    await expect(cyrillicWords(phone)).resolves.toEqual({ lang: 'en', cyrillic: [] }); // BORICA's page
    const finishedAt = Date.now();
    await finishIdentification(phone, 'success');
    // the phone lands on a return page that says to go back to the other device, in English too
    await phone.waitForURL((u) => !u.pathname.startsWith('/session/'));
    await phone.waitForLoadState();
    await expect(cyrillicWords(phone)).resolves.toEqual({ lang: 'en', cyrillic: [] });
    await snapshot(phone, 'qr-phone-done');

    await outcome(desktop, 'completed');
    await eventFired(desktop, 'borica-complete');
    const doneAt = await desktop.evaluate(() => (window as { doneAt?: number }).doneAt ?? 0);
    // issue 12: completion on screen within 3 s of the customer finishing (a figure, generous bound)
    console.log(`QR: completion on the desktop ${doneAt - finishedAt} ms after the customer finished`);
    expect(doneAt - finishedAt).toBeLessThan(15_000);
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
    const closed = popup.waitForEvent('close', { timeout: 30_000 }).then(() => Date.now());
    const visited: string[] = [];
    popup.on('framenavigated', (f) => {
      if (f === popup.mainFrame()) visited.push(f.url());
    });
    await finishIdentification(popup, 'success');
    await outcome(page, 'completed');
    await eventFired(page, 'borica-complete');
    const endedAt = Date.now();
    // the widget closes the window it opened once the session ends (issue 12: within 2 s; a figure here)
    const closedAt = await closed;
    console.log(`popup: closed ${Math.max(0, closedAt - endedAt)} ms after the bank page showed the end`);
    expect(popup.isClosed()).toBe(true);
    // BORICA returned the popup to a light page, never to the bank's page with a second widget in it
    expect(visited.filter((u) => u.startsWith(`${stack.demo.url}/open/`))).toEqual([]);
    await expect(page.locator('#widget-events li[data-event="borica-complete"]').count()).resolves.toBe(1);
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
