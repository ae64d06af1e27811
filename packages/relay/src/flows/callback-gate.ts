/**
 * Callbacks are unsigned: anyone who learns a session's callback URL can post to it as often as they
 * like, and each confirmation costs a pair of provider calls. So per session, callbacks cause at most
 * one confirmation per interval: the first runs at once, any more within the interval are folded
 * into one that runs when it ends (so a real callback right after a forged one is never lost).
 */

export interface CallbackGate {
  /**
   * Runs `confirm` now, or folds it into the one queued for the interval's end (with
   * `resultsLikely` if any folded hint had it). Resolves when the confirmation that covers it is done.
   */
  pass(id: string, resultsLikely: boolean, confirm: (resultsLikely: boolean) => Promise<void>): Promise<void>;
  /** Shutdown: queued confirmations are dropped (the poller's schedule is in the store). */
  stop(): void;
}

interface Gate {
  timer: NodeJS.Timeout;
  queued?: {
    resultsLikely: boolean;
    confirm: (resultsLikely: boolean) => Promise<void>;
    done: Promise<void>;
    resolve: () => void;
  };
}

export function createCallbackGate(intervalMs: number, onFolded: () => void): CallbackGate {
  const gates = new Map<string, Gate>();

  function run(id: string, resultsLikely: boolean, confirm: (r: boolean) => Promise<void>): Promise<void> {
    // The gate stays closed for one interval after a confirmation starts; an entry without a queued
    // run simply goes then, so the map holds only sessions with a callback in the last interval.
    const timer = setTimeout(() => {
      const gate = gates.get(id);
      gates.delete(id);
      const q = gate?.queued;
      if (q) void run(id, q.resultsLikely, q.confirm).finally(q.resolve);
    }, intervalMs);
    timer.unref();
    gates.set(id, { timer });
    return confirm(resultsLikely);
  }

  return {
    pass(id, resultsLikely, confirm) {
      if (intervalMs <= 0) return confirm(resultsLikely);
      const gate = gates.get(id);
      if (!gate) return run(id, resultsLikely, confirm);
      onFolded();
      if (gate.queued) {
        gate.queued.resultsLikely ||= resultsLikely;
        return gate.queued.done;
      }
      let resolve!: () => void;
      const done = new Promise<void>((r) => {
        resolve = r;
      });
      gate.queued = { resultsLikely, confirm, done, resolve };
      return done;
    },
    stop() {
      for (const gate of gates.values()) {
        clearTimeout(gate.timer);
        gate.queued?.resolve();
      }
      gates.clear();
    },
  };
}
