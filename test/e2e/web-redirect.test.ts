/**
 * Web video identification with the default hand-off: the bank's page redirects to BORICA's page and
 * comes back. Also: cancel at BORICA, and a reload in the middle of the flow.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { audit } from './support/axe.ts';
import { pdfText } from './support/pdf.ts';
import { finishIdentification } from './support/simulator.ts';
import { type Stack, snapshot, useStack } from './support/stack.ts';
import { beginWebIdentification, consent, eventFired, outcome, widget } from './support/widget.ts';

const getStack = useStack({ beforeAll, afterAll, afterEach });
let stack: Stack;
beforeEach(() => {
  stack = getStack();
});

describe('web identification, redirect', () => {
  it('consent → BORICA page → complete → back on the bank page → completed', async () => {
    const page = await (await stack.context({ lang: 'en' })).newPage();
    await beginWebIdentification(page, stack.demo.url, 'redirect');
    await snapshot(page, 'consent');
    await expect(audit(page)).resolves.toEqual([]);

    await consent(page);
    await finishIdentification(page, 'success');

    // back on the bank's page (via its return URL), the widget follows the status to the end
    await page.waitForURL(`${stack.demo.url}/open/web**`);
    await outcome(page, 'completed');
    await eventFired(page, 'borica-complete');
    await expect(widget(page).locator('[part="heading"]').textContent()).resolves.toMatch(
      /confirmed|потвърдена/i,
    );
    await snapshot(page, 'completed');
    // the heading and the progress follow the step; the outcome is said once (by the widget)
    await expect(page.locator('h1').textContent()).resolves.toBe('Step 2 of 3: the contract');
    await expect(page.locator('.steps [aria-current="step"]').textContent()).resolves.toContain('Contract');
    const said = (await widget(page).locator('[part="heading"]').textContent())?.trim() ?? '';
    expect(said).not.toBe('');
    await expect(page.locator('main').textContent()).resolves.not.toContain(said);
    await expect(audit(page)).resolves.toEqual([]);

    // the bank's back office reads the same result through the server API
    await page.goto(`${stack.demo.url}/backoffice`);
    const row = page.getByTestId('sessions').locator('tr', { hasText: 'open account · redirect' });
    await expect(row.getByTestId('status').textContent()).resolves.toBe('completed');
    await row.locator('a').click();
    await expect(page.getByTestId('timeline').locator('li').count()).resolves.toBeGreaterThanOrEqual(3);
    const statuses = await page.getByTestId('timeline').getByTestId('status').allTextContents();
    expect(statuses[0]).toBe('created');
    expect(statuses.at(-1)).toBe('completed');
    const certificate = await page.request.get(
      await page
        .getByTestId('certificate')
        .getAttribute('href')
        .then((h) => stack.demo.url + h),
    );
    expect(certificate.headers()['content-type']).toContain('application/pdf');
    expect((await certificate.body()).subarray(0, 5).toString()).toBe('%PDF-');
    // an English session gets BORICA's certificate in English; the customer's name stays in Cyrillic
    const certificateText = pdfText(await certificate.body());
    expect(certificateText).toContain('Electronic identity certificate');
    expect(certificateText).toContain('Иван Петров Иванов');
    await snapshot(page, 'backoffice');
    await expect(audit(page)).resolves.toEqual([]);
    expect(stack.cspViolations).toEqual([]);
  });

  it('cancel at BORICA → the bank page shows the identification did not finish', async () => {
    const page = await (await stack.context()).newPage();
    await beginWebIdentification(page, stack.demo.url, 'redirect');
    await consent(page);
    await finishIdentification(page, 'cancel');
    await page.waitForURL(`${stack.demo.url}/open/web**`);
    await expect(outcome(page, 'ended')).resolves.toBe('cancelled');
    await eventFired(page, 'borica-cancel');
    await snapshot(page, 'cancelled');
  });

  it("cancel on the bank's page, before BORICA: the widget's Cancel ends the session", async () => {
    const page = await (await stack.context()).newPage();
    await beginWebIdentification(page, stack.demo.url, 'redirect');
    // a network blip when the page asks the bank's backend for the verdict: flow.js tries again
    let blips = 0;
    await page.route('**/api/sessions/*', (route) =>
      blips++ === 0 ? route.abort('failed') : route.fallback(),
    );
    await widget(page).locator('[part="actions"] button:not([part~="primary"])').click();
    await expect(outcome(page, 'ended')).resolves.toBe('cancelled');
    expect(blips).toBeGreaterThanOrEqual(2); // the page heard it from the widget, not from a reload
    await eventFired(page, 'borica-cancel');
    await snapshot(page, 'cancelled-before-borica');
  });

  it('a failed identification at BORICA ends as failed, with borica-error', async () => {
    const page = await (await stack.context()).newPage();
    await beginWebIdentification(page, stack.demo.url, 'redirect');
    await consent(page);
    await finishIdentification(page, 'fail');
    await page.waitForURL(`${stack.demo.url}/open/web**`);
    await expect(outcome(page, 'ended')).resolves.toBe('failed');
    await eventFired(page, 'borica-error');
    await snapshot(page, 'identification-failed');

    // one way on, the widget's "Try again" (the bank's own start-over is gone): the bank answers
    // `borica-retry` with a new session and the widget asks for consent again
    await expect(page.getByTestId('start-over').isVisible()).resolves.toBe(false);
    const before = await widget(page).getAttribute('session');
    await widget(page).locator('[part="actions"] button').click();
    await eventFired(page, 'borica-retry');
    await expect.poll(() => widget(page).getAttribute('session'), { timeout: 20_000 }).not.toBe(before);
    await widget(page).locator('button[part~="primary"]').waitFor();
    await expect(outcome(page, 'ended', 1_000).catch(() => 'none')).resolves.toBe('none');
  });

  it('survives a reload in the middle of the flow (started, customer not back yet)', async () => {
    const ctx = await stack.context();
    const page = await ctx.newPage();
    await beginWebIdentification(page, stack.demo.url, 'qr');
    await consent(page);
    const qr = widget(page).locator('canvas[part="qr"]');
    await qr.waitFor();
    const borica = await qr.getAttribute('data-url');
    expect(borica).toMatch(/\/session\//);

    await page.reload();
    // the widget picks the session up again where it was: the hand-off, same BORICA page
    await expect(widget(page).locator('canvas[part="qr"]').getAttribute('data-url')).resolves.toBe(borica);

    const phone = await (await stack.context({ mobile: true })).newPage();
    await phone.goto(borica as string);
    await finishIdentification(phone, 'success');
    await outcome(page, 'completed');
    await snapshot(page, 'reload-mid-flow');
  });
});
