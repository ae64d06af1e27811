/** The SSE writer over a real HTTP server (@hono/node-server), read as raw bytes. */
import { type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createSseRegistry,
  parseLastEventId,
  type SseRegistry,
  streamSessionEvents,
} from '../../src/sse/index.ts';
import { MemoryStore } from '../../src/store/memory.ts';
import type { SessionEvent, Store } from '../../src/store/types.ts';
import { sessionRecord } from './fixtures.ts';

interface Client {
  res: IncomingMessage;
  raw: () => string;
  events: EventSourceMessage[];
  retries: number[];
  ended: Promise<void>;
  waitFor(predicate: () => boolean, what: string): Promise<void>;
  close(): void;
}

function connect(url: string, headers: Record<string, string> = {}): Promise<Client> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let raw = '';
      const events: EventSourceMessage[] = [];
      const retries: number[] = [];
      const parser = createParser({ onEvent: (e) => events.push(e), onRetry: (ms) => retries.push(ms) });
      const waiters = new Set<() => void>();
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        raw += chunk;
        parser.feed(chunk);
        for (const w of waiters) w();
      });
      const ended = new Promise<void>((done) => res.on('close', () => done()));
      resolve({
        res,
        raw: () => raw,
        events,
        retries,
        ended,
        waitFor(predicate, what) {
          return new Promise((ok, fail) => {
            if (predicate()) return ok();
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`timed out waiting for ${what}; got: ${raw}`));
            }, 3000);
            const check = () => {
              if (!predicate()) return;
              clearTimeout(timer);
              waiters.delete(check);
              ok();
            };
            waiters.add(check);
          });
        },
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const statuses = (events: EventSourceMessage[]) => events.map((e) => JSON.parse(e.data).status);

