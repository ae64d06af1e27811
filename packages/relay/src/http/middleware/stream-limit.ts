/**
 * Caps open event streams per session and per client IP (429 `rate_limited`). Runs after the token
 * check, so a refused token never takes a slot; the slot goes to the stream, which gives it back
 * when it closes — or back at once if the handler fails before a stream opened.
 */
import type { MiddlewareHandler } from 'hono';
import type { Metrics } from '../../metrics/index.ts';
import type { SseRegistry } from '../../sse/index.ts';
import type { RelayEnv } from '../env.ts';
import { ProblemError } from '../problem.ts';
import { clientIp, rateKey } from './rate-limit.ts';

/** EventSource retries on its own after `retry:`; a 429 tells a well-behaved client to wait this long. */
const RETRY_AFTER_S = 10;

export function streamLimit(o: {
  registry: SseRegistry;
  metrics: Metrics;
  trustProxy: boolean;
}): MiddlewareHandler<RelayEnv> {
  return async function streamLimit(c, next) {
    const slot = o.registry.limits.acquire(c.req.param('id') ?? '', rateKey(clientIp(c, o.trustProxy)));
    if (typeof slot === 'string') {
      o.metrics.limitRefusals.inc({ limit: slot });
      throw new ProblemError(429, 'rate_limited', {
        detail:
          slot === 'sse_per_session'
            ? 'This session has as many open event streams as allowed; close one first.'
            : 'This client has as many open event streams as allowed; close one first.',
        headers: { 'retry-after': String(RETRY_AFTER_S) },
      });
    }
    c.set('streamSlot', slot);
    try {
      await next();
    } catch (e) {
      slot.release();
      throw e;
    }
    // Hono's onError turned a failure into a response without rethrowing: no stream holds the slot.
    if (c.error) slot.release();
  };
}
