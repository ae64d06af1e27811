/**
 * `sqlite:<path>` — the embedded, durable default (better-sqlite3, WAL). One process owns the file;
 * every state change is one `db.transaction`, and the version check sits in the UPDATE's WHERE
 * clause, so even a second process on the same file could never apply a stale transition.
 * better-sqlite3 is synchronous: each call is a few microseconds against the page cache, cheaper
 * than the thread hop an async driver would add.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { TERMINAL_STATUSES } from '@borica-identify/protocol';
import Database from 'better-sqlite3';
import { LocallyCoordinated } from './local-coordination.ts';
import {
  applyPatch,
  type Clock,
  DuplicateSessionError,
  eventOf,
  StoreClosedError,
  type StoreOptions,
  StoreUnavailableError,
  Subscribers,
} from './shared.ts';
import { SqliteBlobs } from './sqlite-blobs.ts';
import { migrate } from './sqlite-schema.ts';
import { storageProblem, WriteGuard } from './sqlite-writable.ts';
import type {
  SessionEvent,
  SessionRecord,
  Store,
  TransitionInput,
  TransitionResult,
  WebhookJob,
} from './types.ts';

/** The meta row the readiness probe writes and deletes while the store is unwritable. */
const PROBE_KEY = 'readiness-probe';

const TERMINAL_IN = TERMINAL_STATUSES.map((s) => `'${s}'`).join(',');

function statements(db: Database.Database) {
  return {
    getSession: db.prepare<[string], { json: string }>('SELECT json FROM sessions WHERE id = ?'),
    insertSession: db.prepare(
      'INSERT INTO sessions (id, status, version, updated_at, expires_at, json) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    updateSession: db.prepare(
      'UPDATE sessions SET status = ?, version = ?, updated_at = ?, expires_at = ?, json = ? WHERE id = ? AND version = ?',
    ),
    lastSeq: db.prepare<[string], { seq: number | null }>(
      'SELECT MAX(seq) AS seq FROM events WHERE session_id = ?',
    ),
    insertEvent: db.prepare('INSERT INTO events (session_id, seq, json) VALUES (?, ?, ?)'),
    events: db.prepare<[string, number], { json: string }>(
      'SELECT json FROM events WHERE session_id = ? AND seq > ? ORDER BY seq',
    ),
    upsertRef: db.prepare(
      'INSERT INTO refs (key, session_id) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET session_id = excluded.session_id',
    ),
    findRef: db.prepare<[string], { session_id: string }>('SELECT session_id FROM refs WHERE key = ?'),
    deleteBlob: db.prepare('DELETE FROM blobs WHERE session_id = ? AND name = ?'),
    listActive: db.prepare<[], { json: string }>(
      `SELECT json FROM sessions WHERE status NOT IN (${TERMINAL_IN}) ORDER BY updated_at`,
    ),
    insertWebhook: db.prepare(
      'INSERT OR IGNORE INTO webhooks (id, session_id, attempt, next_attempt_at, json) VALUES (?, ?, ?, ?, ?)',
    ),
    dueWebhooks: db.prepare<[number, number], { json: string; attempt: number; next_attempt_at: number }>(
      'SELECT json, attempt, next_attempt_at FROM webhooks WHERE next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?',
    ),
    rescheduleWebhook: db.prepare('UPDATE webhooks SET attempt = ?, next_attempt_at = ? WHERE id = ?'),
    deleteWebhook: db.prepare('DELETE FROM webhooks WHERE id = ?'),
    purgeable: db.prepare<[number, number], { id: string }>(
      `SELECT id FROM sessions WHERE (status IN (${TERMINAL_IN}) AND updated_at < ?) OR expires_at < ?`,
    ),
    purge: [
      db.prepare('DELETE FROM events WHERE session_id = ?'),
      db.prepare('DELETE FROM refs WHERE session_id = ?'),
      db.prepare('DELETE FROM blobs WHERE session_id = ?'),
      db.prepare('DELETE FROM webhooks WHERE session_id = ?'),
      db.prepare('DELETE FROM sessions WHERE id = ?'),
    ],
    countByStatus: db.prepare<[], { status: string; n: number }>(
      'SELECT status, COUNT(*) AS n FROM sessions GROUP BY status',
    ),
    getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    ping: db.prepare('SELECT 1'),
    deleteMeta: db.prepare('DELETE FROM meta WHERE key = ?'),
  };
}

