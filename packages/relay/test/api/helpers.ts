/**
 * Harness for the API tests: a real simulator over mTLS and a real relay on port 0, driven through
 * HTTP exactly as a relying party's backend and a widget would.
 */
import { X509Certificate } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generatePkiAsync,
  type Pki,
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from '@borica-identify/simulator';
import { createParser } from 'eventsource-parser';
import type { RelayConfig } from '../../src/config/index.ts';
import type { RelayTuning } from '../../src/deps.ts';
import { createLogger } from '../../src/log/index.ts';
import { type RunningRelay, startRelay } from '../../src/server.ts';

export const ORIGIN = 'https://bank.example';
/** A valid EGN (born 1978-05-16) and test contact details. */
export const PERSON = {
  idType: 'EGN',
  id: '7805166742',
  dateOfBirth: '1978-05-16',
  phone: '+359888123456',
  email: 'ivan.petrov@example.com',
} as const;

export interface Harness {
  sim: Simulator;
  relay: RunningRelay;
  url: string;
  apiKey: string;
  logs: string[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  timing?: SimulatorOptions['timing'];
  config?: Partial<RelayConfig>;
  tuning?: RelayTuning;
  sim?: Simulator;
  /** The relay's clock (default: the real one). */
  clock?: () => Date;
}

const PKI_CACHE = join(tmpdir(), 'borica-identify-relay-api-test-pki.json');

/**
 * RSA key generation costs seconds per simulator; the test files share one PKI through a temp file
 * (regenerated when missing, unreadable or close to expiry).
 */
export async function sharedPki(): Promise<Pki> {
  try {
    const raw = JSON.parse(await readFile(PKI_CACHE, 'utf8'));
    const pki: Pki = { ...raw, clientPfx: Buffer.from(raw.clientPfx, 'base64') };
    const validTo = Date.parse(new X509Certificate(pki.clientCert).validTo);
    if (validTo > Date.now() + 86_400_000) return pki;
  } catch {
    // No usable cache: generate below.
  }
  const pki = await generatePkiAsync();
  const tmp = `${PKI_CACHE}.${process.pid}`;
  await writeFile(tmp, JSON.stringify({ ...pki, clientPfx: pki.clientPfx.toString('base64') }), {
    mode: 0o600,
  });
  await rename(tmp, PKI_CACHE);
  return pki;
}

export async function startSim(timing: SimulatorOptions['timing'] = {}): Promise<Simulator> {
  return startSimulator({
    pki: await sharedPki(),
    timing: { processingMs: 20, mobileOnboardingMs: 30, ...timing },
  });
}

export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  const sim = o.sim ?? (await startSim(o.timing));
  const logs: string[] = [];
  const log = createLogger({ level: 'debug', destination: { write: (line: string) => logs.push(line) } });
  const relay = await startRelay({
    simulator: sim,
    log,
    config: {
      allowedOrigins: [ORIGIN],
      poll: { initialMs: 40, maxMs: 250, factor: 1.5 },
      ...o.config,
    },
    tuning: { clientRecheckMs: 0, sseHeartbeatMs: 1000, sseRetryMs: 100, ...o.tuning },
    ...(o.clock && { clock: o.clock }),
  });
  return {
    sim,
    relay,
    url: relay.url,
    apiKey: relay.apiKey,
    logs,
    async close() {
      await relay.close();
      if (!o.sim) await sim.close();
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: response JSON is asserted field by field in the tests
export interface CallResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

// biome-ignore lint/suspicious/noExplicitAny: see CallResult
export async function call<T = any>(
  h: { url: string },
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<CallResult<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(h.url + path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const type = res.headers.get('content-type') ?? '';
  const parsed = type.includes('json')
    ? await res.json()
    : type.includes('pdf')
      ? Buffer.from(await res.arrayBuffer())
      : await res.text();
  return { status: res.status, headers: res.headers, body: parsed as T };
}

export const server = (h: Harness, method: string, path: string, body?: unknown) =>
  call(h, method, path, { token: h.apiKey, ...(body !== undefined ? { body } : {}) });
export const client = (h: Harness, token: string, method: string, path: string, body?: unknown) =>
  call(h, method, path, { token, ...(body !== undefined ? { body } : {}) });

export async function waitFor<T>(
  fn: () => Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 8000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** Waits until the server view has this status; returns the view. */
export function waitStatus(h: Harness, id: string, status: string | string[], timeoutMs?: number) {
  const want = Array.isArray(status) ? status : [status];
  const kind = id.startsWith('sig_') ? 'signings' : 'identifications';
  return waitFor(
    async () => {
      const r = await server(h, 'GET', `/v1/${kind}/${id}`);
      return want.includes(r.body.status) ? r.body : null;
    },
    `${id} to be ${want.join('|')}`,
    timeoutMs,
  );
}

export async function createWeb(h: Harness, extra: object = {}) {
  const r = await server(h, 'POST', '/v1/identifications', {
    method: 'web',
    reason: 'Account opening',
    ...extra,
  });
  if (r.status !== 201) throw new Error(`create failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: string; clientToken: string; status: string; expiresAt: string };
}

/** Create + start a web identification; returns ids plus the provider's customer sessionId. */
export async function startedWeb(h: Harness, extra: object = {}) {
  const created = await createWeb(h, extra);
  const start = await client(h, created.clientToken, 'POST', `/v1/client/sessions/${created.id}/start`, {
    consent: true,
  });
  if (start.status !== 200) throw new Error(`start failed: ${start.status} ${JSON.stringify(start.body)}`);
  const redirectUrl = start.body.redirectUrl as string;
  const customerSession = decodeURIComponent(redirectUrl.split('/session/')[1]!);
  return { ...created, redirectUrl, customerSession };
}

/** A completed web identification (through the simulator's success path). */
export async function identifiedWeb(h: Harness) {
  const s = await startedWeb(h);
  await h.sim.control.completeIdentification(s.customerSession, 'success');
  await waitStatus(h, s.id, 'completed');
  return s;
}

export interface SseEvent {
  id?: string;
  event?: string;
  // biome-ignore lint/suspicious/noExplicitAny: the parsed `data:` JSON, asserted in the tests
  data: any;
}

/** Opens the events stream; collects events until it ends or `close()` is called. */
export function openEvents(
  h: { url: string },
  id: string,
  token: string,
  opts: { lastEventId?: number; query?: boolean } = {},
) {
  const events: SseEvent[] = [];
  const ac = new AbortController();
  const headers: Record<string, string> = {};
  if (!opts.query) headers.authorization = `Bearer ${token}`;
  if (opts.lastEventId !== undefined) headers['last-event-id'] = String(opts.lastEventId);
  const path = `/v1/client/sessions/${id}/events${opts.query ? `?token=${encodeURIComponent(token)}` : ''}`;
  let status = 0;
  const done = (async () => {
    const res = await fetch(h.url + path, { headers, signal: ac.signal });
    status = res.status;
    if (!res.body) return;
    const parser = createParser({
      onEvent: (e) => events.push({ id: e.id, event: e.event, data: JSON.parse(e.data) }),
    });
    const decoder = new TextDecoder();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>)
      parser.feed(decoder.decode(chunk, { stream: true }));
  })().catch((e) => {
    if ((e as Error).name !== 'AbortError') throw e;
  });
  return {
    events,
    done,
    get status() {
      return status;
    },
    close() {
      ac.abort();
      return done;
    },
    until(pred: (evs: SseEvent[]) => boolean, what: string, timeoutMs = 8000) {
      return waitFor(async () => pred(events), what, timeoutMs);
    },
  };
}

/** A small valid one-page PDF, built by hand (correct xref offsets) so tests need no PDF library. */
export function samplePdf(text = 'Contract'): Buffer {
  const content = `BT /F1 18 Tf 50 780 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export function isPdf(b: unknown): boolean {
  return Buffer.isBuffer(b) && b.subarray(0, 5).toString('latin1') === '%PDF-';
}

/** Waits on the store itself (a read through the API would trigger a provider re-check). */
export function waitStored(h: Harness, id: string, status: string, timeoutMs?: number) {
  return waitFor(
    async () => {
      const s = await h.relay.deps.store.get(id);
      return s?.status === status ? s : null;
    },
    `${id} to be ${status} in the store`,
    timeoutMs,
  );
}

/** Records the callback URL the relay hands to the provider (it stores only its hash). */
export function captureCallbackUrls(h: Harness): string[] {
  const urls: string[] = [];
  const provider = h.relay.deps.provider;
  const original = provider.startWebIdentification.bind(provider);
  provider.startWebIdentification = (req, o) => {
    urls.push(req.requestCallbackUrl);
    return original(req, o);
  };
  return urls;
}
