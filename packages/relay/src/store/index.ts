/**
 * Chooses the store adapter from `RELAY_STORE`.
 *
 * How a Redis adapter (`redis://…`, several relay instances behind a load balancer) maps onto this
 * contract, for whoever writes it:
 * - session → hash `s:{id}` with field `json` and `version` (or a JSON string plus a `v:{id}` counter);
 *   the `{id}` hash tag keeps a session's keys in one cluster slot.
 * - events → a stream `e:{id}` with XADD using explicit ids `<seq>-0`, so `events(id, afterSeq)` is
 *   XRANGE `(<afterSeq>-0 +` and duplicates are impossible.
 * - transition → one Lua script (or WATCH s:{id} / MULTI / EXEC): compare `version`, write the
 *   session, XADD the event, ZADD the webhook job, SET the refs; nothing else can interleave.
 * - subscribe → after EXEC, PUBLISH `ev:{id}` with the event; each instance keeps ONE pattern or
 *   sharded subscription and fans out locally with the same `Subscribers` map as here, so SSE streams
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
export { DuplicateSessionError, StoreClosedError } from './shared.ts';
export type * from './types.ts';
export { MemoryStore, SqliteStore };

export const DEFAULT_STORE_URL = 'sqlite:./.data/relay.sqlite';

/** Why a `RELAY_STORE` value cannot be used, or null when it can. Shared with config validation. */
export function storeUrlProblem(url: string): string | null {
  if (url === 'memory:' || url === 'memory') return null;
  if (url.startsWith('sqlite:')) {
    return url.slice('sqlite:'.length).trim()
      ? null
      : 'sqlite: needs a file path, e.g. sqlite:./.data/relay.sqlite';
  }
  if (url.startsWith('redis://') || url.startsWith('rediss://')) {
    return 'the Redis adapter is not part of this release yet; use sqlite:<path> (one instance) or memory:';
  }
  return `"${url}" is not a store URL (sqlite:<path>, memory: or redis://host:port)`;
}

export async function createStore(
  url: string = DEFAULT_STORE_URL,
  options: StoreOptions = {},
): Promise<Store> {
  const problem = storeUrlProblem(url);
  if (problem) throw new Error(`RELAY_STORE: ${problem}`);
  if (url.startsWith('memory')) return new MemoryStore(options);
  const path = url.slice('sqlite:'.length).trim();
  return new SqliteStore(path === ':memory:' ? path : resolve(path), options);
}
