/**
 * One fault case's world: its own simulator (in this process, so faults and billable calls are
 * counted where BORICA would count them), a webhook receiver, and the relay as a real child process
 * started through its CLI (`bin/borica-relay.js`), on SQLite or Redis. The relay can be SIGKILLed
 * and started again on the same port and store, as a supervisor would after a crash.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Simulator, writePki } from '@borica-identify/simulator';
import { type CallResult, call, samplePdf, startSim, waitFor } from '../api/helpers.ts';
import { freePort } from '../core/redis-server.ts';
import { startReceiver, type WebhookReceiver } from './receiver.ts';

const BIN = join(import.meta.dirname, '../../bin/borica-relay.js');
export const ORIGIN = 'https://bank.example';

export type StoreKind = 'sqlite' | 'redis';

export interface WorldOptions {
  kind: StoreKind;
  /** For `redis`: the server's URL (one redis-server per test file, a key prefix per world). */
  redisUrl?: string;
  /** For `sqlite`: the database file (default: a fresh one in the world's temp directory). */
  sqliteFile?: string;
}

export interface World {
  kind: StoreKind;
  sim: Simulator;
  url: string;
  apiKey: string;
  dir: string;
  /** The RELAY_STORE URL, for reading the store directly while no relay runs. */
  store: string;
  webhooks: WebhookReceiver;
  /** Everything the relay children wrote (JSON log lines on stdout, one-line errors on stderr). */
  output(): string;
  /** Starts the relay (again) on the same port and store; resolves once /readyz answers 200. */
  start(env?: Record<string, string>): Promise<void>;
  /** Starts a relay expected to refuse to start; resolves with its exit code and stderr. */
  startFailing(env?: Record<string, string>): Promise<{ code: number | null; stderr: string }>;
  /** SIGKILL, as the OOM killer or a power cut would; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Resolves when the running relay dies by itself (a crash point), with its signal. */
  died(): Promise<NodeJS.Signals | null>;
  close(): Promise<void>;
}

/**
 * Relay start-ups are CPU-bound (module loading): all cases starting at once on a 2-core machine
 * would each take the time of all of them. Queue them, a few at a time; the cases' waits overlap.
 */
const STARTING_AT_ONCE = 2;
let starting = 0;
const startQueue: (() => void)[] = [];
async function startSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (starting >= STARTING_AT_ONCE) await new Promise<void>((resolve) => startQueue.push(resolve));
  starting += 1;
  try {
    return await fn();
  } finally {
    starting -= 1;
    startQueue.shift()?.();
  }
}

