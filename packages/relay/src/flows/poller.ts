/**
 * Polling with backoff and a deadline, for every session not yet terminal. The schedule
 * (`pollAttempt`, `nextPollAt`) is persisted, so a restarted relay resumes from `store.listActive()`.
 * A callback hint resets the backoff and confirms at once. Created sessions only wait for their expiry.
 */
import { isTerminal } from '@borica-identify/protocol';
import type { SessionRecord } from '../store/types.ts';
import { hasProviderRefs } from './claim.ts';
import { type Confirmer, deadlineOf } from './confirm.ts';
import type { FlowContext } from './context.ts';
import { errorCode } from './provider-errors.ts';
import { updateSession } from './update.ts';

const MAX_TIMER_MS = 2_147_483_647;

export interface Poller {
  start(): Promise<void>;
  stop(): void;
  /** (Re)schedules after a change; keeps an earlier timer. */
  schedule(s: SessionRecord): void;
  /** A callback was just confirmed: poll again soon and restart the backoff from the first delay. */
  restartBackoff(id: string): Promise<void>;
  forget(id: string): void;
}

export function createPoller(ctx: FlowContext, confirmer: Confirmer): Poller {
  const timers = new Map<string, { timer: NodeJS.Timeout; due: number }>();
  let stopped = true;

  function delay(attempt: number): number {
    const { initialMs, maxMs, factor } = ctx.config.poll;
    const base = Math.min(maxMs, initialMs * factor ** Math.min(attempt, 60));
    return Math.max(1, Math.round(base * (0.8 + Math.random() * 0.4)));
  }

  function dueOf(s: SessionRecord, nowMs: number): number {
    const deadline = deadlineOf(s);
    if (s.status === 'created') return deadline;
    const planned = s.nextPollAt ? Date.parse(s.nextPollAt) : nowMs + delay(s.pollAttempt);
    return Math.min(Number.isFinite(planned) ? planned : nowMs, deadline);
  }

  function setTimer(id: string, due: number): void {
    const existing = timers.get(id);
    if (existing) clearTimeout(existing.timer);
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, due - ctx.now().getTime()));
    const timer = setTimeout(() => void fire(id), wait);
    timer.unref();
    timers.set(id, { timer, due });
  }

  async function fire(id: string): Promise<void> {
    timers.delete(id);
    if (stopped) return;
    await confirmer.confirm(id);
    await reschedule(id, 'next');
  }

  /** After a confirmation: persist the next attempt and arm the timer. */
  async function reschedule(id: string, mode: 'next' | 'reset'): Promise<void> {
    if (stopped) return;
    try {
      const nowMs = ctx.now().getTime();
      const r = await updateSession(ctx.store, id, (cur) => {
        if (isTerminal(cur.status) || cur.status === 'created' || !hasProviderRefs(cur)) return null;
        const attempt = mode === 'reset' ? 0 : cur.pollAttempt + 1;
        return {
          patch: { pollAttempt: attempt, nextPollAt: new Date(nowMs + delay(attempt)).toISOString() },
        };
      });
      const s = r.session;
      if (!s || isTerminal(s.status) || stopped) return;
      // Not started at the provider yet (claim in flight, or created): a short re-check, or the expiry.
      const due = r.applied ? dueOf(s, nowMs) : s.status === 'created' ? deadlineOf(s) : nowMs + delay(0);
      setTimer(id, due);
    } catch (e) {
      ctx.log.warn({ sessionId: id, code: errorCode(e) }, 'poll scheduling failed');
      if (!stopped) setTimer(id, ctx.now().getTime() + delay(3));
    }
  }

  return {
    async start() {
      stopped = false;
      const active = await ctx.store.listActive();
      for (const s of active) this.schedule(s);
    },
    stop() {
      stopped = true;
      for (const { timer } of timers.values()) clearTimeout(timer);
      timers.clear();
    },
    schedule(s) {
      if (stopped) return;
      if (isTerminal(s.status)) {
        this.forget(s.id);
        return;
      }
      const due = dueOf(s, ctx.now().getTime());
      const existing = timers.get(s.id);
      if (existing && existing.due <= due) return;
      setTimer(s.id, due);
    },
    async restartBackoff(id) {
      const existing = timers.get(id);
      if (existing) clearTimeout(existing.timer);
      timers.delete(id);
      await reschedule(id, 'reset');
    },
    forget(id) {
      const existing = timers.get(id);
      if (existing) clearTimeout(existing.timer);
      timers.delete(id);
    },
  };
}
