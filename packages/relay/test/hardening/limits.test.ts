/**
 * The limits a hostile client meets, over real sockets against a listening relay: slow-loris and
 * slow bodies cut off with 408, oversized heads answered 431, the connection cap answered 503 with
 * the probes still served, event streams capped per session and per client IP, callbacks folded into
 * at most one confirmation per interval — each refusal problem+json and counted in /metrics.
 */
import { connect, type Socket } from 'node:net';
import type { Simulator } from '@borica-identify/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_DEFAULTS } from '../../src/config/index.ts';
import {
  captureCallbackUrls,
  createWeb,
  type Harness,
  identifiedWeb,
  startedWeb,
  startHarness,
  startSim,
  waitFor,
} from '../api/helpers.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSim();
}, 60_000);
afterAll(() => sim?.close());

/** Raw HTTP: what a hostile client writes, and everything the relay sends back until it closes. */
function rawClient(url: string) {
  const { port, hostname } = new URL(url);
  const socket: Socket = connect(Number(port), hostname);
  let received = '';
  socket.on('data', (d) => (received += d));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  return {
    socket,
    connected: new Promise<void>((resolve) => socket.once('connect', () => resolve())),
    closed,
    get received() {
      return received;
    },
  };
}

/** The problem+json body of a raw HTTP/1.1 answer. */
function problemOf(raw: string) {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  expect(head).toMatch(/content-type: application\/problem\+json/i);
  return { status: Number(head.split(' ')[1]), body: JSON.parse(body) as { code: string; status: number } };
}

async function refusals(h: Harness, limit: string): Promise<number> {
  const text = await h.relay.deps.metrics.render();
  const m = new RegExp(`^relay_limit_refusals_total\\{limit="${limit}"\\} (\\d+)`, 'm').exec(text);
  return Number(m?.[1] ?? Number.NaN);
}

describe('limits: connections and timeouts', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      sim,
      config: {
        limits: {
          ...CONFIG_DEFAULTS.limits,
          headersTimeoutMs: 1000,
          requestTimeoutMs: 1500,
          maxConnections: 4,
          maxHeaderBytes: 8192,
        },
      },
    });
  }, 60_000);
  afterAll(() => h?.close());

  it('a client that never finishes its headers gets 408 request_timeout and is closed', async () => {
    const c = rawClient(h.url);
    await c.connected;
    c.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    // Keep trickling header lines: the classic slow-loris.
    const trickle = setInterval(() => c.socket.writable && c.socket.write('X-a: b\r\n'), 200);
    await c.closed;
    clearInterval(trickle);
    const p = problemOf(c.received);
    expect(p.status).toBe(408);
    expect(p.body.code).toBe('request_timeout');
    expect(await refusals(h, 'headers_timeout')).toBeGreaterThanOrEqual(1);
  }, 30_000);

  it('a body that does not arrive in time gets 408 and is closed', async () => {
    const c = rawClient(h.url);
    await c.connected;
    c.socket.write(
      `POST /v1/identifications HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${h.apiKey}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{`,
    );
    const trickle = setInterval(() => c.socket.writable && c.socket.write(' '), 200);
    await c.closed;
    clearInterval(trickle);
    const p = problemOf(c.received);
    expect([p.status, p.body.code]).toEqual([408, 'request_timeout']);
    expect(await refusals(h, 'request_timeout')).toBeGreaterThanOrEqual(1);
  }, 30_000);

  it('a 60 KB Authorization header gets 431 headers_too_large as problem+json', async () => {
    const c = rawClient(h.url);
    await c.connected;
    c.socket.write(
      `GET /v1/identifications/x HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${'a'.repeat(60_000)}\r\n\r\n`,
    );
    await c.closed;
    const p = problemOf(c.received);
    expect([p.status, p.body.code, p.body.status]).toEqual([431, 'headers_too_large', 431]);
    expect(await refusals(h, 'header_size')).toBeGreaterThanOrEqual(1);
  }, 30_000);

  it('over the connection cap: 503 overloaded, while /healthz and /readyz still answer', async () => {
    const idle = Array.from({ length: 4 }, () => rawClient(h.url));
    await Promise.all(idle.map((c) => c.connected));
    await waitFor(
      async () => (await h.relay.deps.metrics.render()).includes('relay_http_connections_open 4'),
      '4 open connections',
    );
    const ask = async (path: string) => {
      const c = rawClient(h.url);
      await c.connected;
      c.socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      await c.closed;
      return c.received;
    };
    const refused = problemOf(await ask('/v1/identifications/x'));
    expect([refused.status, refused.body.code]).toEqual([503, 'overloaded']);
    expect(await ask('/healthz')).toMatch(/^HTTP\/1\.1 200/);
    expect(await ask('/readyz')).toMatch(/^HTTP\/1\.1 200/);
    expect(await refusals(h, 'connections')).toBeGreaterThanOrEqual(1);
    for (const c of idle) c.socket.destroy();
    await waitFor(
      async () => (await h.relay.deps.metrics.render()).includes('relay_http_connections_open 0'),
      'connections to close',
    );
    expect((await fetch(`${h.url}/v1/identifications/x`)).status).toBe(401);
  }, 30_000);
});

