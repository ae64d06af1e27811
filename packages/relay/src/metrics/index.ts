/**
 * The relay's metrics through prom-client: the `relay_*` series (names, labels and types are part of
 * the operations contract; see README) and prom-client's default process and Node.js metrics —
 * event-loop lag above all, the first sign of trouble with thousands of open SSE streams.
 */
import { STATUSES } from '@borica-identify/protocol';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Store } from '../store/types.ts';

export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

/** Seconds: from a local call (10 ms) to BORICA's slowest answers (30 s). */
export const DURATION_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface MetricsSources {
  store?: Pick<Store, 'countByStatus'>;
  /** The SSE registry (anything with a `size`). */
  sse?: { readonly size: number };
  /** The HTTP server's connection count (see src/limits). */
  connections?: { readonly open: number };
}

/** `limit` label values of `relay_limit_refusals_total` (README "Limits"). */
export const LIMIT_NAMES = [
  'connections',
  'sse_per_session',
  'sse_per_ip',
  'headers_timeout',
  'request_timeout',
  'header_size',
  'body_size',
  'callback_coalesced',
] as const;
export type LimitName = (typeof LIMIT_NAMES)[number];

export interface Metrics {
  /** This relay's own series (the process-wide defaults are added by `render`). */
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  providerCalls: Counter<'operation' | 'outcome'>;
  providerCallDuration: Histogram<'operation'>;
  providerUnexpected: Counter<'operation'>;
  webhookDeliveries: Counter<'outcome'>;
  sseStreamsOpen: Gauge;
  sessions: Gauge<'status'>;
  connectionsOpen: Gauge;
  /** Requests, streams and callbacks a limit refused or folded into another (README "Limits"). */
  limitRefusals: Counter<'limit'>;
  /** Feed for the provider client's `onCall` hook. */
  observeProviderCall(e: { operation: string; outcome: string; ms: number }): void;
  /** The exposition text for GET /metrics (serve with METRICS_CONTENT_TYPE). */
  render(): Promise<string>;
}

let processRegistry: Registry | undefined;

/**
 * CPU, memory, handles, GC, event-loop lag: facts about the process, so one registry per process
 * however many relays it runs (tests start many; each collector would add its own event-loop monitor).
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export function createMetrics(sources: MetricsSources = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const httpRequests = new Counter({
    name: 'relay_http_requests_total',
    help: 'HTTP requests handled, by route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const httpDuration = new Histogram({
    name: 'relay_http_request_duration_seconds',
    help: 'Time to the response head, by route pattern.',
    labelNames: ['method', 'route'] as const,
    buckets: DURATION_BUCKETS,
    registers,
  });
  const providerCalls = new Counter({
    name: 'relay_provider_calls_total',
    help: "Calls to BORICA's Signing API, by operation and outcome.",
    labelNames: ['operation', 'outcome'] as const,
    registers,
  });
  const providerCallDuration = new Histogram({
    name: 'relay_provider_call_duration_seconds',
    help: 'Duration of Signing API calls.',
    labelNames: ['operation'] as const,
    buckets: DURATION_BUCKETS,
    registers,
  });
  const providerUnexpected = new Counter({
    name: 'relay_provider_unexpected_total',
    help: 'Provider answers and callbacks in a shape (or with a value) the relay does not know, by operation.',
    labelNames: ['operation'] as const,
    registers,
  });
  const webhookDeliveries = new Counter({
    name: 'relay_webhook_deliveries_total',
    help: 'Outbound webhook attempts, by outcome.',
    labelNames: ['outcome'] as const,
    registers,
  });
  const sseStreamsOpen = new Gauge({
    name: 'relay_sse_streams_open',
    help: 'Open SSE event streams on this instance.',
    registers,
    collect() {
      if (sources.sse) this.set(sources.sse.size);
    },
  });
  const sessions: Gauge<'status'> = new Gauge({
    name: 'relay_sessions',
    help: 'Stored sessions by status.',
    labelNames: ['status'] as const,
    registers,
    async collect() {
      if (!sources.store) return;
      let counts: Partial<Record<string, number>>;
      try {
        counts = await sources.store.countByStatus();
      } catch {
        return; // A store that is down must not take /metrics down with it; /readyz reports that.
      }
      sessions.reset();
      // Every status always present (0 included), so dashboards never see a series vanish.
      for (const status of STATUSES) sessions.set({ status }, counts[status] ?? 0);
      for (const [status, n] of Object.entries(counts)) sessions.set({ status }, n ?? 0);
    },
  });
  const connectionsOpen = new Gauge({
    name: 'relay_http_connections_open',
    help: 'Open HTTP connections on this instance.',
    registers,
    collect() {
      if (sources.connections) this.set(sources.connections.open);
    },
  });
  const limitRefusals = new Counter({
    name: 'relay_limit_refusals_total',
    help: 'Requests refused by a limit (429, 503, 408, 431, 413), and callbacks coalesced into one confirmation.',
    labelNames: ['limit'] as const,
    registers,
  });
  // Every series present from the start (0), so an alert on its rate sees the first refusal.
  for (const limit of LIMIT_NAMES) limitRefusals.inc({ limit }, 0);
  return {
    registry,
    connectionsOpen,
    limitRefusals,
    httpRequests,
    httpDuration,
    providerCalls,
    providerCallDuration,
    providerUnexpected,
    webhookDeliveries,
    sseStreamsOpen,
    sessions,
    observeProviderCall(e) {
      providerCalls.inc({ operation: e.operation, outcome: e.outcome });
      providerCallDuration.observe({ operation: e.operation }, e.ms / 1000);
    },
    render: async () => (await registry.metrics()) + (await processMetrics().metrics()),
  };
}
