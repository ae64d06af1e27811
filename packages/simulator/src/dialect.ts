/**
 * Dialects: one knob per place where the guide can be read two ways. The default of each knob is the
 * reading the simulator always had; the others let a relay be tested against a provider that reads
 * the guide differently. The README lists every knob with the guide section it comes from.
 */
import { z } from 'zod';

export const DialectSchema = z
  .object({
    /** Which id the identification callback carries and getWebIdentificationResults accepts (2.4, 2.5). */
    resultSessionId: z.enum(['webSessionId', 'registrationSessionId']),
    /** Which sign session the signing callback names (3.2): the one the signing consumed, or the new one. */
    signCallbackSessionId: z.enum(['consumed', 'next']),
    /** Which id the signing result download accepts (3.3: prose says the sign session, its example the webSessionId). */
    signResultSessionId: z.enum(['consumed', 'webSessionId']),
    /** `resultId` in the callbacks: as the guide shows it (string in 2.4, number in 3.2), or always one type. */
    callbackResultId: z.enum(['guide', 'string', 'number']),
    /** createRegistration (2.2) and getRegistrationStatus (4.1): bare as shown, or in the usual envelope. */
    envelope: z.enum(['bare', 'wrapped']),
    /** The signing result (3.3): wrapped in `data` like the others, or bare as its example lost the line. */
    signResultsEnvelope: z.enum(['wrapped', 'bare']),
    /** getWebIdentificationStatus once the identification's results are ready (5.1). */
    identificationDoneStatus: z.enum(['CREATE_SIGN_SESSION_REQUEST', 'SIGN_SESSION', 'PROCESS_IS_FINISHED']),
    /** getWebIdentificationStatus once the documents are signed (5.1). */
    signingDoneStatus: z.enum(['SIGNED_CLIENT_DOCUMENT', 'PROCESS_IS_FINISHED', 'SIGN_SESSION']),
    /** When callbacks go out (2.4, 3.2 show only success): success only, every status change, never. */
    callbacks: z.enum(['success', 'all', 'none']),
    /** getIdentificationResult while pending (1.2): 206 with `status`, or 200 `IN_PROGRESS` with `data: null`. */
    mobileProgress: z.enum(['206', '200']),
    /** The HTTP status of a `REJECTED` answer (1.2 lists 400, 401, 403, 404 and 500). */
    rejectedStatus: z.enum(['400', '404']),
    /** Unknown fields, `null` for shown values, other date styles, Bulgarian `message`. */
    loose: z.boolean(),
  })
  .strict();

export type Dialect = z.infer<typeof DialectSchema>;

export const DEFAULT_DIALECT: Dialect = {
  resultSessionId: 'webSessionId',
  signCallbackSessionId: 'consumed',
  signResultSessionId: 'consumed',
  callbackResultId: 'guide',
  envelope: 'bare',
  signResultsEnvelope: 'wrapped',
  identificationDoneStatus: 'CREATE_SIGN_SESSION_REQUEST',
  signingDoneStatus: 'SIGNED_CLIENT_DOCUMENT',
  callbacks: 'success',
  mobileProgress: '206',
  rejectedStatus: '400',
  loose: false,
};

/** Every knob and its values, for the README, `--help` and tests that must cover them all. */
export const DIALECT_VALUES: { [K in keyof Dialect]: readonly Dialect[K][] } = {
  resultSessionId: DialectSchema.shape.resultSessionId.options,
  signCallbackSessionId: DialectSchema.shape.signCallbackSessionId.options,
  signResultSessionId: DialectSchema.shape.signResultSessionId.options,
  callbackResultId: DialectSchema.shape.callbackResultId.options,
  envelope: DialectSchema.shape.envelope.options,
  signResultsEnvelope: DialectSchema.shape.signResultsEnvelope.options,
  identificationDoneStatus: DialectSchema.shape.identificationDoneStatus.options,
  signingDoneStatus: DialectSchema.shape.signingDoneStatus.options,
  callbacks: DialectSchema.shape.callbacks.options,
  mobileProgress: DialectSchema.shape.mobileProgress.options,
  rejectedStatus: DialectSchema.shape.rejectedStatus.options,
  loose: [false, true],
};

export class DialectError extends Error {
  override readonly name = 'DialectError';
}

/** A partial dialect checked knob by knob; the message names each bad knob and its allowed values. */
export function parseDialect(input: unknown): Partial<Dialect> {
  const r = DialectSchema.partial().safeParse(input);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => {
    const key = String(i.path[0] ?? '');
    if (i.code === 'unrecognized_keys') return `unknown knob ${i.keys.join(', ')}`;
    const values = DIALECT_VALUES[key as keyof Dialect];
    return values ? `${key} must be ${values.join(' | ')}` : i.message;
  });
  throw new DialectError(`invalid dialect: ${problems.join('; ')}`);
}

/** `--dialect resultSessionId=registrationSessionId,loose=true` */
export function parseDialectFlag(text: string): Partial<Dialect> {
  const out: Record<string, unknown> = {};
  for (const pair of text.split(',')) {
    if (!pair.trim()) continue;
    const [key, value, extra] = pair.split('=').map((s) => s.trim());
    if (!key || value === undefined || extra !== undefined)
      throw new DialectError(`invalid dialect: "${pair}" is not knob=value`);
    out[key] = key === 'loose' ? value === 'true' || (value === 'false' ? false : value) : value;
  }
  return parseDialect(out);
}
