/**
 * The bank site as an integrator would check it: strict CSP and Permissions-Policy on every page,
 * the API key never reaches a browser, the widget bundle is served, and the tag-only open start works.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { finishIdentification } from './support/simulator.ts';
import { type Stack, snapshot, useStack } from './support/stack.ts';
import { consent, eventFired, widget } from './support/widget.ts';

const getStack = useStack({ beforeAll, afterAll, afterEach });
let stack: Stack;
beforeEach(() => {
  stack = getStack();
});

describe('the bank site', () => {
  it('serves every page with a strict CSP and camera/microphone delegated only to BORICA', async () => {
    const sim = new URL(stack.demo.simulator.pagesUrl).origin;
    for (const path of [
      '/',
      '/open/web',
      '/open/mobile',
      '/open/contract',
      '/open-start',
      '/backoffice',
      '/simulator',
    ]) {
      const res = await fetch(stack.demo.url + path);
      expect(res.status, path).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toContain('unsafe-inline');
      expect(csp, path).not.toContain('unsafe-eval');
      expect(csp, path).toContain(`frame-src 'self' ${sim}`);
      expect(res.headers.get('permissions-policy'), path).toContain(`camera=(self "${sim}")`);
      const body = await res.text();
      expect(body, path).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script anywhere
      expect(body, path).not.toContain('demo_'); // the relay API key's prefix
    }
    const bundle = await fetch(`${stack.demo.url}/borica-identify.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');

    const page = await (await stack.context({ lang: 'en' })).newPage();
    await page.goto(stack.demo.url);
    await expect(page.locator('h1').textContent()).resolves.toBe('Open an account online in 5 minutes');
    await snapshot(page, 'home');
  });

  it('hands the page a client token that opens only its own session, never the server API', async () => {
    const page = await (await stack.context()).newPage();
    await page.goto(`${stack.demo.url}/open/web`);
    await page.getByTestId('start-identification').click();
    const token = await widget(page).getAttribute('token');
    const session = await widget(page).getAttribute('session');
    expect(token).toBeTruthy();
    const asServer = await fetch(`${stack.demo.relayUrl}/v1/identifications/${session}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(asServer.status).toBe(401);
    const asClient = await fetch(`${stack.demo.relayUrl}/v1/client/sessions/${session}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(asClient.status).toBe(200);
    await snapshot(page, 'client-token');
  });

  it('open start: the tag alone creates a session, goes to BORICA and comes back completed', async () => {
    const page = await (await stack.context()).newPage();
    await page.goto(`${stack.demo.url}/open-start`);
    await consent(page);
    await finishIdentification(page, 'success');
    await page.waitForURL(`${stack.demo.url}/open-start**`);
    await eventFired(page, 'borica-complete');
    await expect(widget(page).locator('[part="heading"]').textContent()).resolves.toMatch(
      /confirmed|потвърдена/i,
    );
    await snapshot(page, 'open-start-completed');
    // "start over" is a new widget instance: a fresh consent, no session yet
    await page.getByTestId('open-start-again').click();
    await widget(page).locator('button[part~="primary"]').waitFor();
    expect(stack.cspViolations).toEqual([]);
  });
});
