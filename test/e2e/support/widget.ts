/** Driving the bank's pages and the widget inside them, as a customer would (Playwright pierces shadow DOM). */
import type { Locator, Page } from 'playwright-core';

export const widget = (page: Page, tag: 'borica-identify' | 'borica-sign' = 'borica-identify'): Locator =>
  page.locator(tag);

/** The consent step's main button ("I agree, continue" / "I agree, sign"). */
export async function consent(
  page: Page,
  tag: 'borica-identify' | 'borica-sign' = 'borica-identify',
): Promise<void> {
  const agree = widget(page, tag).locator('button[part~="primary"]');
  await agree.waitFor();
  await agree.click();
}

/** Waits until the widget has fired `name` (the demo page logs every widget event). */
export async function eventFired(page: Page, name: string, timeout = 20_000): Promise<void> {
  await page
    .locator(`#widget-events li[data-event="${name}"]`)
    .first()
    .waitFor({ state: 'attached', timeout });
}

/**
 * The bank's own verdict, after it asked its backend (authoritative, not the widget's hint): the next
 * step shown for a completed session; for an unsuccessful end (which the widget states) the status the
 * bank recorded. Resolves with that status.
 */
export async function outcome(page: Page, which: 'completed' | 'ended', timeout = 20_000): Promise<string> {
  if (which === 'completed') {
    await page.getByTestId('outcome-completed').waitFor({ state: 'visible', timeout });
    return 'completed';
  }
  const ended = page.locator('[data-testid="outcome-ended"]:not([data-status=""])');
  await ended.waitFor({ state: 'attached', timeout });
  return (await ended.getAttribute('data-status')) ?? '';
}

/** Opens the bank's web identification page with a display mode and creates the session (bank backend). */
export async function beginWebIdentification(page: Page, base: string, display: string): Promise<void> {
  await page.goto(`${base}/open/web?display=${display}`);
  await page.getByTestId('start-identification').click();
  await page.waitForURL(`**/open/web?display=${display}`);
  await widget(page).locator('button[part~="primary"]').waitFor();
}
