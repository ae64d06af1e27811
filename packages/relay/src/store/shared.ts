/**
 * Pieces every adapter shares, so the memory and sqlite stores cannot drift apart in semantics:
 * how a patch applies, what an event looks like, which sessions retention may delete, and the
 * in-process fan-out of live events.
 */
import { isTerminal } from '@borica-identify/protocol';
import type { SessionEvent, SessionRecord, TransitionInput } from './types.ts';

export type Clock = () => Date;

export interface StoreOptions {
  /** Timestamps the store manages (`updatedAt`, outbox times) come from here; tests inject one. */
  clock?: Clock;
}

/** Applies a transition's patch; a field patched to `undefined` is removed (e.g. `pending`). */
export function applyPatch(
  current: SessionRecord,
  patch: TransitionInput['patch'],
  now: string,
): SessionRecord {
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  next.updatedAt = patch.updatedAt ?? now;
  next.version = current.version + 1;
  return next as unknown as SessionRecord;
}

export function eventOf(session: SessionRecord, seq: number, at: string): SessionEvent {
  return {
    seq,
    sessionId: session.id,
    kind: session.kind,
    status: session.status,
    provider: session.provider,
    at,
  };
}

/** Retention rule of `Store.purge`: terminal and untouched since `before`, or expired before `before`. */
export function isPurgeable(
  session: Pick<SessionRecord, 'status' | 'updatedAt' | 'expiresAt'>,
  before: Date,
) {
  const cutoff = before.getTime();
  if (isTerminal(session.status) && Date.parse(session.updatedAt) < cutoff) return true;
  return Date.parse(session.expiresAt) < cutoff;
}

/**
 * Live events per session. A Map of Sets rather than an EventEmitter per session: 10,000 SSE streams
 * watching a few thousand sessions cost one Set entry each, and no max-listener warnings.
 */
export class Subscribers {
  #bySession = new Map<string, Set<(event: SessionEvent) => void>>();

  add(id: string, listener: (event: SessionEvent) => void): () => void {
    let set = this.#bySession.get(id);
    if (!set) {
      set = new Set();
      this.#bySession.set(id, set);
    }
    set.add(listener);
    return () => {
      const current = this.#bySession.get(id);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) this.#bySession.delete(id);
    };
  }

  publish(event: SessionEvent): void {
    const set = this.#bySession.get(event.sessionId);
    if (!set) return;
    // One frozen copy for every listener: thousands of SSE streams on one session share it.
    const shared = Object.freeze({ ...event, provider: Object.freeze({ ...event.provider }) });
    for (const listener of [...set]) {
      // A failing subscriber must not undo or disturb a committed transition, nor starve the others.
      try {
        listener(shared);
      } catch {}
    }
  }

  /** Sessions someone listens to in this process. */
  ids(): string[] {
    return [...this.#bySession.keys()];
  }

  get size(): number {
    let n = 0;
    for (const set of this.#bySession.values()) n += set.size;
    return n;
  }

  clear(): void {
    this.#bySession.clear();
  }
}

export class StoreClosedError extends Error {
  override name = 'StoreClosedError' as const;
  readonly code = 'STORE_CLOSED';
  constructor() {
    super('The store is closed.');
  }
}

/** The store cannot be written right now (disk full, read-only, I/O error): reads still work. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError' as const;
  readonly code = 'STORE_UNAVAILABLE';
  /** `reason`: the cause in words ("the disk is full"); `storeCode`: the driver's code (SQLITE_FULL). */
  constructor(
    readonly reason: string,
    readonly storeCode: string,
    options?: { cause?: unknown },
  ) {
    super(`The store cannot be written: ${reason} (${storeCode}).`, options);
  }

  /** The operator's log line. */
  get summary(): string {
    return `store cannot be written: ${this.reason}`;
  }
}

/** The store's server is away (Redis down or still loading its AOF): nothing is read or written. */
export class StoreUnreachableError extends StoreUnavailableError {
  override get summary(): string {
    return `store cannot be reached: ${this.reason}`;
  }
}

export class DuplicateSessionError extends Error {
  override name = 'DuplicateSessionError' as const;
  readonly code = 'STORE_DUPLICATE_SESSION';
  constructor() {
    super('A session with this id already exists.');
  }
}
