/**
 * What we accept: liberal schemas of every answer in the guide. Ids may be numbers or strings
 * (always strings out), extra fields are ignored, optional fields may be missing or null, and the
 * two bare answers are also accepted wrapped in `data`.
 */
import { z } from 'zod';
import { anyId, isRecord, optionalDate, optionalText, providerDate } from './common.ts';

/** `{data, responseCode, code, message}`: the usual envelope; only `data` matters once the status is 2xx. */
function enveloped<T extends z.ZodType>(data: T) {
  return z.object({ data }).transform((a) => (a as { data: z.output<T> }).data);
}

/** guide 2.2 and 4.1 answer bare objects; accept the usual envelope too in case the provider aligns them. */
function bare<T extends z.ZodType>(schema: T, marker: string) {
  return z.preprocess((v) => (isRecord(v) && !(marker in v) && isRecord(v.data) ? v.data : v), schema);
}

/** Operation 1, guide 1.1. */
export const IdentificationAnswer = enveloped(z.object({ callbackId: anyId, validity: providerDate }));

const finishedData = z.object({
  content: z.string().min(1),
  identificator: anyId,
  // guide 1.2 names these in snake_case, unlike every other field.
  identification_before: optionalText,
  identification_reason: optionalText,
});

/** Operation 2, guide 1.2: 206 `{status}` while pending, 200 `{status: FINISHED, data}` when done. */
export const IdentificationResultAnswer = z
  .object({ status: z.string().min(1).optional(), data: z.unknown().optional() })
  .transform((a, ctx) => {
    const finished =
      a.status === 'FINISHED' || (a.status === undefined && isRecord(a.data) && 'content' in a.data);
    if (!finished) {
      if (a.status === undefined) {
        ctx.addIssue({ code: 'custom', path: ['status'], message: 'missing' });
        return z.NEVER;
      }
      return { status: a.status, finished: false as const };
    }
    const d = finishedData.safeParse(a.data);
    if (!d.success) {
      for (const i of d.error.issues)
        ctx.addIssue({ code: 'custom', path: ['data', ...i.path], message: i.message });
      return z.NEVER;
    }
    return {
      status: 'FINISHED' as const,
      finished: true as const,
      content: d.data.content,
      identificator: d.data.identificator,
      ...(d.data.identification_before !== undefined && {
        identificationBefore: d.data.identification_before,
      }),
      ...(d.data.identification_reason !== undefined && {
        identificationReason: d.data.identification_reason,
      }),
    };
  });

/** Operation 3, guide 2.1: resultId is a JSON number here. */
export const StartWebIdentificationAnswer = enveloped(
  z.object({ webSessionId: anyId, resultId: anyId, webSessionExpireDate: providerDate }),
);

/** Operation 4, guide 2.2: NOT wrapped in data; echoes the request beside the new ids. */
export const CreateRegistrationAnswer = bare(
  z.object({
    sessionId: anyId,
    registrationId: anyId,
    createdOn: optionalDate,
    expiredOn: optionalDate,
    serviceName: optionalText,
    otcRequestId: anyId.optional(),
  }),
  'sessionId',
);

/** Operation 6 after identification, guide 2.5. eIDDocAsBase64 is absent when onlyMetadata=true. */
export const WebIdentificationResultsAnswer = enveloped(
  z.object({
    eIDDocAsBase64: optionalText,
    clientIdentificator: anyId,
    signSessionId: anyId,
    signSessionIdExpireDate: optionalDate,
  }),
);

const signedDocument = z
  .object({
    filename: z.string().optional(),
    fileName: z.string().optional(),
    contentAsBase64: z.string().min(1),
  })
  .transform((d) => ({
    filename: d.filename ?? d.fileName ?? 'signed.pdf',
    contentAsBase64: d.contentAsBase64,
  }));

/** Operation 6 after signing, guide 3.3 (its example lost the `data {` line: accept both). */
export const SignResultsAnswer = z.preprocess(
  (v) => (isRecord(v) && !('signDocuments' in v) && isRecord(v.data) ? v.data : v),
  z.object({
    signDocuments: z.array(signedDocument),
    clientIdentificator: anyId.optional(),
    signSessionId: anyId.optional(),
    signSessionIdExpireDate: optionalDate,
  }),
);

/** Operation 7, guide 3.1: resultId is a JSON number here. */
export const StartSigningAnswer = enveloped(
  z.object({
    // The customer's browser is sent there: an http(s) address or nothing (never javascript: or data:).
    clientDocumentUrl: z.url({ protocol: /^https?$/ }),
    expireDate: providerDate,
    resultId: anyId,
  }),
);

/** Operation 8, guide 4.1: a bare object; every date may be missing or null while pending. */
export const RegistrationStatusAnswer = bare(
  z.object({
    status: z.string().min(1),
    reviewStatus: optionalText,
    createdOn: optionalDate,
    processedOn: optionalDate,
    reviewedOn: optionalDate,
    userMessageBg: optionalText,
    registrationId: anyId.optional(),
  }),
  'status',
);

/** Operation 9, guide 5.1. */
export const WebIdentificationStatusAnswer = enveloped(
  z.object({ status: z.string().min(1), step: optionalText }),
);

/** Error bodies `{code, message}` (sometimes with `data: null`); anything else is tolerated. */
export const ErrorAnswer = z.object({
  code: z.string().optional().catch(undefined),
  message: z.string().optional().catch(undefined),
});
