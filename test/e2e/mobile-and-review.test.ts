/**
 * B-Trust MOBILE (the bank's form → the simulator's phone page approves) and a web identification
 * that goes to a BORICA agent's review before it is approved.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { agentDecides, finishIdentification, phoneDecides } from './support/simulator.ts';
import { type Stack, snapshot, useStack } from './support/stack.ts';
import { beginWebIdentification, consent, eventFired, outcome, widget } from './support/widget.ts';

const getStack = useStack({ beforeAll, afterAll, afterEach });
let stack: Stack;
beforeEach(() => {
  stack = getStack();
});

describe('B-Trust MOBILE', () => {
  it("the bank's form creates the request; the customer approves on the phone; the page completes", async () => {
    const ctx = await stack.context();
    const page = await ctx.newPage();
    await page.goto(`${stack.demo.url}/open/mobile`);
    await page.getByTestId('send-mobile').click(); // the form is pre-filled with a valid test person
    await page.waitForURL(`${stack.demo.url}/open/mobile`);
    await consent(page);
    await eventFired(page, 'borica-start');
    // the widget waits for the app: no BORICA page to open
    await expect(widget(page).locator('iframe, canvas').count()).resolves.toBe(0);
    await snapshot(page, 'mobile-waiting');

    const phone = await (await stack.context({ mobile: true })).newPage();
    await phoneDecides(phone, stack.demo.simulator.pagesUrl, 'approve');
    await outcome(page, 'completed');
    await eventFired(page, 'borica-complete');
    await snapshot(page, 'mobile-completed');
  });

  it('the customer rejects on the phone: the bank page shows it failed', async () => {
    const page = await (await stack.context()).newPage();
    await page.goto(`${stack.demo.url}/open/mobile`);
    // another person than the first test's, so the per-person rate limit is not what is tested here
    await page.locator('input[name="id"]').fill('8801204569');
    await page.locator('input[name="dateOfBirth"]').fill('1988-01-20');
    await page.getByTestId('send-mobile').click();
    await consent(page);
    await eventFired(page, 'borica-start');
    const phone = await (await stack.context({ mobile: true })).newPage();
    await phoneDecides(phone, stack.demo.simulator.pagesUrl, 'reject');
    await expect(outcome(page, 'ended')).resolves.toBe('failed');
    await eventFired(page, 'borica-error');
    await snapshot(page, 'mobile-rejected');
  });

  it('the relay refuses an invalid EGN, and the bank shows which field is wrong', async () => {
    const page = await (await stack.context()).newPage();
    await page.goto(`${stack.demo.url}/open/mobile`);
    await page.locator('input[name="id"]').fill('7504151239'); // wrong check digit
    await page.getByTestId('send-mobile').click();
    // beside the field, in the page's language (Bulgarian here), not the relay's words
    await expect(page.getByTestId('error-id').textContent()).resolves.toBe(
      'Този идентификатор не е валиден: проверете цифрите.',
    );
    await expect(page.locator('#f-id').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.getByTestId('form-error').textContent()).resolves.not.toMatch(/person|relay|реле/i);
    await snapshot(page, 'mobile-invalid-egn');
  });
});

/** A web identification the customer finished with "send to review": the bank page shows awaiting_review. */
async function sentToReview() {
  const page = await (await stack.context()).newPage();
  await beginWebIdentification(page, stack.demo.url, 'redirect');
  await consent(page);
  await finishIdentification(page, 'review');
  await page.waitForURL(`${stack.demo.url}/open/web**`);
  await page
    .locator('#widget-events li[data-event="borica-status"]', { hasText: 'awaiting_review' })
    .first()
    .waitFor({ state: 'attached', timeout: 20_000 });
  return page;
}

describe('agent review', () => {
  it('sent to review → awaiting_review on the bank page → the agent approves → completed', async () => {
    const page = await sentToReview();
    await snapshot(page, 'awaiting-review');

    const agent = await (await stack.context()).newPage();
    await agentDecides(agent, stack.demo.simulator.pagesUrl, 'approve');
    await outcome(page, 'completed');
    await snapshot(page, 'review-approved');
  });

  it('sent to review → the agent denies → failed', async () => {
    const page = await sentToReview();
    const agent = await (await stack.context()).newPage();
    await agentDecides(agent, stack.demo.simulator.pagesUrl, 'deny');
    await expect(outcome(page, 'ended')).resolves.toBe('failed');
    await snapshot(page, 'review-denied');
  });
});
