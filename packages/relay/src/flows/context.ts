/** What every flow shares: dependencies, the clock, and the single place a terminal transition is finished. */
import type { Logger } from 'pino';
import type { RelayConfig } from '../config/index.ts';
import type { RelayDeps } from '../deps.ts';
import type { SigningApiClient } from '../provider/index.ts';
import type { SessionRecord, Store } from '../store/types.ts';

export interface FlowContext {
  deps: RelayDeps;
  config: RelayConfig;
  store: Store;
  provider: SigningApiClient;
  log: Logger;
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
    now: clock,
    onApplied,
  };
}
