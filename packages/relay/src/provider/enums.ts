/** The values the guide lists for its enumerations (1.2, 4.1, 5.1): anything else is worth a warning. */
import {
  MOBILE_STATUSES,
  REGISTRATION_STATUSES,
  REVIEW_STATUSES,
  WEB_IDENTIFICATION_STATUSES,
  WEB_IDENTIFICATION_STEPS,
} from '@borica-identify/protocol';
import type { OperationName } from './errors.ts';
import type { ReadingName } from './readings.ts';

// The lists live once, in the protocol package (which also types them for the widget's texts).
const WEB_STATUS = new Set<string>(WEB_IDENTIFICATION_STATUSES);
const WEB_STEP = new Set<string>(WEB_IDENTIFICATION_STEPS);
const REGISTRATION_STATUS = new Set<string>(REGISTRATION_STATUSES);
const REVIEW_STATUS = new Set<string>(REVIEW_STATUSES);
const MOBILE_STATUS = new Set<string>(MOBILE_STATUSES);

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
