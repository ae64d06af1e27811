import { Agent, request } from 'undici';
import { inject } from 'vitest';
import { generatePkiAsync, type Pki } from '../src/pki/generate.ts';
import type { Simulator } from '../src/simulator.ts';

let local: Promise<Pki> | undefined;

/** The PKI generated once for the whole run (test/global-setup.ts), or once per file without that setup. */
export async function testPki(): Promise<Pki> {
  const p = inject('pki');
  if (!p) {
    local ??= generatePkiAsync();
    return local;
  }
  return { ...(p as unknown as Pki), clientPfx: Buffer.from(p.clientPfx ?? '', 'base64') };
}

export const FAST = {
  mobileOnboardingMs: 250,
  processingMs: 0,
  mobileValidityMs: 60_000,
} as const;

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies under test
export interface ApiResult<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

export function mtlsAgent(pki: Pki, which: 'client' | 'foreign' | 'expired' | 'none' = 'client'): Agent {
  const creds =
    which === 'client'
      ? { cert: pki.clientCert, key: pki.clientKey }
      : which === 'foreign'
        ? { cert: pki.foreignClientCert, key: pki.foreignClientKey }
        : which === 'expired'
          ? { cert: pki.expiredClientCert, key: pki.expiredClientKey }
          : {};
  return new Agent({ connect: { ca: pki.caCert, ...creds } });
}

/** Calls the simulator's API over real mTLS. */
// biome-ignore lint/suspicious/noExplicitAny: JSON bodies under test
export async function api<T = any>(
  sim: Simulator,
  agent: Agent,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResult<T>> {
  const res = await request(`${sim.apiUrl}${path}`, {
    method,
    dispatcher: agent,
    headers: {
      relyingPartyID: sim.relyingPartyId,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.body.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.statusCode, body: parsed as T, text, headers: res.headers };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `fn` returns a truthy value (or throws after `ms`). */
export async function until<T>(fn: () => T | Promise<T>, ms = 3000): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(10);
  }
}

/** A small PDF with `pages` pages, as base64. */
export async function samplePdf(pages = 2): Promise<string> {
  const { PDFDocument, StandardFonts } = await import('pdf-lib');
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) {
    const page = doc.addPage([595, 842]);
    page.drawText(`Contract page ${i}`, { x: 50, y: 780, size: 18, font });
  }
  return Buffer.from(await doc.save()).toString('base64');
}
