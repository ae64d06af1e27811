/** Everything the relay's HTTP app and flows need, built once by the CLI or `startRelay`. */
import type { Logger } from 'pino';
import type { RelayConfig } from './config/index.ts';
import type { Metrics } from './metrics/index.ts';
import type { ProviderReadings, ProviderTrace, SigningApiClient } from './provider/index.ts';
import type { SseRegistry } from './sse/index.ts';
import type { Store } from './store/types.ts';
import type { WebhookDispatcher } from './webhooks/index.ts';

export interface RelayDeps {
  config: RelayConfig;
  store: Store;
  provider: SigningApiClient;
  log: Logger;
  metrics: Metrics;
  sse: SseRegistry;
  webhooks?: WebhookDispatcher;
  /** How this provider reads the guide's ambiguous points, as learned (shared through the store). */
  readings?: ProviderReadings;
  /** BORICA_TRACE, when set. */
  trace?: ProviderTrace;
  clock?: () => Date;
  /** Test knobs with production defaults; not configuration an operator sets. */
  tuning?: RelayTuning;
}

export interface RelayTuning {
  /** Body limit of identification and client requests (default 1 MB). */
  jsonLimitBytes?: number;
  /** Body limit of `POST /v1/signings` with base64 PDFs (default 30 MB). */
  signingLimitBytes?: number;
  /** A client GET re-checks the provider when the last check is older than this (default 2000). */
  clientRecheckMs?: number;
  /** SSE heartbeat and retry (defaults: CORE's). */
  sseHeartbeatMs?: number;
  sseRetryMs?: number;
  /** Retention sweep period (default 1 h). */
  retentionIntervalMs?: number;
}
