/**
 * Provider callbacks (operation 5). Answer fast, then confirm: the body is a hint whatever it says, and
 * an unknown secret is a 404 that changes nothing.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Flows } from '../../flows/index.ts';
import { json, problem } from '../../openapi/schemas.ts';
import type { RelayEnv } from '../env.ts';
import { limitBody } from '../middleware/json-body.ts';
import { problems } from '../problem.ts';
import { router } from '../router.ts';

export function callbackRoutes(o: { flows: Flows; limit: number }): OpenAPIHono<RelayEnv> {
  const app = router();
  const callback = createRoute({
    tags: ['provider'],
    method: 'post',
    path: '/v1/borica/callbacks/{secret}',
    operationId: 'providerCallback',
    summary: "BORICA's callback (guide 2.4, 3.2); only a hint, confirmed against the API before use",
    middleware: [limitBody(o.limit)] as const,
    request: {
      params: z.object({
        secret: z.string().openapi({ description: 'The per-session secret in the callback URL' }),
      }),
      // A plain JSON Schema, not zod: any body is read (even unparseable, it is still a hint), never validated.
      body: { content: { 'application/json': { schema: { type: 'object' } } } },
    },
    responses: {
      200: json(z.object({ received: z.literal(true) }), 'Accepted'),
      404: problem('Unknown callback secret (`code`: not_found)'),
      413: problem('Body too large (`code`: payload_too_large)'),
    },
  });
  app.openapi(callback, async (c) => {
    const owner = await o.flows.findCallbackOwner(c.req.valid('param').secret);
    if (!owner) throw problems.notFound('Unknown callback.');
    const text = await c.req.text().catch(() => '');
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Still a hint: something happened to this session; the provider will say what.
    }
    void o.flows.callbackHint(owner, body);
    return c.json({ received: true as const }, 200);
  });
  return app;
}
