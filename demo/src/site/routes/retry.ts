/**
 * The widget's `borica-retry` ("Try again" after a session ended without success): the bank answers
 * with a new session like the one that ended, which the page hands to the widget (`session`, `token`).
 */
import type { Context, Hono } from 'hono';
import type { Kit, SiteDeps } from '../kit.ts';
import { type CreatedSession, RelayApiError } from '../relay-api.ts';
import type { Display } from '../state.ts';

export function retryRoutes(
  app: Hono,
  deps: SiteDeps,
  kit: Kit,
  create: {
    newWebIdentification: (c: Context, display: Display) => Promise<CreatedSession>;
    newSigning: (c: Context) => Promise<CreatedSession | undefined>;
  },
): void {
  app.post('/api/sessions/:id/retry', async (c) => {
    const tracked = deps.state.session(c.req.param('id'));
    if (!tracked || tracked.visitor !== kit.knownVisitor(c)) return c.json({ code: 'not_found' }, 404);
    let created: CreatedSession | undefined;
    try {
      if (tracked.kind === 'signing') created = await create.newSigning(c);
      else if (tracked.method === 'web')
        created = await create.newWebIdentification(c, tracked.display ?? 'redirect');
    } catch (e) {
      if (!(e instanceof RelayApiError)) throw e;
      return c.json({ code: e.problem.code }, 502);
    }
    // B-Trust MOBILE needs the form again (the bank keeps no personal data); a signing, its identification.
    if (!created) return c.json({ code: 'form_needed' }, 409);
    return c.json({ id: created.id, clientToken: created.clientToken }, 201);
  });
}
