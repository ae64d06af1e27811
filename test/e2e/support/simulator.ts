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

/** The agent's review page: decide the first (only) identification waiting for review. */
export async function agentDecides(page: Page, pagesUrl: string, decision: 'approve' | 'deny'): Promise<void> {
  await page.goto(`${pagesUrl}/agent`);
  await page.locator(`button[name="decision"][value="${decision}"]`).first().click();
}

/** The "phone" running B-Trust MOBILE: approve or reject the first pending request. */
export async function phoneDecides(page: Page, pagesUrl: string, outcome: 'approve' | 'reject'): Promise<void> {
  await page.goto(`${pagesUrl}/mobile`);
  await page.locator(`button[name="outcome"][value="${outcome}"]`).first().click();
}
