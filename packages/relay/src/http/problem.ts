/**
 * RFC 9457 problem details. The relay answers every error as `application/problem+json` from the one
 * `onError`: a domain `RelayError` (errors/, raised by flows and routes) gets the status of its code
 * here; a `ProblemError` is for what only HTTP knows (body limits, media type, authentication).
 */
import type { ErrorCode } from '@borica-identify/protocol';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type FieldProblem, failures, type RelayError } from '../errors/index.ts';

export type { FieldProblem };
/** Routes and middleware raise the same domain errors as flows. */
export const problems = failures;

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
  store_unavailable: 'Storage unavailable',
  internal: 'Internal error',
};

/** The HTTP status of each domain error code. */
const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  invalid_request: 400,
  invalid_json: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  overloaded: 503,
  headers_too_large: 431,
  request_timeout: 408,
  consent_required: 400,
  session_expired: 409,
  session_terminal: 409,
  identification_not_ready: 409,
  provider_rejected: 422,
  provider_unavailable: 502,
  store_unavailable: 503,
  internal: 500,
};

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

/** A domain error as the caller sees it. */
export function relayErrorResponse(err: RelayError): Response {
  const headers: Record<string, string> = {};
  if (err.retryAfterSeconds !== undefined) headers['retry-after'] = String(err.retryAfterSeconds);
  if (err.code === 'unauthorized') headers['www-authenticate'] = 'Bearer';
  return problemResponse(STATUS[err.code], err.code, err.detail, err.errors, headers);
}
