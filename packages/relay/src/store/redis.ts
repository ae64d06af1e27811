/**
 * `redis://…` — several relay instances behind a load balancer share one Redis: sessions, event
 * logs, index keys, blobs and the webhook outbox live there, and every instance hears every event
 * (PSUBSCRIBE) to feed its own SSE streams. Layout (prefix `bi:` unless the URL says `?prefix=`):
 *
 *   s:{id}   hash json/version/status      e:{id}  list of event JSON (index + 1 = seq)
 *   b:{id}   hash name → bytes             rs:{id} set of the session's ref keys
 *   r:<key>  string → session id           ws:{id} set of the session's webhook job ids
 *   active   set of non-terminal ids       counts  hash status → n
 *   upd      zset terminal ids by updatedAt  exp   zset all ids by expiresAt (retention)
 *   wh       zset job id by next attempt   whj / wha  hashes job JSON / attempt
 *   meta     hash key → value (relay-wide facts, see Store.getMeta)
 *
 * State changes are Lua scripts (redis-scripts.ts): atomic across instances. Webhook jobs and due
 * polls are claimed with a lease (CLAIM_DUE), so one instance sends a job or polls a session at a
 * time; delivery is still at least once (a sender that dies after the POST, before the delete, is
 * retried after its lease: the receiver dedupes on webhook-id).
 */
import { randomUUID } from 'node:crypto';
import { isTerminal } from '@borica-identify/protocol';
import { Redis } from 'ioredis';
import {
  ADD_REFS,
  CLAIM_DUE,
  CREATE,
  PURGE_ONE,
  RATE_HIT,
  RELEASE_POLL,
  RESCHEDULE,
  TRANSITION,
} from './redis-scripts.ts';
import {
  applyPatch,
  type Clock,
  DuplicateSessionError,
  eventOf,
  StoreClosedError,
  type StoreOptions,
  StoreUnreachableError,
  Subscribers,
} from './shared.ts';
import type {
  PollClaim,
  SessionEvent,
  SessionRecord,
  Store,
  TransitionInput,
  TransitionResult,
  WebhookJob,
} from './types.ts';

/** Event JSON split around its seq, so the script can number it: `{"seq":` + n + rest. */
function eventParts(session: SessionRecord, at: string): [string, string] {
  const rest = JSON.stringify({ ...eventOf(session, 0, at), seq: undefined });
  return ['{"seq":', `,${rest.slice(1)}`];
}

export class RedisStore implements Store {
  readonly #redis: Redis;
  readonly #sub: Redis;
  readonly #p: string;
  readonly #subscribers = new Subscribers();
  readonly #clock: Clock;
  readonly #instance = randomUUID();
  #closed = false;
  /** Why the connection last failed (ECONNREFUSED, …), for the start-up error line. */
  #lastError: string | undefined;

  /**
   * While Redis is away ioredis rejects each command after `maxRetriesPerRequest` reconnects, with
   * its own errors; every async operation here turns those into one StoreUnreachableError, which the
   * API answers as 503 `store_unavailable` with Retry-After instead of a 500. Done once for all
   * methods (private ones and `ping`, which /readyz words itself, excepted).
   */
  static {
    const proto = RedisStore.prototype as unknown as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const method = proto[name];
      if (name === 'ping' || typeof method !== 'function' || method.constructor.name !== 'AsyncFunction')
        continue;
      proto[name] = async function (this: RedisStore, ...args: unknown[]) {
        try {
          return await (method as (...a: unknown[]) => Promise<unknown>).apply(this, args);
        } catch (err) {
          throw unreachable(err, this.#lastError);
        }
      };
    }
  }