/** One process owns this store: the poll schedule, rate windows and webhook leases live in memory. */
export class SqliteStore extends LocallyCoordinated implements Store {
  readonly #db: Database.Database;
  readonly #q!: ReturnType<typeof statements>;
  readonly #subscribers = new Subscribers();
  readonly #clock: Clock;
  readonly #guard = new WriteGuard();
  readonly #blobs!: SqliteBlobs;
  #closed = false;

  /** `file` is a path, or `:memory:` for a throwaway database with the real SQL. */
  constructor(file: string, options: StoreOptions = {}) {
    super();
    this.#clock = options.clock ?? (() => new Date());
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.#db = new Database(file);
    try {
      this.#db.pragma('journal_mode = WAL');
      // With WAL, NORMAL loses at most the last transactions on power loss, never consistency.
      this.#db.pragma('synchronous = NORMAL');
      this.#db.pragma('busy_timeout = 5000');
      this.#db.pragma('foreign_keys = ON');
      migrate(this.#db);
      this.#q = this.#guard.statements(statements(this.#db));
      this.#blobs = new SqliteBlobs(this.#db, {
        assertOpen: () => this.#open(),
        write: (fn, tx) => (tx ? this.#tx(fn) : this.#guard.write(fn)),
      });
      this.#blobs.dropOrphans();
      // A database opened read-only (or on a full disk) would only fail at the first real write.
      if (file !== ':memory:') this.#probe();
    } catch (err) {
      this.#db.close();
      if (err instanceof StoreUnavailableError) throw new Error(`${file}: ${err.reason} (${err.storeCode})`);
      const problem = storageProblem(err);
      if (problem) throw new Error(`${file}: ${problem} (${(err as { code: string }).code})`);
      throw err;
    }
  }

