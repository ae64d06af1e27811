/** Per-client-IP limits on the calls that create or start sessions (kept by the store: shared on Redis). */
import { isIPv6 } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import type { RateLimiter } from '../../flows/rate-limit.ts';
import type { RelayEnv } from '../env.ts';
import { problems } from '../problem.ts';

/**
 * The key a client is limited under: an IPv4 address as is (also when written IPv4-mapped), an IPv6
 * address by its /64, since one subscriber holds a whole /64 and could otherwise pick a fresh
 * address per request.
 */
export function rateKey(ip: string): string {
  const addr = ip.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(addr);
  if (mapped) return mapped[1]!;
  if (!isIPv6(addr)) return addr;
  const [head = '', tail] = addr.split('::');
  const groups = (part: string | undefined) =>
    part ? part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])) : [];
  const h = groups(head);
  const t = groups(tail);
  const all = tail === undefined ? h : [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t];
  return `${all
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

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
    const retry = await limiter.hit(`${opts.scope}:${rateKey(clientIp(c, opts.trustProxy))}`);
    if (retry) throw problems.rateLimited(retry);
    await next();
  };
}