  get #scripts(): Scripts {
    return this.#redis as unknown as Scripts;
  }

  private constructor(url: string, options: StoreOptions) {
    const parsed = new URL(url);
    this.#p = parsed.searchParams.get('prefix') ?? 'bi:';
    parsed.search = '';
    const connection = { lazyConnect: true, maxRetriesPerRequest: 2, enableAutoPipelining: true };
    this.#redis = new Redis(parsed.toString(), connection);
    this.#sub = new Redis(parsed.toString(), { lazyConnect: true });
    this.#clock = options.clock ?? (() => new Date());
    this.#redis.defineCommand('relayCreate', { lua: CREATE });
    this.#redis.defineCommand('relayTransition', { lua: TRANSITION });
    this.#redis.defineCommand('relayPurgeOne', { lua: PURGE_ONE, numberOfKeys: 12 });
    this.#redis.defineCommand('relayAddRefs', { lua: ADD_REFS });
    this.#redis.defineCommand('relayReschedule', { lua: RESCHEDULE, numberOfKeys: 2 });
    this.#redis.defineCommand('relayClaimDue', { lua: CLAIM_DUE, numberOfKeys: 1 });
    this.#redis.defineCommand('relayReleasePoll', { lua: RELEASE_POLL, numberOfKeys: 1 });
    this.#redis.defineCommand('relayRateHit', { lua: RATE_HIT, numberOfKeys: 1 });
    // Connection errors surface as rejected commands (and /readyz); an unhandled 'error' event would crash.
    this.#redis.on('error', (err: NodeJS.ErrnoException) => {
      this.#lastError = err.code ?? err.message;
    });
    this.#sub.on('error', () => {});
  }

  static async connect(url: string, options: StoreOptions = {}): Promise<RedisStore> {
    const store = new RedisStore(url, options);
    try {
      await store.#redis.connect();
      await store.#sub.connect();
    } catch (err) {
      // Stop ioredis from reconnecting in the background: start-up has failed.
      store.#redis.disconnect();
      store.#sub.disconnect();
      throw new Error(
        `cannot connect to Redis (${store.#lastError ?? (err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      );
    }
    // Events committed by other instances. One pattern subscription for all sessions: no
    // subscribe-then-read race per stream, and the SSE writer's seq de-dup does the rest.
    await store.#sub.psubscribe(`${store.#p}ev:*`);
    // ioredis reconnects and re-subscribes by itself; what was published meanwhile never arrives, so
    // every session listened to here is re-read once (listeners skip the seqs they already have).
    store.#sub.on('ready', () => void store.#resync());
    store.#sub.on('pmessage', (_pattern: string, _channel: string, message: string) => {
      const bar = message.indexOf('|');
      if (message.slice(0, bar) === store.#instance) return;
      try {
        store.#subscribers.publish(JSON.parse(message.slice(bar + 1)) as SessionEvent);
      } catch {}
    });
    return store;
  }

  async #resync(): Promise<void> {
    try {
      // Answered after the re-subscription sent on the same connection: from here nothing is missed.
      await this.#sub.ping();
    } catch {
      return;
    }
    for (const id of this.#subscribers.ids()) {
      if (this.#closed) return;
      try {
        for (const event of await this.events(id)) this.#subscribers.publish(event);
      } catch {
        return; // gone again: the next 'ready' resyncs
      }
    }
  }

  /** The keys a session's create and transition scripts both touch, in the order the scripts expect. */
  #sessionKeys(id: string): string[] {
    return [
      this.#k('s', id),
      this.#k('e', id),
      this.#k('active'),
      this.#k('counts'),
      this.#k('upd'),
      this.#k('exp'),
      this.#k('rs', id),
    ];
  }
  #k(...parts: string[]): string {
    return this.#p + parts.join(':');
  }

  #open(): void {
    if (this.#closed) throw new StoreClosedError();
  }

  async create(session: SessionRecord, refs: string[] = []): Promise<SessionEvent> {
    this.#open();
    const id = session.id;
    const [prefix, rest] = eventParts(session, session.createdAt);
    const keys = [...this.#sessionKeys(id), ...refs.map((r) => this.#k('r', r))];
    const args = [
      id,
      JSON.stringify(session),
      session.status,
      isTerminal(session.status) ? '1' : '0',
      String(Date.parse(session.updatedAt)),
      String(Date.parse(session.expiresAt)),
      prefix,
      rest,
      this.#k('ev', id),
      this.#instance,
      String(session.version),
    ];
    const created = await this.#scripts.relayCreate(keys.length, ...keys, ...args);
    if (created !== 1) throw new DuplicateSessionError();
    const event = eventOf(session, 1, session.createdAt);
    this.#subscribers.publish(event);
    return structuredClone(event);
  }

  async get(id: string): Promise<SessionRecord | null> {
    this.#open();
    const json = await this.#redis.hget(this.#k('s', id), 'json');
    return json ? (JSON.parse(json) as SessionRecord) : null;
  }

  async transition(id: string, expectedVersion: number, input: TransitionInput): Promise<TransitionResult> {
    this.#open();
    const current = await this.get(id);
    if (!current) return { ok: false, reason: 'not_found' };
    if (current.version !== expectedVersion) return { ok: false, reason: 'version_conflict', current };
    const now = this.#clock();
    const next = applyPatch(current, input.patch, now.toISOString());
    const [prefix, rest] = input.event ? eventParts(next, next.updatedAt) : ['', ''];
    const job: WebhookJob | undefined = input.webhook && {
      ...input.webhook,
      attempt: 0,
      nextAttemptAt: now.toISOString(),
      createdAt: now.toISOString(),
    };
    const refs = input.refs ?? [];
    const keys = [
      ...this.#sessionKeys(id),
      this.#k('wh'),
      this.#k('whj'),
      this.#k('ws', id),
      ...refs.map((r) => this.#k('r', r)),
    ];
    const args = [
      id,
      String(expectedVersion),
      JSON.stringify(next),
      next.status,
      isTerminal(next.status) ? '1' : '0',
      String(Date.parse(next.updatedAt)),
      String(Date.parse(next.expiresAt)),
      prefix,
      rest,
      job?.id ?? '',
      job ? JSON.stringify(job) : '',
      String(now.getTime()),
      this.#k('ev', id),
      this.#instance,
    ];
    const result = (await this.#scripts.relayTransition(keys.length, ...keys, ...args)) as [
      number,
      (number | string)?,
    ];
    if (result[0] === 0) return { ok: false, reason: 'not_found' };
    if (result[0] === -1) {
      return {
        ok: false,
        reason: 'version_conflict',
        current: JSON.parse(String(result[1])) as SessionRecord,
      };
    }
    if (!input.event) return { ok: true, session: next };
    const event = eventOf(next, Number(result[1]), next.updatedAt);
    this.#subscribers.publish(event);
    return { ok: true, session: next, event: structuredClone(event) };
  }

  async events(id: string, afterSeq = 0): Promise<SessionEvent[]> {
    this.#open();
    const list = await this.#redis.lrange(this.#k('e', id), afterSeq, -1);
    return list.map((json) => JSON.parse(json) as SessionEvent);
  }

  subscribe(id: string, listener: (event: SessionEvent) => void): () => void {
    return this.#subscribers.add(id, listener);
  }

  async findByRef(key: string): Promise<string | null> {
    this.#open();
    return this.#redis.get(this.#k('r', key));
  }

  async addRefs(id: string, keys: string[]): Promise<void> {
    this.#open();
    if (keys.length === 0) return;
    const redisKeys = [this.#k('s', id), this.#k('rs', id), ...keys.map((r) => this.#k('r', r))];
    await this.#scripts.relayAddRefs(redisKeys.length, ...redisKeys, id);
  }

  async putBlob(id: string, name: string, data: Uint8Array): Promise<void> {
    this.#open();
    await this.#redis.hset(
      this.#k('b', id),
      name,
      Buffer.from(data.buffer, data.byteOffset, data.byteLength),
    );
  }

  async getBlob(id: string, name: string): Promise<Uint8Array | null> {
    this.#open();
    const data = await this.#redis.hgetBuffer(this.#k('b', id), name);
    return data ? new Uint8Array(data) : null;
  }

  async deleteBlob(id: string, name: string): Promise<void> {
    this.#open();
    await this.#redis.hdel(this.#k('b', id), name);
  }

  async listActive(): Promise<SessionRecord[]> {
    this.#open();
    const ids = await this.#redis.smembers(this.#k('active'));
    if (ids.length === 0) return [];
    const pipeline = this.#redis.pipeline();
    for (const id of ids) pipeline.hget(this.#k('s', id), 'json');
    const rows = (await pipeline.exec()) ?? [];
    return rows
      .map(([, json]) => (typeof json === 'string' ? (JSON.parse(json) as SessionRecord) : null))
      .filter((s): s is SessionRecord => s !== null && !isTerminal(s.status))
      .sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt));
  }

  async dueWebhooks(now: Date, limit: number): Promise<WebhookJob[]> {
    this.#open();
    const flat = await this.#redis.zrangebyscore(
      this.#k('wh'),
      '-inf',
      now.getTime(),
      'WITHSCORES',
      'LIMIT',
      0,
      limit,
    );
    const ids: string[] = [];
    const due: number[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      ids.push(flat[i]!);
      due.push(Number(flat[i + 1]));
    }
    return this.#jobs(ids, now, due);
  }

  /** The jobs of these ids (those still stored), due at `due[i]` or else `now`. */
  async #jobs(ids: string[], now: Date, due: number[] = []): Promise<WebhookJob[]> {
    if (ids.length === 0) return [];
    const [jobs, attempts] = await Promise.all([
      this.#redis.hmget(this.#k('whj'), ...ids),
      this.#redis.hmget(this.#k('wha'), ...ids),
    ]);
    const out: WebhookJob[] = [];
    ids.forEach((_, i) => {
      const json = jobs[i];
      if (!json) return;
      out.push({
        ...(JSON.parse(json) as WebhookJob),
        attempt: Number(attempts[i] ?? 0),
        nextAttemptAt: new Date(due[i] ?? now.getTime()).toISOString(),
      });
    });
    return out;
  }

  async claimWebhooks(now: Date, leaseMs: number, limit: number): Promise<WebhookJob[]> {
    this.#open();
    const ids = await this.#scripts.relayClaimDue(
      this.#k('wh'),
      String(now.getTime()),
      String(now.getTime() + leaseMs),
      String(limit),
    );
    return this.#jobs(ids, now);
  }

  async rescheduleWebhook(id: string, attempt: number, nextAttemptAt: Date): Promise<void> {
    this.#open();
    await this.#scripts.relayReschedule(
      this.#k('wh'),
      this.#k('wha'),
      id,
      String(attempt),
      String(nextAttemptAt.getTime()),
    );
  }

  async deleteWebhook(id: string): Promise<void> {
    this.#open();
    await this.#redis
      .multi()
      .zrem(this.#k('wh'), id)
      .hdel(this.#k('whj'), id)
      .hdel(this.#k('wha'), id)
      .exec();
  }

  async schedulePoll(id: string, dueMs: number, mode: 'set' | 'earlier' | 'absent'): Promise<void> {
    this.#open();
    const key = this.#k('poll');
    if (mode === 'set') await this.#redis.zadd(key, dueMs, id);
    else if (mode === 'earlier') await this.#redis.zadd(key, 'LT', dueMs, id);
    else await this.#redis.zadd(key, 'NX', dueMs, id);
  }

  async claimPolls(nowMs: number, leaseMs: number, limit: number): Promise<PollClaim[]> {
    this.#open();
    const lease = nowMs + leaseMs;
    const ids = await this.#scripts.relayClaimDue(
      this.#k('poll'),
      String(nowMs),
      String(lease),
      String(limit),
    );
    return ids.map((id) => ({ id, lease }));
  }

  async releasePoll(id: string, lease: number, nextDueMs: number): Promise<boolean> {
    this.#open();
    const r = await this.#scripts.relayReleasePoll(this.#k('poll'), id, String(lease), String(nextDueMs));
    return Number(r) === 1;
  }

  async unschedulePoll(id: string): Promise<void> {
    this.#open();
    await this.#redis.zrem(this.#k('poll'), id);
  }

  async rateHit(key: string, limit: number, windowMs: number, nowMs: number): Promise<number> {
    this.#open();
    if (limit <= 0) return 0;
    const waitMs = Number(
      await this.#scripts.relayRateHit(
        this.#k('rl', key),
        String(nowMs),
        String(windowMs),
        String(limit),
        `${nowMs}-${randomUUID()}`,
      ),
    );
    return waitMs > 0 ? Math.max(1, Math.ceil(waitMs / 1000)) : 0;
  }

  async purge(before: Date): Promise<number> {
    this.#open();
    const cutoff = `(${before.getTime()}`;
    const [terminal, expired] = await Promise.all([
      this.#redis.zrangebyscore(this.#k('upd'), '-inf', cutoff),
      this.#redis.zrangebyscore(this.#k('exp'), '-inf', cutoff),
    ]);
    let deleted = 0;
    for (const id of new Set([...terminal, ...expired])) {
      const n = await this.#scripts.relayPurgeOne(
        this.#k('s', id),
        this.#k('e', id),
        this.#k('b', id),
        this.#k('rs', id),
        this.#k('active'),
        this.#k('counts'),
        this.#k('upd'),
        this.#k('exp'),
        this.#k('ws', id),
        this.#k('wh'),
        this.#k('whj'),
        this.#k('wha'),
        id,
      );
      await this.#redis.zrem(this.#k('poll'), id);
      deleted += Number(n);
    }
    return deleted;
  }

  async countByStatus(): Promise<Record<string, number>> {
    this.#open();
    const all = await this.#redis.hgetall(this.#k('counts'));
    const counts: Record<string, number> = {};
    for (const [status, n] of Object.entries(all)) if (Number(n) > 0) counts[status] = Number(n);
    return counts;
  }

  async getMeta(key: string): Promise<string | null> {
    this.#open();
    return this.#redis.hget(this.#k('meta'), key);
  }

  async setMeta(key: string, value: string): Promise<void> {
    this.#open();
    await this.#redis.hset(this.#k('meta'), key, value);
  }

  async ping(): Promise<void> {
    this.#open();
    // Not ready while either connection is away (commands would queue; live events would be missed).
    if (this.#redis.status !== 'ready' || this.#sub.status !== 'ready') {
      throw new Error(`Redis connection ${this.#redis.status}/${this.#sub.status}`);
    }
    await this.#redis.ping();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#subscribers.clear();
    await Promise.allSettled([this.#sub.quit(), this.#redis.quit()]);
  }
}

/** ioredis's ways of saying Redis is away, or is loading its AOF after a restart. */
function unreachable(err: unknown, lastError: string | undefined): unknown {
  const e = err as { name?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : '';
  const away =
    e?.name === 'MaxRetriesPerRequestError' ||
    message === 'Connection is closed.' ||
    /^(LOADING|MASTERDOWN|TRYAGAIN)\b/.test(message);
  if (!away) return err;
  const cause = message.startsWith('LOADING') ? 'LOADING' : (lastError ?? 'REDIS_UNREACHABLE');
  return new StoreUnreachableError('Redis is unreachable', cause, { cause: err });
}

type ScriptCall = (...args: (string | number)[]) => Promise<unknown>;
interface Scripts {
  relayCreate: ScriptCall;
  relayTransition: ScriptCall;
  relayPurgeOne: ScriptCall;
  relayAddRefs: ScriptCall;
  relayReschedule: ScriptCall;
  relayClaimDue: (key: string, now: string, leaseEnd: string, limit: string) => Promise<string[]>;
  relayReleasePoll: ScriptCall;
  relayRateHit: ScriptCall;
}
