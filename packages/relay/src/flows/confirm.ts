/**
 * Confirmation: ask the provider what happened and apply it. Runs of one session are serialised (a
 * promise chain per session; at most one queued run behind the running one), and every write is a CAS
 * transition, so callback, poller, client re-check and other instances never double-apply.
 */
import { isTerminal } from '@borica-identify/protocol';
import type { SessionRecord } from '../store/types.ts';
import { hasProviderRefs } from './claim.ts';
import type { FlowContext } from './context.ts';
import { confirmMobile } from './mobile.ts';
import { applyOutcome, isPast } from './outcome.ts';
import { errorCode } from './provider-errors.ts';
import { confirmSigning } from './signing.ts';
import { confirmWeb } from './web.ts';

/** The customer finished and the provider is processing: give it a moment past our deadline. */
export const PROCESSING_GRACE_MS = 2 * 60_000;
/**
 * A BORICA agent is reviewing (guide 4.1: FINALIZE_REJECT): the registration's expiry no longer
 * applies and the agent may decide hours later (a weekend); expiring it ourselves would lose an
 * identification the provider then approves.
 */
export const REVIEW_GRACE_MS = 72 * 3_600_000;
/** A claim with no provider ids this old was interrupted (the relay stopped mid-start). */
const INTERRUPTED_START_MS = 2 * 60_000;

export function deadlineOf(s: SessionRecord): number {
  const t = Date.parse(s.expiresAt);
  const grace =
    s.status === 'awaiting_review' ? REVIEW_GRACE_MS : s.status === 'in_progress' ? PROCESSING_GRACE_MS : 0;
  return t + grace;
}

export interface Confirmer {
  /**
   * `resultsLikely`: a callback said the process finished, so the result read starts in parallel with
   * the status reads (one round trip instead of two); it is still used only if the statuses agree.
   */
  confirm(id: string, opts?: { resultsLikely?: boolean }): Promise<void>;
  /** Milliseconds since this instance last asked the provider about the session (Infinity if never). */
  sinceLastCheck(id: string): number;
  /** Resolves when no confirmation is running or queued (shutdown waits for it before closing the store). */
  drain(): Promise<void>;
}

export function createConfirmer(ctx: FlowContext, isStarting: (id: string) => boolean): Confirmer {
  const running = new Map<string, Promise<void>>();
  const queued = new Map<string, Promise<void>>();
  const lastCheck = new Map<string, number>();
  const resultsLikely = new Set<string>();

  async function confirmOnce(id: string): Promise<void> {
    const prefetch = resultsLikely.delete(id);
    const s = await ctx.store.get(id);
    if (!s || isTerminal(s.status)) {
      lastCheck.delete(id);
      return;
    }
    lastCheck.set(id, Date.now());
    try {
      if (hasProviderRefs(s)) {
        if (s.kind === 'signing') await confirmSigning(ctx, s, prefetch);
        else if (s.method === 'mobile') await confirmMobile(ctx, s);
        else await confirmWeb(ctx, s, prefetch);
      }
    } catch (e) {
      // A provider hiccup never fails a session by itself: the poller tries again with backoff.
      ctx.log.warn({ sessionId: id, code: errorCode(e) }, 'confirmation failed; will retry');
    }
    const now = ctx.now();
    const after = await applyOutcome(ctx, id, (cur) => {
      if (isTerminal(cur.status)) return null;
      if (now.getTime() >= deadlineOf(cur)) return { status: 'expired' };
      if (
        cur.status === 'started' &&
        !hasProviderRefs(cur) &&
        !isStarting(id) &&
        isPast(new Date(Date.parse(cur.startedAt ?? cur.updatedAt) + INTERRUPTED_START_MS).toISOString(), now)
      ) {
        return {
          status: 'failed',
          error: {
            code: 'provider_unavailable',
            message: 'The start was interrupted; create a new session.',
          },
        };
      }
      return null;
    });
    // an ended session is never checked again: forget it, or the map grows with every session
    if (!after || isTerminal(after.status)) lastCheck.delete(id);
  }

  function run(id: string): Promise<void> {
    const p: Promise<void> = confirmOnce(id)
      .catch((e) => ctx.log.error({ sessionId: id, code: errorCode(e) }, 'confirmation crashed'))
      .finally(() => {
        if (running.get(id) === p) running.delete(id);
      });
    running.set(id, p);
    return p;
  }

  return {
    confirm(id, opts) {
      if (opts?.resultsLikely) resultsLikely.add(id);
      const q = queued.get(id);
      if (q) return q;
      const r = running.get(id);
      if (!r) return run(id);
      const next = r.then(() => {
        queued.delete(id);
        return run(id);
      });
      queued.set(id, next);
      return next;
    },
    async drain() {
      while (running.size || queued.size) {
        await Promise.allSettled([...running.values(), ...queued.values()]);
      }
    },
    sinceLastCheck(id) {
      const t = lastCheck.get(id);
      return t === undefined ? Number.POSITIVE_INFINITY : Date.now() - t;
    },
  };
}
