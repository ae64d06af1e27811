/**
 * Request id (`x-request-id` in and out), a child logger carrying it, one structured line per request
 * and the HTTP metrics. Only the route pattern and path are logged: never query strings (EventSource
 * puts the client token there) and never the callback secret (its path segment is replaced).
 */
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Logger } from 'pino';
import type { Metrics } from '../../metrics/index.ts';
import type { RelayEnv } from '../env.ts';

const INCOMING_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestContext(opts: { log: Logger; metrics: Metrics }): MiddlewareHandler<RelayEnv> {
  return async function requestContext(c, next) {
    const started = performance.now();
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    const log = opts.log.child({ reqId: requestId });
    c.set('requestId', requestId);
    c.set('log', log);
    c.header('x-request-id', requestId);
    await next();
    try {
      c.res.headers.set('x-request-id', requestId);
    } catch {
      // Immutable headers (a response passed through as is): the id was set before next() already.
    }
    const pattern = routePath(c, -1);
    const route = !pattern || pattern.endsWith('*') ? 'unmatched' : pattern;
    const status = c.res.status;
    const ms = Math.round((performance.now() - started) * 10) / 10;
    opts.metrics.httpRequests.inc({ method: c.req.method, route, status: String(status) });
    opts.metrics.httpDuration.observe({ method: c.req.method, route }, ms / 1000);
    if (status === 413) opts.metrics.limitRefusals.inc({ limit: 'body_size' });
    const path = c.req.path.startsWith('/v1/borica/callbacks/')
      ? '/v1/borica/callbacks/[secret]'
      : c.req.path;
    const line = { method: c.req.method, route, path, status, ms };
    if (status >= 500) log.error(line, 'request');
    else log.info(line, 'request');
  };
}