describe('limits: event streams and callbacks', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      sim,
      // Only callbacks drive the sessions here (no polls), so every status read is one a callback caused.
      config: {
        poll: { initialMs: 600_000, maxMs: 600_000, factor: 1.5 },
        limits: { ...CONFIG_DEFAULTS.limits, ssePerSession: 2, ssePerIp: 3, callbackConfirmIntervalMs: 3000 },
      },
    });
  }, 60_000);
  afterAll(() => h?.close());

  function stream(id: string, token: string) {
    const ac = new AbortController();
    const res = fetch(`${h.url}/v1/client/sessions/${id}/events`, {
      headers: { authorization: `Bearer ${token}` },
      signal: ac.signal,
    });
    return { res, close: () => ac.abort() };
  }

  it('streams per session and per client IP are capped with 429, and freed when they close', async () => {
    const a = await createWeb(h);
    const b = await createWeb(h);
    const a1 = stream(a.id, a.clientToken);
    const a2 = stream(a.id, a.clientToken);
    expect((await a1.res).status).toBe(200);
    expect((await a2.res).status).toBe(200);
    const a3 = await fetch(`${h.url}/v1/client/sessions/${a.id}/events`, {
      headers: { authorization: `Bearer ${a.clientToken}` },
    });
    expect(a3.status).toBe(429);
    expect(a3.headers.get('content-type')).toBe('application/problem+json');
    expect(((await a3.json()) as { code: string }).code).toBe('rate_limited');
    expect(await refusals(h, 'sse_per_session')).toBe(1);

    // The third stream from this IP is fine (another session); the fourth is one too many.
    const b1 = stream(b.id, b.clientToken);
    expect((await b1.res).status).toBe(200);
    const b2 = await fetch(`${h.url}/v1/client/sessions/${b.id}/events?token=${b.clientToken}`);
    expect(b2.status).toBe(429);
    expect(await refusals(h, 'sse_per_ip')).toBe(1);

    a1.close();
    await waitFor(async () => h.relay.deps.sse.size === 2, 'the closed stream to give its slot back');
    const b3 = stream(b.id, b.clientToken);
    expect((await b3.res).status).toBe(200);
    for (const s of [a2, b1, b3]) s.close();
    await waitFor(async () => h.relay.deps.sse.size === 0, 'every stream to close');
  }, 30_000);

  it('a burst of forged callbacks to a valid secret costs one confirmation, plus one at the interval end', async () => {
    const urls = captureCallbackUrls(h);
    const s = await startedWeb(h);
    const callbackUrl = urls.at(-1)!.replace(/^https?:\/\/[^/]+/, h.url);
    const provider = h.relay.deps.provider;
    let statusReads = 0;
    const original = provider.getWebIdentificationStatus.bind(provider);
    provider.getWebIdentificationStatus = (...args) => {
      statusReads++;
      return original(...args);
    };
    const before = await refusals(h, 'callback_coalesced');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(callbackUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"forged":true}',
        }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
    await waitFor(async () => statusReads >= 1, 'the first confirmation');
    // Every callback after the first within the interval is folded into one queued confirmation.
    await waitFor(
      async () => (await refusals(h, 'callback_coalesced')) - before === 19,
      'the rest to be folded',
    );
    expect(statusReads).toBe(1);
    await waitFor(
      async () => statusReads === 2,
      'the folded confirmation at the end of the interval',
      15_000,
    );
    expect((await h.relay.deps.store.get(s.id))?.status).toBe('started');
  }, 40_000);
});

describe('limits: signing uploads', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ sim });
  }, 60_000);
  afterAll(() => h?.close());

  it('a 28 MiB document (within the 30 MiB limit) is accepted, not a 500 from the base64 check', async () => {
    const idn = await identifiedWeb(h);
    const pdf = Buffer.alloc(21 * 1024 * 1024, 0x20);
    pdf.write('%PDF-1.4\n%', 0, 'latin1');
    const r = await fetch(`${h.url}/v1/signings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        identificationId: idn.id,
        documents: [{ fileName: 'big.pdf', title: 'Big', content: pdf.toString('base64') }],
      }),
    });
    expect(r.status, await r.clone().text()).toBe(201);
    const { id } = (await r.json()) as { id: string };
    const stored = await h.relay.deps.store.getBlob(id, 'original/0');
    expect(stored?.length).toBe(pdf.length);
    expect(Buffer.from(stored!).subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
  }, 60_000);
});
