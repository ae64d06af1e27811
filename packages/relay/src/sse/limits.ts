/**
 * Open event streams per session and per client: each stream holds a socket and a file descriptor
 * for as long as the client likes, and with open start anyone can mint client tokens, so both are
 * capped. A slot is taken before the stream opens and given back when it closes, exactly once.
 */

export interface StreamSlot {
  /** Gives the slot back; idempotent. */
  release(): void;
}

export type StreamRefusal = 'sse_per_session' | 'sse_per_ip';

export interface StreamLimits {
  /** A slot, or which limit is full. */
  acquire(sessionId: string, clientKey: string): StreamSlot | StreamRefusal;
  /** Streams open per key right now (tests, debugging). */
  count(kind: 'session' | 'client', key: string): number;
}

/** A held slot: a small instance with a shared `release`, not a closure per stream (sse-memory). */
class Slot implements StreamSlot {
  private held = true;
  constructor(
    private readonly counts: Counts,
    private readonly sessionId: string,
    private readonly clientKey: string,
  ) {}

  release(): void {
    if (!this.held) return;
    this.held = false;
    dec(this.counts.bySession, this.sessionId);
    dec(this.counts.byClient, this.clientKey);
  }
}

interface Counts {
  bySession: Map<string, number>;
  byClient: Map<string, number>;
}

function dec(map: Map<string, number>, key: string): void {
  const n = (map.get(key) ?? 0) - 1;
  // Keys of closed streams go: a map that only grows is a leak under churn.
  if (n <= 0) map.delete(key);
  else map.set(key, n);
}

export function createStreamLimits(o: { perSession: number; perClient: number }): StreamLimits {
  const counts: Counts = { bySession: new Map(), byClient: new Map() };
  const { bySession, byClient } = counts;
  return {
    acquire(sessionId, clientKey) {
      const s = bySession.get(sessionId) ?? 0;
      if (s >= o.perSession) return 'sse_per_session';
      const c = byClient.get(clientKey) ?? 0;
      if (c >= o.perClient) return 'sse_per_ip';
      bySession.set(sessionId, s + 1);
      byClient.set(clientKey, c + 1);
      return new Slot(counts, sessionId, clientKey);
    },
    count(kind, key) {
      return (kind === 'session' ? bySession : byClient).get(key) ?? 0;
    },
  };
}
