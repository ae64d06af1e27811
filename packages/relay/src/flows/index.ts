/** The relay's business flows, assembled once per relay from its dependencies. */
import { isTerminal } from '@borica-identify/protocol';
import type { RelayDeps } from '../deps.ts';
import type { SessionRecord } from '../store/types.ts';
import { createCallbackGate } from './callback-gate.ts';
import { findCallbackOwner, handleCallbackHint } from './callbacks.ts';
import { createConfirmer } from './confirm.ts';
import { createFlowContext } from './context.ts';
import {
  type Created,
  type CreateIdentificationInput,
  type CreateSigningInput,
  createIdentification,
  createSigning,
} from './create.ts';
import { createPoller } from './poller.ts';
import { createRateLimiter } from './rate-limit.ts';
import { createRetention } from './retention.ts';
import { cancelSession, createStarter } from './start.ts';
import type { Handoff } from './urls.ts';

export type { StartResult } from './claim.ts';
export type { Created } from './create.ts';

export interface Flows {
  createIdentification(input: CreateIdentificationInput): Promise<Created>;
  /** `contents`: the documents' bytes when already decoded (http/uploads), else from base64 here. */
  createSigning(input: CreateSigningInput, contents?: (Buffer | undefined)[]): Promise<Created>;
  /** After consent; `handoff` (the widget's display mode) decides where BORICA sends the customer back. */
  start(id: string, handoff?: Handoff): Promise<{ status: SessionRecord['status']; redirectUrl?: string }>;
  cancel(id: string): Promise<{ status: 'cancelled' }>;
  /** Re-checks with the provider if this instance has not for `minAgeMs`; waits at most `maxWaitMs`. */
  refresh(id: string, minAgeMs: number, maxWaitMs: number): Promise<void>;
  findCallbackOwner(secret: string): Promise<string | null>;
  /** Fire and forget: the HTTP answer to the provider does not wait for the confirmation. */
  callbackHint(identificationId: string, body: unknown): Promise<void>;
  startBackground(): Promise<void>;
  /** Stops timers, then waits (at most `graceMs`) for confirmations in flight. */
  stopBackground(graceMs?: number): Promise<void>;
  sweepRetention(): Promise<number>;
}

export function createFlows(deps: RelayDeps): Flows {
  // Late-bound: the poller and webhooks are told about every applied transition.
  let onApplied: (s: SessionRecord) => void = () => {};
  const ctx = createFlowContext(deps, (s) => onApplied(s));
  const starter = createStarter(ctx);
  const confirmer = createConfirmer(ctx, starter.isStarting);
  const poller = createPoller(ctx, confirmer);
  const retention = createRetention(ctx, deps.tuning?.retentionIntervalMs);
  const gate = createCallbackGate(deps.config.limits?.callbackConfirmIntervalMs ?? 1000, () =>
    deps.metrics.limitRefusals.inc({ limit: 'callback_coalesced' }),
  );
  const perNationalId = createRateLimiter({
    store: deps.store,
    name: 'mobile-id',
    limit: deps.config.rateLimit.mobilePerIdPerHour,
    windowMs: 3_600_000,
  });

  onApplied = (s) => {
    if (isTerminal(s.status)) {
      poller.forget(s.id);
      if (deps.config.webhook) deps.webhooks?.kick();
      if (s.kind === 'signing') {
        // Originals are transient: gone once the provider has them or the signing ended.
        for (let i = 0; i < (s.documents?.length ?? 0); i++) {
          void deps.store.deleteBlob(s.id, `original/${i}`).catch(() => undefined);
        }
      }
    } else {
      poller.schedule(s);
    }
  };

  return {
    createIdentification: (input) => createIdentification(ctx, input, { perNationalId }),
    createSigning: (input, contents) => createSigning(ctx, input, contents),
    start: (id, handoff) => starter.start(id, handoff),
    cancel: (id) => cancelSession(ctx, id),
    async refresh(id, minAgeMs, maxWaitMs) {
      if (confirmer.sinceLastCheck(id) < minAgeMs) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        confirmer.confirm(id),
        new Promise<void>((r) => {
          timer = setTimeout(r, maxWaitMs);
        }),
      ]);
      clearTimeout(timer);
    },
    findCallbackOwner: (secret) => findCallbackOwner(ctx, secret),
    callbackHint: (identificationId, body) =>
      handleCallbackHint(ctx, { confirmer, poller, gate }, identificationId, body),
    async startBackground() {
      await poller.start();
      retention.start();
    },
    async stopBackground(graceMs = 2000) {
      poller.stop();
      retention.stop();
      gate.stop();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        confirmer.drain(),
        new Promise<void>((r) => {
          timer = setTimeout(r, graceMs);
        }),
      ]);
      clearTimeout(timer);
    },
    sweepRetention: () => retention.sweep(),
  };
}