export async function startWorld(o: WorldOptions): Promise<World> {
  const dir = await mkdtemp(join(tmpdir(), 'relay-faults-'));
  const sim = await startSim();
  const pki = await writePki(sim.pki, join(dir, 'pki'));
  const webhooks = await startReceiver();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const apiKey = `faults-${randomBytes(12).toString('hex')}`;
  const store =
    o.kind === 'redis'
      ? `${o.redisUrl}/0?prefix=f${randomBytes(4).toString('hex')}:`
      : `sqlite:${o.sqliteFile ?? join(dir, 'relay.sqlite')}`;
  const baseEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    BORICA_API_URL: sim.apiUrl,
    BORICA_IDENTIFY_URL: sim.pagesUrl,
    BORICA_RELYING_PARTY_ID: sim.relyingPartyId,
    BORICA_CLIENT_CERT: pki.clientCert,
    BORICA_CLIENT_KEY: pki.clientKey,
    BORICA_CA_CERT: pki.caCert,
    RELAY_PUBLIC_URL: url,
    RELAY_API_KEYS: apiKey,
    RELAY_ALLOWED_ORIGINS: ORIGIN,
    RELAY_STORE: store,
    RELAY_WEBHOOK_URL: webhooks.url,
    RELAY_WEBHOOK_SECRET: webhooks.secret,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'info',
    RELAY_POLL_INITIAL_MS: '150',
    RELAY_POLL_MAX_MS: '500',
    RELAY_POLL_FACTOR: '1.5',
    RELAY_RATE_CREATE_PER_MINUTE: '10000',
    RELAY_RATE_START_PER_MINUTE: '10000',
  };
  let out = '';
  let child: ChildProcess | undefined;
  let exited: Promise<NodeJS.Signals | null> = Promise.resolve(null);

  function spawnRelay(env: Record<string, string>) {
    const c = spawn(process.execPath, [BIN], {
      env: { ...baseEnv, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    c.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    c.stderr?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      stderr += chunk.toString();
    });
    const gone = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      c.once('exit', (code, signal) => resolve({ code, signal })),
    );
    return { c, gone, stderr: () => stderr };
  }

  const world: World = {
    kind: o.kind,
    sim,
    url,
    apiKey,
    dir,
    store,
    webhooks,
    output: () => out,
    async start(env = {}) {
      if (child && child.exitCode === null && child.signalCode === null)
        throw new Error('a relay is still running');
      await startSlot(async () => {
        const s = spawnRelay(env);
        child = s.c;
        exited = s.gone.then((r) => r.signal);
        let gone = false;
        void s.gone.then(() => (gone = true));
        await waitFor(
          async () => {
            if (gone) throw new Error(`relay exited during start-up: ${s.stderr()}`);
            try {
              return (await fetch(`${url}/readyz`)).status === 200;
            } catch {
              return false;
            }
          },
          'the relay to be ready',
          60_000,
        );
      });
    },
    async startFailing(env = {}) {
      const s = spawnRelay(env);
      const r = await s.gone;
      return { code: r.code, stderr: s.stderr() };
    },
    async kill() {
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
    died: () => exited,
    async close() {
      await world.kill();
      await webhooks.close();
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return world;
}

// ------------------------------------------------------------------ the relying party's calls

export const api = (w: World, method: string, path: string, body?: unknown): Promise<CallResult> =>
  call(w, method, path, { token: w.apiKey, ...(body !== undefined ? { body } : {}) });

export const widget = (
  w: World,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<CallResult> => call(w, method, path, { token, ...(body !== undefined ? { body } : {}) });

export async function createWeb(w: World): Promise<{ id: string; clientToken: string }> {
  const r = await api(w, 'POST', '/v1/identifications', { method: 'web', reason: 'Account opening' });
  if (r.status !== 201) throw new Error(`create failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function startWeb(w: World, s: { id: string; clientToken: string }) {
  const r = await widget(w, s.clientToken, 'POST', `/v1/client/sessions/${s.id}/start`, { consent: true });
  if (r.status !== 200) throw new Error(`start failed: ${r.status} ${JSON.stringify(r.body)}`);
  const redirectUrl = r.body.redirectUrl as string;
  return { ...s, customerSession: decodeURIComponent(redirectUrl.split('/session/')[1]!) };
}

export async function startedWeb(w: World) {
  return startWeb(w, await createWeb(w));
}

/** Waits (through the server API, as a backend would) until the session has this status. */
// biome-ignore lint/suspicious/noExplicitAny: the session view, asserted field by field
export function waitStatus(w: World, id: string, status: string, timeoutMs = 30_000): Promise<any> {
  const kind = id.startsWith('sig_') ? 'signings' : 'identifications';
  return waitFor(
    async () => {
      const r = await api(w, 'GET', `/v1/${kind}/${id}`);
      return r.body.status === status ? r.body : null;
    },
    `${id} to be ${status}`,
    timeoutMs,
  );
}

/** A completed web identification (its webhook included), ready for a signing. */
export async function identified(w: World) {
  const s = await startedWeb(w);
  await w.sim.control.completeIdentification(s.customerSession, 'success');
  await waitStatus(w, s.id, 'completed');
  return s;
}

export function documents(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    fileName: `contract-${i + 1}.pdf`,
    title: `Contract ${i + 1}`,
    content: samplePdf(`Contract ${i + 1}`).toString('base64'),
  }));
}

/** Creates and starts a signing of `n` documents; returns it with the customer's signing token. */
export async function startedSigning(w: World, identificationId: string, n = 2) {
  const created = await api(w, 'POST', '/v1/signings', { identificationId, documents: documents(n) });
  if (created.status !== 201)
    throw new Error(`signing failed: ${created.status} ${JSON.stringify(created.body)}`);
  const s = created.body as { id: string; clientToken: string };
  const r = await widget(w, s.clientToken, 'POST', `/v1/client/sessions/${s.id}/start`, { consent: true });
  if (r.status !== 200) throw new Error(`signing start failed: ${r.status} ${JSON.stringify(r.body)}`);
  return { ...s, signToken: (r.body.redirectUrl as string).split('/').at(-1)! };
}
