/** Operations: liveness, readiness (store, credentials, certificate), Prometheus metrics, OpenAPI. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { RelayDeps } from '../../deps.ts';
import { METRICS_CONTENT_TYPE } from '../../metrics/index.ts';
import { json } from '../../openapi/schemas.ts';
import { readReadings } from '../../provider/index.ts';
import { StoreUnavailableError } from '../../store/index.ts';
import type { RelayEnv } from '../env.ts';
import { router } from '../router.ts';

const operations = { tags: ['operations'] };
const text = (description: string, type: string) => ({
  description,
  content: { [type]: { schema: { type: 'string' as const } } },
});

const Readiness = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    checks: z.record(z.string(), z.unknown()).openapi({
      description:
        'store, credentials, certificate {notAfter, daysLeft, expired?}, provider {readings}: how BORICA reads the guide where it is ambiguous, as learned',
    }),
  })
  .openapi('Readiness');

/** `document` builds /openapi.json from the whole app (known only once every route is mounted). */
export function opsRoutes(deps: RelayDeps, document: () => object): OpenAPIHono<RelayEnv> {
  const app = router();
  let openapi: object | undefined;

  const healthz = createRoute({
    ...operations,
    method: 'get',
    path: '/healthz',
    operationId: 'healthz',
    responses: { 200: json(z.object({ status: z.literal('ok') }), 'The process runs') },
  });
  app.openapi(healthz, (c) => c.json({ status: 'ok' as const }, 200));

  const readyz = createRoute({
    ...operations,
    method: 'get',
    path: '/readyz',
    operationId: 'readyz',
    summary: 'Store reachable, credentials loaded, client certificate valid (days left)',
    responses: { 200: json(Readiness, 'Ready'), 503: json(Readiness, 'Not ready') },
  });
  app.openapi(readyz, async (c) => {
    const checks: Record<string, unknown> = {};
    let ready = true;
    try {
      await deps.store.ping();
      checks.store = 'ok';
    } catch (err) {
      // Reachable but not writable (disk full, read-only) is not ready either, and says why.
      checks.store = err instanceof StoreUnavailableError ? `unwritable: ${err.reason}` : 'unreachable';
      ready = false;
    }
    // How this provider reads the guide's ambiguous points, as learned so far (provider/readings.ts).
    checks.provider = { readings: await readReadings(deps.store).catch(() => ({})) };
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
    return ready
      ? c.json({ status: 'ready' as const, checks }, 200)
      : c.json({ status: 'not_ready' as const, checks }, 503);
  });

  const metrics = createRoute({
    ...operations,
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    responses: { 200: text('Prometheus text format 0.0.4', 'text/plain') },
  });
  app.openapi(metrics, async (c) =>
    c.body(await deps.metrics.render(), 200, { 'content-type': METRICS_CONTENT_TYPE }),
  );

  const openapiJson = createRoute({
    ...operations,
    method: 'get',
    path: '/openapi.json',
    operationId: 'openapi',
    responses: { 200: json(z.object({}).passthrough(), 'This document (OpenAPI 3.1)') },
  });
  app.openapi(openapiJson, (c) => {
    openapi ??= document();
    return c.json(openapi, 200);
  });

  return app;
}
