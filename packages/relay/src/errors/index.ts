/**
 * Domain errors: what a flow (or a route) raises when a caller's request cannot be done. They carry a
 * stable `code` from the protocol and nothing about HTTP; the HTTP app's one `onError` maps each code
 * to its status and `application/problem+json` (http/problem.ts). Flows import from here, never from
 * `http/`, so the dependency points one way: http → flows → errors.
 */
import type { ErrorCode } from '@borica-identify/protocol';

export interface FieldProblem {
  path: string;
  message: string;
}

export interface RelayErrorInit {
  detail?: string;
  errors?: FieldProblem[];
  /** rate_limited: when the caller may try again. */
  retryAfterSeconds?: number;
}

export class RelayError extends Error {
  override readonly name = 'RelayError' as const;
  readonly code: ErrorCode;
  readonly detail?: string;
  readonly errors?: FieldProblem[];
  readonly retryAfterSeconds?: number;

  constructor(code: ErrorCode, init: RelayErrorInit = {}) {
    super(init.detail ?? code);
    this.code = code;
    if (init.detail !== undefined) this.detail = init.detail;
    if (init.errors !== undefined) this.errors = init.errors;
    if (init.retryAfterSeconds !== undefined) this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

export function isRelayError(e: unknown): e is RelayError {
  return e instanceof RelayError;
}

/** Shorthands for the errors flows and routes raise most. */
export const failures = {
  invalid: (errors: FieldProblem[], detail = 'The request has invalid fields; see errors.') =>
    new RelayError('invalid_request', { detail, errors }),
  notFound: (detail = 'No such resource.') => new RelayError('not_found', { detail }),
  conflict: (detail: string) => new RelayError('conflict', { detail }),
  terminal: (status: string) =>
    new RelayError('session_terminal', { detail: `The session already ended (${status}).` }),
  expired: (detail: string) => new RelayError('session_expired', { detail }),
  notReady: (detail: string) => new RelayError('identification_not_ready', { detail }),
  forbidden: (detail: string) => new RelayError('forbidden', { detail }),
  rateLimited: (retryAfterSeconds: number) =>
    new RelayError('rate_limited', {
      detail: `Too many requests; retry in ${retryAfterSeconds} s.`,
      retryAfterSeconds,
    }),
  providerRejected: (detail: string) => new RelayError('provider_rejected', { detail }),
  providerUnavailable: (detail: string) => new RelayError('provider_unavailable', { detail }),
};
