/** The relay's metrics (names are part of the operations contract; see README). */
import { STATUSES } from '@borica-identify/protocol';
import type { Store } from '../store/types.ts';
import { Counter, Gauge, Histogram, Registry } from './registry.ts';

export { Counter, DEFAULT_BUCKETS, Gauge, Histogram, METRICS_CONTENT_TYPE, Registry } from './registry.ts';

export interface MetricsSources {
  store?: Pick<Store, 'countByStatus'>;
  /** The SSE registry (anything with a `size`). */
  sse?: { readonly size: number };
}

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  providerCalls: Counter<'operation' | 'outcome'>;
  providerCallDuration: Histogram<'operation'>;
  providerUnexpected: Counter<'operation'>;
  webhookDeliveries: Counter<'outcome'>;
  sseStreamsOpen: Gauge;
  sessions: Gauge<'status'>;
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
  const providerUnexpected = registry.register(
    new Counter(
      'relay_provider_unexpected_total',
      'Provider answers and callbacks in a shape (or with a value) the relay does not know, by operation.',
      ['operation'],
    ),
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
  return {
    registry,
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
    render: () => registry.render(),
  };
}
