import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePkiAsync, type Pki } from '@borica-identify/simulator';
import { expect } from 'vitest';
import {
  createSigningApiClient,
  type SigningApiClientOptions,
  SigningApiError,
} from '../../src/provider/index.ts';
import type { CallEvent } from '../../src/provider/types.ts';

let shared: Promise<Pki> | undefined;
/**
 * One PKI for all provider test files: RSA key generation is the slow part (seconds on a busy
 * 2-core box), so the first file to need it generates it and the others read it from a temp file.
 */
export function testPki(): Promise<Pki> {
  shared ??= cachedPki();
  return shared;
}

const CACHE = join(tmpdir(), `borica-identify-provider-test-pki-${process.getuid?.() ?? 0}.json`);
const LOCK = `${CACHE}.lock`;
const DAY_MS = 24 * 60 * 60 * 1000;

function readCache(): Pki | undefined {
  try {
    if (Date.now() - statSync(CACHE).mtimeMs > DAY_MS) return undefined;
    const raw = JSON.parse(readFileSync(CACHE, 'utf8')) as Pki & { clientPfx: string };
    // a cache written by an older simulator may lack a field: generate afresh
    const fields: (keyof Pki)[] = [
      'caCert',
      'serverCert',
      'clientCert',
      'clientPfx',
      'foreignClientCert',
      'expiredClientCert',
    ];
    if (fields.some((f) => typeof raw[f] !== 'string')) return undefined;
    return { ...raw, clientPfx: Buffer.from(raw.clientPfx, 'base64') };
  } catch {
    return undefined;
  }
}

async function cachedPki(): Promise<Pki> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    const hit = readCache();
    if (hit) return hit;
    try {
      mkdirSync(LOCK);
    } catch {
      // someone else is generating (or died doing so: break a lock older than 30 s)
      if (Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? 0) > 30_000)
        rmSync(LOCK, { recursive: true, force: true });
      await sleep(100);
      continue;
    }
    try {
      const pki = await generatePkiAsync();
      const tmp = `${CACHE}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ ...pki, clientPfx: pki.clientPfx.toString('base64') }), {
        mode: 0o600,
      });
      renameSync(tmp, CACHE);
      return pki;
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
  return generatePkiAsync();
}

export interface TestClient extends ReturnType<typeof createSigningApiClient> {
  calls: CallEvent[];
}

/** A client with the simulator's good credentials, fast retries, and a record of onCall events. */
export function makeClient(
  pki: Pki,
  baseUrl: string,
  overrides: Partial<SigningApiClientOptions> = {},
): TestClient {
  const calls: CallEvent[] = [];
  const client = createSigningApiClient({
    baseUrl,
    relyingPartyId: '123456789',
    tls: { cert: pki.clientCert, key: pki.clientKey, ca: pki.caCert },
    retries: { reads: 2, baseDelayMs: 5, maxDelayMs: 20 },
    timeouts: { connectMs: 2000, headersMs: 3000, bodyMs: 3000 },
    onCall: (e) => calls.push(e),
    ...overrides,
  });
  return Object.assign(client, { calls });
}

/** Awaits a rejection and checks it is a SigningApiError with this code. */
export async function rejection(
  p: Promise<unknown>,
  code: SigningApiError['code'],
): Promise<SigningApiError> {
  const err = await p.then(
    () => {
      throw new Error(`expected ${code}, the call succeeded`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SigningApiError);
  const e = err as SigningApiError;
  expect({ code: e.code, message: e.message }).toMatchObject({ code });
  expect(e.name).toBe('SigningApiError');
  return e;
}

/** A one-page PDF, hand-written: enough for the simulator's PDF checks and pdf-lib. */
export const TINY_PDF = Buffer.from(
  [
    '%PDF-1.4',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj',
    'trailer << /Root 1 0 R >>',
    '%%EOF',
  ].join('\n'),
).toString('base64');

export const PERSON = {
  docType: 'EGN' as const,
  identificatorValue: '0841019992',
  dateOfBirth: '2008-01-01',
};

export const MOBILE_REQUEST = {
  person: PERSON,
  phoneNumber: '+359888123456',
  email: 'test@example.com',
  identificationReason: 'Opening an account',
};

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until<T>(fn: () => T | Promise<T>, ms = 5000): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(10);
  }
}