describe('SSE session stream', () => {
  let store: Store;
  let registry: SseRegistry;
  let server: ReturnType<typeof serve>;
  let base: string;
  /** Runs between subscribing and the backlog read, to commit events "during" the replay. */
  let duringBacklog: (() => Promise<void>) | undefined;
  let heartbeatMs = 60_000;

  async function advance(id: string, status: SessionEvent['status'], provider = {}) {
    const current = (await store.get(id))!;
    const r = await store.transition(id, current.version, { patch: { status, provider }, event: true });
    if (!r.ok) throw new Error('transition failed');
  }

  beforeEach(async () => {
    const memory = new MemoryStore();
    const events = memory.events.bind(memory);
    memory.events = async (id, after) => {
      const hook = duringBacklog;
      duringBacklog = undefined;
      if (hook) await hook();
      return events(id, after);
    };
    store = memory;
    registry = createSseRegistry({ shutdownRetryMs: 4321 });
    heartbeatMs = 60_000;
    const app = new Hono();
    app.use('*', async (c, next) => {
      // What the API's CORS (hono/cors writes c.res.headers) and request-id middleware do.
      c.res.headers.set('access-control-allow-origin', 'http://127.0.0.1:5173');
      c.header('x-request-id', 'req-1');
      await next();
      // Middleware touching the response afterwards must not break the stream already on the wire.
      c.header('x-after', '1');
    });
    app.get('/s/:id/events', (c) =>
      streamSessionEvents(c, {
        store,
        registry,
        sessionId: c.req.param('id'),
        lastEventId: parseLastEventId(c.req.header('last-event-id')),
        heartbeatMs,
        retryMs: 1500,
      }),
    );
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve());
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await store.create(sessionRecord('idn_1'));
  });

  afterEach(async () => {
    registry.closeAll();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await store.close();
  });

  it('sends headers (incl. those set by middleware), retry, then the current state', async () => {
    await advance('idn_1', 'started', { status: 'START_WEB_SESSION' });
    const client = await connect(`${base}/s/idn_1/events`);
    expect(client.res.statusCode).toBe(200);
    expect(client.res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(client.res.headers['cache-control']).toBe('no-cache, no-transform');
    expect(client.res.headers['x-accel-buffering']).toBe('no');
    expect(client.res.headers['access-control-allow-origin']).toBe('http://127.0.0.1:5173');
    expect(client.res.headers['x-request-id']).toBe('req-1');
    await client.waitFor(() => client.events.length === 1, 'first event');
    expect(client.raw().startsWith('retry: 1500\n\n')).toBe(true);
    const [first] = client.events;
    expect(first).toMatchObject({ id: '2', event: 'status' });
    expect(JSON.parse(first!.data)).toEqual({
      id: 'idn_1',
      kind: 'identification',
      status: 'started',
      provider: { status: 'START_WEB_SESSION' },
      at: expect.any(String),
    });
    expect(client.retries).toEqual([1500]);
    expect(registry.size).toBe(1);

    await advance('idn_1', 'in_progress');
    await client.waitFor(() => client.events.length === 2, 'live event');
    expect(client.events[1]?.id).toBe('3');
    client.close();
    await client.ended;
    await new Promise((r) => setTimeout(r, 20));
    expect(registry.size).toBe(0);
  });

  it('replays exactly the events after Last-Event-ID, including ones committed during the replay', async () => {
    await advance('idn_1', 'started');
    await advance('idn_1', 'in_progress', { step: 'A' });
    await advance('idn_1', 'in_progress', { step: 'B' });
    duringBacklog = async () => {
      await advance('idn_1', 'in_progress', { step: 'C' });
    };
    const client = await connect(`${base}/s/idn_1/events`, { 'last-event-id': '2' });
    await client.waitFor(() => client.events.length >= 3, 'replay');
    await advance('idn_1', 'completed');
    await client.ended;
    expect(client.events.map((e) => e.id)).toEqual(['3', '4', '5', '6']);
    expect(client.events.map((e) => JSON.parse(e.data).provider.step ?? null)).toEqual(['A', 'B', 'C', null]);
    expect(statuses(client.events).at(-1)).toBe('completed');
  });

  it('sends only the latest state (not the history) without Last-Event-ID, with no duplicate from the live feed', async () => {
    await advance('idn_1', 'started');
    duringBacklog = async () => {
      await advance('idn_1', 'in_progress');
    };
    const client = await connect(`${base}/s/idn_1/events`);
    await client.waitFor(() => client.events.length >= 1, 'first event');
    await advance('idn_1', 'failed');
    await client.ended;
    expect(client.events.map((e) => e.id)).toEqual(['3', '4']);
    expect(statuses(client.events)).toEqual(['in_progress', 'failed']);
  });

  it('treats a Last-Event-ID beyond the log as absent', async () => {
    const client = await connect(`${base}/s/idn_1/events`, { 'last-event-id': '99' });
    await client.waitFor(() => client.events.length === 1, 'current state');
    expect(client.events[0]?.id).toBe('1');
    client.close();
  });

  it('ends right away when the session is terminal, and when the client is already up to date with it', async () => {
    await advance('idn_1', 'cancelled');
    const fresh = await connect(`${base}/s/idn_1/events`);
    await fresh.ended;
    expect(statuses(fresh.events)).toEqual(['cancelled']);

    const upToDate = await connect(`${base}/s/idn_1/events`, { 'last-event-id': '2' });
    await upToDate.ended;
    expect(upToDate.events).toEqual([]);
    expect(registry.size).toBe(0);
  });

  it('writes a comment heartbeat on the shared timer', async () => {
    heartbeatMs = 30;
    const client = await connect(`${base}/s/idn_1/events`);
    await client.waitFor(() => client.raw().includes('\n: hb\n\n'), 'heartbeat');
    expect(client.events).toHaveLength(1);
    client.close();
  });

  it('closeAll writes retry and ends every stream', async () => {
    await store.create(sessionRecord('idn_2'));
    const a = await connect(`${base}/s/idn_1/events`);
    const b = await connect(`${base}/s/idn_2/events`);
    await a.waitFor(() => a.events.length === 1, 'a');
    await b.waitFor(() => b.events.length === 1, 'b');
    expect(registry.size).toBe(2);
    registry.closeAll();
    await Promise.all([a.ended, b.ended]);
    expect(a.retries).toEqual([1500, 4321]);
    expect(b.raw().endsWith('retry: 4321\n\n')).toBe(true);
    expect(registry.size).toBe(0);
  });

  it('many streams on one session each get every event once', async () => {
    const clients = await Promise.all(Array.from({ length: 20 }, () => connect(`${base}/s/idn_1/events`)));
    await Promise.all(clients.map((c) => c.waitFor(() => c.events.length === 1, 'first')));
    expect(registry.size).toBe(20);
    await advance('idn_1', 'started');
    await advance('idn_1', 'completed');
    await Promise.all(clients.map((c) => c.ended));
    for (const c of clients) expect(c.events.map((e) => e.id)).toEqual(['1', '2', '3']);
    expect(registry.size).toBe(0);
  });
});

describe('SSE from a synchronous handler without middleware', () => {
  it('does not let @hono/node-server write a second response head', async () => {
    const store = new MemoryStore();
    const registry = createSseRegistry();
    await store.create(sessionRecord('idn_1'));
    const app = new Hono();
    app.get('/e', (c) => streamSessionEvents(c, { store, registry, sessionId: 'idn_1' }));
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    try {
      const port = (server.address() as AddressInfo).port;
      const client = await connect(`http://127.0.0.1:${port}/e`);
      await client.waitFor(() => client.events.length === 1, 'first event');
      expect(client.res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      registry.closeAll();
      await client.ended;
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('parseLastEventId', () => {
  it('accepts a seq and ignores anything else', () => {
    expect(parseLastEventId('7')).toBe(7);
    expect(parseLastEventId(' 12 ')).toBe(12);
    expect(parseLastEventId(undefined)).toBeUndefined();
    expect(parseLastEventId('abc')).toBeUndefined();
    expect(parseLastEventId('-1')).toBeUndefined();
  });
});

describe('SSE without a Node response (app.request)', () => {
  it('streams the same bytes through a web stream', async () => {
    const store = new MemoryStore();
    const registry = createSseRegistry();
    await store.create(sessionRecord('idn_1', { status: 'completed' }));
    const app = new Hono();
    app.get('/e', (c) => streamSessionEvents(c, { store, registry, sessionId: 'idn_1', retryMs: 100 }));
    const res = await app.request('/e');
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const text = await res.text();
    expect(text).toMatch(/^retry: 100\n\nid: 1\nevent: status\ndata: \{"id":"idn_1"/);
    expect(registry.size).toBe(0);
  });
});
