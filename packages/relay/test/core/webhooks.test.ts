import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/index.ts';
import { MemoryStore } from '../../src/store/memory.ts';
import { createWebhookDispatcher, signWebhook, verifyWebhook } from '../../src/webhooks/index.ts';
import { sessionRecord } from './fixtures.ts';

const SECRET = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;

describe('signWebhook / verifyWebhook (Standard Webhooks)', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const ts = Math.floor(now.getTime() / 1000);

  it('matches the spec: HMAC-SHA256 over id.timestamp.body with the base64-decoded key', () => {
    // Test vector from the Standard Webhooks spec and reference libraries.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const sig = signWebhook(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
    expect(sig).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('verifies a good delivery and one of several signatures', () => {
    const body = '{"type":"identification.completed"}';
    const signature = signWebhook(SECRET, 'msg_1', ts, body);
    const headers = {
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(ts),
      'webhook-signature': signature,
    };
    expect(verifyWebhook(SECRET, headers, body, { now })).toEqual({ ok: true, id: 'msg_1', timestamp: ts });
    const several = { ...headers, 'webhook-signature': `v1,AAAA ${signature}` };
    expect(verifyWebhook(SECRET, new Headers(several), body, { now }).ok).toBe(true);
  });

  it('rejects tampering, wrong secrets, old timestamps and missing headers', () => {
    const body = '{"a":1}';
    const headers = {
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(ts),
      'webhook-signature': signWebhook(SECRET, 'msg_1', ts, body),
    };
    expect(verifyWebhook(SECRET, headers, '{"a":2}', { now })).toEqual({
      ok: false,
      problem: 'no_matching_signature',
    });
    expect(verifyWebhook('another-secret-of-16+', headers, body, { now })).toEqual({
      ok: false,
      problem: 'no_matching_signature',
    });
    expect(verifyWebhook(SECRET, { ...headers, 'webhook-id': 'msg_2' }, body, { now }).ok).toBe(false);
    expect(verifyWebhook(SECRET, headers, body, { now: new Date(now.getTime() + 301_000) })).toEqual({
      ok: false,
      problem: 'timestamp_out_of_tolerance',
    });
    expect(verifyWebhook(SECRET, { 'webhook-id': 'msg_1' }, body, { now })).toEqual({
      ok: false,
      problem: 'missing_header',
    });
    expect(verifyWebhook(SECRET, { ...headers, 'webhook-timestamp': 'soon' }, body, { now })).toEqual({
      ok: false,
      problem: 'invalid_timestamp',
    });
  });

  it('uses a raw (non-whsec) secret as UTF-8 bytes', () => {
    const raw = 'a-plain-secret-123';
    const sig = signWebhook(raw, 'm', 1, 'b');
    expect(
      verifyWebhook(raw, { 'webhook-id': 'm', 'webhook-timestamp': '1', 'webhook-signature': sig }, 'b', {
        now: new Date(1000),
      }).ok,
    ).toBe(true);
  });
});

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

describe('webhook dispatcher', () => {
  let server: Server;
  let url: string;
  let received: Received[];
  let answers: number[];
  let store: MemoryStore;
  let now: Date;
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', destination: { write: (l: string) => lines.push(l) } });

  beforeEach(async () => {
    received = [];
    answers = [];
    now = new Date('2026-01-01T10:00:00Z');
    store = new MemoryStore({ clock: () => now });
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.statusCode = answers.shift() ?? 204;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    await store.create(sessionRecord('idn_1'));
    await store.transition('idn_1', 1, {
      patch: { status: 'completed' },
      event: true,
      webhook: {
        id: 'msg_abc',
        sessionId: 'idn_1',
        type: 'identification.completed',
        body: JSON.stringify({ type: 'identification.completed', data: { id: 'idn_1' } }),
      },
    });
  });
  afterEach(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await store.close();
  });

  function dispatcher(outcomes: string[]) {
    return createWebhookDispatcher({
      store,
      url,
      secret: SECRET,
      log,
      clock: () => now,
      retryDelaysMs: [5_000, 30_000],
      pollIntervalMs: 10,
      onAttempt: (e) => outcomes.push(e.outcome),
    });
  }

  async function until(predicate: () => boolean) {
    for (let i = 0; i < 300 && !predicate(); i++) await new Promise((r) => setTimeout(r, 5));
    expect(predicate()).toBe(true);
  }

  it('delivers a signed request and deletes the job after 2xx', async () => {
    const outcomes: string[] = [];
    const d = dispatcher(outcomes);
    d.start();
    await until(() => outcomes.length === 1);
    await d.stop();
    expect(outcomes).toEqual(['delivered']);
    const [hit] = received;
    expect(hit?.headers['content-type']).toBe('application/json');
    expect(hit?.headers['webhook-id']).toBe('msg_abc');
    expect(hit?.headers['webhook-timestamp']).toBe(String(now.getTime() / 1000));
    expect(verifyWebhook(SECRET, hit!.headers as Record<string, string>, hit!.body, { now }).ok).toBe(true);
    expect(JSON.parse(hit!.body)).toEqual({ type: 'identification.completed', data: { id: 'idn_1' } });
    expect(await store.dueWebhooks(new Date('2030-01-01'), 10)).toEqual([]);
  });

  it('retries after a 500 with backoff, keeping the webhook-id, until a 2xx', async () => {
    answers = [500, 503];
    const outcomes: string[] = [];
    const d = dispatcher(outcomes);
    d.start();
    await until(() => outcomes.length === 1);
    expect(outcomes).toEqual(['retry']);
    const [job] = await store.dueWebhooks(new Date('2030-01-01'), 10);
    expect(job).toMatchObject({ id: 'msg_abc', attempt: 1, nextAttemptAt: '2026-01-01T10:00:05.000Z' });

    // Not due yet: polling sends nothing.
    await new Promise((r) => setTimeout(r, 40));
    expect(received).toHaveLength(1);

    now = new Date('2026-01-01T10:00:05Z');
    await until(() => outcomes.length === 2);
    expect((await store.dueWebhooks(new Date('2030-01-01'), 10))[0]?.nextAttemptAt).toBe(
      '2026-01-01T10:00:35.000Z',
    );

    now = new Date('2026-01-01T10:00:35Z');
    await until(() => outcomes.length === 3);
    await d.stop();
    expect(outcomes).toEqual(['retry', 'retry', 'delivered']);
    expect(received.map((r) => r.headers['webhook-id'])).toEqual(['msg_abc', 'msg_abc', 'msg_abc']);
    for (const r of received)
      expect(verifyWebhook(SECRET, r.headers as Record<string, string>, r.body, { now }).ok).toBe(true);
    expect(await store.dueWebhooks(new Date('2030-01-01'), 10)).toEqual([]);
  });

  it('gives up after the last attempt and logs it without the body', async () => {
    answers = [500, 500, 500];
    const outcomes: string[] = [];
    const d = dispatcher(outcomes);
    d.start();
    await until(() => outcomes.length === 1);
    now = new Date('2026-01-01T10:00:05Z');
    await until(() => outcomes.length === 2);
    now = new Date('2026-01-01T10:01:00Z');
    await until(() => outcomes.length === 3);
    await d.stop();
    expect(outcomes).toEqual(['retry', 'retry', 'gave_up']);
    expect(await store.dueWebhooks(new Date('2030-01-01'), 10)).toEqual([]);
    expect(lines.some((l) => l.includes('webhook given up'))).toBe(true);
  });

  it('treats an unreachable receiver like a failure and retries', async () => {
    const outcomes: string[] = [];
    const d = createWebhookDispatcher({
      store,
      url: 'http://127.0.0.1:1/hooks',
      secret: SECRET,
      log,
      clock: () => now,
      retryDelaysMs: [5_000],
      onAttempt: (e) => outcomes.push(e.outcome),
    });
    d.start();
    await until(() => outcomes.length === 1);
    await d.stop();
    expect(outcomes).toEqual(['retry']);
  });

  it('kick() delivers without waiting for the poll timer', async () => {
    const outcomes: string[] = [];
    const d = createWebhookDispatcher({
      store,
      url,
      secret: SECRET,
      log,
      clock: () => now,
      pollIntervalMs: 60_000,
      onAttempt: (e) => outcomes.push(e.outcome),
    });
    d.start();
    await until(() => outcomes.length === 1);
    await store.create(sessionRecord('idn_2'));
    await store.transition('idn_2', 1, {
      patch: { status: 'failed' },
      event: true,
      webhook: { id: 'msg_2', sessionId: 'idn_2', type: 'identification.failed', body: '{}' },
    });
    d.kick();
    await until(() => outcomes.length === 2);
    await d.stop();
    expect(received.map((r) => r.headers['webhook-id'])).toEqual(['msg_abc', 'msg_2']);
  });
});
