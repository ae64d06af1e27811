import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePkiAsync, type PkiFiles, writePki } from '@borica-identify/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONFIG_DEFAULTS,
  HELP_TEXT,
  isAllowedOrigin,
  loadConfig,
  loadOverrides,
  normaliseOrigin,
  VARIABLES,
} from '../../src/config/index.ts';

let dir: string;
let files: PkiFiles;
let passphrase: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'relay-config-'));
  const pki = await generatePkiAsync();
  passphrase = pki.clientPfxPassphrase;
  files = await writePki(pki, dir);
}, 30_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function env(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    BORICA_API_URL: 'https://cqes-rpuat.b-trust.bg/signing-api/v2/',
    BORICA_IDENTIFY_URL: 'https://cqes-rpuat.b-trust.bg/',
    BORICA_RELYING_PARTY_ID: '123456789',
    BORICA_CLIENT_CERT: files.clientCert,
    BORICA_CLIENT_KEY: files.clientKey,
    BORICA_CA_CERT: files.caCert,
    RELAY_PUBLIC_URL: 'https://rp.example/borica/',
    RELAY_API_KEYS: 'k'.repeat(16) + ', ' + 'x'.repeat(20),
    ...overrides,
  };
}

function problems(overrides: Record<string, string | undefined>): string[] {
  const result = loadConfig(env(overrides));
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

describe('loadConfig', () => {
  it('builds the config with defaults and normalised values', () => {
    const result = loadConfig(
      env({ RELAY_ALLOWED_ORIGINS: 'https://Shop.example:443, http://127.0.0.1:5173/' }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { tls, ...config } = result.config;
    expect('cert' in tls && tls.ca).toBeTruthy();
    expect(config).toEqual({
      apiUrl: 'https://cqes-rpuat.b-trust.bg/signing-api/v2',
      identifyUrl: 'https://cqes-rpuat.b-trust.bg',
      relyingPartyId: '123456789',
      publicUrl: 'https://rp.example/borica',
      apiKeys: ['k'.repeat(16), 'x'.repeat(20)],
      allowedOrigins: ['https://shop.example', 'http://127.0.0.1:5173'],
      store: 'sqlite:./.data/relay.sqlite',
      openStart: false,
      openStartMobile: false,
      host: '127.0.0.1',
      port: 8787,
      language: 'bg',
      retentionDays: 30,
      sessionTtlMinutes: 60,
      poll: { initialMs: 2000, maxMs: 30000, factor: 1.6 },
      rateLimit: { createPerMinute: 60, startPerMinute: 30, mobilePerIdPerHour: 5 },
      logLevel: 'info',
      trustProxy: false,
      limits: {
        maxConnections: 15_000,
        ssePerSession: 5,
        ssePerIp: 100,
        headersTimeoutMs: 10_000,
        requestTimeoutMs: 30_000,
        keepAliveTimeoutMs: 5000,
        maxHeaderBytes: 16_384,
        callbackConfirmIntervalMs: 1000,
        signingMaxBytes: 31_457_280,
        signingUploads: 1,
      },
    });
    // What startRelay fills in when a field is not given: the same defaults.
    const { apiUrl, identifyUrl, relyingPartyId, publicUrl, apiKeys, ...defaults } = config;
    expect(CONFIG_DEFAULTS).toEqual({ ...defaults, allowedOrigins: [] });
  });

  it('accepts a PKCS#12 bundle with its passphrase, and optional settings', () => {
    const result = loadConfig(
      env({
        BORICA_CLIENT_CERT: undefined,
        BORICA_CLIENT_KEY: '',
        BORICA_CLIENT_PFX: files.clientPfx,
        BORICA_CLIENT_PFX_PASSPHRASE: passphrase,
        RELAY_WEBHOOK_URL: 'https://rp.example/hooks',
        RELAY_WEBHOOK_SECRET: `whsec_${Buffer.alloc(24, 7).toString('base64')}`,
        RELAY_OPEN_START: 'true',
        PORT: '0',
        RELAY_STORE: 'redis://127.0.0.1:6379/0?prefix=relay:',
        RELAY_POLL_FACTOR: '2.5',
        BORICA_LANGUAGE: 'en',
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect('pfx' in result.config.tls).toBe(true);
    expect(result.config.webhook?.url).toBe('https://rp.example/hooks');
    expect(result.config).toMatchObject({
      openStart: true,
      port: 0,
      store: 'redis://127.0.0.1:6379/0?prefix=relay:',
      language: 'en',
    });
    expect(result.config.poll.factor).toBe(2.5);
  });

  it('lists every missing required variable, one line each', () => {
    const result = loadConfig({});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      expect.stringMatching(/^BORICA_API_URL: is required/),
      expect.stringMatching(/^BORICA_IDENTIFY_URL: is required/),
      expect.stringMatching(/^BORICA_RELYING_PARTY_ID: is required/),
      expect.stringMatching(/^BORICA_CLIENT_CERT: a client certificate is required/),
      expect.stringMatching(/^RELAY_PUBLIC_URL: is required/),
      expect.stringMatching(/^RELAY_API_KEYS: is required/),
    ]);
  });

  it('names the variable and the problem', () => {
    expect(problems({ BORICA_CLIENT_CERT: '/x.pem' })).toEqual(['BORICA_CLIENT_CERT: file /x.pem not found']);
    expect(problems({ RELAY_ALLOWED_ORIGINS: 'https://ok.example,foo' })).toEqual([
      'RELAY_ALLOWED_ORIGINS: "foo" is not an origin (scheme://host[:port])',
    ]);
    expect(problems({ RELAY_ALLOWED_ORIGINS: 'https://ok.example/path' })).toEqual([
      'RELAY_ALLOWED_ORIGINS: "https://ok.example/path" is not an origin (scheme://host[:port])',
    ]);
    expect(problems({ RELAY_PUBLIC_URL: 'ftp://x' })).toEqual([
      'RELAY_PUBLIC_URL: "ftp://x" is not an http(s) URL',
    ]);
    expect(problems({ PORT: '99999' })).toEqual(['PORT: "99999" is not a whole number between 0 and 65535']);
    expect(problems({ RELAY_OPEN_START: 'maybe' })).toEqual([
      'RELAY_OPEN_START: "maybe" is not true or false',
    ]);
    expect(problems({ LOG_LEVEL: 'loud' })[0]).toMatch(/^LOG_LEVEL: "loud" is not one of fatal, error/);
    expect(problems({ RELAY_STORE: 'mongo://x' })[0]).toMatch(
      /^RELAY_STORE: "mongo:\/\/x" is not a store URL/,
    );
    expect(problems({ RELAY_STORE: 'mongodb://admin:hunter2@db:27017' })).toEqual([
      'RELAY_STORE: "mongodb://***@db:27017" is not a store URL (sqlite:<path>, memory: or redis://host:port)',
    ]);
    expect(problems({ BORICA_LANGUAGE: 'de' })).toEqual(['BORICA_LANGUAGE: "de" is not bg or en']);
    expect(problems({ RELAY_POLL_INITIAL_MS: '5000', RELAY_POLL_MAX_MS: '1000' })).toEqual([
      'RELAY_POLL_MAX_MS: must not be smaller than RELAY_POLL_INITIAL_MS',
    ]);
  });

  it('never echoes an API key, and checks the minimum length', () => {
    const lines = problems({ RELAY_API_KEYS: `${'a'.repeat(20)},short-secret-1` });
    expect(lines).toEqual(['RELAY_API_KEYS: key #2 is shorter than 16 characters']);
    expect(lines.join()).not.toContain('short-secret-1');
    expect(problems({ RELAY_API_KEYS: ' , ' })).toEqual([
      expect.stringMatching(/^RELAY_API_KEYS: is required/),
    ]);
  });

  it('checks the certificate choice and the webhook pair', () => {
    expect(problems({ BORICA_CLIENT_PFX: files.clientPfx })).toEqual([
      'BORICA_CLIENT_PFX: give either BORICA_CLIENT_PFX or BORICA_CLIENT_CERT + BORICA_CLIENT_KEY, not both',
    ]);
    expect(problems({ BORICA_CLIENT_KEY: undefined })).toEqual([
      'BORICA_CLIENT_KEY: is required with BORICA_CLIENT_CERT',
    ]);
    expect(problems({ RELAY_WEBHOOK_URL: 'https://rp.example/h' })[0]).toMatch(
      /^RELAY_WEBHOOK_SECRET: is required with RELAY_WEBHOOK_URL/,
    );
    expect(problems({ RELAY_WEBHOOK_URL: 'https://rp.example/h', RELAY_WEBHOOK_SECRET: 'whsec_!!' })).toEqual(
      ['RELAY_WEBHOOK_SECRET: whsec_ must be followed by base64 of at least 16 bytes'],
    );
  });

  it('reports unusable credentials by variable', () => {
    const junk = join(dir, 'junk.pem');
    writeFileSync(junk, 'not a certificate');
    expect(problems({ BORICA_CLIENT_CERT: junk })).toEqual([
      'BORICA_CLIENT_CERT: not a readable PEM certificate',
    ]);
    expect(problems({ BORICA_CLIENT_KEY: junk })[0]).toMatch(/^BORICA_CLIENT_KEY: /);
    const wrongPass = problems({
      BORICA_CLIENT_CERT: undefined,
      BORICA_CLIENT_KEY: undefined,
      BORICA_CLIENT_PFX: files.clientPfx,
      BORICA_CLIENT_PFX_PASSPHRASE: 'wrong',
    });
    expect(wrongPass).toEqual(['BORICA_CLIENT_PFX: wrong passphrase']);
  });
});

describe('loadOverrides (--simulator)', () => {
  it('reads only the variables that apply and validates them', () => {
    expect(loadOverrides({ RELAY_ALLOWED_ORIGINS: 'http://localhost:3000', PORT: '9000' })).toEqual({
      ok: true,
      overrides: { allowedOrigins: ['http://localhost:3000'], port: 9000 },
    });
    expect(loadOverrides({ PORT: 'x' })).toEqual({
      ok: false,
      problems: ['PORT: "x" is not a whole number between 0 and 65535'],
    });
  });
});

describe('origins', () => {
  it('normalises origins and matches port patterns', () => {
    expect(normaliseOrigin('HTTPS://Example.COM:443')).toBe('https://example.com');
    expect(normaliseOrigin('http://127.0.0.1:*')).toBe('http://127.0.0.1:*');
    expect(normaliseOrigin('example.com')).toBeNull();
    const allowed = ['https://shop.example', 'http://127.0.0.1:*'];
    expect(isAllowedOrigin('https://shop.example', allowed)).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:5173', allowed)).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1', allowed)).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.2:5173', allowed)).toBe(false);
    expect(isAllowedOrigin('https://shop.example.evil', allowed)).toBe(false);
    expect(isAllowedOrigin('null', allowed)).toBe(false);
    expect(isAllowedOrigin(undefined, allowed)).toBe(false);
  });
});

describe('HELP_TEXT', () => {
  it('lists every variable with its default', () => {
    for (const v of VARIABLES) expect(HELP_TEXT).toContain(v.name);
    expect(HELP_TEXT).toMatch(/RELAY_STORE\s+.*\(default: sqlite:\.\/\.data\/relay\.sqlite\)/);
    expect(HELP_TEXT).toMatch(/PORT\s+.*\(default: 8787\)/);
    expect(HELP_TEXT).toMatch(/RELAY_API_KEYS\s+.* \*/);
  });
});
