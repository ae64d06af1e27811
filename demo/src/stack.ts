/**
 * The whole product on one machine: the BORICA simulator, the relay on its embedded SQLite store, and
 * Vitosha Bank's site, all on 127.0.0.1. `main.ts` runs it for a person; the e2e tests run it in-process.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RelayConfig, startRelay } from '@borica-identify/relay';
import { type Simulator, type SimulatorOptions, startSimulator } from '@borica-identify/simulator';
import { serve } from '@hono/node-server';
import { createSite } from './site/app.ts';
import { createRelayApi } from './site/relay-api.ts';
import { BankState } from './site/state.ts';

export interface DemoOptions {
  /** Listen address of everything; default 127.0.0.1. */
  host?: string;
  /** The bank's site; default 0 (random). `main.ts` uses 3000. */
  port?: number;
  /** The relay; default 0 (random, then kept across `restartRelay`). `main.ts` uses 8787. */
  relayPort?: number;
  /** The simulator's customer pages and its mTLS Signing API; default 0. */
  simulatorPagesPort?: number;
  simulatorApiPort?: number;
  /** Holds the relay's SQLite file and the bank's own small state. */
  dataDir: string;
  simulatorTiming?: SimulatorOptions['timing'];
  /** Reuse a generated PKI (tests generate one for all their stacks); default: a fresh one. */
  simulatorPki?: SimulatorOptions['pki'];
  /** Anything else for the relay (polling, log level, rate limits). */
  relayConfig?: Partial<RelayConfig>;
  /** One line per noteworthy event; never personal data. */
  log?: (line: string) => void;
}

export interface Demo {
  /** The bank's site, e.g. http://127.0.0.1:3000 */
  url: string;
  relayUrl: string;
  simulator: Simulator;
  relay: Awaited<ReturnType<typeof startRelay>>;
  /**
   * Stops the relay and starts a new one on the same SQLite file and port; `whileDown` runs in between
   * (e.g. the customer finishing at BORICA during the outage).
   */
  restartRelay(whileDown?: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export const WIDGET_DIST = fileURLToPath(
  new URL('../node_modules/@borica-identify/widget/dist/', import.meta.url),
);
const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));

/** A port nobody uses right now, so that the relay's public URL is known before it listens. */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function listen(
  app: { fetch: (req: Request, env: never) => Response | Promise<Response> },
  host: string,
  port: number,
): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch as never, hostname: host, port }) as Server;
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startDemo(opts: DemoOptions): Promise<Demo> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? (() => {});
  const apiKey = `demo_${randomBytes(24).toString('base64url')}`;
  const webhookSecret = `whsec_${randomBytes(24).toString('base64')}`;

  const simulator = await startSimulator({
    host,
    pagesPort: opts.simulatorPagesPort ?? 0,
    apiPort: opts.simulatorApiPort ?? 0,
    timing: opts.simulatorTiming,
    pki: opts.simulatorPki,
    log: (line) => log(`simulator: ${line}`),
  });
  const closers: (() => Promise<void>)[] = [() => simulator.close()];
  try {
    const relayPort = opts.relayPort || (await freePort(host));
    const relayUrl = `http://${host}:${relayPort}`;
    let siteUrl = '';
    let origins: string[] = [];

    const state = new BankState(opts.dataDir);
    const site = createSite({
      api: createRelayApi({ baseUrl: () => relayUrl, apiKey }),
      state,
      relayUrl: () => relayUrl,
      simulatorUrl: () => simulator.pagesUrl,
      origins: () => origins,
      webhookSecret,
      publicDir: PUBLIC_DIR,
      widgetDir: WIDGET_DIST,
      log,
    });
    const siteServer = await listen(site, host, opts.port ?? 0);
    closers.unshift(() => closeServer(siteServer));
    const sitePort = (siteServer.address() as AddressInfo).port;
    siteUrl = `http://${host}:${sitePort}`;
    // The same site under both names a person may type; the relay must accept either as an origin.
    origins = [siteUrl, `http://localhost:${sitePort}`];

    const relayConfig: Partial<RelayConfig> = {
      host,
      port: relayPort,
      publicUrl: relayUrl,
      apiKeys: [apiKey],
      allowedOrigins: origins,
      store: `sqlite:${join(opts.dataDir, 'relay.sqlite')}`,
      openStart: true,
      webhook: { url: `${siteUrl}/webhooks/borica`, secret: webhookSecret },
      logLevel: 'warn',
      ...opts.relayConfig,
    };
    const startOne = () => startRelay({ config: relayConfig, simulator, port: relayPort });
    let relay = await startOne();
    const demo: Demo = {
      url: siteUrl,
      relayUrl,
      simulator,
      get relay() {
        return relay;
      },
      async restartRelay(whileDown) {
        await relay.close();
        await whileDown?.();
        relay = await startOne();
        log('relay restarted');
      },
      async close() {
        await relay.close();
        for (const close of closers) await close();
      },
    };
    return demo;
  } catch (e) {
    for (const close of closers) await close().catch(() => {});
    throw e;
  }
}

export const widgetBuilt = (): boolean => existsSync(join(WIDGET_DIST, 'borica-identify.js'));
