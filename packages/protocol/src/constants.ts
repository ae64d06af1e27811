/**
 * Plain constants of the wire format. No zod here: the widget imports this file at run time
 * and must not pay for a schema library.
 */

/** One status vocabulary everywhere: server API, client API, SSE, widget events. */
export const STATUSES = [
  'created',
  'started',
  'in_progress',
  'awaiting_review',
  'completed',
  'failed',
  'cancelled',
  'expired',
] as const;
export type Status = (typeof STATUSES)[number];

export const TERMINAL_STATUSES = ['completed', 'failed', 'cancelled', 'expired'] as const;
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];

export function isTerminal(status: string): status is TerminalStatus {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}

export const SESSION_KINDS = ['identification', 'signing'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

export const METHODS = ['web', 'mobile'] as const;
export type Method = (typeof METHODS)[number];

export const LANGUAGES = ['bg', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const DISPLAY_MODES = ['redirect', 'popup', 'iframe', 'qr'] as const;
export type DisplayMode = (typeof DISPLAY_MODES)[number];

export const ID_TYPES = ['EGN', 'LNC', 'EMAIL', 'PHONE'] as const;
export type IdType = (typeof ID_TYPES)[number];

/** The SSE event name of every session event. */
export const SSE_EVENT = 'status';

/**
 * Stable error codes in problem+json bodies and `borica-error` events. Callers branch on these,
 * never on message text.
 */
export const ERROR_CODES = [
  'invalid_request', // body, query or path failed validation (see `errors`)
  'invalid_json', // body is not JSON
  'unsupported_media_type',
  'payload_too_large',
  'unauthorized', // no or bad API key / client token
  'forbidden', // e.g. origin not allowed, open start disabled
  'not_found',
  'conflict', // e.g. result asked for before completion, session already started
  'rate_limited', // a per-client limit (request rate, event streams per session or per IP)
  'overloaded', // the relay holds as many connections as it allows; retry later (503)
  'headers_too_large', // request headers over the limit (431)
  'request_timeout', // headers or body not received in time (408)
  'consent_required',
  'session_expired',
  'session_terminal', // the session already ended
  'identification_not_ready', // signing asked for an identification without a sign session
  'provider_rejected', // the provider refused the request (its 4xx)
  'provider_unavailable', // the provider failed or timed out (5xx, network, TLS)
  'store_unavailable', // the relay cannot write its store (disk full, read-only); retry later
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** `error.code` of a session that ended `failed` (the widget says why in the customer's language). */
export const SESSION_ERROR_CODES = [
  'identification_failed', // BORICA's video identification did not succeed
  'identification_rejected', // B-Trust MOBILE: the customer or BORICA rejected it
  'identification_denied', // BORICA's agent denied it at review
  'documents_missing', // a document to sign is no longer stored
  'provider_rejected', // BORICA refused the request
  'provider_unavailable', // BORICA could not be reached or failed
] as const;
export type SessionErrorCode = (typeof SESSION_ERROR_CODES)[number];

// ---- The provider's own vocabularies (integration guide, sections 1.2, 4.1 and 5.1) ----

/** getIdentificationResult (B-Trust MOBILE), guide 1.2. */
export const MOBILE_STATUSES = ['ON_BOARDING', 'IN_PROGRESS', 'FINISHED'] as const;
export type MobileStatus = (typeof MOBILE_STATUSES)[number];

/** getRegistrationStatus `status`, guide 4.1. */
export const REGISTRATION_STATUSES = ['STARTED', 'COMPLETED', 'FINALIZED', 'REJECTED', 'EXPIRED'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** getRegistrationStatus `reviewStatus` (the agent's review), guide 4.1. */
export const REVIEW_STATUSES = ['N_A', 'FINALIZE_REJECT', 'ALLOW_DENY', 'ALLOWED', 'DENIED'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** getWebIdentificationStatus `data.status`, guide 5.1. The index says 16 values, the guide lists 15: accept unknown ones. */
export const WEB_IDENTIFICATION_STATUSES = [
  'ON_BOARDING',
  'REGIX',
  'ISSUED_CERTIFICATE',
  'IN_PROGRESS',
  'SIGNING_CLIENT_DOCUMENT',
  'SIGNED_CLIENT_DOCUMENT',
  'AUTOMATIC_AGENT_SIGNING_CLIENT_DOCUMENT',
  'AUTOMATIC_AGENT_COMPOSE_CLIENT_DOCUMENT',
  'AUTOMATIC_AGENT_SIGNED_CLIENT_DOCUMENT',
  'PROCESS_IS_FINISHED',
  'START_WEB_SESSION',
  'CREATE_SIGN_SESSION_REQUEST',
  'SIGN_SESSION',
  'PROCESS_IS_CANCELED_BY_USER',
  'IDENTIFICATION_REQUEST_DATA_AS_JSON',
] as const;
export type WebIdentificationStatus = (typeof WEB_IDENTIFICATION_STATUSES)[number];

/** getWebIdentificationStatus `data.step`, guide 5.1. The index says 14 values, the guide lists 12: accept unknown ones. */
export const WEB_IDENTIFICATION_STEPS = [
  'PKCS10_REQ_GENERATED',
  'SIGNING_CLIENT_DOCUMENTS',
  'BORICA_SEAL_FOR_CLIENT_DOCUMENTS',
  'UPDATE_DOCUMENTS_WITH_CERTIFICATE_DATA_FAILED',
  'WEB_IDV_REGISTRATION',
  'WEB_IDV_REGISTRATION_FAILED',
  'START',
  'LOGIN',
  'OTP',
  'CREATE_SIGN_SESSION_ID',
  'SIGN_SESSION_ID_SUCCESSFULLY_CREATED',
  'SIGNING_WITH_SIGN_SESSION_SUCCESS',
] as const;
export type WebIdentificationStep = (typeof WEB_IDENTIFICATION_STEPS)[number];

/** Callback `data.processState` values the guide shows (2.4, 3.2). */
export const PROCESS_STATES = ['CREATE_SIGN_SESSION_REQUEST', 'SIGN_SESSION'] as const;

/** Widget events, bubbling and composed. */
export const WIDGET_EVENTS = [
  'borica-ready',
  'borica-start',
  'borica-status',
  'borica-complete',
  'borica-error',
  'borica-cancel',
  'borica-expire',
  'borica-retry', // the customer asked to try again after an unsuccessful end: the host creates a new session
] as const;
export type WidgetEventName = (typeof WIDGET_EVENTS)[number];
