/**
 * GET /openapi.json: OpenAPI 3.1 generated from the route definitions themselves (http/routes/, each
 * a `createRoute`), so a served route cannot be missing from the document or differ from it.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { SECURITY_SCHEMES, StatusEvent, WebhookBody } from './schemas.ts';

// biome-ignore lint/suspicious/noExplicitAny: any app's environment will do; only its registry is read
type App = OpenAPIHono<any>;

/** What no route carries: security schemes, the event-stream item, the outbound webhook. */
export function describeApi(app: App): void {
  const registry = app.openAPIRegistry;
  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES)) {
    registry.registerComponent('securitySchemes', name, scheme);
  }
  registry.register('StatusEvent', StatusEvent.clone());
  registry.registerWebhook({
    method: 'post',
    path: 'sessionEnded',
    summary: 'POST to RELAY_WEBHOOK_URL when a session ends (Standard Webhooks)',
    description:
      'Headers webhook-id (stable across retries), webhook-timestamp (Unix seconds), webhook-signature ' +
      '(`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`). Answer 2xx; anything else is retried with backoff.',
    request: { body: { content: { 'application/json': { schema: WebhookBody } } } },
    responses: { 200: { description: 'Received' } },
  });
}

export function openApiDocument(app: App, options: { publicUrl: string; version?: string }): object {
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'borica-identify relay',
      version: options.version ?? '0.1.0',
      description:
        "Identification and signing with BORICA's B-Trust (Signing API v2). The server API is for the relying " +
        "party's backend (API key); the client API is for the <borica-identify> widget (per-session client token). " +
        'Errors are RFC 9457 problem+json with a stable `code`.',
    },
    servers: [{ url: options.publicUrl }],
    tags: [
      { name: 'server', description: 'Server API — Authorization: Bearer <RELAY_API_KEYS key>' },
      {
        name: 'client',
        description: 'Client API — Authorization: Bearer <clientToken> (or ?token= for EventSource)',
      },
      { name: 'provider', description: "BORICA's callbacks" },
      { name: 'operations', description: 'Health, readiness, metrics, this document' },
    ],
  });
}
