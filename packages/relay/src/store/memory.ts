/**
 * `memory:` — everything in this process, gone on exit. For tests and demos. Same semantics as the
 * durable adapters: records are deep-copied in and out, so a caller mutating what it got back (or
 * what it passed in) can never change stored state behind the store's back.
 */
import { isTerminal } from '@borica-identify/protocol';
import { LocallyCoordinated } from './local-coordination.ts';
import {
  applyPatch,
  type Clock,
  DuplicateSessionError,
  eventOf,
  isPurgeable,
  StoreClosedError,
  type StoreOptions,
  Subscribers,
} from './shared.ts';
import type {
  SessionEvent,
  SessionRecord,
  Store,
  TransitionInput,
  TransitionResult,
  WebhookJob,
} from './types.ts';

const copy = structuredClone;

/** One process owns this store: the poll schedule, rate windows and webhook leases live in memory. */
export class MemoryStore extends LocallyCoordinated implements Store {
  #sessions = new Map<string, SessionRecord>();
  #events = new Map<string, SessionEvent[]>();
  #refs = new Map<string, string>();
  #blobs = new Map<string, Map<string, Uint8Array>>();
  #webhooks = new Map<string, WebhookJob>();
  #meta = new Map<string, string>();
  #subscribers = new Subscribers();
  #clock: Clock;
  #closed = false;

  constructor(options: StoreOptions = {}) {
    super();
    this.#clock = options.clock ?? (() => new Date());
  }

  protected override assertOpen(): void {
    this.#open();
  }

  #open(): void {
    if (this.#closed) throw new StoreClosedError();
  }

  async create(session: SessionRecord, refs: string[] = []): Promise<SessionEvent> {
    this.#open();
    if (this.#sessions.has(session.id)) throw new DuplicateSessionError();
    const stored = copy(session);
    const event = eventOf(stored, 1, stored.createdAt);
    this.#sessions.set(stored.id, stored);
    this.#events.set(stored.id, [event]);
    for (const key of refs) this.#refs.set(key, stored.id);
    this.#subscribers.publish(event);
    return copy(event);
  }

  async get(id: string): Promise<SessionRecord | null> {
    this.#open();
    const session = this.#sessions.get(id);
    return session ? copy(session) : null;
  }

  async transition(id: string, expectedVersion: number, input: TransitionInput): Promise<TransitionResult> {
    this.#open();
    const current = this.#sessions.get(id);
    if (!current) return { ok: false, reason: 'not_found' };
    if (current.version !== expectedVersion) {
      return { ok: false, reason: 'version_conflict', current: copy(current) };
    }
    const now = this.#clock().toISOString();
    const next = applyPatch(current, copy(input.patch), now);
    let event: SessionEvent | undefined;
    if (input.event) {
      const log = this.#events.get(id) ?? [];
      event = eventOf(next, (log.at(-1)?.seq ?? 0) + 1, next.updatedAt);
      log.push(event);
      this.#events.set(id, log);
    }
    if (input.webhook) {
      this.#webhooks.set(input.webhook.id, {
        ...input.webhook,
        attempt: 0,
        nextAttemptAt: now,
        createdAt: now,
      });
    }
    for (const key of input.refs ?? []) this.#refs.set(key, id);
    this.#sessions.set(id, next);
    if (event) this.#subscribers.publish(event);
    return event ? { ok: true, session: copy(next), event: copy(event) } : { ok: true, session: copy(next) };
  }

  async events(id: string, afterSeq = 0): Promise<SessionEvent[]> {
    this.#open();
    return (this.#events.get(id) ?? []).filter((e) => e.seq > afterSeq).map((e) => copy(e));
  }

  subscribe(id: string, listener: (event: SessionEvent) => void): () => void {
    return this.#subscribers.add(id, listener);
  }

  async findByRef(key: string): Promise<string | null> {
    this.#open();
    return this.#refs.get(key) ?? null;
  }

  async addRefs(id: string, keys: string[]): Promise<void> {
    this.#open();
    for (const key of keys) this.#refs.set(key, id);
  }

  async putBlob(id: string, name: string, data: Uint8Array): Promise<void> {
    this.#open();
    let blobs = this.#blobs.get(id);
    if (!blobs) {
      blobs = new Map();
      this.#blobs.set(id, blobs);
    }
    blobs.set(name, new Uint8Array(data));
  }

  async getBlob(id: string, name: string): Promise<Uint8Array | null> {
    this.#open();
    const data = this.#blobs.get(id)?.get(name);
    return data ? new Uint8Array(data) : null;
  }

  async deleteBlob(id: string, name: string): Promise<void> {
    this.#open();
    this.#blobs.get(id)?.delete(name);
  }

  async listActive(): Promise<SessionRecord[]> {
    this.#open();
    return [...this.#sessions.values()].filter((s) => !isTerminal(s.status)).map((s) => copy(s));
  }

  async dueWebhooks(now: Date, limit: number): Promise<WebhookJob[]> {
    this.#open();
    const cutoff = now.getTime();
    return [...this.#webhooks.values()]
      .filter((job) => Date.parse(job.nextAttemptAt) <= cutoff)
      .sort((a, b) => Date.parse(a.nextAttemptAt) - Date.parse(b.nextAttemptAt))
      .slice(0, limit)
      .map((job) => copy(job));
  }

  async claimWebhooks(now: Date, leaseMs: number, limit: number): Promise<WebhookJob[]> {
    const nowMs = now.getTime();
    const due = await this.dueWebhooks(now, limit + this.local.leasedJobs(nowMs));
    return this.local.leaseJobs(due, nowMs, leaseMs, limit);
  }

  async rescheduleWebhook(id: string, attempt: number, nextAttemptAt: Date): Promise<void> {
    this.#open();
    this.local.endJobLease(id);
    const job = this.#webhooks.get(id);
    if (job) this.#webhooks.set(id, { ...job, attempt, nextAttemptAt: nextAttemptAt.toISOString() });
  }

  async deleteWebhook(id: string): Promise<void> {
    this.#open();
    this.local.endJobLease(id);
    this.#webhooks.delete(id);
  }

  async purge(before: Date): Promise<number> {
    this.#open();
    let deleted = 0;
    for (const session of [...this.#sessions.values()]) {
      if (!isPurgeable(session, before)) continue;
      const id = session.id;
      this.#sessions.delete(id);
      this.#events.delete(id);
      this.#blobs.delete(id);
      for (const [key, owner] of this.#refs) if (owner === id) this.#refs.delete(key);
      for (const [jobId, job] of this.#webhooks) if (job.sessionId === id) this.#webhooks.delete(jobId);
      this.local.unschedulePoll(id);
      deleted++;
    }
    return deleted;
  }

  async countByStatus(): Promise<Record<string, number>> {
    this.#open();
    const counts: Record<string, number> = {};
    for (const s of this.#sessions.values()) counts[s.status] = (counts[s.status] ?? 0) + 1;
    return counts;
  }

  async getMeta(key: string): Promise<string | null> {
    this.#open();
    return this.#meta.get(key) ?? null;
  }

  async setMeta(key: string, value: string): Promise<void> {
    this.#open();
    this.#meta.set(key, value);
  }

  async ping(): Promise<void> {
    this.#open();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#subscribers.clear();
  }
}
