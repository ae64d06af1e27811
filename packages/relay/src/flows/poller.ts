/**
 * Polling with backoff and a deadline, for every session not yet terminal, on ONE schedule for all
 * instances: the store's (`schedulePoll` / `claimPolls` / `releasePoll`; Redis shares it, memory and
 * SQLite keep it in this process). Every instance claims due sessions with a lease of
 * `RELAY_POLL_MAX_MS`, confirms them and hands back the next due time; a session whose holder died
 * is claimed again once the lease ran out. Takeover bound: a session is due at most
 * 1.2 × RELAY_POLL_MAX_MS (backoff cap with jitter) after its last poll, or is leased until
 * RELAY_POLL_MAX_MS after its claim; another instance claims it within one tick (≤ a quarter of
 * RELAY_POLL_INITIAL_MS) after that, so within 2 × RELAY_POLL_MAX_MS.
 * Created sessions only wait for their expiry, which the lease holder applies (confirm.ts).
 */
import { isTerminal } from '@borica-identify/protocol';
import type { SessionRecord } from '../store/types.ts';
import { hasProviderRefs } from './claim.ts';
import { type Confirmer, deadlineOf } from './confirm.ts';
import type { FlowContext } from './context.ts';
import { errorCode } from './provider-errors.ts';
import { updateSession } from './update.ts';

/** Confirmations one instance runs at once; claims never take more, so the others get the rest. */
const MAX_IN_FLIGHT = 64;

export interface Poller {
  start(): Promise<void>;
  stop(): void;
  /** After a change on this instance: makes sure the session is on the schedule (keeps an earlier time). */
  schedule(s: SessionRecord): void;
  /** A callback was just confirmed: poll again soon and restart the backoff, for every instance. */
  restartBackoff(id: string): Promise<void>;
  forget(id: string): void;
}

export function pollTickMs(initialMs: number): number {
  return Math.min(500, Math.max(20, Math.round(initialMs / 4)));
}

export function createPoller(ctx: FlowContext, confirmer: Confirmer): Poller {
  const { store } = ctx;
  const leaseMs = ctx.config.poll.maxMs;
  const tickMs = pollTickMs(ctx.config.poll.initialMs);
  let inFlight = 0;
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;
  let ticking = false;

  function delay(attempt: number): number {
    const { initialMs, maxMs, factor } = ctx.config.poll;
    const base = Math.min(maxMs, initialMs * factor ** Math.min(attempt, 60));
    return Math.max(1, Math.round(base * (0.8 + Math.random() * 0.4)));
  }

  /** When the session is due next, from its record (created: its expiry). */
  function dueOf(s: SessionRecord, nowMs: number): number {
    const deadline = deadlineOf(s);
    if (s.status === 'created') return deadline;
    const planned = s.nextPollAt ? Date.parse(s.nextPollAt) : Number.NaN;
    const due = Number.isFinite(planned) && planned > nowMs ? planned : nowMs + delay(s.pollAttempt);
    return Math.min(due, deadline);
  }

  function warn(id: string, e: unknown, what: string): void {
    ctx.log.warn({ sessionId: id, code: errorCode(e) }, what);
  }

  /** One claimed session: confirm, then persist the next attempt and hand the lease back. */
  async function poll(id: string, lease: number): Promise<void> {
    try {
      await confirmer.confirm(id);
      const nowMs = ctx.now().getTime();
      const r = await updateSession(store, id, (cur) => {
        if (isTerminal(cur.status) || cur.status === 'created' || !hasProviderRefs(cur)) return null;
        const attempt = cur.pollAttempt + 1;
        return {
          patch: { pollAttempt: attempt, nextPollAt: new Date(nowMs + delay(attempt)).toISOString() },
        };
      });
      const s = r.session;
      if (!s || isTerminal(s.status)) {
        await store.unschedulePoll(id);
        return;
      }
      // Not started at the provider yet (claim in flight): a short re-check; created: its expiry.
      const due = r.applied ? dueOf(s, nowMs) : s.status === 'created' ? deadlineOf(s) : nowMs + delay(0);
      await store.releasePoll(id, lease, due);
    } catch (e) {
      // The lease runs out by itself: the session is polled again then, here or elsewhere.
      warn(id, e, 'poll failed');
    }
  }

  async function tick(): Promise<void> {
    if (stopped || ticking) return;
    ticking = true;
    try {
      for (;;) {
        const room = MAX_IN_FLIGHT - inFlight;
        if (room <= 0 || stopped) break;
        const claims = await store.claimPolls(ctx.now().getTime(), leaseMs, room);
        for (const { id, lease } of claims) {
          inFlight++;
          void poll(id, lease).finally(() => {
            inFlight--;
          });
        }
        if (claims.length < room) break;
      }
    } catch (e) {
      // Store away (Redis restarting): try again next tick.
      ctx.log.warn({ code: errorCode(e) }, 'poll schedule unreadable');
    } finally {
      ticking = false;
    }
  }

  function arm(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      void tick().finally(arm);
    }, tickMs);
    timer.unref();
  }

  return {
    async start() {
      stopped = false;
      // Seed what has no entry yet (a SQLite restart, sessions from before a shared schedule); with
      // Redis, entries other instances hold stay as they are.
      const nowMs = ctx.now().getTime();
      const active = await store.listActive();
      // A start interrupted by a crash (no provider ids) is re-checked soon, to be failed after 2 min.
      await Promise.all(
        active.map((s) =>
          store.schedulePoll(
            s.id,
            dueOf(s, nowMs),
            s.status === 'started' && !hasProviderRefs(s) ? 'earlier' : 'absent',
          ),
        ),
      );
      arm();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
    schedule(s) {
      if (isTerminal(s.status)) {
        this.forget(s.id);
        return;
      }
      void store
        .schedulePoll(s.id, dueOf(s, ctx.now().getTime()), 'earlier')
        .catch((e) => warn(s.id, e, 'poll scheduling failed'));
    },
    async restartBackoff(id) {
      try {
        const nowMs = ctx.now().getTime();
        const due = nowMs + delay(0);
        const r = await updateSession(store, id, (cur) =>
          isTerminal(cur.status) || cur.status === 'created' || !hasProviderRefs(cur)
            ? null
            : { patch: { pollAttempt: 0, nextPollAt: new Date(due).toISOString() } },
        );
        if (r.applied && r.session) await store.schedulePoll(id, Math.min(due, deadlineOf(r.session)), 'set');
      } catch (e) {
        warn(id, e, 'poll scheduling failed');
      }
    },
    forget(id) {
      void store.unschedulePoll(id).catch((e) => warn(id, e, 'poll scheduling failed'));
    },
  };
}