  /** A committed write that needs new pages, undone at once: proves the file can grow. */
  #probe(): void {
    this.#tx(() => this.#q.setMeta.run(PROBE_KEY, 'x'.repeat(4 * 4096)));
    this.#q.deleteMeta.run(PROBE_KEY);
  }

  /** One transaction, through the write guard (SQLite reports a full disk at COMMIT). */
  #tx<T>(fn: () => T): T {
    return this.#guard.write(() => this.#db.transaction(fn)());
  }

  protected override assertOpen(): void {
    this.#open();
  }

  #open(): void {
    if (this.#closed) throw new StoreClosedError();
  }

  #row(session: SessionRecord): [string, number, number, number, string] {
    return [
      session.status,
      session.version,
      Date.parse(session.updatedAt),
      Date.parse(session.expiresAt),
      JSON.stringify(session),
    ];
  }

  async create(session: SessionRecord, refs: string[] = []): Promise<SessionEvent> {
    this.#open();
    const event = eventOf(session, 1, session.createdAt);
    this.#tx(() => {
      if (this.#q.getSession.get(session.id)) throw new DuplicateSessionError();
      const [status, version, updatedAt, expiresAt, json] = this.#row(session);
      this.#q.insertSession.run(session.id, status, version, updatedAt, expiresAt, json);
      this.#q.insertEvent.run(session.id, 1, JSON.stringify(event));
      for (const key of refs) this.#q.upsertRef.run(key, session.id);
    });
    this.#subscribers.publish(event);
    return structuredClone(event);
  }

  async get(id: string): Promise<SessionRecord | null> {
    this.#open();
    const row = this.#q.getSession.get(id);
    return row ? (JSON.parse(row.json) as SessionRecord) : null;
  }

  async transition(id: string, expectedVersion: number, input: TransitionInput): Promise<TransitionResult> {
    this.#open();
    const now = this.#clock();
    const result = this.#tx((): TransitionResult => {
      const row = this.#q.getSession.get(id);
      if (!row) return { ok: false, reason: 'not_found' };
      const current = JSON.parse(row.json) as SessionRecord;
      if (current.version !== expectedVersion) return { ok: false, reason: 'version_conflict', current };
      const next = applyPatch(current, input.patch, now.toISOString());
      const [status, version, updatedAt, expiresAt, json] = this.#row(next);
      const changed = this.#q.updateSession.run(
        status,
        version,
        updatedAt,
        expiresAt,
        json,
        id,
        expectedVersion,
      );
      if (changed.changes !== 1) return { ok: false, reason: 'version_conflict', current };
      let event: SessionEvent | undefined;
      if (input.event) {
        const seq = (this.#q.lastSeq.get(id)?.seq ?? 0) + 1;
        event = eventOf(next, seq, next.updatedAt);
        this.#q.insertEvent.run(id, seq, JSON.stringify(event));
      }
      if (input.webhook) {
        const job: WebhookJob = {
          ...input.webhook,
          attempt: 0,
          nextAttemptAt: now.toISOString(),
          createdAt: now.toISOString(),
        };
        this.#q.insertWebhook.run(job.id, job.sessionId, 0, now.getTime(), JSON.stringify(job));
      }
      for (const key of input.refs ?? []) this.#q.upsertRef.run(key, id);
      return event ? { ok: true, session: next, event } : { ok: true, session: next };
    });
    // Only after COMMIT: a subscriber must never see an event that could still roll back.
    if (result.ok && result.event) this.#subscribers.publish(result.event);
    return result;
  }

  async events(id: string, afterSeq = 0): Promise<SessionEvent[]> {
    this.#open();
    return this.#q.events.all(id, afterSeq).map((r) => JSON.parse(r.json) as SessionEvent);
  }

  subscribe(id: string, listener: (event: SessionEvent) => void): () => void {
    return this.#subscribers.add(id, listener);
  }

  async findByRef(key: string): Promise<string | null> {
    this.#open();
    return this.#q.findRef.get(key)?.session_id ?? null;
  }

  async addRefs(id: string, keys: string[]): Promise<void> {
    this.#open();
    this.#tx(() => {
      for (const key of keys) this.#q.upsertRef.run(key, id);
    });
  }

  /** Big blobs are written and read in parts, yielding between them (sqlite-blobs.ts). */
  async putBlob(id: string, name: string, data: Uint8Array): Promise<void> {
    this.#open();
    await this.#blobs.put(id, name, data);
  }

  async getBlob(id: string, name: string): Promise<Uint8Array | null> {
    this.#open();
    return this.#blobs.get(id, name);
  }

  async deleteBlob(id: string, name: string): Promise<void> {
    this.#open();
    this.#q.deleteBlob.run(id, name);
  }

  async listActive(): Promise<SessionRecord[]> {
    this.#open();
    return this.#q.listActive.all().map((r) => JSON.parse(r.json) as SessionRecord);
  }

  async dueWebhooks(now: Date, limit: number): Promise<WebhookJob[]> {
    this.#open();
    return this.#q.dueWebhooks.all(now.getTime(), limit).map((r) => ({
      ...(JSON.parse(r.json) as WebhookJob),
      attempt: r.attempt,
      nextAttemptAt: new Date(r.next_attempt_at).toISOString(),
    }));
  }

  async claimWebhooks(now: Date, leaseMs: number, limit: number): Promise<WebhookJob[]> {
    const nowMs = now.getTime();
    const due = await this.dueWebhooks(now, limit + this.local.leasedJobs(nowMs));
    return this.local.leaseJobs(due, nowMs, leaseMs, limit);
  }

  async rescheduleWebhook(id: string, attempt: number, nextAttemptAt: Date): Promise<void> {
    this.#open();
    this.local.endJobLease(id);
    this.#q.rescheduleWebhook.run(attempt, nextAttemptAt.getTime(), id);
  }

  async deleteWebhook(id: string): Promise<void> {
    this.#open();
    this.local.endJobLease(id);
    this.#q.deleteWebhook.run(id);
  }

  async purge(before: Date): Promise<number> {
    this.#open();
    const cutoff = before.getTime();
    return this.#tx(() => {
      const ids = this.#q.purgeable.all(cutoff, cutoff);
      for (const { id } of ids) {
        for (const statement of this.#q.purge) statement.run(id);
        this.local.unschedulePoll(id);
      }
      return ids.length;
    });
  }

  async countByStatus(): Promise<Record<string, number>> {
    this.#open();
    const counts: Record<string, number> = {};
    for (const { status, n } of this.#q.countByStatus.all()) counts[status] = n;
    return counts;
  }

  async getMeta(key: string): Promise<string | null> {
    this.#open();
    return this.#q.getMeta.get(key)?.value ?? null;
  }

  async setMeta(key: string, value: string): Promise<void> {
    this.#open();
    this.#q.setMeta.run(key, value);
  }

  /** Reachable, and writable again when a write failed: then a probe write that needs new pages. */
  async ping(): Promise<void> {
    this.#open();
    this.#q.ping.get();
    if (this.#guard.problem) this.#probe();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#subscribers.clear();
    this.#db.close();
  }
}
