/**
 * The relay's HTTP app, built from its dependencies. The file that listens on a port (src/server.ts,
 * src/cli.ts) does nothing else; tests can call `app.request()` directly.
 */
import type { Hono } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { isAllowedOrigin } from '../config/origins.ts';
import type { RelayDeps } from '../deps.ts';
import { isRelayError } from '../errors/index.ts';
import { createFlows, type Flows } from '../flows/index.ts';
import { errorCode } from '../flows/provider-errors.ts';
import { describeApi, openApiDocument } from '../openapi/document.ts';
import { StoreUnavailableError } from '../store/index.ts';
import { requestContext } from './middleware/request-context.ts';
import { ProblemError, problemResponse, relayErrorResponse } from './problem.ts';
import { router } from './router.ts';
import { callbackRoutes } from './routes/callbacks.ts';
import { clientRoutes } from './routes/client.ts';
import { opsRoutes } from './routes/ops.ts';
import { serverRoutes } from './routes/server.ts';
import { signingBody } from './uploads/signing-body.ts';

export type { RelayDeps } from '../deps.ts';

export interface Relay {
  /** Typed as a plain Hono app for whoever mounts or serves it; routes use `RelayEnv` inside. */
  app: Hono;
  flows: Flows;
  /** Resumes pollers from the store, starts the retention timer and the webhook dispatcher. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

const MB = 1024 * 1024;

export function createRelay(deps: RelayDeps): Relay {
  const { config } = deps;
  const tuning = deps.tuning ?? {};
  const flows = createFlows(deps);
  const app = router();
  describeApi(app);
  const routeOptions = {
    deps,
    flows,
    jsonLimit: tuning.jsonLimitBytes ?? MB,
    signingUploads: signingBody({
      limit: tuning.signingLimitBytes ?? config.limits?.signingMaxBytes ?? 30 * MB,
      concurrency: config.limits?.signingUploads ?? 1,
    }),
    recheckMs: tuning.clientRecheckMs ?? 2000,
  };

  app.use('*', requestContext({ log: deps.log, metrics: deps.metrics }));
  app.use(
    '*',
    methodNotAllowed({
      app,
      onMethodNotAllowed: (_c, methods) =>
        problemResponse(
          405,
          'invalid_request',
          `Method not allowed here; use ${methods.join(', ')}.`,
          undefined,
          {
            allow: methods.join(', '),
          },
        ),
    }),
  );
  app.use(
    '/v1/client/*',
    cors({
      origin: (origin) => (isAllowedOrigin(origin, config.allowedOrigins) ? origin : null),
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type', 'Last-Event-ID'],
      maxAge: 600,
    }),
  );

  app.route('/', serverRoutes(routeOptions));
  app.route(
    '/',
    clientRoutes({
      ...routeOptions,
      ...(tuning.sseHeartbeatMs ? { sseHeartbeatMs: tuning.sseHeartbeatMs } : {}),
      ...(tuning.sseRetryMs ? { sseRetryMs: tuning.sseRetryMs } : {}),
    }),
  );
  app.route('/', callbackRoutes({ flows, limit: routeOptions.jsonLimit }));
  app.route(
    '/',
    opsRoutes(deps, () => openApiDocument(app, { publicUrl: config.publicUrl })),
  );

  app.notFound(() => problemResponse(404, 'not_found', 'No such route.'));

  app.onError((err, c) => {
    if (isRelayError(err)) return relayErrorResponse(err);
    if (err instanceof ProblemError) {
      return problemResponse(err.status, err.code, err.detail, err.errors, err.headers);
    }
    if (err instanceof HTTPException) {
      // Hono's own (e.g. a malformed request it refused): map by status, never forward its text.
      const status = err.status;
      if (status === 413) return problemResponse(413, 'payload_too_large', 'The body is too large.');
      if (status === 415)
        return problemResponse(415, 'unsupported_media_type', 'Send the body as application/json.');
      if (status === 401)
        return problemResponse(401, 'unauthorized', undefined, undefined, { 'www-authenticate': 'Bearer' });
      if (status === 404) return problemResponse(404, 'not_found');
      if (status >= 400 && status < 500)
        return problemResponse(400, 'invalid_request', 'The request is malformed.');
    }
    const log = c.get('log') ?? deps.log;
    if (err instanceof StoreUnavailableError) {
      // One line an operator acts on (no stack): the cause is the disk or Redis, not the request.
      log.error({ code: 'store_unavailable', storeCode: err.storeCode }, err.summary);
      return problemResponse(
        503,
        'store_unavailable',
        'The relay cannot save data right now; try again later.',
        undefined,
        {
          'retry-after': '30',
        },
      );
    }
    log.error({ code: errorCode(err), err }, 'unexpected error');
    return problemResponse(500, 'internal', 'An unexpected error occurred.');
  });

  return {
    app: app as unknown as Hono,
    flows,
    async start() {
      await flows.startBackground();
      deps.webhooks?.start();
    },
    async stop() {
      await flows.stopBackground();
      await deps.webhooks?.stop();
      await routeOptions.signingUploads.close();
    },
  };
}
