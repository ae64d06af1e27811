/** Deletes ended sessions (events, blobs, refs with them) after RELAY_RETENTION_DAYS. */
import type { FlowContext } from './context.ts';
import { errorCode } from './provider-errors.ts';

export function createRetention(ctx: FlowContext, intervalMs = 3_600_000) {
  let timer: NodeJS.Timeout | undefined;
  async function sweep(): Promise<number> {
    try {
      const before = new Date(ctx.now().getTime() - ctx.config.retentionDays * 86_400_000);
      const n = await ctx.store.purge(before);
      if (n) ctx.log.info({ purged: n }, 'retention purge');
      return n;
    } catch (e) {
      ctx.log.warn({ code: errorCode(e) }, 'retention purge failed');
      return 0;
    }
  }
  return {
    sweep,
    start() {
      void sweep();
      timer = setInterval(() => void sweep(), intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
