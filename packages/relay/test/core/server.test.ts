/** startRelay wired to the simulator: the pieces of this folder working together through the real app. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Simulator, startSimulator } from '@borica-identify/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningRelay, startRelay } from '../../src/server.ts';
import { verifyWebhook } from '../../src/webhooks/index.ts';
import { hasRedisServer, type RedisServer, startRedisServer } from './redis-server.ts';

const SECRET = 'a-webhook-secret-for-tests';

describe('startRelay with a simulator', () => {
  let simulator: Simulator;
  let relay: RunningRelay;
  let receiver: Server;
  const hooks: { headers: Record<string, string>; body: string }[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        hooks.push({ headers: req.headers as Record<string, string>, body });
        res.end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    simulator = await startSimulator();
    relay = await startRelay({
      simulator,
      config: {
        webhook: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`, secret: SECRET },
        allowedOrigins: ['https://shop.example'],
      },
      webhookOptions: { pollIntervalMs: 20 },
    });
  }, 30_000);

  afterAll(async () => {
    await relay?.close();
    await simulator?.close();
    await new Promise<void>((r) => receiver.close(() => r()));
  });

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${relay.url}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${relay.apiKey}`,
        'content-type': 'application/json',
        ...init.headers,
      },
    });

  it('derives its configuration from the simulator', () => {
    const { config } = relay.deps;
    expect(config.apiUrl).toBe(simulator.apiUrl);
    expect(config.identifyUrl).toBe(simulator.pagesUrl);
    expect(config.publicUrl).toBe(relay.url);
    expect(config.allowedOrigins).toEqual(
      expect.arrayContaining([relay.url, 'http://127.0.0.1:*', 'https://shop.example']),
    );
    expect(config.store).toBe('memory:');
    expect(relay.apiKey.length).toBeGreaterThanOrEqual(16);
  });

  it('serves health, metrics and the OpenAPI document', async () => {
    expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    expect(metrics).toContain('# TYPE relay_sse_streams_open gauge');
    expect(metrics).toContain('# TYPE relay_sessions gauge');
    const doc = (await (await fetch(`${relay.url}/openapi.json`)).json()) as { openapi: string };
    expect(doc.openapi).toBe('3.1.0');
  });

  it('streams a session to its end and sends the signed webhook', async () => {
    const created = await api('/v1/identifications', {
      method: 'POST',
      body: JSON.stringify({ method: 'web', reason: 'Account opening', externalRef: 'order-7' }),
    });
    expect(created.status).toBe(201);
    const { id, clientToken } = (await created.json()) as { id: string; clientToken: string };

    const stream = await fetch(`${relay.url}/v1/client/sessions/${id}/events`, {
      headers: { authorization: `Bearer ${clientToken}`, origin: 'https://shop.example' },
    });
    expect(stream.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    const text = stream.text();
    await new Promise((r) => setTimeout(r, 50));
    expect(relay.deps.sse.size).toBe(1);

    const cancelled = await fetch(`${relay.url}/v1/client/sessions/${id}/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${clientToken}` },
    });
    expect(cancelled.status).toBe(200);
    const events = (await text)
      .split('\n\n')
      .filter((block) => block.includes('event: status'))
      .map((block) => JSON.parse(block.split('data: ')[1]!));
    expect(events.map((e) => e.status)).toEqual(['created', 'cancelled']);
    expect(relay.deps.sse.size).toBe(0);

    for (let i = 0; i < 200 && hooks.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const [hook] = hooks;
    expect(hook).toBeDefined();
    expect(verifyWebhook(SECRET, hook!.headers, hook!.body).ok).toBe(true);
    expect(JSON.parse(hook!.body)).toMatchObject({
      type: 'identification.cancelled',
      data: { id, status: 'cancelled', externalRef: 'order-7' },
    });
  });

  it('close() ends open streams with a retry line', async () => {
    const created = await api('/v1/identifications', {
      method: 'POST',
      body: JSON.stringify({ method: 'web', reason: 'Shutdown test' }),
    });
    const { id, clientToken } = (await created.json()) as { id: string; clientToken: string };
    const stream = await fetch(`${relay.url}/v1/client/sessions/${id}/events?token=${clientToken}`);
    const text = stream.text();
    await new Promise((r) => setTimeout(r, 50));
    await relay.close();
    expect(await text).toMatch(/retry: \d+\n\n$/);
    expect(relay.deps.sse.size).toBe(0);
    await expect(relay.deps.store.ping()).rejects.toThrow(/closed/);
  });
});

describe.skipIf(!hasRedisServer())('two relays sharing a Redis store', () => {
  let simulator: Simulator;
  let redis: RedisServer;
  let a: RunningRelay;
  let b: RunningRelay;
  const apiKey = 'shared-api-key-0123456789';

  beforeAll(async () => {
    redis = await startRedisServer();
    simulator = await startSimulator();
    const config = { store: `${redis.url}?prefix=two:`, apiKeys: [apiKey] };
    a = await startRelay({ simulator, config });
    b = await startRelay({ simulator, config });
  }, 30_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await simulator?.close();
    await redis?.stop();
  });

  it('a stream on one instance follows a session changed through the other', async () => {
    const created = await fetch(`${a.url}/v1/identifications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'web', reason: 'Two instances' }),
    });
    expect(created.status).toBe(201);
    const { id, clientToken } = (await created.json()) as { id: string; clientToken: string };
    const stream = await fetch(`${b.url}/v1/client/sessions/${id}/events?token=${clientToken}`);
    const text = stream.text();
    await new Promise((r) => setTimeout(r, 50));
    const cancelled = await fetch(`${a.url}/v1/client/sessions/${id}/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${clientToken}` },
    });
    expect(cancelled.status).toBe(200);
    const statuses = (await text)
      .split('\n\n')
      .filter((block) => block.includes('event: status'))
      .map((block) => JSON.parse(block.split('data: ')[1]!).status);
    expect(statuses).toEqual(['created', 'cancelled']);
    const seenByB = await fetch(`${b.url}/v1/identifications/${id}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(((await seenByB.json()) as { status: string }).status).toBe('cancelled');
  });
});
