/**
 * What we send: each schema takes the client's typed input, checks it, and produces the exact wire
 * body of the guide (field names, date format, the guide's own spellings).
 */
import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max);
const url = z.url({ protocol: /^https?$/ }).max(2048);

/** YYYY-MM-DD (a real calendar date) in, dd-MM-yyyy out (guide 1.1: "dateOfBirth": "16-05-1978"). */
const dateOfBirth = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'not a calendar date')
  .transform((s) => `${s.slice(8, 10)}-${s.slice(5, 7)}-${s.slice(0, 4)}`);

const person = z
  .object({
    docType: z.enum(['EGN', 'LNC', 'EMAIL', 'PHONE']),
    identificatorValue: text(320),
    dateOfBirth,
  })
  .superRefine((p, ctx) => {
    // guide 1.1 prints identificatorValue as a JSON number; an EGN/LNC may start with 0, so we send digits as a string.
    if ((p.docType === 'EGN' || p.docType === 'LNC') && !/^\d{10}$/.test(p.identificatorValue)) {
      ctx.addIssue({
        code: 'custom',
        path: ['identificatorValue'],
        message: `${p.docType} must be 10 digits`,
      });
    }
  });

/** Operation 1, guide 1.1: POST /identification. */
export const IdentificationRequest = z
  .object({
    person,
    phoneNumber: text(32),
    email: text(320),
    identificationReason: text(500),
    // guide 1.1: the example says "RELYING PARTY", the comment names the value RELYING_PARTY.
    payer: text(64).default('RELYING_PARTY'),
  })
  .transform((r) => ({
    personIdentityData: {
      docType: r.person.docType,
      identificatorValue: r.person.identificatorValue,
      dateOfBirth: r.person.dateOfBirth,
    },
    phoneNumber: r.phoneNumber,
    email: r.email,
    payer: r.payer,
    identificationReason: r.identificationReason,
  }));
export type IdentificationInput = z.input<typeof IdentificationRequest>;

/** Operation 3, guide 2.1: POST /identification/web/websession/start. */
export const StartWebIdentificationRequest = z.object({
  requestCallbackUrl: url,
  identificationReason: text(500),
});
export type StartWebIdentificationInput = z.input<typeof StartWebIdentificationRequest>;

/** Operation 4, guide 2.2: POST /identification/web/sessions/by-otc-request/{webSessionId}. */
export const CreateRegistrationRequest = z
  .object({
    cancelUrl: url,
    successUrl: url,
    // As long as the public API allows (protocol: 200), so a session created is a session startable.
    externalRef: text(200),
    // guide 2.2: "Could be empty object".
    deviceFingerprint: z.record(z.string(), z.unknown()).default({}),
    userLanguage: z.enum(['bg', 'en']),
    verifyEmailAddress: z.boolean(),
    verifyPhoneNumber: z.boolean(),
    // guide 2.2: the comments of these two look swapped; we go by the names.
    showGtcGdp: z.boolean(),
    showMainInfo: z.boolean(),
  })
  .transform((r) => ({
    cancelUrl: r.cancelUrl,
    deviceFingerprint: r.deviceFingerprint,
    externalRef: r.externalRef,
    successUrl: r.successUrl,
    userLanguage: r.userLanguage,
    verifyEmailAddress: r.verifyEmailAddress,
    verifyPhoneNumber: r.verifyPhoneNumber,
    showGtcGdp: r.showGtcGdp,
    showMainInfo: r.showMainInfo,
  }));
export type CreateRegistrationInput = z.input<typeof CreateRegistrationRequest>;

const nonNegative = z.number().finite().nonnegative();

const documentForSign = z.object({
  contentAsBase64: z.string().min(1),
  fileName: text(255),
  legalFileName: text(255),
  padesVisualSignature: z.boolean(),
  signaturePosition: z
    .object({
      imageHeight: nonNegative,
      imageWidth: nonNegative,
      imageXAxis: nonNegative,
      imageYAxis: nonNegative,
      // guide 3.1: "the counting starts from 1".
      pageNumber: z.number().int().min(1),
    })
    .optional(),
  // guide 3.1 spells it toBeArhieved (sic); the provider expects exactly that.
  toBeArhieved: z.boolean().optional(),
});

/** Operation 7, guide 3.1: POST /identification/web/signsession/start. */
export const StartSigningRequest = z.object({
  identificator: text(256),
  signSessionId: text(256),
  documentsForSign: z.array(documentForSign).min(1),
  sendSignedDocumentsByEmail: z.boolean(),
  cancelUrl: url,
  successUrl: url,
});
export type StartSigningInput = z.input<typeof StartSigningRequest>;

/** A path segment: non-empty (an empty one would make a `//`), ids as the provider gave them. */
export const PathSegment = z.union([z.string().trim().min(1).max(256), z.number().int().nonnegative()]);
