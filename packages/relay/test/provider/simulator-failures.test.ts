/**
 * Failure cases against the real simulator: refused and untrusted TLS, wrong relying party,
 * provider errors and retries (proved with the simulator's call counter), timeouts, malformed
 * answers, rejections, not found, language of the provider's messages.
 */
import { type Simulator, startSimulator } from '@borica-identify/simulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TlsCredentials } from '../../src/provider/index.ts';
import { Transport } from '../../src/provider/transport.ts';
import { MOBILE_REQUEST, makeClient, rejection, type TestClient, testPki } from './helpers.ts';
import { startLocalServer } from './local-server.ts';

let sim: Simulator;
const opened: TestClient[] = [];
function client(overrides: Parameters<typeof makeClient>[2] = {}, baseUrl = sim.apiUrl): TestClient {
  const c = makeClient(sim.pki, baseUrl, overrides);
  opened.push(c);
  return c;
}
const WEB = { requestCallbackUrl: 'http://127.0.0.1:9/cb', identificationReason: 'Opening an account' };

beforeAll(async () => {
  sim = await startSimulator({ pki: await testPki() });
});
afterEach(async () => {
  sim.control.reset();
  await Promise.all(opened.splice(0).map((c) => c.close()));
});
afterAll(() => sim.close());

describe('mutual TLS against the simulator', () => {
  async function refusedWith(tls: TlsCredentials) {
    const t = new Transport({
      baseUrl: sim.apiUrl,
      relyingPartyId: sim.relyingPartyId,
      tls,
      language: 'bg',
      timeouts: { connectMs: 1000, headersMs: 2000, bodyMs: 2000 },
      connections: 1,
    });
    try {
      return await t
        .send({
          operation: 'startWebIdentification',
          method: 'POST',
          segments: ['identification', 'web', 'websession', 'start'],
          body: '{}',
        })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
    } finally {
      await t.close();
    }
  }

  it('no client certificate, or one from another CA → BORICA_TLS_CLIENT_CERT; nothing reached the API', async () => {
    const none = await refusedWith({ ca: sim.pki.caCert } as unknown as TlsCredentials);
    expect(none).toMatchObject({ code: 'BORICA_TLS_CLIENT_CERT', reachedProvider: false });
    const foreign = await refusedWith({
      cert: sim.pki.foreignClientCert,
      key: sim.pki.foreignClientKey,
      ca: sim.pki.caCert,
    });
    expect(foreign).toMatchObject({ code: 'BORICA_TLS_CLIENT_CERT', reachedProvider: false });
    expect(sim.control.calls('startWebIdentification')).toBe(0);

    // through the public client: a read is not retried either (configuration, not weather)
    const c = client({
      tls: { cert: sim.pki.foreignClientCert, key: sim.pki.foreignClientKey, ca: sim.pki.caCert },
    });
    const e = await rejection(c.getRegistrationStatus('r'), 'BORICA_TLS_CLIENT_CERT');
    expect(e.message).not.toContain('BEGIN');
    expect(c.calls).toEqual([
      expect.objectContaining({ operation: 'getRegistrationStatus', outcome: 'BORICA_TLS_CLIENT_CERT' }),
    ]);
    expect(sim.control.calls('getRegistrationStatus')).toBe(0);
  });

  it('an expired client certificate: refused locally by the client, and by the server as well', async () => {
    const c = client({
      tls: { cert: sim.pki.expiredClientCert, key: sim.pki.expiredClientKey, ca: sim.pki.caCert },
    });
    await rejection(c.startWebIdentification(WEB), 'BORICA_TLS_CERT_EXPIRED');
    const server = await refusedWith({
      cert: sim.pki.expiredClientCert,
      key: sim.pki.expiredClientKey,
      ca: sim.pki.caCert,
    });
    expect(server).toMatchObject({
      code: expect.stringMatching(/^BORICA_TLS_(CLIENT_CERT|CERT_EXPIRED)$/),
      reachedProvider: false,
    });
    expect(sim.control.calls('startWebIdentification')).toBe(0);
  });

  it('a client that does not trust the simulator’s CA → BORICA_TLS_UNTRUSTED_SERVER', async () => {
    const c = client({ tls: { cert: sim.pki.clientCert, key: sim.pki.clientKey } });
    const e = await rejection(c.getRegistrationStatus('r'), 'BORICA_TLS_UNTRUSTED_SERVER');
    expect(e.reachedProvider).toBe(false);
    expect(c.calls).toHaveLength(1);
  });

  it('PKCS#12 credentials work', async () => {
    const c = client({
      tls: { pfx: sim.pki.clientPfx, passphrase: sim.pki.clientPfxPassphrase, ca: sim.pki.caCert },
    });
    await expect(c.startWebIdentification(WEB)).resolves.toMatchObject({
      resultId: expect.stringMatching(/^\d+$/),
    });
    expect(c.certificateInfo()).toMatchObject({
      subject: expect.stringContaining('Relying party'),
      daysLeft: expect.any(Number),
    });
    expect(c.certificateInfo().notAfter.getTime()).toBeGreaterThan(Date.now());
  });
});

