/**
 * Review: whatever the create call accepts must be startable. A field the public API allows but the
 * wire schema towards BORICA refuses would fail only at start, after a billable provider call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createWeb, type Harness, ORIGIN, server, startHarness } from '../api/helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    config: { rateLimit: { createPerMinute: 1000, startPerMinute: 1000, mobilePerIdPerHour: 50 } },
  });
}, 30_000);
afterAll(() => h?.close());

describe('review: create and start agree on limits', () => {
  it('an externalRef the API accepts (up to 200 characters) can be started', async () => {
    const created = await createWeb(h, { externalRef: 'r'.repeat(200) });
    const start = await client(h, created.clientToken, 'POST', `/v1/client/sessions/${created.id}/start`, {
      consent: true,
    });
    expect(start.status).toBe(200);
    expect(start.body.redirectUrl).toBeTruthy();
  });

  it('a returnUrl too long for the provider once the relay adds its parameters is refused at create', async () => {
    const returnUrl = `${ORIGIN}/back?x=${'a'.repeat(2000)}`;
    expect(returnUrl.length).toBeLessThanOrEqual(2048);
    const calls = h.sim.control.calls('startWebIdentification');
    const r = await server(h, 'POST', '/v1/identifications', { method: 'web', reason: 'Account', returnUrl });
    if (r.status === 201) {
      const start = await client(h, r.body.clientToken, 'POST', `/v1/client/sessions/${r.body.id}/start`, {
        consent: true,
      });
      expect(start.status).toBe(200);
    } else {
      expect(r.status).toBe(400);
      expect(r.body.errors[0].path).toBe('returnUrl');
      expect(h.sim.control.calls('startWebIdentification')).toBe(calls);
    }
  });
});
