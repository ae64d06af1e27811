/**
 * `startRelay`: builds every dependency, hands them to the HTTP app (`createRelay`) and listens. The
 * CLI, the demo and end-to-end tests all start the relay through here, so they run the same wiring.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { CONFIG_DEFAULTS, type RelayConfig, type RelayLimits } from './config/index.ts';
import { generateApiKey, type SimulatorEndpoints, simulatorConfig } from './config/simulator.ts';
import type { RelayDeps, RelayTuning } from './deps.ts';
import { createRelay } from './http/app.ts';
import { type ConnectionGuard, guardConnections, serverOptions } from './limits/index.ts';
import { createLogger, type Logger } from './log/index.ts';
import { createMetrics } from './metrics/index.ts';
import { createReadings, createSigningApiClient, createTrace, reportUnexpected } from './provider/index.ts';
import { createSseRegistry } from './sse/index.ts';
import { createStore, type Store } from './store/index.ts';
import { testClock } from './testing/hooks.ts';
import { createWebhookDispatcher } from './webhooks/index.ts';

export interface StartRelayOptions {
  /** Complete configuration, or (with `simulator`) overrides of the simulator-derived one. */
  config?: Partial<Omit<RelayConfig, 'limits'>> & { limits?: Partial<RelayLimits> };
  /** Configure the BORICA side from this simulator (API URL, pages, PKI, relying party id). */
  simulator?: SimulatorEndpoints;
  /** Listen port; default `config.port`, which defaults to 0 (a free port) here. */
  port?: number;
  /** Default: a logger at `config.logLevel`, 'silent' unless given. */
  log?: Logger;
  clock?: () => Date;
  tuning?: RelayTuning;
  /** Webhook dispatcher knobs for tests (retry delays, poll interval). */
  webhookOptions?: { retryDelaysMs?: number[]; pollIntervalMs?: number };
}

export interface RunningRelay {
  /** `http://host:port`, no trailing slash. */
  url: string;
  app: Hono;
  deps: RelayDeps;
  relay: ReturnType<typeof createRelay>;
  /** The API key to use (simulator runs generate one unless `config.apiKeys` is given). */
  apiKey: string;
  /** Graceful: stop accepting, end SSE streams with `retry:`, stop pollers/webhooks, close the store. */
  close(): Promise<void>;
}

const REQUIRED: (keyof RelayConfig)[] = [
  'apiUrl',
  'identifyUrl',
  'relyingPartyId',
  'tls',
  'publicUrl',
  'apiKeys',
];

export async function startRelay(input: StartRelayOptions = {}): Promise<RunningRelay> {
  const clock = input.clock ?? testClock();
  const options: StartRelayOptions = clock ? { ...input, clock } : input;
  const host = options.config?.host ?? CONFIG_DEFAULTS.host;
  const port = options.port ?? options.config?.port ?? 0;
  const limits: RelayLimits = { ...CONFIG_DEFAULTS.limits, ...options.config?.limits };

  // Listen first: with port 0 the public URL (callback URLs, own origin) is known only now.
  let handler: (req: Request, env: unknown) => Response | Promise<Response> = () =>
    new Response('starting', { status: 503, headers: { 'retry-after': '1' } });
  let guard: ConnectionGuard | undefined;
  const server = serve({
    fetch: (req, env) => guard?.refuse((env as { incoming?: IncomingMessage }).incoming) ?? handler(req, env),
    hostname: host,
    port,
    serverOptions: serverOptions(limits),
  });
  guard = guardConnections(server as Server, limits);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

  try {
    let config: RelayConfig;
    if (options.simulator) {
      const apiKey = options.config?.apiKeys?.[0] ?? generateApiKey();
      config = {
        ...simulatorConfig(options.simulator, {
          publicUrl: options.config?.publicUrl ?? url,
          apiKey,
          store: 'memory:',
        }),
        ...options.config,
        limits,
      };
      if (options.config?.allowedOrigins) {
        config.allowedOrigins = [
          ...new Set([
            ...simulatorConfig(options.simulator, { publicUrl: config.publicUrl, apiKey }).allowedOrigins,
            ...options.config.allowedOrigins,
          ]),
        ];
      }
    } else {
      const missing = REQUIRED.filter((k) => options.config?.[k] === undefined);
      if (missing.length)
        throw new Error(`startRelay: config is missing ${missing.join(', ')} (or pass a simulator)`);
      config = { ...structuredClone(CONFIG_DEFAULTS), ...(options.config as RelayConfig), limits };
    }
    config.host = host;
    config.port = address.port;

    const log = options.log ?? createLogger({ level: options.config?.logLevel ?? 'silent' });
    const { deps, relay } = await buildRelay(config, log, { ...options, connections: guard });
    guard.bind(deps.metrics);
    handler = (req, env) => relay.app.fetch(req, env);
    await relay.start();

    let closing: Promise<void> | undefined;
    return {
      url,
      app: relay.app,
      deps,
      relay,
      apiKey: config.apiKeys[0]!,
      close: () => {
        closing ??= shutdown(server, deps, relay);
        return closing;
      },
    };
  } catch (err) {
    server.close();
    throw err;
  }
}

