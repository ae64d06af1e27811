/** Acting on the simulator's pages (BORICA's stand-in) as the customer, the agent or the phone would. */
import type { Page } from 'playwright-core';

export type WebOutcome = 'success' | 'cancel' | 'fail' | 'review';

/** On BORICA's identification page: press one of its outcome buttons. */
export async function finishIdentification(page: Page, outcome: WebOutcome): Promise<void> {
  await page.waitForURL(/\/session\//);
  await page.locator(`button[name="outcome"][value="${outcome}"]`).click();
}

/** On BORICA's signing page: read the (simulated) SMS code, enter it, and sign or cancel. */
export async function finishSigning(page: Page, action: 'sign' | 'cancel'): Promise<void> {
  await page.waitForURL(/\/cqes\//);
  if (action === 'sign') {
    const hint = await page.locator('p.sim').textContent();
    const code = /\d{6}/.exec(hint ?? '')?.[0];
    if (!code) throw new Error('the simulated SMS code is not on the signing page');
    await page.locator('#code').fill(code);
  }
  await page.locator(`button[name="action"][value="${action}"]`).click();
}

/**
 * Presses a decision button on one of the simulator's console pages (agent, phone). Those pages reload
 * themselves every few seconds, which can swallow a click: wait for the POST and try again if it never went.
 */
async function decide(page: Page, url: string, button: string, postPath: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.goto(url);
    const posted = page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().includes(postPath),
      {
        timeout: 5_000,
      },
    );
    await page.locator(button).first().click();
    try {
      const res = await posted;
      if (res.status() >= 400) throw new Error(`${postPath} answered ${res.status()}`);
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

/** The agent's review page: decide the first (only) identification waiting for review. */
export async function agentDecides(
  page: Page,
  pagesUrl: string,
  decision: 'approve' | 'deny',
): Promise<void> {
  await decide(page, `${pagesUrl}/agent`, `button[name="decision"][value="${decision}"]`, '/agent/');
}

/** The "phone" running B-Trust MOBILE: approve or reject the first pending request. */
export async function phoneDecides(
  page: Page,
  pagesUrl: string,
  outcome: 'approve' | 'reject',
): Promise<void> {
  await decide(page, `${pagesUrl}/mobile`, `button[name="outcome"][value="${outcome}"]`, '/mobile/');
}
