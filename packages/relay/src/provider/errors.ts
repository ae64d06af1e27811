/**
 * Typed errors of the Signing API client. Like undici's: a literal `name`, a stable `code` callers
 * branch on, never the message. Messages name the operation and what went wrong, never a request
 * body, personal data or document content; the provider's own message travels in `providerMessage`.
 */

export type OperationName =
  | 'identification'
  | 'getIdentificationResult'
  | 'startWebIdentification'
  | 'createRegistration'
  | 'getWebIdentificationResults'
  | 'getSignResults'
  | 'startSigning'
  | 'getRegistrationStatus'
  | 'getWebIdentificationStatus';

export const ERROR_CODES = [
  'BORICA_BAD_REQUEST',
  'BORICA_UNAUTHORIZED',
  'BORICA_NOT_FOUND',
  'BORICA_REJECTED',
  'BORICA_PROVIDER_ERROR',
  'BORICA_TIMEOUT',
  'BORICA_NETWORK',
  'BORICA_TLS_CLIENT_CERT',
  'BORICA_TLS_UNTRUSTED_SERVER',
  'BORICA_TLS_CERT_EXPIRED',
  'BORICA_MALFORMED_RESPONSE',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Codes worth another attempt (of a read; of a write only when it never reached the provider). */
const RETRYABLE: ReadonlySet<ErrorCode> = new Set([
  'BORICA_PROVIDER_ERROR',
  'BORICA_TIMEOUT',
  'BORICA_NETWORK',
]);

export interface SigningApiErrorInit {
  code: ErrorCode;
  operation: OperationName;
  message: string;
  httpStatus?: number;
  providerCode?: string;
  providerMessage?: string;
  /** Defaults to true: only a failure before the request left us proves otherwise. */
  reachedProvider?: boolean;
  retryable?: boolean;
  cause?: unknown;
}

export class SigningApiError extends Error {
  override readonly name = 'SigningApiError' as const;
  readonly code: ErrorCode;
  readonly operation: OperationName;
  readonly httpStatus?: number;
  readonly providerCode?: string;
  readonly providerMessage?: string;
  readonly retryable: boolean;
  readonly reachedProvider: boolean;

  constructor(init: SigningApiErrorInit) {
    super(`${init.operation}: ${init.message}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.operation = init.operation;
    if (init.httpStatus !== undefined) this.httpStatus = init.httpStatus;
    if (init.providerCode !== undefined) this.providerCode = init.providerCode;
    if (init.providerMessage !== undefined) this.providerMessage = init.providerMessage;
    this.retryable = init.retryable ?? RETRYABLE.has(init.code);
    this.reachedProvider = init.reachedProvider ?? true;
  }
}

export function isSigningApiError(e: unknown): e is SigningApiError {
  return e instanceof SigningApiError;
}

/** A mistake in the client's own options or TLS files, thrown once at start-up. */
export class SigningApiConfigError extends Error {
  override readonly name = 'SigningApiConfigError' as const;
  readonly code = 'BORICA_CONFIG' as const;
}