/** Everything createRelay needs, from a finished configuration. */
export async function buildRelay(
  config: RelayConfig,
  log: Logger,
  options: Pick<StartRelayOptions, 'clock' | 'tuning' | 'webhookOptions'> & {
    connections?: { readonly open: number };
  } = {},
) {
  let store: Store;
  try {
    store = await createStore(config.store, options.clock ? { clock: options.clock } : {});
  } catch (err) {
    const message = (err as Error).message.replace(/^RELAY_STORE: /, '');
    throw new Error(`RELAY_STORE: cannot open the ${config.store.split(':')[0]} store: ${message}`);
  }
  const sse = createSseRegistry({
    perSession: config.limits.ssePerSession,
    perClient: config.limits.ssePerIp,
  });
  const metrics = createMetrics({
    store,
    sse,
    ...(options.connections && { connections: options.connections }),
  });
  const readings = createReadings(store, log.child({ component: 'provider' }));
  const trace = config.trace ? createTrace(config.trace) : undefined;
  const provider = createSigningApiClient({
    baseUrl: config.apiUrl,
    relyingPartyId: config.relyingPartyId,
    tls: config.tls,
    language: config.language,
    onCall: (e) => metrics.observeProviderCall(e),
    onUnexpected: (e) => reportUnexpected({ log, metrics }, e),
    onReading: (name, value) => void readings.learn(name, value),
    ...(trace && { trace }),
  });
  const webhooks = config.webhook
    ? createWebhookDispatcher({
        store,
        url: config.webhook.url,
        secret: config.webhook.secret,
        log: log.child({ component: 'webhooks' }),
        ...(options.clock && { clock: options.clock }),
        ...options.webhookOptions,
        onAttempt: (e) => metrics.webhookDeliveries.inc({ outcome: e.outcome }),
      })
    : undefined;
  const deps: RelayDeps = {
    config,
    store,
    provider,
    log,
    metrics,
    sse,
    readings,
    ...(trace && { trace }),
    ...(webhooks && { webhooks }),
    ...(options.clock && { clock: options.clock }),
    ...(options.tuning && { tuning: options.tuning }),
  };
  return { deps, relay: createRelay(deps) };
}

/** The shutdown order matters: no new work, then wake every client, then finish work, then storage. */
async function shutdown(
  server: ReturnType<typeof serve>,
  deps: RelayDeps,
  relay: ReturnType<typeof createRelay>,
) {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  deps.sse.closeAll();
  const http = server as unknown as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
  http.closeIdleConnections?.();
  await relay.stop();
  // Requests still in flight get a moment to finish with a working store, then their sockets go.
  const grace = setTimeout(() => http.closeAllConnections?.(), 2000);
  grace.unref();
  await closed;
  clearTimeout(grace);
  await deps.provider.close();
  await deps.trace?.close();
  await deps.store.close();
}
