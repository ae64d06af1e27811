/**
 * A throwaway redis-server for the multi-instance benchmarks: the relay tests' launcher (one place
 * for how redis-server is started), with AOF on and fsynced every second, as the relay README
 * recommends for production.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedisServer } from '../../packages/relay/test/core/redis-server.ts';

export { freePort } from '../../packages/relay/test/core/redis-server.ts';

export async function startRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-redis-'));
  const redis = await startRedisServer({ aofDir: dir, fsync: 'everysec' });
  return {
    url: redis.url,
    async stop() {
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
