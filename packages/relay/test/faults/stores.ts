/** The stores every fault case runs on: SQLite always, Redis when redis-server is installed (setup installs it). */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { hasRedisServer, type RedisServer, startRedisServer } from '../core/redis-server.ts';
import { type StoreKind, startWorld, type World } from './world.ts';

export const STORES: StoreKind[] = hasRedisServer() ? ['sqlite', 'redis'] : ['sqlite'];

/** One redis-server for the file; `world(kind)` makes a case's world and closes it after the file. */
export type WorldFactory = (kind: StoreKind, o?: { sqliteFile?: string }) => Promise<World>;

export function useWorlds(): WorldFactory {
  let redis: RedisServer | undefined;
  const open: World[] = [];
  beforeAll(async () => {
    if (STORES.includes('redis')) redis = await startRedisServer();
  });
  afterAll(async () => {
    await Promise.all(open.map((w) => w.close()));
    await redis?.stop();
  });
  return async (kind, o = {}) => {
    const w = await startWorld({ kind, ...o, ...(redis && { redisUrl: redis.url }) });
    open.push(w);
    return w;
  };
}

/** One relay for a describe block whose cases run one after another; faults cleared after each. */
export function sharedWorld(world: WorldFactory, kind: StoreKind, opts = { start: true }): () => World {
  let w: World | undefined;
  beforeAll(async () => {
    w = await world(kind);
    if (opts.start) await w.start();
  }, 120_000);
  afterEach(() => w?.sim.control.faults.clear());
  return () => {
    if (!w) throw new Error('the shared relay did not start');
    return w;
  };
}
