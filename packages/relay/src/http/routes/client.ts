/** Client API: the widget, authenticated by a client token that opens exactly one session. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { isAllowedOrigin } from '../../config/origins.ts';
import { createRateLimiter } from '../../flows/rate-limit.ts';
import {
  bodyErrors,
  CancelResponse,
  CLIENT_API,
  CLIENT_API_OR_QUERY,
  ClientSessionView,
  CreatedSession,
  idParam,
  json,
  OpenStartBody,
  problem,
  rateLimited,
  StartRequest,
  StartResponse,
  unauthorized,
} from '../../openapi/schemas.ts';
import { parseLastEventId, streamSessionEvents } from '../../sse/index.ts';
import type { RelayEnv } from '../env.ts';
import { clientTokenAuth } from '../middleware/auth.ts';
import { jsonBody } from '../middleware/json-body.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { streamLimit } from '../middleware/stream-limit.ts';
import { problems } from '../problem.ts';
import { invalidInput, router } from '../router.ts';
import { clientView } from '../views.ts';
import { returnPage } from './return-page.ts';
import type { RouteOptions } from './server.ts';

const client = { tags: ['client'], security: CLIENT_API };
/** A wrong or another session's token is a 404, so a token never reveals whether a session exists. */
const noSession = { 404: problem('No session for this token (`code`: not_found)') };
const ended = (what: string) => ({ 409: problem(`${what} (\`code\`: session_terminal, conflict, …)`) });

