/**
 * The client against a scripted local mTLS server: exact requests on the wire, status and body
 * mapping, retries, timeouts. (Scenario tests against the simulator live in simulator*.test.ts.)
 */
import type { Pki } from '@borica-identify/simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MOBILE_REQUEST, makeClient, rejection, type TestClient, testPki } from './helpers.ts';
import { type LocalServer, startLocalServer } from './local-server.ts';

let pki: Pki;
let server: LocalServer;
const clients: TestClient[] = [];
function client(overrides: Parameters<typeof makeClient>[2] = {}, baseUrl = server.baseUrl): TestClient {
  const c = makeClient(pki, baseUrl, overrides);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  pki = await testPki();
  server = await startLocalServer(pki);
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  server.requests.length = 0;
  server.fallback = () => ({ status: 200, json: { data: {}, code: 'OK' } });
});
afterAll(() => server.close());

const OK_IDENT = { status: 200, json: { data: { callbackId: 'cb-1', validity: 'v' }, code: 'ACCEPTED' } };

describe('requests on the wire', () => {
  it('sends the guide headers and the exact mobile body (dd-MM-yyyy, EGN digits as a string)', async () => {
    server.queue(OK_IDENT);
    const c = client();
    await expect(c.identification(MOBILE_REQUEST)).resolves.toEqual({ callbackId: 'cb-1', validity: 'v' });
    const [req] = server.requests;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/signing-api/v2/identification');
    expect(req?.headers).toMatchObject({
      relyingpartyid: '123456789',
      accept: 'application/json',
      'accept-language': 'bg',
      'content-type': 'application/json',
    });
    expect(req?.rawHeaderNames).toEqual(expect.arrayContaining(['relyingPartyID', 'Accept-language']));
    expect(req?.body).toBe(
      '{"personIdentityData":{"docType":"EGN","identificatorValue":"0841019992","dateOfBirth":"01-01-2008"},' +
        '"phoneNumber":"+359888123456","email":"test@example.com","payer":"RELYING_PARTY","identificationReason":"Opening an account"}',
    );
  });

  it('joins segments with exactly one slash and percent-encodes them, whatever the base URL looks like', async () => {
    server.queue(
      { json: { status: 'STARTED' } },
      { json: { status: 'STARTED' } },
      { json: { data: { status: 'START_WEB_SESSION' } } },
    );
    const messy = `${server.origin}//signing-api//v2/`;
    const c = client({}, messy);
    await c.getRegistrationStatus('a b/c?');
    await client({}, `${server.baseUrl}/`).getRegistrationStatus('r1');
    await client({ language: 'en' }).getWebIdentificationStatus('95', { language: 'bg' });
    expect(server.requests.map((r) => r.url)).toEqual([
      '/signing-api/v2/identification/web/sessions/by-otc-request/a%20b%2Fc%3F/status',
      '/signing-api/v2/identification/web/sessions/by-otc-request/r1/status',
      '/signing-api/v2/identification/web/95/status',
    ]);
    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
    expect(server.requests[2]?.headers['accept-language']).toBe('bg');
  });

  it('builds both result paths of guide 2.5 and 3.3', async () => {
    server.queue(
      { json: { data: { clientIdentificator: 'c', signSessionId: 's' } } },
      { json: { data: { signDocuments: [] } } },
    );
    const c = client();
    await c.getWebIdentificationResults({
      resultId: '95',
      processState: 'CREATE_SIGN_SESSION_REQUEST',
      sessionId: 'w',
      onlyMetadata: true,
    });
    await c.getSignResults({ resultId: '109', sessionId: 's1' });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /signing-api/v2/identification/web/95/result/CREATE_SIGN_SESSION_REQUEST/w/true',
      'GET /signing-api/v2/identification/web/109/result/SIGN_SESSION/s1',
    ]);
  });

  it('refuses bad input locally, naming the field but not its value', async () => {
    const c = client();
    const e = await rejection(
      c.identification({
        ...MOBILE_REQUEST,
        person: { ...MOBILE_REQUEST.person, identificatorValue: '08410199' },
      }),
      'BORICA_BAD_REQUEST',
    );
    expect(e.message).toContain('person.identificatorValue');
    expect(e.message).not.toContain('08410199');
    expect(e.reachedProvider).toBe(false);
    await rejection(c.getRegistrationStatus(''), 'BORICA_BAD_REQUEST');
    expect(server.requests).toHaveLength(0);
    expect(c.calls).toHaveLength(0);
  });
});

