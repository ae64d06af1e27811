/**
 * Vitosha Bank's website: a relying party integrating borica-identify the way the product contract
 * intends. Its backend creates sessions with the relay's server API (the API key never leaves this
 * server), hands each page a client token, and reads the authoritative result itself.
 */
import { Hono } from 'hono';
import { createKit, type SiteDeps } from './kit.ts';
import { RelayApiError } from './relay-api.ts';
import { backofficeRoutes } from './routes/backoffice.ts';
import { contractRoutes } from './routes/contract.ts';
import { fileRoutes } from './routes/files.ts';
import { journeyRoutes } from './routes/journey.ts';
import { retryRoutes } from './routes/retry.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { securityHeaders } from './security.ts';

export type { SiteDeps } from './kit.ts';

export function createSite(deps: SiteDeps): Hono {
  const app = new Hono();
  app.use(securityHeaders({ relayUrl: deps.relayUrl, simulatorUrl: deps.simulatorUrl }));
  const kit = createKit(deps);
  const { newWebIdentification } = journeyRoutes(app, deps, kit);
  const { newSigning } = contractRoutes(app, deps, kit);
  retryRoutes(app, deps, kit, { newWebIdentification, newSigning });
  backofficeRoutes(app, deps, kit);
  webhookRoutes(app, deps, kit);
  fileRoutes(app, deps, kit);

  app.notFound((c) => c.text('Not found', 404));
  app.onError((err, c) => {
    deps.log(
      `error ${c.req.method} ${new URL(c.req.url).pathname}: ${err instanceof RelayApiError ? err.problem.code : err.name}`,
    );
    return c.text(
      err instanceof RelayApiError
        ? 'The relay is unavailable right now. Try again in a moment.'
        : 'Something went wrong.',
      502,
    );
  });

  return app;
}