export function clientRoutes(
  o: RouteOptions & { sseHeartbeatMs?: number; sseRetryMs?: number },
): OpenAPIHono<RelayEnv> {
  const { deps, flows } = o;
  const { store, config } = deps;
  const app = router();
  const auth = clientTokenAuth(store);
  const perMinute = (limit: number, scope: string) =>
    rateLimit(createRateLimiter({ store, name: 'client', limit, windowMs: 60_000 }), {
      trustProxy: config.trustProxy,
      scope,
    });
  const createLimit = perMinute(config.rateLimit.createPerMinute, 'create');
  const startLimit = perMinute(config.rateLimit.startPerMinute, 'start');

  const getSession = createRoute({
    ...client,
    method: 'get',
    path: '/v1/client/sessions/{id}',
    operationId: 'getClientSession',
    summary: 'Public view of a session (no personal data, no documents)',
    middleware: [auth] as const,
    request: { params: idParam('session id') },
    responses: { 200: json(ClientSessionView, 'The session'), ...noSession, ...unauthorized },
  });
  app.openapi(getSession, async (c) => {
    const { id } = c.req.valid('param');
    await flows.refresh(id, o.recheckMs, 1500);
    const s = (await store.get(id)) ?? c.get('session');
    return c.json(clientView(s), 200);
  });

  const start = createRoute({
    ...client,
    method: 'post',
    path: '/v1/client/sessions/{id}/start',
    operationId: 'startClientSession',
    summary: 'Start after the customer consented; the provider is contacted only now',
    middleware: [startLimit, auth, jsonBody({ limit: o.jsonLimit, optional: true })] as const,
    request: {
      params: idParam('session id'),
      body: { required: true, content: { 'application/json': { schema: StartRequest } } },
    },
    responses: {
      200: json(StartResponse, 'Started (or already started: the current status, no second provider call)'),
      ...bodyErrors('1 MiB'),
      ...noSession,
      ...ended('Already ended or expired'),
      422: problem('BORICA rejected the start (`code`: provider_rejected)'),
      502: problem('BORICA unreachable or failing (`code`: provider_unavailable)'),
      ...unauthorized,
      ...rateLimited,
    },
  });
  app.openapi(
    start,
    async (c) => {
      // the widget's display mode decides where BORICA sends the customer back (flows/urls.ts)
      const { display, returnUrl } = c.req.valid('json');
      return c.json(await flows.start(c.req.valid('param').id, { display, returnUrl }), 200);
    },
    invalidInput((errors) => (errors.some((e) => e.path === 'consent') ? 'consent_required' : undefined)),
  );

  const cancel = createRoute({
    ...client,
    method: 'post',
    path: '/v1/client/sessions/{id}/cancel',
    operationId: 'cancelClientSession',
    middleware: [auth] as const,
    request: { params: idParam('session id') },
    responses: {
      200: json(CancelResponse, 'Cancelled'),
      ...noSession,
      ...ended('Already ended, or BORICA already has the customer'),
      ...unauthorized,
    },
  });
  app.openapi(cancel, async (c) => c.json(await flows.cancel(c.req.valid('param').id), 200));

  const events = createRoute({
    ...client,
    security: CLIENT_API_OR_QUERY,
    method: 'get',
    path: '/v1/client/sessions/{id}/events',
    operationId: 'streamClientSessionEvents',
    summary: 'Server-sent events: `event: status`, `id: <seq>`, data = StatusEvent',
    description:
      'The first event is the current state; with `Last-Event-ID` every later event is replayed first, none ' +
      'twice. A `: hb` comment at least every 15 s; `retry:` is set. The stream ends after a terminal status.',
    middleware: [
      clientTokenAuth(store, { allowQueryToken: true }),
      streamLimit({ registry: deps.sse, metrics: deps.metrics, trustProxy: config.trustProxy }),
    ] as const,
    request: {
      params: idParam('session id'),
      headers: z.object({
        'last-event-id': z.string().optional().openapi({ description: 'The last `id:` seen, to resume' }),
      }),
    },
    responses: {
      200: {
        description: 'The event stream; each `data:` is a StatusEvent (`#/components/schemas/StatusEvent`)',
        content: { 'text/event-stream': { schema: { type: 'string' } } },
      },
      429: problem('Too many open streams for this session or client IP (`code`: rate_limited)'),
      ...noSession,
      ...unauthorized,
    },
  });
  // Documented with its Last-Event-ID header, served without a header validator: validating headers
  // copies every request header into a Headers object that @hono/node-server's close listener keeps
  // for the stream's whole life (bench/sse-memory). Any value is accepted anyway (parseLastEventId).
  const { middleware: _servedOnly, ...documented } = events;
  app.openAPIRegistry.registerPath(documented);
  const { headers: _documentedOnly, ...served } = events.request;
  app.openapi({ ...events, request: served, hide: true }, (c) => {
    const lastEventId = parseLastEventId(c.req.header('last-event-id'));
    return streamSessionEvents(c, {
      store,
      sessionId: c.req.valid('param').id,
      registry: deps.sse,
      slot: c.get('streamSlot'),
      ...(lastEventId !== undefined ? { lastEventId } : {}),
      ...(o.sseHeartbeatMs ? { heartbeatMs: o.sseHeartbeatMs } : {}),
      ...(o.sseRetryMs ? { retryMs: o.sseRetryMs } : {}),
    });
  });

  // Open start: for sites without a backend. Only from an allowed Origin, only when switched on.
  const openStart = createRoute({
    tags: ['client'],
    method: 'post',
    path: '/v1/client/identifications',
    operationId: 'openStartIdentification',
    summary: 'Widget-created identification (only with RELAY_OPEN_START=true and an allowed Origin)',
    middleware: [
      async function openStartAllowed(c, next) {
        if (!config.openStart) throw problems.forbidden('Open start is disabled (RELAY_OPEN_START).');
        if (!isAllowedOrigin(c.req.header('origin'), config.allowedOrigins)) {
          throw problems.forbidden('This Origin may not start identifications.');
        }
        await next();
      },
      createLimit,
      jsonBody({ limit: o.jsonLimit }),
    ] as const,
    request: { body: { required: true, content: { 'application/json': { schema: OpenStartBody } } } },
    responses: {
      201: json(CreatedSession, 'Created'),
      403: problem(
        'Open start (or its B-Trust MOBILE part) disabled, or Origin not allowed (`code`: forbidden)',
      ),
      ...bodyErrors('1 MiB'),
      ...rateLimited,
    },
  });
  app.openapi(openStart, async (c) => {
    const body = c.req.valid('json');
    // Anyone can send an allowed Origin from a script of their own, and a mobile start makes BORICA push
    // a request to the phone of whatever id is typed in, billed to the relying party: opt-in only.
    if (body.method === 'mobile') {
      if (!config.openStartMobile) {
        throw problems.forbidden('Open start of B-Trust MOBILE is disabled (RELAY_OPEN_START_MOBILE).');
      }
      if (body.externalRef !== undefined || body.web !== undefined) {
        const path = body.externalRef !== undefined ? 'externalRef' : 'web';
        throw problems.invalid([{ path, message: 'is for the server API only' }]);
      }
    }
    const { session, clientToken } = await flows.createIdentification(body);
    return c.json(
      {
        id: session.id,
        kind: 'identification' as const,
        method: session.method,
        status: session.status,
        clientToken,
        expiresAt: session.expiresAt,
      },
      201,
    );
  });

  const returned = createRoute({
    tags: ['client'],
    method: 'get',
    path: '/v1/client/return',
    operationId: 'returnPage',
    summary: 'Where BORICA sends the customer back when no returnUrl was given: "you can close this window"',
    request: {
      // Unknown values fall back rather than fail: a customer lands here from BORICA.
      query: z.object({
        outcome: z.string().optional().openapi({ description: '`success` or `cancel` (else: success)' }),
        lang: z.string().optional().openapi({ description: '`bg` or `en` (else: bg)' }),
      }),
    },
    responses: {
      200: {
        description: 'A static page, no script',
        content: { 'text/html': { schema: { type: 'string' } } },
      },
    },
  });
  app.openapi(returned, (c) => returnPage(c));

  return app;
}
