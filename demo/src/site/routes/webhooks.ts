/** The relay's outbound webhooks (Standard Webhooks), verified and recorded per session. */
import type { Hono } from 'hono';
import type { Kit, SiteDeps } from '../kit.ts';
import { verifyWebhook } from '../webhooks.ts';

export function webhookRoutes(app: Hono, deps: SiteDeps, _kit: Kit): void {
  const { state } = deps;

  app.post('/webhooks/borica', async (c) => {
    const body = await c.req.text();
    const headers = {
      id: c.req.header('webhook-id'),
      timestamp: c.req.header('webhook-timestamp'),
      signature: c.req.header('webhook-signature'),
    };
    if (!verifyWebhook(deps.webhookSecret, headers, body)) return c.text('bad signature', 401);
    let event: { type: string; data: { id: string; status: string } };
    try {
      event = JSON.parse(body);
    } catch {
      return c.text('body is not JSON', 400);
    }
    state.recordWebhook(event.data.id, {
      type: event.type,
      status: event.data.status,
      at: new Date().toISOString(),
      webhookId: headers.id as string,
    });
    deps.log(`webhook ${event.type} ${event.data.id}`);
    return c.body(null, 204);
  });
}
