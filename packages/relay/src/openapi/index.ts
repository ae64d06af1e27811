/**
 * GET /openapi.json: the relay's API as OpenAPI 3.1, generated from the same zod schemas that
 * validate requests (packages/protocol), so the document cannot drift from the code.
 */
import {
  CancelResponse,
  ClientSessionView,
  CreatedSession,
  CreateIdentificationRequest,
  CreateSigningRequest,
  ERROR_CODES,
  IdentificationView,
  OpenStartRequest,
  ProblemDetails,
  SigningView,
  StartRequest,
  StartResponse,
  StatusEvent,
  WebhookBody,
} from '@borica-identify/protocol';
import { z } from 'zod';

type Json = Record<string, unknown>;

function schema(s: z.ZodType, io: 'input' | 'output'): Json {
  const json = z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
  delete json.$schema;
  return json;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ 'application/json': { schema: ref(name) } });
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref('ProblemDetails') } },
});
const pdf = { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } };
const idParam = (description: string) => ({
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description,
});

const SERVER = [{ apiKey: [] }];
const CLIENT = [{ clientToken: [] }, { clientTokenQuery: [] }];
const commonErrors = {
  '400': problem('Invalid request (`code`: invalid_request, invalid_json, …; `errors` lists fields)'),
  '401': problem('Missing or wrong credentials (`code`: unauthorized)'),
  '429': problem('Too many requests (`code`: rate_limited)'),
};

export interface OpenApiOptions {
  /** Absolute URL of the relay (RELAY_PUBLIC_URL) for `servers`. */
  publicUrl?: string;
  version?: string;
}

