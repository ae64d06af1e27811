/** Client API: the widget, authenticated by a client token that opens exactly one session. */
import { CreateIdentificationRequest, OpenStartRequest, StartRequest } from '@borica-identify/protocol';
import { Hono } from 'hono';
import { isAllowedOrigin } from '../../config/origins.ts';
import type { CreateIdentificationInput } from '../../flows/create.ts';
import { createRateLimiter } from '../../flows/rate-limit.ts';
import { parseLastEventId, streamSessionEvents } from '../../sse/index.ts';
import type { RelayEnv } from '../env.ts';
import { clientTokenAuth } from '../middleware/auth.ts';
import { jsonBody } from '../middleware/json-body.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { problems } from '../problem.ts';
import { clientView } from '../views.ts';
import { returnPage } from './return-page.ts';
import type { RouteOptions } from './server.ts';

const isMobile = (json: unknown) =>
  typeof json === 'object' && json !== null && (json as { method?: unknown }).method === 'mobile';

export function clientRoutes(
  o: RouteOptions & { sseHeartbeatMs?: number; sseRetryMs?: number },
): Hono<RelayEnv> {
  const { deps, flows } = o;
  const { store, config } = deps;
  const app = new Hono<RelayEnv>();
  const auth = clientTokenAuth(store);
  const createLimit = rateLimit(
    createRateLimiter({ store, name: 'client', limit: config.rateLimit.createPerMinute, windowMs: 60_000 }),
    {
      trustProxy: config.trustProxy,
      scope: 'create',
    },
  );
  const startLimit = rateLimit(
    createRateLimiter({ store, name: 'client', limit: config.rateLimit.startPerMinute, windowMs: 60_000 }),
    {
      trustProxy: config.trustProxy,
      scope: 'start',
    },
  );

  app.get('/v1/client/sessions/:id', auth, async (c) => {
    const id = c.req.param('id');
    await flows.refresh(id, o.recheckMs, 1500);
    const s = (await store.get(id)) ?? c.get('session');
    return c.json(clientView(s));
  });

  app.post(
    '/v1/client/sessions/:id/start',
    startLimit,
    auth,
    jsonBody(StartRequest, {
      limit: o.jsonLimit,
      optional: true,
      codeFor: (errors) => (errors.some((e) => e.path === 'consent') ? 'consent_required' : undefined),
    }),
    async (c) => {
      const { display, returnUrl } = (c.get('body') as StartRequest | undefined) ?? {};
      return c.json(await flows.start(c.req.param('id'), { display, returnUrl }));
    },
  );

  app.post('/v1/client/sessions/:id/cancel', auth, async (c) =>
    c.json(await flows.cancel(c.req.param('id'))),
  );

  app.get('/v1/client/sessions/:id/events', clientTokenAuth(store, { allowQueryToken: true }), (c) => {
    const lastEventId = parseLastEventId(c.req.header('last-event-id'));
    return streamSessionEvents(c, {
      store,
      sessionId: c.req.param('id'),
      registry: deps.sse,
      ...(lastEventId !== undefined ? { lastEventId } : {}),
      ...(o.sseHeartbeatMs ? { heartbeatMs: o.sseHeartbeatMs } : {}),
      ...(o.sseRetryMs ? { retryMs: o.sseRetryMs } : {}),
    });
  });

  // Open start: for sites without a backend. Only from an allowed Origin, only when switched on.
  app.post(
    '/v1/client/identifications',
    async function openStartAllowed(c, next) {
      if (!config.openStart) throw problems.forbidden('Open start is disabled (RELAY_OPEN_START).');
      const origin = c.req.header('origin');
      if (!isAllowedOrigin(origin, config.allowedOrigins)) {
        throw problems.forbidden('This Origin may not start identifications.');
      }
      await next();
    },
    createLimit,
    jsonBody(OpenStartRequest, {
      limit: o.jsonLimit,
      // The contract's shape is web; a widget's mobile form sends the person as well.
      schemaFor: (json) => (isMobile(json) ? CreateIdentificationRequest : OpenStartRequest),
    }),
    async (c) => {
      const body = c.get('body') as CreateIdentificationInput;
      // Anyone can send an allowed Origin from a script of their own, and a mobile start makes BORICA push
      // a request to the phone of whatever id is typed in, billed to the relying party: opt-in only.
      if (body.method === 'mobile' && !config.openStartMobile) {
        throw problems.forbidden('Open start of B-Trust MOBILE is disabled (RELAY_OPEN_START_MOBILE).');
      }
      if (body.externalRef !== undefined || body.web !== undefined) {
        throw problems.invalid([
          {
            path: body.externalRef !== undefined ? 'externalRef' : 'web',
            message: 'is for the server API only',
          },
        ]);
      }
      const { session, clientToken } = await flows.createIdentification(body);
      return c.json(
        {
          id: session.id,
          kind: 'identification',
          method: session.method,
          status: session.status,
          clientToken,
          expiresAt: session.expiresAt,
        },
        201,
      );
    },
  );

  app.get('/v1/client/return', (c) => returnPage(c));

  return app;
}
