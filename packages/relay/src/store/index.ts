/**
 * Chooses the store adapter from `RELAY_STORE`.
 *
 * How the Redis adapter (`redis://…`, several relay instances behind a load balancer; redis.ts) maps
 * onto this contract — the design it follows, with the choices it made noted:
 * - session → hash `s:{id}` with field `json` and `version` (or a JSON string plus a `v:{id}` counter);
 *   the `{id}` hash tag keeps a session's keys in one cluster slot.
 * - events → an append-only log per session; redis.ts uses a list (index + 1 = seq, LRANGE for replay);
 *   a stream with explicit ids `<seq>-0` would serve as well.
 * - transition → one Lua script (or WATCH s:{id} / MULTI / EXEC): compare `version`, write the
 *   session, XADD the event, ZADD the webhook job, SET the refs; nothing else can interleave.
 * - subscribe → the transition script PUBLISHes `ev:{id}` (commit order); each instance keeps ONE
 *   pattern subscription and fans out locally with the same `Subscribers` map as here, so SSE streams
 *   on any instance see events committed on any other (the SSE writer's backlog read + seq de-dup
 *   covers the gap between subscribe and replay).
 * - refs → plain keys `r:{key}` → id (plus a set `rs:{id}` listing them, for purge).
 * - blobs → keys `b:{id}:{name}` (binary-safe strings), with the session's TTL as a safety net.
 * - listActive / countByStatus → a set per status `st:{status}` maintained inside the transition script.
 * - webhook outbox → sorted set `wh:due` scored by nextAttemptAt + hash `wh:{jobId}`; instances claim a
 *   job with ZREM (only the one that removed it sends), re-adding it on failure.
 * - purge → a sorted set `upd` by updatedAt of terminal sessions, walked in batches.
 */
import { resolve } from 'node:path';
import { MemoryStore } from './memory.ts';
import type { StoreOptions } from './shared.ts';
import { SqliteStore } from './sqlite.ts';
import type { Store } from './types.ts';

export type { StoreOptions } from './shared.ts';
export {
  DuplicateSessionError,
  StoreClosedError,
  StoreUnavailableError,
  StoreUnreachableError,
} from './shared.ts';
export type * from './types.ts';
export { MemoryStore, SqliteStore };

export const DEFAULT_STORE_URL = 'sqlite:./.data/relay.sqlite';

/** Why a `RELAY_STORE` value cannot be used, or null when it can. Shared with config validation. */
/** A store URL as it may appear in an error: any password replaced. */
function shown(url: string): string {
  return url.replace(/\/\/[^/@]*@/, '//***@');
}

export function storeUrlProblem(url: string): string | null {
  if (url === 'memory:' || url === 'memory') return null;
  if (url.startsWith('sqlite:')) {
    return url.slice('sqlite:'.length).trim()
      ? null
      : 'sqlite: needs a file path, e.g. sqlite:./.data/relay.sqlite';
  }
  if (url.startsWith('redis://') || url.startsWith('rediss://')) {
    try {
      new URL(url);
      return null;
    } catch {
      return `"${shown(url)}" is not a valid redis:// URL`;
    }
  }
  return `"${shown(url)}" is not a store URL (sqlite:<path>, memory: or redis://host:port)`;
}

export async function createStore(
  url: string = DEFAULT_STORE_URL,
  options: StoreOptions = {},
): Promise<Store> {
  const problem = storeUrlProblem(url);
  if (problem) throw new Error(`RELAY_STORE: ${problem}`);
  if (url.startsWith('memory')) return new MemoryStore(options);
  if (url.startsWith('redis')) {
    // Loaded only when used: single-instance deployments never touch ioredis.
    const { RedisStore } = await import('./redis.ts');
    return RedisStore.connect(url, options);
  }
  const path = url.slice('sqlite:'.length).trim();
  return new SqliteStore(path === ':memory:' ? path : resolve(path), options);
}
