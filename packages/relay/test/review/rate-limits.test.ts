/** Review: rate limits that trivially varied input must not bypass. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Harness, PERSON, server, startHarness } from '../api/helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    config: {
      trustProxy: true,
      rateLimit: { createPerMinute: 1000, startPerMinute: 2, mobilePerIdPerHour: 1 },
    },
  });
}, 30_000);
afterAll(() => h?.close());

describe('review: rate limits', () => {
  it('behind a proxy, a client cannot dodge the start limit by sending its own X-Forwarded-For', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      // The client made up the first entry; our proxy appended the address it really saw.
      const r = await call(h, 'POST', '/v1/client/sessions/idn_nope/start', {
        body: { consent: true },
        headers: { 'x-forwarded-for': `10.0.0.${i}, 203.0.113.7` },
      });
      statuses.push(r.status);
    }
    expect(statuses).toEqual([401, 401, 429]);
  });

  it('the per-person mobile limit is not bypassed by changing the case of an e-mail id', async () => {
    const person = (id: string) => ({ ...PERSON, idType: 'EMAIL', id });
    const first = await server(h, 'POST', '/v1/identifications', {
      method: 'mobile',
      reason: 'Account opening',
      person: person('ivan.petrov@example.com'),
    });
    expect(first.status).toBe(201);
    const second = await server(h, 'POST', '/v1/identifications', {
      method: 'mobile',
      reason: 'Account opening',
      person: person('Ivan.Petrov@EXAMPLE.com'),
    });
    expect(second.status).toBe(429);
  });

  it('an IPv6 client cannot dodge the start limit by using more addresses of its own /64', async () => {
    const statuses: number[] = [];
    for (const ip of ['2001:db8:1:2::1', '2001:db8:1:2::abcd', '2001:0db8:0001:0002:ffff::7']) {
      const r = await call(h, 'POST', '/v1/client/sessions/idn_nope/start', {
        body: { consent: true },
        headers: { 'x-forwarded-for': ip },
      });
      statuses.push(r.status);
    }
    expect(statuses).toEqual([401, 401, 429]);
  });

  it('an IPv4 client is the same client written as an IPv4-mapped IPv6 address', async () => {
    const statuses: number[] = [];
    for (const ip of ['198.51.100.9', '::ffff:198.51.100.9', '::FFFF:198.51.100.9']) {
      const r = await call(h, 'POST', '/v1/client/sessions/idn_nope/start', {
        body: { consent: true },
        headers: { 'x-forwarded-for': ip },
      });
      statuses.push(r.status);
    }
    expect(statuses).toEqual([401, 401, 429]);
  });
});
