/**
 * The protocol's schemas under their component names, and the pieces every route definition shares
 * (problem responses, security). A schema named here appears once under `components.schemas` and as
 * a `$ref` wherever a route uses it; validation uses the very same object.
 */
import * as P from '@borica-identify/protocol';
import { z } from '@hono/zod-openapi';

/**
 * A protocol schema under its component name. Cloned first: zod copies methods onto a schema when it
 * is created, so one the protocol made before @hono/zod-openapi was loaded has no `.openapi`.
 */
function named<T extends z.ZodType>(name: string, schema: T, extra: object = {}): T {
  return (schema.clone() as T).openapi(name, extra) as T;
}

export const CreateIdentificationRequest = named(
  'CreateIdentificationRequest',
  P.CreateIdentificationRequest,
);
export const CreateSigningRequest = named('CreateSigningRequest', P.CreateSigningRequest);
export const OpenStartRequest = named('OpenStartRequest', P.OpenStartRequest);
/**
 * Open start takes the contract's web shape, or a widget's B-Trust MOBILE form (the person as well);
 * the method picks which, so each shape's own messages name what is wrong.
 */
export const OpenStartBody = z.discriminatedUnion(
  'method',
  [
    OpenStartRequest,
    named(
      'OpenStartMobileRequest',
      P.CreateIdentificationRequest.safeExtend({ method: z.literal('mobile') }),
    ),
  ],
  { error: (iss) => (iss.code === 'invalid_union' ? 'is not "web" or "mobile"' : undefined) },
);
export const StartRequest = named('StartRequest', P.StartRequest);
export const CreatedSession = named('CreatedSession', P.CreatedSession);
export const IdentificationView = named('IdentificationView', P.IdentificationView);
export const SigningView = named('SigningView', P.SigningView);
export const ClientSessionView = named('ClientSessionView', P.ClientSessionView);
export const StartResponse = named('StartResponse', P.StartResponse);
export const CancelResponse = named('CancelResponse', P.CancelResponse);
export const StatusEvent = named('StatusEvent', P.StatusEvent);
export const WebhookBody = named('WebhookBody', P.WebhookBody);
export const ProblemDetails = named('ProblemDetails', P.ProblemDetails, {
  'x-error-codes': [...P.ERROR_CODES],
});

type Security = Record<string, string[]>[];
export const SERVER_API: Security = [{ apiKey: [] }];
export const CLIENT_API: Security = [{ clientToken: [] }];
/** EventSource cannot send headers, so the event stream also takes the token as `?token=`. */
export const CLIENT_API_OR_QUERY: Security = [{ clientToken: [] }, { clientTokenQuery: [] }];

export const SECURITY_SCHEMES = {
  apiKey: { type: 'http', scheme: 'bearer', description: 'One of RELAY_API_KEYS' },
  clientToken: { type: 'http', scheme: 'bearer', description: 'The clientToken returned at creation' },
  clientTokenQuery: {
    type: 'apiKey',
    in: 'query',
    name: 'token',
    description: 'The clientToken, for EventSource which cannot send headers',
  },
} as const;

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemDetails } },
});

export const pdf = (description: string) => ({
  description,
  content: {
    'application/pdf': { schema: { type: 'string' as const, contentMediaType: 'application/pdf' } },
  },
});

/** Every JSON body shares these answers (json-body.ts). */
export const bodyErrors = (limit: string) => ({
  400: problem('Invalid body (`code`: invalid_request, invalid_json; `errors[].path` names each field)'),
  413: problem(`Body larger than ${limit} (\`code\`: payload_too_large)`),
  415: problem('Body not application/json (`code`: unsupported_media_type)'),
});

export const unauthorized = { 401: problem('Missing credentials (`code`: unauthorized)') };
export const rateLimited = { 429: problem('Too many requests (`code`: rate_limited; see Retry-After)') };

export const idParam = (description: string) => z.object({ id: z.string().openapi({ description }) });
