/** What every flow shares: dependencies, the clock, and the single place a terminal transition is finished. */
import type { Logger } from 'pino';
import type { RelayConfig } from '../config/index.ts';
import type { RelayDeps } from '../deps.ts';
import { createReadings, type ProviderReadings, type SigningApiClient } from '../provider/index.ts';
import type { SessionRecord, Store } from '../store/types.ts';

export interface FlowContext {
  deps: RelayDeps;
  config: RelayConfig;
  store: Store;
  provider: SigningApiClient;
  log: Logger;
  /** Which id a download takes, learned from the provider (tried first next time). */
  readings: ProviderReadings;
  /** The id a callback named for a session, when it is one of the session's own: tried first (ids.ts). */
  callbackIds: Map<string, string>;
  now(): Date;
  /** Called after every applied transition (poller bookkeeping, webhook kick, cleanup). */
  onApplied(session: SessionRecord): void;
}

export function createFlowContext(deps: RelayDeps, onApplied: (s: SessionRecord) => void): FlowContext {
  const clock = deps.clock ?? (() => new Date());
  return {
    deps,
    config: deps.config,
    store: deps.store,
    provider: deps.provider,
    log: deps.log,
    readings: deps.readings ?? createReadings(deps.store, deps.log),
    callbackIds: new Map(),
    now: clock,
    onApplied,
  };
}