export function buildOpenApi(options: OpenApiOptions = {}): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'borica-identify relay',
      version: options.version ?? '0.1.0',
      description:
        "Identification and signing with BORICA's B-Trust (Signing API v2). The server API is for the relying " +
        "party's backend (API key); the client API is for the <borica-identify> widget (per-session client token). " +
        'Errors are RFC 9457 problem+json with a stable `code`.',
    },
    ...(options.publicUrl && { servers: [{ url: options.publicUrl }] }),
    tags: [
      { name: 'server', description: 'Server API — Authorization: Bearer <RELAY_API_KEYS key>' },
      {
        name: 'client',
        description: 'Client API — Authorization: Bearer <clientToken> (or ?token= for EventSource)',
      },
      { name: 'provider', description: "BORICA's callbacks" },
      { name: 'operations', description: 'Health, readiness, metrics' },
    ],
    paths: {
      '/v1/identifications': {
        post: {
          tags: ['server'],
          operationId: 'createIdentification',
          summary: 'Create an identification (web or B-Trust MOBILE)',
          security: SERVER,
          requestBody: { required: true, content: json('CreateIdentificationRequest') },
          responses: { '201': { description: 'Created', content: json('CreatedSession') }, ...commonErrors },
        },
      },
      '/v1/identifications/{id}': {
        get: {
          tags: ['server'],
          operationId: 'getIdentification',
          security: SERVER,
          parameters: [idParam('identification id (idn_…)')],
          responses: {
            '200': { description: 'The identification', content: json('IdentificationView') },
            '404': problem('No such identification'),
            ...commonErrors,
          },
        },
      },
      '/v1/identifications/{id}/certificate': {
        get: {
          tags: ['server'],
          operationId: 'getIdentificationCertificate',
          summary: 'The eID certificate PDF',
          security: SERVER,
          parameters: [idParam('identification id')],
          responses: {
            '200': { description: 'PDF', content: pdf },
            '404': problem('No such identification'),
            '409': problem('Not completed yet (`code`: conflict)'),
            ...commonErrors,
          },
        },
      },
      '/v1/signings': {
        post: {
          tags: ['server'],
          operationId: 'createSigning',
          summary: 'Sign PDFs with the sign session of a completed web identification',
          security: SERVER,
          requestBody: { required: true, content: json('CreateSigningRequest') },
          responses: {
            '201': { description: 'Created', content: json('CreatedSession') },
            '409': problem(
              'The identification has no usable sign session (`code`: identification_not_ready)',
            ),
            '413': problem('Body too large (`code`: payload_too_large)'),
            ...commonErrors,
          },
        },
      },
      '/v1/signings/{id}': {
        get: {
          tags: ['server'],
          operationId: 'getSigning',
          security: SERVER,
          parameters: [idParam('signing id (sig_…)')],
          responses: {
            '200': { description: 'The signing', content: json('SigningView') },
            '404': problem('No such signing'),
            ...commonErrors,
          },
        },
      },
      '/v1/signings/{id}/documents/{index}': {
        get: {
          tags: ['server'],
          operationId: 'getSignedDocument',
          security: SERVER,
          parameters: [
            idParam('signing id'),
            { name: 'index', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } },
          ],
          responses: {
            '200': { description: 'The signed PDF', content: pdf },
            '404': problem('No such signing or document'),
            '409': problem('Not signed yet'),
            ...commonErrors,
          },
        },
      },
      '/v1/client/sessions/{id}': {
        get: {
          tags: ['client'],
          operationId: 'getClientSession',
          summary: 'Public view of a session (no personal data, no documents)',
          security: CLIENT,
          parameters: [idParam('session id')],
          responses: {
            '200': { description: 'The session', content: json('ClientSessionView') },
            ...commonErrors,
          },
        },
      },
      '/v1/client/sessions/{id}/start': {
        post: {
          tags: ['client'],
          operationId: 'startClientSession',
          summary: 'Start after the customer consented; the provider is contacted only now',
          security: CLIENT,
          parameters: [idParam('session id')],
          requestBody: { required: true, content: json('StartRequest') },
          responses: {
            '200': { description: 'Started', content: json('StartResponse') },
            '409': problem('Already started or ended'),
            '502': problem('BORICA refused or failed (`code`: provider_rejected, provider_unavailable)'),
            ...commonErrors,
          },
        },
      },
      '/v1/client/sessions/{id}/cancel': {
        post: {
          tags: ['client'],
          operationId: 'cancelClientSession',
          security: CLIENT,
          parameters: [idParam('session id')],
          responses: {
            '200': { description: 'Cancelled', content: json('CancelResponse') },
            '409': problem('Already ended'),
            ...commonErrors,
          },
        },
      },
      '/v1/client/sessions/{id}/events': {
        get: {
          tags: ['client'],
          operationId: 'streamClientSessionEvents',
          summary: 'Server-sent events: `event: status`, `id: <seq>`, data = StatusEvent',
          description:
            'The first event is the current state; with `Last-Event-ID` every later event is replayed first, none ' +
            'twice. A `: hb` comment at least every 15 s; `retry:` is set. The stream ends after a terminal status.',
          security: CLIENT,
          parameters: [
            idParam('session id'),
            { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } },
          ],
          responses: {
            '200': {
              description: 'text/event-stream; each `data:` is a StatusEvent',
              content: {
                'text/event-stream': { itemSchema: ref('StatusEvent'), schema: { type: 'string' } },
              },
            },
            ...commonErrors,
          },
        },
      },
      '/v1/client/identifications': {
        post: {
          tags: ['client'],
          operationId: 'openStartIdentification',
          summary:
            'Widget-created web identification (only with RELAY_OPEN_START=true and an allowed Origin)',
          requestBody: { required: true, content: json('OpenStartRequest') },
          responses: {
            '201': { description: 'Created', content: json('CreatedSession') },
            '403': problem('Open start disabled or origin not allowed (`code`: forbidden)'),
            ...commonErrors,
          },
        },
      },
      '/v1/borica/callbacks/{secret}': {
        post: {
          tags: ['provider'],
          operationId: 'providerCallback',
          summary: "BORICA's callback (guide 2.4, 3.2); only a hint, confirmed against the API before use",
          parameters: [{ name: 'secret', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
          responses: { '200': { description: 'Accepted' }, '404': problem('Unknown callback secret') },
        },
      },
      '/healthz': {
        get: {
          tags: ['operations'],
          operationId: 'healthz',
          responses: { '200': { description: 'Process up' } },
        },
      },
      '/readyz': {
        get: {
          tags: ['operations'],
          operationId: 'readyz',
          summary: 'Store reachable, credentials loaded, client certificate valid (days left)',
          responses: { '200': { description: 'Ready' }, '503': { description: 'Not ready' } },
        },
      },
      '/metrics': {
        get: {
          tags: ['operations'],
          operationId: 'metrics',
          responses: {
            '200': {
              description: 'Prometheus text format 0.0.4',
              content: { 'text/plain': { schema: { type: 'string' } } },
            },
          },
        },
      },
      '/openapi.json': {
        get: {
          tags: ['operations'],
          operationId: 'openapi',
          responses: { '200': { description: 'This document', content: { 'application/json': {} } } },
        },
      },
    },
    webhooks: {
      sessionEnded: {
        post: {
          summary: 'POST to RELAY_WEBHOOK_URL when a session ends (Standard Webhooks)',
          description:
            'Headers webhook-id (stable across retries), webhook-timestamp (Unix seconds), webhook-signature ' +
            '(`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`). Answer 2xx; anything else is retried with backoff.',
          requestBody: { content: json('WebhookBody') },
          responses: { '200': { description: 'Received' } },
        },
      },
    },
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'One of RELAY_API_KEYS' },
        clientToken: { type: 'http', scheme: 'bearer', description: 'The clientToken returned at creation' },
        clientTokenQuery: {
          type: 'apiKey',
          in: 'query',
          name: 'token',
          description: 'The clientToken, for EventSource which cannot send headers',
        },
      },
      schemas: {
        CreateIdentificationRequest: schema(CreateIdentificationRequest, 'input'),
        CreateSigningRequest: schema(CreateSigningRequest, 'input'),
        OpenStartRequest: schema(OpenStartRequest, 'input'),
        StartRequest: schema(StartRequest, 'input'),
        CreatedSession: schema(CreatedSession, 'output'),
        IdentificationView: schema(IdentificationView, 'output'),
        SigningView: schema(SigningView, 'output'),
        ClientSessionView: schema(ClientSessionView, 'output'),
        StartResponse: schema(StartResponse, 'output'),
        CancelResponse: schema(CancelResponse, 'output'),
        StatusEvent: schema(StatusEvent, 'output'),
        WebhookBody: schema(WebhookBody, 'output'),
        ProblemDetails: { ...schema(ProblemDetails, 'output'), 'x-error-codes': [...ERROR_CODES] },
      },
    },
  };
}
