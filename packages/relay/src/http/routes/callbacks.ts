/**
 * Provider callbacks (operation 5). Answer fast, then confirm: the body is a hint whatever it says, and
 * an unknown secret is a 404 that changes nothing.
 */
import { Hono } from 'hono';
import type { Flows } from '../../flows/index.ts';
import type { RelayEnv } from '../env.ts';
import { limitBody } from '../middleware/json-body.ts';
import { problems } from '../problem.ts';

export function callbackRoutes(o: { flows: Flows; limit: number }): Hono<RelayEnv> {
  const app = new Hono<RelayEnv>();
  app.post('/v1/borica/callbacks/:secret', limitBody(o.limit), async (c) => {
    const owner = await o.flows.findCallbackOwner(c.req.param('secret'));
    if (!owner) throw problems.notFound('Unknown callback.');
    const text = await c.req.text().catch(() => '');
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Still a hint: something happened to this session; the provider will say what.
    }
    void o.flows.callbackHint(owner, body);
    return c.json({ received: true });
  });
  return app;
}
