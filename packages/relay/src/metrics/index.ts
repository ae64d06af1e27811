/** The relay's metrics (names are part of the operations contract; see README). */
import { STATUSES } from '@borica-identify/protocol';
import type { Store } from '../store/types.ts';
import { Counter, Gauge, Histogram, Registry } from './registry.ts';

export { Counter, DEFAULT_BUCKETS, Gauge, Histogram, METRICS_CONTENT_TYPE, Registry } from './registry.ts';

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
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  providerCalls: Counter<'operation' | 'outcome'>;
  providerCallDuration: Histogram<'operation'>;
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

export function createMetrics(sources: MetricsSources = {}): Metrics {
  const registry = new Registry();
  const httpRequests = registry.register(
    new Counter('relay_http_requests_total', 'HTTP requests handled, by route pattern and status.', [
      'method',
      'route',
      'status',
    ]),
  );
  const httpDuration = registry.register(
    new Histogram('relay_http_request_duration_seconds', 'Time to the response head, by route pattern.', [
      'method',
      'route',
    ]),
  );
  const providerCalls = registry.register(
    new Counter('relay_provider_calls_total', "Calls to BORICA's Signing API, by operation and outcome.", [
      'operation',
      'outcome',
    ]),
  );
  const providerCallDuration = registry.register(
    new Histogram('relay_provider_call_duration_seconds', 'Duration of Signing API calls.', ['operation']),
  );
  const webhookDeliveries = registry.register(
    new Counter('relay_webhook_deliveries_total', 'Outbound webhook attempts, by outcome.', ['outcome']),
  );
  const sseStreamsOpen = registry.register(
    new Gauge('relay_sse_streams_open', 'Open SSE event streams on this instance.', [], (g) => {
      if (sources.sse) g.set({}, sources.sse.size);
    }),
  );
  const sessions = registry.register(
    new Gauge('relay_sessions', 'Stored sessions by status.', ['status'], async (g) => {
      if (!sources.store) return;
      const counts = await sources.store.countByStatus();
      g.reset();
      // Every status always present (0 included), so dashboards never see a series vanish.
      for (const status of STATUSES) g.set({ status }, counts[status] ?? 0);
      for (const [status, n] of Object.entries(counts)) g.set({ status }, n);
    }),
  );
  const connectionsOpen = registry.register(
    new Gauge('relay_http_connections_open', 'Open HTTP connections on this instance.', [], (g) => {
      if (sources.connections) g.set({}, sources.connections.open);
    }),
  );
  const limitRefusals = registry.register(
    new Counter(
      'relay_limit_refusals_total',
      'Requests refused by a limit (429, 503, 408, 431, 413), and callbacks coalesced into one confirmation.',
      ['limit'],
    ),
  );
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
    webhookDeliveries,
    sseStreamsOpen,
    sessions,
    observeProviderCall(e) {
      providerCalls.inc({ operation: e.operation, outcome: e.outcome });
      providerCallDuration.observe({ operation: e.operation }, e.ms / 1000);
    },
    render: () => registry.render(),
  };
}
