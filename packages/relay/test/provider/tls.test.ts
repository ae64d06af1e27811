/**
 * Credentials (PEM files, PKCS#12) and every way mutual TLS can fail, against a real local mTLS
 * server under TLS 1.3 (the default) and 1.2, where the refusals look different on the wire.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Pki, writePki } from '@borica-identify/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  certificateInfo,
  createSigningApiClient,
  loadTlsCredentials,
  SigningApiConfigError,
  type TlsCredentials,
} from '../../src/provider/index.ts';
import { Transport } from '../../src/provider/transport.ts';
import { makeClient, rejection, testPki } from './helpers.ts';
import { type LocalServer, startLocalServer } from './local-server.ts';

let pki: Pki;
let dir: string;
let tls13: LocalServer;
let tls12: LocalServer;

beforeAll(async () => {
  pki = await testPki();
  dir = mkdtempSync(join(tmpdir(), 'borica-tls-'));
  tls13 = await startLocalServer(pki);
  tls12 = await startLocalServer(pki, { tls: { maxVersion: 'TLSv1.2' } });
  tls13.fallback = tls12.fallback = () => ({ json: { status: 'STARTED' } });
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await Promise.all([tls13.close(), tls12.close()]);
});

describe('loadTlsCredentials / certificateInfo', () => {
  it('loads PEM files and PKCS#12 with its passphrase (inline or from a file)', async () => {
    const files = await writePki(pki, dir);
    const pem = loadTlsCredentials({
      certFile: files.clientCert,
      keyFile: files.clientKey,
      caFile: files.caCert,
    });
    expect('cert' in pem && pem.cert.toString()).toBe(pki.clientCert);
    const pfx = loadTlsCredentials({
      pfxFile: files.clientPfx,
      passphraseFile: files.clientPfxPassphrase,
      caFile: files.caCert,
    });
    expect('pfx' in pfx && pfx.passphrase).toBe(pki.clientPfxPassphrase);
    for (const creds of [pem, pfx]) {
      const info = certificateInfo(creds);
      expect(info.subject).toContain('Relying party (simulator client)');
      expect(info.daysLeft).toBeGreaterThanOrEqual(363);
      expect(info.daysLeft).toBeLessThanOrEqual(365);
    }
  });

  it('names the option at fault: missing file, wrong passphrase, key of another certificate, nothing given', async () => {
    const files = await writePki(pki, dir);
    const otherKey = join(dir, 'other-key.pem');
    writeFileSync(otherKey, pki.foreignClientKey);
    const cases: [Parameters<typeof loadTlsCredentials>[0], RegExp][] = [
      [
        { certFile: join(dir, 'nope.pem'), keyFile: files.clientKey },
        /certFile .*nope\.pem: cannot read \(ENOENT\)/,
      ],
      [{ pfxFile: files.clientPfx, passphrase: 'wrong' }, /pfx: wrong passphrase/],
      [{ certFile: files.clientCert, keyFile: otherKey }, /key: does not belong/],
      [{ certFile: files.clientKey, keyFile: files.clientKey }, /cert: not a readable PEM certificate/],
      [{}, /a client certificate is required/],
    ];
    for (const [paths, message] of cases) {
      expect(() => loadTlsCredentials(paths)).toThrow(message);
      expect(() => loadTlsCredentials(paths)).toThrow(SigningApiConfigError);
    }
  });

  it('reports an expired certificate with negative days left', () => {
    const info = certificateInfo({ cert: pki.expiredClientCert, key: pki.expiredClientKey });
    expect(info.daysLeft).toBeLessThan(0);
  });

  it('validates options up front', () => {
    const tls = { cert: pki.clientCert, key: pki.clientKey, ca: pki.caCert };
    expect(() =>
      createSigningApiClient({ baseUrl: 'http://x/signing-api/v2', relyingPartyId: '1', tls }),
    ).toThrow(/https/);
    expect(() => createSigningApiClient({ baseUrl: 'https://x', relyingPartyId: '', tls })).toThrow(
      /relyingPartyId/,
    );
    expect(() =>
      createSigningApiClient({ baseUrl: 'https://x', relyingPartyId: '1', tls, timeouts: { headersMs: 0 } }),
    ).toThrow(/timeouts\.headersMs/);
  });
});

describe('mutual TLS', () => {
  it('works with PKCS#12 credentials (the bundle carries the CA too)', async () => {
    const c = makeClient(pki, tls13.baseUrl, {
      tls: { pfx: pki.clientPfx, passphrase: pki.clientPfxPassphrase },
    });
    await expect(c.getRegistrationStatus('r')).resolves.toMatchObject({ status: 'STARTED' });
    await c.close();
  });

  it('an expired client certificate is refused locally, before anything is sent', async () => {
    const before = tls13.requests.length;
    const c = makeClient(pki, tls13.baseUrl, {
      tls: { cert: pki.expiredClientCert, key: pki.expiredClientKey, ca: pki.caCert },
    });
    const e = await rejection(c.getRegistrationStatus('r'), 'BORICA_TLS_CERT_EXPIRED');
    expect(e).toMatchObject({ reachedProvider: false, retryable: false });
    expect(c.calls).toEqual([expect.objectContaining({ outcome: 'BORICA_TLS_CERT_EXPIRED', attempt: 1 })]);
    expect(tls13.requests.length).toBe(before);
    await c.close();
  });

  it('a server we cannot verify is untrusted: no CA, or the wrong host name', async () => {
    const noCa = makeClient(pki, tls13.baseUrl, { tls: { cert: pki.clientCert, key: pki.clientKey } });
    const e = await rejection(noCa.getRegistrationStatus('r'), 'BORICA_TLS_UNTRUSTED_SERVER');
    expect(e.message).toContain('SELF_SIGNED_CERT_IN_CHAIN');
    expect(noCa.calls).toHaveLength(1); // not retried: configuration, not weather
    await noCa.close();

    // Same server, verified against a name its certificate does not carry (ERR_TLS_CERT_ALTNAME_INVALID).
    const creds = { cert: pki.clientCert, key: pki.clientKey, ca: pki.caCert, servername: 'borica.example' };
    const wrongHost = new Transport(transportOptions(tls13, creds as TlsCredentials));
    const e2 = await wrongHost
      .send({ operation: 'getRegistrationStatus', method: 'GET', segments: ['x'] })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(e2).toMatchObject({ code: 'BORICA_TLS_UNTRUSTED_SERVER', reachedProvider: false });
    expect((e2 as Error).message).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
    await wrongHost.close();
  });

  const refusals: [string, () => TlsCredentials][] = [
    ['no client certificate', () => ({ ca: pki.caCert }) as unknown as TlsCredentials],
    [
      'a certificate from another CA',
      () => ({ cert: pki.foreignClientCert, key: pki.foreignClientKey, ca: pki.caCert }),
    ],
    // Past the local check (Transport has none) to see what the server itself does with it.
    [
      'an expired certificate',
      () => ({ cert: pki.expiredClientCert, key: pki.expiredClientKey, ca: pki.caCert }),
    ],
  ];
  for (const version of ['TLSv1.3', 'TLSv1.2'] as const) {
    for (const [what, creds] of refusals) {
      it(`${version}: the server refusing ${what} → BORICA_TLS_CLIENT_CERT, never reached`, async () => {
        const server = version === 'TLSv1.3' ? tls13 : tls12;
        const before = server.requests.length;
        const t = new Transport(transportOptions(server, creds()));
        const err = await t
          .send({ operation: 'identification', method: 'POST', segments: ['identification'], body: '{}' })
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        expect(err).toMatchObject({
          name: 'SigningApiError',
          code: 'BORICA_TLS_CLIENT_CERT',
          reachedProvider: false,
          retryable: false,
        });
        expect(server.requests.length).toBe(before);
        await t.close();
      });
    }
  }
});

function transportOptions(server: LocalServer, tls: TlsCredentials) {
  return {
    baseUrl: server.baseUrl,
    relyingPartyId: '123456789',
    tls,
    language: 'bg' as const,
    timeouts: { connectMs: 1000, headersMs: 2000, bodyMs: 2000 },
    connections: 2,
  };
}
