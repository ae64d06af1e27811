import type { Agent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../src/index.ts';
import { identified, signBody, startWeb, tokenOf } from './flows.ts';
import { api, FAST, mtlsAgent, testPki, until } from './helpers.ts';

let sim: Simulator;
let agent: Agent;
beforeAll(async () => {
  sim = await startSimulator({ pki: await testPki(), timing: FAST });
  agent = mtlsAgent(sim.pki);
});
afterAll(async () => {
  await agent.close();
  await sim.close();
});
beforeEach(() => sim.control.reset());

const CB = 'http://127.0.0.1:1/cb';

function post(path: string, fields: Record<string, string>) {
  return fetch(`${sim.pagesUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}
const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${sim.pagesUrl}${path}`, { headers });
const regStatus = async (registrationId: string) =>
  (await api(sim, agent, 'GET', `/identification/web/sessions/by-otc-request/${registrationId}/status`)).body;

describe('web identification page', () => {
  it('renders in the registration language, labelled SIMULATOR, embeddable, with the reason escaped', async () => {
    const start = await api(sim, agent, 'POST', '/identification/web/websession/start', {
      requestCallbackUrl: CB,
      identificationReason: '<script>alert(1)</script> & "quotes"',
    });
    const reg = await api(
      sim,
      agent,
      'POST',
      `/identification/web/sessions/by-otc-request/${start.body.data.webSessionId}`,
      {
        cancelUrl: 'https://rp.example/c',
        successUrl: 'https://rp.example/s',
        userLanguage: 'en',
      },
    );
    const res = await get(`/session/${reg.body.sessionId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(res.headers.get('permissions-policy')).toBe('camera=(self), microphone=(self)');
    const page = await res.text();
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('SIMULATOR');
    expect(page).toContain('Video identification');
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(page).toMatch(/<label for="egn">/);
    expect(page).toMatch(/<button type="submit" name="outcome" value="success">/);
    const bg = await (await get(`/session/${reg.body.sessionId}?lang=bg`)).text();
    expect(bg).toContain('<html lang="bg">');
    expect(bg).toContain('Видео идентификация');
    expect(bg).toContain(`action="/session/${reg.body.sessionId}?lang=bg"`);
  });

  it.each([
    ['success', 'https://rp.example/success', 'COMPLETED'],
    ['review', 'https://rp.example/success', 'COMPLETED'],
    ['fail', 'https://rp.example/cancel', 'REJECTED'],
    ['cancel', 'https://rp.example/cancel', 'REJECTED'],
  ])('the %s button drives the state and redirects', async (outcome, location, regState) => {
    const w = await startWeb(sim, agent, CB);
    const res = await post(`/session/${w.sessionId}`, {
      outcome,
      name: 'Петър Петров',
      egn: '7805166742',
      phone: '+359888123456',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(location);
    const status = (await regStatus(w.registrationId)).status;
    expect(outcome === 'success' ? ['COMPLETED', 'FINALIZED'] : [regState]).toContain(status);
    const again = await (await get(`/session/${w.sessionId}`)).text();
    expect(again).toContain('приключила');
    const twice = await post(`/session/${w.sessionId}`, {
      outcome: 'success',
      name: 'x',
      egn: '7805166742',
      phone: '+359888123456',
    });
    expect(twice.status).toBe(409);
  });

  it('redirects to a non-ASCII successUrl, percent-encoded', async () => {
    const w = await startWeb(sim, agent, CB, { successUrl: 'https://rp.example/успех?ref=1' });
    const res = await post(`/session/${w.sessionId}`, { outcome: 'cancel' });
    expect(res.status).toBe(303);
    const w2 = await startWeb(sim, agent, CB, { successUrl: 'https://rp.example/успех?ref=1' });
    const ok = await post(`/session/${w2.sessionId}`, {
      outcome: 'success',
      name: 'A B',
      egn: '7805166742',
      phone: '+359888123456',
    });
    expect(ok.headers.get('location')).toBe('https://rp.example/%D1%83%D1%81%D0%BF%D0%B5%D1%85?ref=1');
  });

  it('shows field errors and changes nothing on a bad EGN', async () => {
    const w = await startWeb(sim, agent, CB);
    const res = await post(`/session/${w.sessionId}`, {
      outcome: 'success',
      name: 'Иван',
      egn: '12<b>',
      phone: '+359888123456',
    });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain('role="alert"');
    expect(page).toContain('ЕГН трябва да е 10 цифри.');
    expect(page).toContain('value="12&lt;b&gt;"');
    expect((await regStatus(w.registrationId)).status).toBe('STARTED');
  });

  it('answers 404 for an unknown session and 410 for an expired one', async () => {
    expect((await get('/session/nope')).status).toBe(404);
    const w = await startWeb(sim, agent, CB);
    sim.control.expire(w.sessionId);
    expect((await get(`/session/${w.sessionId}`)).status).toBe(410);
  });
});

describe('signing page', () => {
  async function signing() {
    const id = await identified(sim, agent, CB);
    const body = await signBody(id.clientIdentificator, id.signSessionId);
    const start = await api(sim, agent, 'POST', '/identification/web/signsession/start', body);
    return {
      ...id,
      body,
      resultId: start.body.data.resultId as number,
      url: start.body.data.clientDocumentUrl as string,
    };
  }
  const path = (url: string) => new URL(url).pathname;
  const status = async (resultId: number) =>
    (await api(sim, agent, 'GET', `/identification/web/${resultId}/status`)).body.data;

  it('lists the documents, shows the SMS code, and moves the status to OTP', async () => {
    const s = await signing();
    expect(await status(s.resultId)).toEqual({ status: 'SIGN_SESSION', step: 'START' });
    // the session's language (the identification's userLanguage, bg here), not the browser's preference
    const res = await fetch(s.url, { headers: { 'accept-language': 'en-GB,en' } });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<html lang="bg">');
    expect(page).toContain('Подписване на документи');
    const code = sim.control.smsCode(tokenOf(s.url));
    expect(page).toContain(code);
    expect(page).toContain('Contract &lt;b&gt;No. 1&lt;/b&gt;');
    expect(page).toContain('contract.pdf');
    expect(page).toContain('+359 88* *** *56');
    expect(page).toMatch(/<label for="code">/);
    expect(page).toContain('autocomplete="one-time-code"');
    expect(await status(s.resultId)).toEqual({ status: 'SIGNING_CLIENT_DOCUMENT', step: 'OTP' });

    const view = await fetch(`${s.url}/documents/0`);
    expect(view.status).toBe(200);
    expect(view.headers.get('content-type')).toBe('application/pdf');
    expect(view.headers.get('content-disposition')).toMatch(/^inline; filename="contract.pdf"/);
    expect(Buffer.from(await view.arrayBuffer()).toString('base64')).toBe(
      s.body.documentsForSign[0]!.contentAsBase64,
    );
    const download = await fetch(`${s.url}/documents/0?download=1`);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
    await download.arrayBuffer();
    expect((await fetch(`${s.url}/documents/7`)).status).toBe(404);
  });

  it('a wrong code shows an error; the right code signs and redirects to successUrl', async () => {
    const s = await signing();
    await (await fetch(s.url)).text();
    const code = sim.control.smsCode(tokenOf(s.url));
    const wrong = await post(path(s.url), { action: 'sign', code: code === '123456' ? '654321' : '123456' });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('Кодът не е верен');
    expect((await status(s.resultId)).step).toBe('OTP');
    const right = await post(path(s.url), { action: 'sign', code });
    expect(right.status).toBe(303);
    expect(right.headers.get('location')).toBe('https://rp.example/sign-success');
    expect((await status(s.resultId)).status).toBe('SIGNED_CLIENT_DOCUMENT');
    expect(await (await fetch(s.url)).text()).toContain('Документите са подписани.');
  });

  it('cancel redirects to cancelUrl', async () => {
    const s = await signing();
    const res = await post(path(s.url), { action: 'cancel' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('https://rp.example/sign-cancel');
    expect((await status(s.resultId)).status).toBe('PROCESS_IS_CANCELED_BY_USER');
  });
});

describe('phone, agent and index pages', () => {
  const mobileBody = {
    personIdentityData: { docType: 'EGN', identificatorValue: '7805166742', dateOfBirth: '16-05-1978' },
    phoneNumber: '+359888133443',
    email: 'someone@example.bg',
    identificationReason: 'Account <opening>',
  };

  it('the phone page lists a pending request without the full EGN; Approve finishes it', async () => {
    const start = await api(sim, agent, 'POST', '/identification', mobileBody);
    const callbackId = start.body.data.callbackId;
    const page = await (await get('/mobile', { 'accept-language': 'en' })).text();
    expect(page).toContain('B-Trust MOBILE');
    expect(page).toContain('Account &lt;opening&gt;');
    expect(page).toContain('78******42');
    expect(page).not.toContain('7805166742');
    expect(page).toContain(`action="/mobile/${callbackId}"`);
    const res = await post(`/mobile/${callbackId}`, { outcome: 'approve' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/mobile');
    const result = await api(sim, agent, 'GET', `/identification/${callbackId}`);
    expect(result.body.status).toBe('FINISHED');
    expect(await (await get('/mobile?lang=en')).text()).toContain('No pending requests.');
  });

  it('the agent page lists a registration in review; Approve allows it', async () => {
    const w = await startWeb(sim, agent, CB);
    await sim.control.completeIdentification(w.sessionId, 'review', { name: 'Гергана <Тест>' });
    const page = await (await get('/agent')).text();
    expect(page).toContain('Гергана &lt;Тест&gt;');
    expect(page).toContain(w.sessionId);
    const res = await post(`/agent/${w.sessionId}`, { decision: 'approve' });
    expect(res.status).toBe(303);
    expect(await regStatus(w.registrationId)).toMatchObject({ status: 'FINALIZED', reviewStatus: 'ALLOWED' });
  });

  it('the agent page Deny denies', async () => {
    const w = await startWeb(sim, agent, CB);
    await sim.control.completeIdentification(w.sessionId, 'review');
    await post(`/agent/${w.sessionId}`, { decision: 'deny' });
    expect(await regStatus(w.registrationId)).toMatchObject({ status: 'REJECTED', reviewStatus: 'DENIED' });
  });

  it('the index links pending sessions', async () => {
    const w = await startWeb(sim, agent, CB);
    const page = await (await get('/')).text();
    expect(page).toContain(`href="/session/${w.sessionId}"`);
    expect(page).toContain('href="/mobile"');
    expect(page).toContain('href="/agent"');
  });
});

describe('/__sim control endpoints', () => {
  const json = (method: string, path: string, body?: unknown) =>
    fetch(`${sim.pagesUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('drive identification, review, mobile and signing', async () => {
    const w = await startWeb(sim, agent, CB);
    expect((await json('POST', `/__sim/identification/${w.sessionId}`, { outcome: 'review' })).status).toBe(
      200,
    );
    expect((await json('POST', `/__sim/review/${w.sessionId}`, { decision: 'approve' })).status).toBe(200);
    expect((await regStatus(w.registrationId)).reviewStatus).toBe('ALLOWED');
    expect((await json('POST', `/__sim/review/${w.sessionId}`, { decision: 'approve' })).status).toBe(409);
    expect((await json('POST', '/__sim/identification/unknown', { outcome: 'success' })).status).toBe(404);
    const bad = await json('POST', `/__sim/identification/${w.sessionId}`, { outcome: 'maybe' });
    expect(bad.status).toBe(400);
    // biome-ignore lint/suspicious/noExplicitAny: JSON bodies under test
    expect(((await bad.json()) as any).error).toContain('outcome');

    const m = await api(sim, agent, 'POST', '/identification', {
      personIdentityData: { docType: 'EGN', identificatorValue: '7805166742', dateOfBirth: '16-05-1978' },
      phoneNumber: '+359888133443',
      email: 'someone@example.bg',
      identificationReason: 'x',
    });
    const list = await (await json('GET', '/__sim/mobile')).json();
    expect(list).toEqual([
      {
        callbackId: m.body.data.callbackId,
        maskedId: 'EGN 78******42',
        reason: 'x',
        createdAt: expect.any(String),
        validUntil: expect.any(String),
      },
    ]);
    expect(
      (await json('POST', `/__sim/mobile/${m.body.data.callbackId}`, { outcome: 'reject' })).status,
    ).toBe(200);
    expect((await api(sim, agent, 'GET', `/identification/${m.body.data.callbackId}`)).body.code).toBe(
      'REJECTED',
    );

    const id = await identified(sim, agent, CB);
    const start = await api(
      sim,
      agent,
      'POST',
      '/identification/web/signsession/start',
      await signBody(id.clientIdentificator, id.signSessionId),
    );
    const token = tokenOf(start.body.data.clientDocumentUrl);
    // biome-ignore lint/suspicious/noExplicitAny: JSON bodies under test
    const info = (await (await json('GET', `/__sim/sign/${token}`)).json()) as any;
    expect(info.smsCode).toBe(sim.control.smsCode(token));
    const wrong = await json('POST', `/__sim/sign/${token}`, {
      outcome: 'sign',
      smsCode: info.smsCode === '000000' ? '111111' : '000000',
    });
    expect(wrong.status).toBe(422);
    expect((await json('POST', `/__sim/sign/${token}`, { outcome: 'sign' })).status).toBe(200);
  });

  it('sets and clears faults, lists callbacks, counts calls and resets', async () => {
    expect(
      (await json('POST', '/__sim/faults', { operation: 'startWebIdentification', status: 503, times: 1 }))
        .status,
    ).toBe(200);
    const faulted = await api(sim, agent, 'POST', '/identification/web/websession/start', {
      requestCallbackUrl: CB,
      identificationReason: 'x',
    });
    expect(faulted.status).toBe(503);
    expect(faulted.body.code).toBe('ERROR');
    expect((await json('POST', '/__sim/faults', { operation: 'nope' })).status).toBe(400);
    expect(
      (await json('POST', '/__sim/faults', { operation: 'getWebIdentificationStatus', status: 500 })).status,
    ).toBe(200);
    expect((await json('DELETE', '/__sim/faults')).status).toBe(200);
    expect((await api(sim, agent, 'GET', '/identification/web/1/status')).status).toBe(404);
    expect((await json('POST', '/__sim/faults', { operation: 'callbacks', drop: true })).status).toBe(200);
    await identified(sim, agent, CB);
    await until(() => sim.control.callbacks.list().length === 1);
    const callbacks = await (await json('GET', '/__sim/callbacks')).json();
    expect(callbacks).toMatchObject([{ url: CB, delivered: false, error: 'dropped' }]);
    // biome-ignore lint/suspicious/noExplicitAny: JSON bodies under test
    const calls = (await (await json('GET', '/__sim/calls')).json()) as any;
    expect(calls.startWebIdentification).toBe(2);
    const reset = await json('POST', '/__sim/reset');
    expect(reset.headers.get('access-control-allow-origin')).toBe('*');
    expect(await (await json('GET', '/__sim/callbacks')).json()).toEqual([]);
    expect(sim.control.calls('startWebIdentification')).toBe(0);
  });
});
