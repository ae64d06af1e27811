/** Per-client-IP limits on the calls that create or start sessions (in-memory, per instance). */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import type { RateLimiter } from '../../flows/rate-limit.ts';
import type { RelayEnv } from '../env.ts';
import { problems } from '../problem.ts';

export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    // The last entry is the one our own proxy appended; everything before it is whatever the client
    // sent, so taking the first would let anyone pick a fresh "IP" per request.
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // Not behind @hono/node-server (app.request in tests).
    return 'unknown';
  }
}

export function rateLimit(
  limiter: RateLimiter,
  opts: { trustProxy: boolean; scope: string },
): MiddlewareHandler<RelayEnv> {
  return async function rateLimit(c, next) {
    const retry = limiter.hit(`${opts.scope}:${clientIp(c, opts.trustProxy)}`);
    if (retry) throw problems.rateLimited(retry);
    await next();
  };
}
