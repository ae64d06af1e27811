/** The values the guide lists for its enumerations (1.2, 4.1, 5.1): anything else is worth a warning. */
import type { OperationName } from './errors.ts';
import type { ReadingName } from './readings.ts';

const WEB_STATUS = new Set([
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
]);
const WEB_STEP = new Set([
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
]);
const REGISTRATION_STATUS = new Set(['STARTED', 'COMPLETED', 'FINALIZED', 'REJECTED', 'EXPIRED']);
const REVIEW_STATUS = new Set(['N_A', 'FINALIZE_REJECT', 'ALLOW_DENY', 'ALLOWED', 'DENIED']);
const MOBILE_STATUS = new Set(['ON_BOARDING', 'IN_PROGRESS', 'FINISHED']);

const CHECKS: Partial<Record<OperationName, [field: string, known: Set<string>][]>> = {
  getWebIdentificationStatus: [
    ['status', WEB_STATUS],
    ['step', WEB_STEP],
  ],
  getRegistrationStatus: [
    ['status', REGISTRATION_STATUS],
    ['reviewStatus', REVIEW_STATUS],
  ],
  getIdentificationResult: [['status', MOBILE_STATUS]],
};

/** `['status:enum:NEW_THING']` when a parsed answer carries a value the guide does not list; else null. */
export function unknownValues(operation: OperationName, value: unknown): string[] | null {
  const checks = CHECKS[operation];
  if (!checks || typeof value !== 'object' || value === null) return null;
  const out: string[] = [];
  for (const [field, known] of checks) {
    const v = (value as Record<string, unknown>)[field];
    if (typeof v !== 'string' || known.has(v)) continue;
    // An enumeration value is shown only if it looks like one (never free text).
    out.push(`${field}:${/^[A-Z][A-Z0-9_]{0,63}$/.test(v) ? `enum:${v}` : 'string'}`);
  }
  return out.length ? out : null;
}

/** Operations whose envelope the guide leaves open (2.2, 4.1 bare; 3.3 lost its `data` line). */
export const ENVELOPE_READINGS: Partial<Record<OperationName, ReadingName>> = {
  createRegistration: 'createRegistrationEnvelope',
  getRegistrationStatus: 'getRegistrationStatusEnvelope',
  getSignResults: 'getSignResultsEnvelope',
};
