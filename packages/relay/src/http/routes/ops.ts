/** Operations: liveness, readiness (store, credentials, certificate), Prometheus metrics, OpenAPI. */
import { Hono } from 'hono';
import type { RelayDeps } from '../../deps.ts';
import { METRICS_CONTENT_TYPE } from '../../metrics/index.ts';
import { buildOpenApi } from '../../openapi/index.ts';
import type { RelayEnv } from '../env.ts';

export function opsRoutes(deps: RelayDeps): Hono<RelayEnv> {
  const app = new Hono<RelayEnv>();
  let openapi: object | undefined;

  app.get('/healthz', (c) => c.json({ status: 'ok' }));

  app.get('/readyz', async (c) => {
    const checks: Record<string, unknown> = {};
    let ready = true;
    try {
      await deps.store.ping();
      checks.store = 'ok';
    } catch {
      checks.store = 'unreachable';
      ready = false;
    }
    try {
      const info = deps.provider.certificateInfo();
      const daysLeft = Math.floor(info.daysLeft);
      checks.credentials = 'loaded';
      checks.certificate = { notAfter: info.notAfter.toISOString(), daysLeft };
      if (daysLeft < 0 || info.notAfter.getTime() <= Date.now()) {
        checks.certificate = { notAfter: info.notAfter.toISOString(), daysLeft, expired: true };
        ready = false;
      }
    } catch {
      checks.credentials = 'not loaded';
      ready = false;
    }
    return c.json({ status: ready ? 'ready' : 'not_ready', checks }, ready ? 200 : 503);
  });

  app.get('/metrics', async (c) => {
    const text = await deps.metrics.render();
    return c.body(text, 200, { 'content-type': METRICS_CONTENT_TYPE });
  });

  app.get('/openapi.json', (c) => {
    openapi ??= buildOpenApi();
    return c.json(openapi);
  });

  return app;
}
