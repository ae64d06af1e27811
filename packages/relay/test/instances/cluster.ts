/**
 * Several relay instances as real child processes (the CLI, `bin/borica-relay.js`) sharing one real
 * `redis-server` with AOF on, no load balancer: the test picks the instance of every request. The
 * simulator runs in this process, so provider calls and callbacks are counted where BORICA would
 * count them; a webhook receiver here counts deliveries by `webhook-id`.
 *
 * Every instance gets RELAY_PUBLIC_URL = the LAST instance's URL: the callback URL handed to BORICA
 * at a start on any instance points there ("callback into C").
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Simulator, writePki } from '@borica-identify/simulator';
import { createStore, type Store } from '../../src/store/index.ts';
import { verifyWebhook } from '../../src/webhooks/index.ts';
import { call, ORIGIN, startSim, waitFor } from '../api/helpers.ts';
import { freePort, type RedisServer, startRedisServer } from '../core/redis-server.ts';

const BIN = join(import.meta.dirname, '../../bin/borica-relay.js');

export interface Delivery {
  id: string;
  type: string;
  sessionId: string;
  status: string;
}

export interface Receiver {
  url: string;
  secret: string;
  /** Every verified delivery, duplicates included. */
  deliveries: Delivery[];
  /** How many times each webhook-id arrived. */
  countById(): Map<string, number>;
  forSession(id: string): Delivery[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

export async function startReceiver(): Promise<Receiver> {
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  const deliveries: Delivery[] = [];
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const headers = {
      'webhook-id': String(req.headers['webhook-id'] ?? ''),
      'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
      'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
    };
    if (!verifyWebhook(secret, headers, body)) {
      res.writeHead(400).end();
      return;
    }
    const parsed = JSON.parse(body) as { type: string; data: { id: string; status: string } };
    deliveries.push({
      id: headers['webhook-id'],
      type: parsed.type,
      sessionId: parsed.data.id,
      status: parsed.data.status,
    });
    res.writeHead(204).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    secret,
    deliveries,
    countById() {
      const m = new Map<string, number>();
      for (const d of deliveries) m.set(d.id, (m.get(d.id) ?? 0) + 1);
      return m;
    },
    forSession: (id) => deliveries.filter((d) => d.sessionId === id),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export interface Instance {
  name: string;
  url: string;
  /** Starts (again) on the same port; resolves once /readyz answers 200. */
  start(): Promise<void>;
  /** SIGKILL: no shutdown, leases and in-flight work left behind. */
  kill(): Promise<void>;
  /** SIGTERM: the graceful shutdown a rolling restart does. */
  stop(): Promise<void>;
  running(): boolean;
}

export interface Cluster {
  sim: Simulator;
  redis: RedisServer;
  /** The test's own view of the shared store (reads only). */
  store: Store;
  storeUrl: string;
  apiKey: string;
  receiver: Receiver;
  instances: Instance[];
  output(): string;
  close(): Promise<void>;
}

export interface ClusterOptions {
  size: number;
  /** Start only these many at first (the rest via `instances[i].start()`); default all. */
  startNow?: number;
  env?: Record<string, string>;
}

export async function startCluster(o: ClusterOptions): Promise<Cluster> {
  const dir = await mkdtemp(join(tmpdir(), 'relay-instances-'));
  const [sim, redis, receiver] = await Promise.all([
    startSim(),
    startRedisServer({ aofDir: dir }),
    startReceiver(),
  ]);
  const pki = await writePki(sim.pki, join(dir, 'pki'));
  const ports = await Promise.all(Array.from({ length: o.size }, () => freePort()));
  const apiKey = `instances-${randomBytes(12).toString('hex')}`;
  const storeUrl = `${redis.url}/0?prefix=c${randomBytes(4).toString('hex')}:`;
  const publicUrl = `http://127.0.0.1:${ports.at(-1)}`;
  const baseEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    BORICA_API_URL: sim.apiUrl,
    BORICA_IDENTIFY_URL: sim.pagesUrl,
    BORICA_RELYING_PARTY_ID: sim.relyingPartyId,
    BORICA_CLIENT_CERT: pki.clientCert,
    BORICA_CLIENT_KEY: pki.clientKey,
    BORICA_CA_CERT: pki.caCert,
    RELAY_PUBLIC_URL: publicUrl,
    RELAY_API_KEYS: apiKey,
    RELAY_ALLOWED_ORIGINS: ORIGIN,
    RELAY_STORE: storeUrl,
    RELAY_WEBHOOK_URL: receiver.url,
    RELAY_WEBHOOK_SECRET: receiver.secret,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    RELAY_POLL_INITIAL_MS: '100',
    RELAY_POLL_MAX_MS: '400',
    RELAY_POLL_FACTOR: '1.5',
    ...o.env,
  };
  let out = '';
  const instances: Instance[] = ports.map((port, i) => {
    const name = String.fromCharCode(65 + i);
    const url = `http://127.0.0.1:${port}`;
    let child: ChildProcess | undefined;
    const alive = () => !!child && child.exitCode === null && child.signalCode === null;
    const ended = () =>
      new Promise<void>((resolve) => {
        if (!alive()) return resolve();
        child!.once('exit', () => resolve());
      });
    return {
      name,
      url,
      running: alive,
      async start() {
        if (alive()) throw new Error(`${name} is running`);
        const c = spawn(process.execPath, [BIN], {
          env: { ...baseEnv, PORT: String(port) },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child = c;
        // Never outlive the test process (a timed-out hook must not leave relays running).
        const reap = () => c.kill('SIGKILL');
        process.once('exit', reap);
        c.once('exit', () => process.off('exit', reap));
        c.stdout?.on('data', (chunk: Buffer) => (out += `[${name}] ${chunk}`));
        c.stderr?.on('data', (chunk: Buffer) => (out += `[${name}!] ${chunk}`));
        let last = '';
        await waitFor(
          async () => {
            if (!alive()) throw new Error(`${name} exited during start-up:\n${out}`);
            try {
              const r = await fetch(`${url}/readyz`);
              last = `${r.status} ${await r.text()}`;
              return r.status === 200;
            } catch (e) {
              last = String(e);
              return false;
            }
          },
          `instance ${name} to be ready`,
          // Loading the TypeScript sources takes seconds, and much longer on a machine under load.
          120_000,
        ).catch((e: Error) => {
          throw new Error(`${e.message} (last /readyz: ${last}):\n${out}`);
        });
      },
      async kill() {
        const gone = ended();
        child?.kill('SIGKILL');
        await gone;
      },
      async stop() {
        const gone = ended();
        child?.kill('SIGTERM');
        await gone;
      },
    };
  });
  await Promise.all(instances.slice(0, o.startNow ?? o.size).map((x) => x.start()));
  const store = await createStore(storeUrl);
  const cluster: Cluster = {
    sim,
    redis,
    store,
    storeUrl,
    apiKey,
    receiver,
    instances,
    output: () => out,
    async close() {
      await Promise.all(instances.map((x) => x.kill()));
      await cluster.store.close();
      await Promise.all([sim.close(), receiver.close(), redis.stop()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
  return cluster;
}

/** Server-API call to one instance. */
export function api(c: Cluster, at: Instance, method: string, path: string, body?: unknown) {
  return call(at, method, path, { token: c.apiKey, ...(body !== undefined ? { body } : {}) });
}

export function clientCall(at: Instance, token: string, method: string, path: string, body?: unknown) {
  return call(at, method, path, { token, ...(body !== undefined ? { body } : {}) });
}

/** The terminal webhook of a session arrived (waiting on it never triggers a provider re-check). */
export function waitWebhook(c: Cluster, sessionId: string, timeoutMs = 20_000) {
  return waitFor(async () => c.receiver.forSession(sessionId)[0], `the webhook of ${sessionId}`, timeoutMs);
}

/** Waits on the shared store itself (an API read would re-check with the provider). */
export function waitStored(c: Cluster, id: string, status: string | string[], timeoutMs = 20_000) {
  const want = Array.isArray(status) ? status : [status];
  return waitFor(
    async () => {
      const s = await c.store.get(id);
      return s && want.includes(s.status) ? s : null;
    },
    `${id} to be ${want.join('|')}`,
    timeoutMs,
  );
}