describe('answers', () => {
  it('a wrong relyingPartyID → BORICA_UNAUTHORIZED, with the provider’s message in the asked language', async () => {
    const en = await rejection(
      client({ relyingPartyId: '999', language: 'en' }).startWebIdentification(WEB),
      'BORICA_UNAUTHORIZED',
    );
    expect(en).toMatchObject({
      httpStatus: 401,
      providerCode: 'UNAUTHORIZED',
      providerMessage: 'The request is unauthorized.',
    });
    const bg = await rejection(
      client({ relyingPartyId: '999' }).getRegistrationStatus('r'),
      'BORICA_UNAUTHORIZED',
    );
    expect(bg.providerMessage).toBe('Заявката не е оторизирана.');
  });

  it('Accept-language per call: English and Bulgarian messages on a 404', async () => {
    const c = client();
    const id = '00000000-0000-0000-0000-000000000000';
    const en = await rejection(c.getRegistrationStatus(id, { language: 'en' }), 'BORICA_NOT_FOUND');
    expect(en.providerMessage).toMatch(/^The server has not found the signed content\./);
    const bg = await rejection(c.getRegistrationStatus(id), 'BORICA_NOT_FOUND');
    expect(bg.providerMessage).toMatch(/^Сървърът/);
    expect(en.retryable).toBe(false);
  });

  it('REJECTED from any status → BORICA_REJECTED', async () => {
    sim.control.faults.set('getWebIdentificationStatus', {
      status: 403,
      body: { data: null, code: 'REJECTED', message: 'The request is rejected.' },
    });
    const e = await rejection(client().getWebIdentificationStatus('1'), 'BORICA_REJECTED');
    expect(e).toMatchObject({ httpStatus: 403, providerMessage: 'The request is rejected.' });
    expect(sim.control.calls('getWebIdentificationStatus')).toBe(1);
  });

  it('a raw non-JSON body, or the wrong shape, on success → BORICA_MALFORMED_RESPONSE (not retried)', async () => {
    sim.control.faults.set('getWebIdentificationStatus', { rawBody: '{"data": {"status": "REG', times: 1 });
    const c = client();
    await rejection(c.getWebIdentificationStatus('1'), 'BORICA_MALFORMED_RESPONSE');
    sim.control.faults.set('startWebIdentification', {
      body: { data: { webSessionId: 'w', resultId: null } },
      times: 1,
    });
    const e = await rejection(c.startWebIdentification(WEB), 'BORICA_MALFORMED_RESPONSE');
    expect(e.message).toMatch(/resultId/);
    expect(sim.control.calls('getWebIdentificationStatus')).toBe(1);
    expect(sim.control.calls('startWebIdentification')).toBe(1);
  });
});

describe('retries, proved by the simulator’s call counter', () => {
  it('a GET that met a 500 is retried and succeeds', async () => {
    const c = client();
    const { webSessionId } = await c.startWebIdentification(WEB);
    const reg = await c.createRegistration(webSessionId, {
      cancelUrl: 'https://rp.example/c',
      successUrl: 'https://rp.example/s',
      externalRef: 'x',
      userLanguage: 'bg',
      verifyEmailAddress: false,
      verifyPhoneNumber: false,
      showGtcGdp: true,
      showMainInfo: true,
    });
    sim.control.faults.set('getRegistrationStatus', { status: 500, times: 1 });
    await expect(c.getRegistrationStatus(reg.registrationId)).resolves.toMatchObject({ status: 'STARTED' });
    expect(sim.control.calls('getRegistrationStatus')).toBe(2);
    expect(c.calls.filter((e) => e.operation === 'getRegistrationStatus').map((e) => e.outcome)).toEqual([
      'BORICA_PROVIDER_ERROR',
      'ok',
    ]);
  });

  it('a POST that met a 500 is NOT retried', async () => {
    sim.control.faults.set('identification', { status: 500, times: 1 });
    const e = await rejection(client().identification(MOBILE_REQUEST), 'BORICA_PROVIDER_ERROR');
    expect(e).toMatchObject({ httpStatus: 500, providerCode: 'ERROR', reachedProvider: true });
    expect(sim.control.calls('identification')).toBe(1);
  });

  it('a POST whose connection was refused IS retried (it never reached the provider)', async () => {
    const probe = await startLocalServer(sim.pki);
    const port = probe.port;
    await probe.close();
    let second: Simulator | undefined;
    let starting: Promise<void> | undefined;
    const c = client(
      {
        retries: { reads: 3, baseDelayMs: 150, maxDelayMs: 150 },
        onCall: (e) => {
          c.calls.push(e);
          if (e.attempt === 1 && e.outcome === 'BORICA_NETWORK') {
            starting = startSimulator({ pki: sim.pki, apiPort: port }).then((s) => {
              second = s;
            });
          }
        },
      },
      `https://127.0.0.1:${port}/signing-api/v2`,
    );
    try {
      await expect(c.identification(MOBILE_REQUEST)).resolves.toMatchObject({
        callbackId: expect.any(String),
      });
      expect(c.calls[0]).toMatchObject({ outcome: 'BORICA_NETWORK', attempt: 1 });
      expect(second?.control.calls('identification')).toBe(1);
    } finally {
      await starting;
      await second?.close();
    }
  });

  it('the hang fault with a small headers timeout → BORICA_TIMEOUT; a read is retried, a POST is not', async () => {
    sim.control.faults.set('getWebIdentificationStatus', { hang: true });
    sim.control.faults.set('startWebIdentification', { hang: true });
    const c = client({ timeouts: { headersMs: 150 }, retries: { reads: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    const read = await rejection(c.getWebIdentificationStatus('1'), 'BORICA_TIMEOUT');
    expect(read.reachedProvider).toBe(true);
    expect(sim.control.calls('getWebIdentificationStatus')).toBe(2);
    await rejection(c.startWebIdentification(WEB), 'BORICA_TIMEOUT');
    expect(sim.control.calls('startWebIdentification')).toBe(1);
  });
});
