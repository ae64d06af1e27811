/** Authentication, authorisation, origins, and that logs never carry personal data or secrets. */
import type { Simulator } from '@borica-identify/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badInputCases } from './bad-input.cases.ts';
import {
  call,
  client,
  createWeb,
  type Harness,
  identifiedWeb,
  ORIGIN,
  PERSON,
  samplePdf,
  server,
  startedWeb,
  startHarness,
  startSim,
  waitStatus,
} from './helpers.ts';

let sim: Simulator;
let h: Harness;
let closed: Harness;
beforeAll(async () => {
  sim = await startSim();
  h = await startHarness({
    sim,
    config: {
      openStart: true,
      openStartMobile: true,
      rateLimit: { createPerMinute: 60, startPerMinute: 60, mobilePerIdPerHour: 50 },
    },
    tuning: { jsonLimitBytes: 4096, signingLimitBytes: 64 * 1024 },
  });
  closed = await startHarness({ sim, config: { openStart: false } });
}, 30_000);
afterAll(async () => {
  await h?.close();
  await closed?.close();
  await sim?.close();
});

describe('server API authentication', () => {
  it('no key or a wrong key: 401 problem with WWW-Authenticate', async () => {
    for (const headers of [
      {},
      { authorization: 'Bearer wrong' },
      { authorization: `Basic ${h.apiKey}` },
    ] as Record<string, string>[]) {
      const r = await call(h, 'POST', '/v1/identifications', {
        body: { method: 'web', reason: 'x' },
        headers,
      });
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toBe('Bearer');
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.body).toMatchObject({
        code: 'unauthorized',
        status: 401,
        type: 'https://borica-identify.dev/problems/unauthorized',
      });
    }
    // A client token is not an API key.
    const s = await startedWeb(h);
    expect((await call(h, 'GET', `/v1/identifications/${s.id}`, { token: s.clientToken })).status).toBe(401);
  });
});

describe('client tokens', () => {
  it("open exactly one session: another session's token or a made-up one is a 404", async () => {
    const s1 = await startedWeb(h);
    const s2 = await startedWeb(h);
    for (const token of [s2.clientToken, 'made-up-token', s1.clientToken.slice(0, -1)]) {
      const r = await client(h, token, 'GET', `/v1/client/sessions/${s1.id}`);
      expect(r.status).toBe(404);
      expect(r.body.code).toBe('not_found');
      expect((await client(h, token, 'POST', `/v1/client/sessions/${s1.id}/cancel`)).status).toBe(404);
    }
    expect((await call(h, 'GET', `/v1/client/sessions/${s1.id}`)).status).toBe(401);
    // ?token= is for the events stream only.
    expect((await call(h, 'GET', `/v1/client/sessions/${s1.id}?token=${s1.clientToken}`)).status).toBe(401);
    const ok = await client(h, s1.clientToken, 'GET', `/v1/client/sessions/${s1.id}`);
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.body).sort()).toEqual([
      'expiresAt',
      'id',
      'kind',
      'language',
      'method',
      'provider',
      'reason',
      'redirectUrl',
      'status',
    ]);
  });
});