describe('answers to errors', () => {
  it.each([
    [400, { code: 'BAD REQUEST', message: 'malformed syntax' }, 'BORICA_BAD_REQUEST'],
    [401, { code: 'UNAUTHORIZED', message: 'The request is unauthorized.' }, 'BORICA_UNAUTHORIZED'],
    [403, { code: 'FORBIDDEN' }, 'BORICA_UNAUTHORIZED'],
    [404, { code: 'NOT_FOUND', message: 'The server has not found the signed content.' }, 'BORICA_NOT_FOUND'],
    [400, { data: null, code: 'REJECTED', message: 'The request is rejected.' }, 'BORICA_REJECTED'],
    [500, { data: null, code: 'REJECTED', message: 'The request is rejected.' }, 'BORICA_REJECTED'],
    [200, { data: null, code: 'REJECTED' }, 'BORICA_REJECTED'],
  ] as const)('%i %j → %s, provider code and message kept apart', async (status, json, code) => {
    server.queue({ status, json });
    const c = client({ retries: { reads: 0 } });
    const e = await rejection(c.getIdentificationResult('cb'), code);
    expect(e.httpStatus).toBe(status);
    expect(e.providerCode).toBe(json.code);
    expect(e.providerMessage).toBe('message' in json ? json.message : undefined);
    expect(e.retryable).toBe(false);
    expect(c.calls).toEqual([
      { operation: 'getIdentificationResult', outcome: code, ms: expect.any(Number), attempt: 1 },
    ]);
  });

  it('5xx is a retryable provider error, even with an empty or HTML body', async () => {
    server.queue({ status: 502, raw: '<html>bad gateway</html>' });
    const e = await rejection(
      client({ retries: { reads: 0 } }).getRegistrationStatus('r'),
      'BORICA_PROVIDER_ERROR',
    );
    expect(e).toMatchObject({ httpStatus: 502, retryable: true, reachedProvider: true });
    expect(e.providerCode).toBeUndefined();
  });

  it('a success that is not JSON, or not the promised shape, is malformed', async () => {
    server.queue(
      { status: 200, raw: '<html>maintenance</html>' },
      { status: 200, json: { data: { webSessionId: 'w' } } },
    );
    const c = client();
    await rejection(c.getRegistrationStatus('r'), 'BORICA_MALFORMED_RESPONSE');
    const e = await rejection(
      c.startWebIdentification({ requestCallbackUrl: 'https://rp.example/cb', identificationReason: 'r' }),
      'BORICA_MALFORMED_RESPONSE',
    );
    expect(e.message).toContain('resultId');
    expect(server.requests).toHaveLength(2); // malformed answers are not retried
  });
});

describe('retries', () => {
  it('retries a read on 500 and reports every attempt', async () => {
    server.queue(
      { status: 500, json: { code: 'ERROR' } },
      { status: 503 },
      { json: { data: { status: 'REGIX', step: 'START' } } },
    );
    const c = client();
    await expect(c.getWebIdentificationStatus('95')).resolves.toEqual({ status: 'REGIX', step: 'START' });
    expect(c.calls.map((e) => [e.attempt, e.outcome])).toEqual([
      [1, 'BORICA_PROVIDER_ERROR'],
      [2, 'BORICA_PROVIDER_ERROR'],
      [3, 'ok'],
    ]);
  });

  it('gives up after the configured number of read retries', async () => {
    server.fallback = () => ({ status: 500 });
    const c = client({ retries: { reads: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    await rejection(c.getRegistrationStatus('r'), 'BORICA_PROVIDER_ERROR');
    expect(server.requests).toHaveLength(2);
  });

  it('never retries a POST the provider received', async () => {
    server.queue({ status: 500, json: { code: 'ERROR' } });
    const c = client();
    const e = await rejection(c.identification(MOBILE_REQUEST), 'BORICA_PROVIDER_ERROR');
    expect(e.reachedProvider).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a POST whose connection was refused, and it then succeeds', async () => {
    const down = await startLocalServer(pki);
    const port = down.port;
    await down.close();
    let revived: LocalServer | undefined;
    const c = client(
      {
        onCall: (e) => {
          c.calls.push(e);
          // bring the provider up after the first refused attempt
          if (e.attempt === 1 && e.outcome === 'BORICA_NETWORK') {
            revive = startLocalServer(pki, { port }).then((s) => {
              revived = s;
              s.queue(OK_IDENT);
            });
          }
        },
        retries: { reads: 3, baseDelayMs: 100, maxDelayMs: 100 },
      },
      `https://127.0.0.1:${port}/signing-api/v2`,
    );
    let revive: Promise<void> | undefined;
    try {
      const p = c.identification(MOBILE_REQUEST);
      await expect(p).resolves.toEqual({ callbackId: 'cb-1', validity: 'v' });
      expect(c.calls[0]?.outcome).toBe('BORICA_NETWORK');
      expect(revived?.requests).toHaveLength(1);
    } finally {
      await revive;
      await revived?.close();
    }
  });

  it('a refused read ends as BORICA_NETWORK that never reached the provider', async () => {
    const down = await startLocalServer(pki);
    await down.close();
    const e = await rejection(client({}, down.baseUrl).getRegistrationStatus('r'), 'BORICA_NETWORK');
    expect(e).toMatchObject({ reachedProvider: false, retryable: true });
  });

  it('a connection dropped mid-request is a network error (not a certificate problem); a read is retried', async () => {
    server.queue({ destroy: true }, { json: { status: 'COMPLETED', reviewStatus: 'ALLOW_DENY' } });
    const c = client({ timeouts: { connectMs: 300 } });
    await expect(c.getRegistrationStatus('r')).resolves.toMatchObject({ status: 'COMPLETED' });
    expect(c.calls.map((e) => e.outcome)).toEqual(['BORICA_NETWORK', 'ok']);
  });

  it('times out waiting for headers: reached, so a POST is not retried', async () => {
    server.queue({ hang: true });
    const c = client({ timeouts: { headersMs: 150 } });
    const e = await rejection(c.identification(MOBILE_REQUEST), 'BORICA_TIMEOUT');
    expect(e).toMatchObject({ reachedProvider: true, retryable: true });
    expect(server.requests).toHaveLength(1);
  });

  it('an abort signal stops the call with the caller’s reason', async () => {
    server.queue({ hang: true });
    const c = client();
    const ac = new AbortController();
    const p = c.getRegistrationStatus('r', { signal: ac.signal });
    setTimeout(() => ac.abort(new Error('caller gave up')), 50);
    await expect(p).rejects.toThrow('caller gave up');
  });
});
