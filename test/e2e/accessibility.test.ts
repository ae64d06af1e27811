/**
 * axe-core on every page of the bank's site, in Bulgarian and English, light and dark: no violation,
 * the widget inside included (its shadow DOM). Also what a keyboard or a phone user meets first.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { audit } from './support/axe.ts';
import { type Stack, snapshot, useStack } from './support/stack.ts';
import { beginWebIdentification, widget } from './support/widget.ts';

const getStack = useStack({ beforeAll, afterAll, afterEach });
let stack: Stack;
beforeEach(() => {
  stack = getStack();
});

describe('accessibility of the demo', () => {
  // The pages of a flow (consent, completed, contract, signing, back-office detail) are audited where the
  // flows run: web-redirect.test.ts (English) and signing.test.ts (Bulgarian).
  for (const lang of ['bg', 'en'] as const) {
    it(`every page has no axe violation, light and dark (${lang})`, async () => {
      const page = await (await stack.context({ lang })).newPage();
      const found: Record<string, string[]> = {};
      const check = async (label: string) => {
        const violations = await audit(page);
        if (violations.length) found[label] = violations;
      };
      // no visitor cookie yet: the return page as a phone sees it after the QR hand-off
      for (const path of ['/return?to=web&display=qr', '/', '/open/web', '/open/contract', '/simulator']) {
        await page.goto(stack.demo.url + path);
        await check(path);
      }
      await page.goto(`${stack.demo.url}/open/mobile`);
      await page.locator('input[name="id"]').fill('7504151239'); // wrong check digit: field errors
      await page.getByTestId('send-mobile').click();
      await page.getByTestId('error-id').waitFor();
      await check('/open/mobile (invalid EGN)');
      await page.goto(`${stack.demo.url}/open-start`);
      await widget(page).locator('button[part~="primary"]').waitFor();
      await check('/open-start');
      await page.goto(`${stack.demo.url}/backoffice`);
      await check('/backoffice');
      expect(found).toEqual({});
    });
  }

  it('on a phone the widget comes first, "B‑Trust" stays whole, and a skip link leads to the content', async () => {
    const page = await (await stack.context({ mobile: true })).newPage();
    await page.goto(`${stack.demo.url}/`);
    // a non-breaking hyphen: the brand never wraps as "B-/Trust"
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).toContain('B\u2011Trust');
    expect(text).not.toContain('B-Trust');
    // the first Tab reaches the skip link, which moves focus to the page's content
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.className)).resolves.toBe('skip');
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');

    await beginWebIdentification(page, stack.demo.url, 'qr');
    const viewport = page.viewportSize()?.height ?? 0;
    const box = await widget(page).boundingBox();
    const modes = await page.locator('nav.modes').boundingBox();
    expect(box && modes).toBeTruthy();
    // on the first screen, and before the display-mode chooser
    expect(box!.y).toBeLessThan(viewport / 2);
    expect(box!.y).toBeLessThan(modes!.y);
    await snapshot(page, 'phone-consent');
  });
});