describe('origins', () => {
  it('returnUrl must be on an allowed origin; the provider gets it with the session and outcome', async () => {
    const bad = await server(h, 'POST', '/v1/identifications', {
      method: 'web',
      reason: 'x',
      returnUrl: 'https://evil.example/back',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { path: 'returnUrl', message: expect.stringContaining('evil.example') },
    ]);
    const notHttp = await server(h, 'POST', '/v1/identifications', {
      method: 'web',
      reason: 'x',
      returnUrl: 'javascript:alert(1)',
    });
    expect(notHttp.status).toBe(400);

    const provider = h.relay.deps.provider;
    const original = provider.createRegistration.bind(provider);
    let sent: { successUrl: string; cancelUrl: string } | undefined;
    provider.createRegistration = (id, req, o) => {
      sent = { successUrl: req.successUrl, cancelUrl: req.cancelUrl };
      return original(id, req, o);
    };
    try {
      const s = await startedWeb(h, { returnUrl: `${ORIGIN}/account/open?step=2` });
      const success = new URL(sent!.successUrl);
      expect(success.origin + success.pathname).toBe(`${ORIGIN}/account/open`);
      expect(success.searchParams.get('step')).toBe('2');
      expect(success.searchParams.get('borica_session')).toBe(s.id);
      expect(success.searchParams.get('borica_outcome')).toBe('success');
      expect(new URL(sent!.cancelUrl).searchParams.get('borica_outcome')).toBe('cancel');
      // Without a returnUrl: the relay's own page, in the session's language.
      await startedWeb(h, { language: 'en' });
      expect(sent!.successUrl.startsWith(`${h.url}/v1/client/return?`)).toBe(true);
      const page = await call(
        h,
        'GET',
        new URL(sent!.successUrl).pathname + new URL(sent!.successUrl).search,
      );
      expect(page.status).toBe(200);
      expect(page.body).toContain('You can close this window');
    } finally {
      provider.createRegistration = original;
    }
  });

  it('popup, iframe and qr: BORICA returns the customer to a light page, never the host page', async () => {
    const provider = h.relay.deps.provider;
    const original = provider.createRegistration.bind(provider);
    let sent: { successUrl: string; cancelUrl: string } | undefined;
    provider.createRegistration = (id, req, o) => {
      sent = { successUrl: req.successUrl, cancelUrl: req.cancelUrl };
      return original(id, req, o);
    };
    const start = async (extra: object, body: object) => {
      const s = await createWeb(h, extra);
      const r = await client(h, s.clientToken, 'POST', `/v1/client/sessions/${s.id}/start`, {
        consent: true,
        ...body,
      });
      return { s, r };
    };
    const page = (url: string) => call(h, 'GET', new URL(url).pathname + new URL(url).search);
    try {
      // the host page the backend named is for redirect; a popup gets the relay's page, in English
      const host = { returnUrl: `${ORIGIN}/account/open`, language: 'en' };
      const popup = await start(host, { display: 'popup' });
      expect(popup.r.status).toBe(200);
      const success = new URL(sent!.successUrl);
      expect(`${success.origin}${success.pathname}`).toBe(`${h.url}/v1/client/return`);
      expect(success.searchParams.get('borica_session')).toBe(popup.s.id);
      expect(success.searchParams.get('borica_outcome')).toBe('success');
      const popupPage = await page(sent!.successUrl);
      expect(popupPage.body).toContain('<html lang="en">');
      expect(popupPage.body).toContain('This window closes by itself');
      const cancelled = await page(sent!.cancelUrl);
      expect(cancelled.body).toContain('The process at BORICA was cancelled.');
      // the stored session keeps the backend's returnUrl: only the provider's return changed
      expect((await server(h, 'GET', `/v1/identifications/${popup.s.id}`)).status).toBe(200);

      // qr in Bulgarian: the phone ends on the relay's page, in the session's language
      await start({ language: 'bg' }, { display: 'qr' });
      const qrPage = await page(sent!.successUrl);
      expect(qrPage.body).toContain('<html lang="bg">');
      expect(qrPage.body).toContain('Продължете на устройството, на което сканирахте кода.');

      // a light page of the integrator's own, for an iframe
      await start(host, { display: 'iframe', returnUrl: `${ORIGIN}/borica-done.html` });
      expect(sent!.successUrl.startsWith(`${ORIGIN}/borica-done.html?borica_session=`)).toBe(true);

      // redirect (or an old widget that says nothing) returns to the host page as before
      await start(host, { display: 'redirect' });
      expect(sent!.successUrl.startsWith(`${ORIGIN}/account/open?`)).toBe(true);
    } finally {
      provider.createRegistration = original;
    }

    // a named light page must be on an allowed origin, and is only for the modes that need one
    const evil = await start({}, { display: 'popup', returnUrl: 'https://evil.example/done' });
    expect(evil.r.status).toBe(400);
    expect(evil.r.body.errors).toEqual([
      { path: 'returnUrl', message: expect.stringContaining('evil.example') },
    ]);
    expect((await server(h, 'GET', `/v1/identifications/${evil.s.id}`)).body.status).toBe('created');
    const redirect = await start({}, { display: 'redirect', returnUrl: `${ORIGIN}/done` });
    expect(redirect.r.status).toBe(400);
    expect(redirect.r.body.errors[0].path).toBe('returnUrl');
    const unknown = await start({}, { display: 'tab' });
    expect(unknown.r.status).toBe(400);
    expect(unknown.r.body.errors[0].path).toBe('display');
  });

  it('open start: only when enabled and only from an allowed Origin', async () => {
    const body = { method: 'web', reason: 'Account opening' };
    const off = await call(closed, 'POST', '/v1/client/identifications', {
      body,
      headers: { origin: ORIGIN },
    });
    expect(off.status).toBe(403);
    expect(off.body.code).toBe('forbidden');
    const badOrigin = await call(h, 'POST', '/v1/client/identifications', {
      body,
      headers: { origin: 'https://evil.example' },
    });
    expect(badOrigin.status).toBe(403);
    const noOrigin = await call(h, 'POST', '/v1/client/identifications', { body });
    expect(noOrigin.status).toBe(403);
    const ok = await call(h, 'POST', '/v1/client/identifications', { body, headers: { origin: ORIGIN } });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ kind: 'identification', method: 'web', status: 'created' });
    expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const mobile = await call(h, 'POST', '/v1/client/identifications', {
      body: { method: 'mobile', reason: 'Loan', person: PERSON },
      headers: { origin: ORIGIN },
    });
    expect(mobile.status).toBe(201);
    // A site that opened web start only does not push requests to strangers' phones.
    const webOnly = await startHarness({ sim, config: { openStart: true, openStartMobile: false } });
    try {
      const refused = await call(webOnly, 'POST', '/v1/client/identifications', {
        body: { method: 'mobile', reason: 'Loan', person: PERSON },
        headers: { origin: ORIGIN },
      });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('forbidden');
      const web = await call(webOnly, 'POST', '/v1/client/identifications', {
        body,
        headers: { origin: ORIGIN },
      });
      expect(web.status).toBe(201);
    } finally {
      await webOnly.close();
    }
    const withRef = await call(h, 'POST', '/v1/client/identifications', {
      body: { ...body, externalRef: 'mine' },
      headers: { origin: ORIGIN },
    });
    expect(withRef.status).toBe(400);
    expect(withRef.body.errors[0].path).toBe('externalRef');
  });

  it('CORS on the client API only for allowed origins', async () => {
    const pre = await fetch(`${h.url}/v1/client/sessions/x/start`, {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('last-event-id');
    const evil = await fetch(`${h.url}/v1/client/sessions/x/start`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('logs', () => {
  it('after full flows, contain no EGN, phone, e-mail, token, secret or document', async () => {
    const before = h.logs.length;
    const web = await identifiedWeb(h);
    const pdf = samplePdf('Secret contract').toString('base64');
    const signing = await server(h, 'POST', '/v1/signings', {
      identificationId: web.id,
      documents: [{ fileName: 'c.pdf', title: 'C', content: pdf }],
    });
    const start = await client(
      h,
      signing.body.clientToken,
      'POST',
      `/v1/client/sessions/${signing.body.id}/start`,
      { consent: true },
    );
    await h.sim.control.sign(start.body.redirectUrl.split('/').at(-1), 'sign');
    await waitStatus(h, signing.body.id, 'completed');
    const mobile = await server(h, 'POST', '/v1/identifications', {
      method: 'mobile',
      reason: 'Loan',
      person: PERSON,
    });
    await client(h, mobile.body.clientToken, 'POST', `/v1/client/sessions/${mobile.body.id}/start`, {
      consent: true,
    });
    const callbackId = (await h.relay.deps.store.get(mobile.body.id))!.refs.callbackId!;
    await h.sim.control.completeMobile(callbackId, 'approve');
    await waitStatus(h, mobile.body.id, 'completed');
    await call(h, 'GET', `/v1/client/sessions/${web.id}/events?token=${web.clientToken}`);
    const bad = await server(h, 'POST', '/v1/identifications', {
      method: 'mobile',
      reason: 'x',
      person: { ...PERSON, email: 'bad' },
    });
    expect(bad.status).toBe(400);

    const text = h.logs.slice(before).join('\n');
    expect(text).toContain('"route":"/v1/identifications"');
    const callbackUrls = h.sim.control.callbacks.list().map((c) => c.url.split('/').at(-1)!);
    for (const secret of [
      PERSON.id,
      PERSON.phone,
      PERSON.email,
      '359888123456',
      web.clientToken,
      signing.body.clientToken,
      mobile.body.clientToken,
      h.apiKey,
      pdf.slice(0, 60),
      ...callbackUrls,
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('rate limits', () => {
  it('client start is limited per IP: 429 with Retry-After', async () => {
    const limited = await startHarness({
      sim,
      config: { rateLimit: { createPerMinute: 60, startPerMinute: 2, mobilePerIdPerHour: 5 } },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await call(limited, 'POST', '/v1/client/sessions/idn_x/start', {
          token: 't',
          body: { consent: true },
        });
        statuses.push(r.status);
        if (r.status === 429) {
          expect(r.body.code).toBe('rate_limited');
          expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
        }
      }
      expect(statuses).toEqual([404, 404, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('a provider that cannot be reached at start', () => {
  it('502 provider_unavailable, and the session stays created so the customer can retry', async () => {
    const down = await startHarness({ sim, config: { apiUrl: 'https://127.0.0.1:9/signing-api/v2' } });
    try {
      const created = await server(down, 'POST', '/v1/identifications', { method: 'web', reason: 'x' });
      const r = await client(
        down,
        created.body.clientToken,
        'POST',
        `/v1/client/sessions/${created.body.id}/start`,
        { consent: true },
      );
      expect(r.status).toBe(502);
      expect(r.body.code).toBe('provider_unavailable');
      const view = await server(down, 'GET', `/v1/identifications/${created.body.id}`);
      expect(view.body.status).toBe('created');
      expect(view.body.error).toBeUndefined();
    } finally {
      await down.close();
    }
  }, 20_000);
});

badInputCases(() => h);
