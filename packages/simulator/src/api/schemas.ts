/**
 * Request bodies as the guide describes them. Liberal where the guide is inconsistent
 * (identificatorValue as number or string), strict on what would break the flow.
 * Unknown fields are ignored, as a Java/Spring service would.
 */
import { z } from 'zod';

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048);
const text = z.string().trim().min(1, 'must not be empty').max(500);

function isRealDate(ddMMyyyy: string): boolean {
  const [d, m, y] = ddMMyyyy.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export const IdentificationBody = z.object({
  personIdentityData: z
    .object({
      docType: z.enum(['EGN', 'LNC', 'EMAIL', 'PHONE']),
      // guide 1.1 shows a JSON number; an EGN may start with 0, so a number is padded back to 10 digits.
      identificatorValue: z.union([z.string().trim().min(1).max(254), z.number().int().nonnegative()]),
      dateOfBirth: z
        .string()
        .regex(/^\d{2}-\d{2}-\d{4}$/, 'must be dd-MM-yyyy')
        .refine(isRealDate, 'must be a real date (dd-MM-yyyy)'),
    })
    .transform((p, ctx) => {
      let value = String(p.identificatorValue);
      if (p.docType === 'EGN' || p.docType === 'LNC') {
        if (typeof p.identificatorValue === 'number') value = value.padStart(10, '0');
        if (!/^\d{10}$/.test(value)) {
          ctx.addIssue({
            code: 'custom',
            path: ['identificatorValue'],
            message: `must be 10 digits for ${p.docType}`,
          });
        }
      } else if (p.docType === 'EMAIL' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
        ctx.addIssue({ code: 'custom', path: ['identificatorValue'], message: 'must be an e-mail address' });
      } else if (p.docType === 'PHONE' && !/^\+?[1-9]\d{6,14}$/.test(value)) {
        ctx.addIssue({ code: 'custom', path: ['identificatorValue'], message: 'must be a phone number' });
      }
      return { ...p, identificatorValue: value };
    }),
  phoneNumber: z
    .string()
    .trim()
    .regex(/^\+?[1-9]\d{6,14}$/, 'must be a phone number such as +359888123456'),
  email: z
    .string()
    .trim()
    .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an e-mail address')
    .max(254),
  payer: z.string().max(100).optional(),
  identificationReason: text,
});

export const StartWebIdentificationBody = z.object({
  requestCallbackUrl: httpUrl,
  identificationReason: text,
});

export const CreateRegistrationBody = z.object({
  cancelUrl: httpUrl,
  successUrl: httpUrl,
  deviceFingerprint: z.record(z.string(), z.unknown()).optional(),
  externalRef: z.union([z.string().max(200), z.number()]).optional(),
  userLanguage: z.enum(['bg', 'en']).default('bg'),
  verifyEmailAddress: z.boolean().default(true),
  verifyPhoneNumber: z.boolean().default(true),
  showGtcGdp: z.boolean().default(true),
  showMainInfo: z.boolean().default(true),
});

const SignaturePosition = z.object({
  imageHeight: z.number().positive(),
  imageWidth: z.number().positive(),
  imageXAxis: z.number().min(0),
  imageYAxis: z.number().min(0),
  pageNumber: z.number().int().min(1, 'counts from 1'),
});

const DocumentForSign = z
  .object({
    contentAsBase64: z.base64('must be base64').min(1),
    fileName: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(/^[^/\\\0]+$/, 'must be a plain file name'),
    legalFileName: z.string().trim().min(1).max(200),
    padesVisualSignature: z.boolean().default(false),
    signaturePosition: SignaturePosition.optional(),
    toBeArhieved: z.boolean().optional(), // guide 3.1 spells it so
  })
  .superRefine((d, ctx) => {
    if (d.padesVisualSignature && !d.signaturePosition) {
      ctx.addIssue({
        code: 'custom',
        path: ['signaturePosition'],
        message: 'is required when padesVisualSignature is true',
      });
    }
  });

export const StartSigningBody = z.object({
  identificator: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters'),
  signSessionId: z.string().trim().min(1),
  documentsForSign: z.array(DocumentForSign).min(1, 'must list at least one document').max(50),
  sendSignedDocumentsByEmail: z.boolean().default(false),
  cancelUrl: httpUrl,
  successUrl: httpUrl,
});

/** `personIdentityData.dateOfBirth: must be dd-MM-yyyy; email: ...` — names fields, never their values. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => {
      const path = i.path
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('')
        .replace(/^\./, '');
      const msg = /received undefined/.test(i.message) ? 'is required' : i.message;
      return path ? `${path}: ${msg}` : msg;
    })
    .join('; ');
}
