/**
 * RFC 9457 problem details. Every error the relay answers with is a `ProblemError` (thrown anywhere:
 * middleware, routes, flows) turned into `application/problem+json` by the one `onError`.
 */
import type { ErrorCode } from '@borica-identify/protocol';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export const PROBLEM_BASE = 'https://borica-identify.dev/problems/';

const TITLES: Record<ErrorCode, string> = {
  invalid_request: 'Invalid request',
  invalid_json: 'Malformed JSON',
  unsupported_media_type: 'Unsupported media type',
  payload_too_large: 'Payload too large',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  conflict: 'Conflict',
  rate_limited: 'Too many requests',
  overloaded: 'Overloaded',
  headers_too_large: 'Request headers too large',
  request_timeout: 'Request timeout',
  consent_required: 'Consent required',
  session_expired: 'Session expired',
  session_terminal: 'Session already ended',
  identification_not_ready: 'Identification not ready',
  provider_rejected: 'Rejected by the provider',
  provider_unavailable: 'Provider unavailable',
  internal: 'Internal error',
};

export interface FieldProblem {
  path: string;
  message: string;
}

export interface ProblemInit {
  detail?: string;
  errors?: FieldProblem[];
  headers?: Record<string, string>;
}

export class ProblemError extends HTTPException {
  override readonly name = 'ProblemError' as const;
  readonly code: ErrorCode;
  readonly detail?: string;
  readonly errors?: FieldProblem[];
  readonly headers: Record<string, string>;

  constructor(status: ContentfulStatusCode, code: ErrorCode, init: ProblemInit = {}) {
    super(status, { message: init.detail ?? TITLES[code] });
    this.code = code;
    if (init.detail !== undefined) this.detail = init.detail;
    if (init.errors !== undefined) this.errors = init.errors;
    this.headers = init.headers ?? {};
  }
}

export function problemBody(status: number, code: ErrorCode, detail?: string, errors?: FieldProblem[]) {
  return {
    type: PROBLEM_BASE + code,
    title: TITLES[code],
    status,
    ...(detail !== undefined ? { detail } : {}),
    code,
    ...(errors?.length ? { errors } : {}),
  };
}

export function problemResponse(
  status: number,
  code: ErrorCode,
  detail?: string,
  errors?: FieldProblem[],
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(problemBody(status, code, detail, errors)), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });
}

/** Shorthands for the problems flows and routes raise most. */
export const problems = {
  invalid: (errors: FieldProblem[], detail = 'The request has invalid fields; see errors.') =>
    new ProblemError(400, 'invalid_request', { detail, errors }),
  notFound: (detail = 'No such resource.') => new ProblemError(404, 'not_found', { detail }),
  conflict: (detail: string) => new ProblemError(409, 'conflict', { detail }),
  terminal: (status: string) =>
    new ProblemError(409, 'session_terminal', { detail: `The session already ended (${status}).` }),
  notReady: (detail: string) => new ProblemError(409, 'identification_not_ready', { detail }),
  forbidden: (detail: string) => new ProblemError(403, 'forbidden', { detail }),
  rateLimited: (retryAfterSeconds: number) =>
    new ProblemError(429, 'rate_limited', {
      detail: `Too many requests; retry in ${retryAfterSeconds} s.`,
      headers: { 'retry-after': String(retryAfterSeconds) },
    }),
};
