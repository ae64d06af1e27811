/**
 * zod schemas of every body that crosses between widget, relay and the relying party's backend.
 * The relay validates with them; the widget imports only their inferred types (`import type`).
 * Request bodies are strict: an unknown field is a caller's mistake and gets a 400 naming it.
 */
import { z } from 'zod';
import {
  DISPLAY_MODES,
  ERROR_CODES,
  ID_TYPES,
  LANGUAGES,
  METHODS,
  SESSION_KINDS,
  STATUSES,
} from './constants.ts';
import { checkPerson } from './validate.ts';

export const StatusSchema = z.enum(STATUSES);
export const SessionKindSchema = z.enum(SESSION_KINDS);
export const MethodSchema = z.enum(METHODS);
export const LanguageSchema = z.enum(LANGUAGES);
export const DisplayModeSchema = z.enum(DISPLAY_MODES);
export const ErrorCodeSchema = z.enum(ERROR_CODES);
export const IsoDateTime = z.string().describe('RFC 3339 timestamp');

/** The provider's own raw values, travelling beside our status. Any may be absent. */
export const ProviderInfo = z.object({
  /** getWebIdentificationStatus `status`, or getIdentificationResult `status` for mobile. */
  status: z.string().optional(),
  /** getWebIdentificationStatus `step`. */
  step: z.string().optional(),
  /** getRegistrationStatus `status`. */
  registrationStatus: z.string().optional(),
  /** getRegistrationStatus `reviewStatus` (agent review). */
  reviewStatus: z.string().optional(),
  /** Last callback `processState`. */
  processState: z.string().optional(),
});
export type ProviderInfo = z.infer<typeof ProviderInfo>;

// ---------------------------------------------------------------- errors (RFC 9457)

export const ProblemDetails = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  code: ErrorCodeSchema,
  /** Field-level problems: `path` is dotted (`person.id`, `documents.0.content`). */
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  instance: z.string().optional(),
});
export type ProblemDetails = z.infer<typeof ProblemDetails>;

export const SessionError = z.object({ code: z.string(), message: z.string() });
export type SessionError = z.infer<typeof SessionError>;

// ---------------------------------------------------------------- server API: identifications

const returnUrl = z.url({ protocol: /^https?$/ }).max(2048);
const reason = z.string().trim().min(1).max(500);
const externalRef = z.string().trim().min(1).max(200);

export const WebOptions = z.strictObject({
  verifyEmail: z.boolean().default(true),
  verifyPhone: z.boolean().default(true),
  showTerms: z.boolean().default(true),
  showIntro: z.boolean().default(true),
});
export type WebOptions = z.infer<typeof WebOptions>;

export const Person = z
  .strictObject({
    idType: z.enum(ID_TYPES),
    id: z.string().trim().min(1).max(254),
    dateOfBirth: z.string(),
    phone: z.string().trim(),
    email: z.string().trim(),
  })
  .superRefine((p, ctx) => {
    const messages: Record<string, string> = {
      required: 'is required',
      egn_invalid: 'is not a valid EGN (10 digits, a real birth date, a matching check digit)',
      lnc_invalid: 'is not a valid LNC (10 digits with a matching check digit)',
      date_invalid: 'must be a real date as YYYY-MM-DD',
      date_mismatch: 'does not match the birth date in the EGN',
      phone_invalid: 'must be an E.164 phone number such as +359888123456',
      email_invalid: 'is not a valid e-mail address',
    };
    for (const [field, problem] of Object.entries(checkPerson(p))) {
      ctx.addIssue({ code: 'custom', path: [field], message: messages[problem] ?? problem });
    }
  });
export type Person = z.infer<typeof Person>;

export const CreateIdentificationRequest = z
  .strictObject({
    method: MethodSchema,
    reason,
    externalRef: externalRef.optional(),
    language: LanguageSchema.default('bg'),
    returnUrl: returnUrl.optional(),
    web: WebOptions.optional(),
    person: Person.optional(),
  })
  .superRefine((b, ctx) => {
    if (b.method === 'mobile' && !b.person) {
      ctx.addIssue({ code: 'custom', path: ['person'], message: 'is required for method "mobile"' });
    }
    if (b.method === 'web' && b.person) {
      ctx.addIssue({ code: 'custom', path: ['person'], message: 'is only for method "mobile"' });
    }
    if (b.method === 'mobile' && b.web) {
      ctx.addIssue({ code: 'custom', path: ['web'], message: 'is only for method "web"' });
    }
  });
export type CreateIdentificationRequest = z.input<typeof CreateIdentificationRequest>;

export const CreatedSession = z.object({
  id: z.string(),
  kind: SessionKindSchema,
  method: MethodSchema.optional(),
  status: StatusSchema,
  clientToken: z.string(),
  expiresAt: IsoDateTime,
});
export type CreatedSession = z.infer<typeof CreatedSession>;

export const IdentificationResult = z.object({
  clientIdentificator: z.string(),
  signSessionExpiresAt: IsoDateTime.optional(),
  certificateUrl: z.string(),
});

export const IdentificationView = z.object({
  id: z.string(),
  kind: z.literal('identification'),
  method: MethodSchema,
  status: StatusSchema,
  reason: z.string(),
  externalRef: z.string().optional(),
  language: LanguageSchema,
  provider: ProviderInfo,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  expiresAt: IsoDateTime,
  completedAt: IsoDateTime.optional(),
  result: IdentificationResult.optional(),
  error: SessionError.optional(),
});
export type IdentificationView = z.infer<typeof IdentificationView>;

// ---------------------------------------------------------------- server API: signings

export const VisualSignature = z.strictObject({
  page: z.number().int().min(1),
  x: z.number().min(0),
  y: z.number().min(0),
  width: z.number().positive(),
  height: z.number().positive(),
});

export const DocumentToSign = z.strictObject({
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[^/\\\0]+$/, 'must be a plain file name'),
  title: z.string().trim().min(1).max(200),
  content: z.base64().min(1).describe('base64 PDF'),
  visualSignature: VisualSignature.optional(),
  archive: z.boolean().optional(),
});

export const CreateSigningRequest = z.strictObject({
  identificationId: z.string().min(1),
  documents: z.array(DocumentToSign).min(1).max(20),
  emailSignedDocuments: z.boolean().optional(),
  returnUrl: returnUrl.optional(),
});
export type CreateSigningRequest = z.input<typeof CreateSigningRequest>;

export const SigningView = z.object({
  id: z.string(),
  kind: z.literal('signing'),
  status: StatusSchema,
  identificationId: z.string(),
  language: LanguageSchema,
  provider: ProviderInfo,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  expiresAt: IsoDateTime,
  completedAt: IsoDateTime.optional(),
  documents: z.array(z.object({ fileName: z.string(), title: z.string(), url: z.string().optional() })),
  error: SessionError.optional(),
});
export type SigningView = z.infer<typeof SigningView>;

// ---------------------------------------------------------------- client API (widget)

/** Public view for the widget: no personal data, no documents. */
export const ClientSessionView = z.object({
  id: z.string(),
  kind: SessionKindSchema,
  method: MethodSchema.optional(),
  status: StatusSchema,
  reason: z.string().optional(),
  language: LanguageSchema,
  expiresAt: IsoDateTime,
  provider: ProviderInfo.optional(),
  /** Where the customer continues, once started (web identification and signing). */
  redirectUrl: z.string().optional(),
  documents: z.array(z.object({ fileName: z.string(), title: z.string() })).optional(),
  error: SessionError.optional(),
});
export type ClientSessionView = z.infer<typeof ClientSessionView>;

/** The hand-off modes whose window or frame is not the relying party's page (widget `display`). */
const LIGHT_RETURN_MODES: readonly string[] = ['popup', 'iframe', 'qr'];

/**
 * `display`: how the widget hands the customer over. In `popup`, `iframe` and `qr` the provider sends the
 * customer back to a light page (the relay's "you can close this window" page, or `returnUrl` when
 * given, an allowed origin) instead of the session's `returnUrl`: that window is not the host page.
 */
export const StartRequest = z
  .strictObject({
    consent: z.literal(true, { error: 'must be true: the customer has to consent first' }),
    display: DisplayModeSchema.optional(),
    returnUrl: returnUrl.optional(),
  })
  .superRefine((b, ctx) => {
    if (b.returnUrl && !LIGHT_RETURN_MODES.includes(b.display ?? 'redirect')) {
      ctx.addIssue({
        code: 'custom',
        path: ['returnUrl'],
        message:
          'is only for display "popup", "iframe" or "qr" (a redirect returns to the session\'s returnUrl)',
      });
    }
  });
export type StartRequest = z.infer<typeof StartRequest>;

export const StartResponse = z.object({ status: StatusSchema, redirectUrl: z.string().optional() });
export type StartResponse = z.infer<typeof StartResponse>;

export const CancelResponse = z.object({ status: z.literal('cancelled') });
export type CancelResponse = z.infer<typeof CancelResponse>;

export const OpenStartRequest = z.strictObject({
  method: z.literal('web'),
  reason,
  language: LanguageSchema.default('bg'),
  returnUrl: returnUrl.optional(),
});
export type OpenStartRequest = z.input<typeof OpenStartRequest>;

// ---------------------------------------------------------------- SSE

/** `data:` of every SSE `status` event; `id:` is the per-session event number. */
export const StatusEvent = z.object({
  id: z.string().describe('session id'),
  kind: SessionKindSchema,
  status: StatusSchema,
  provider: ProviderInfo,
  at: IsoDateTime,
});
export type StatusEvent = z.infer<typeof StatusEvent>;

// ---------------------------------------------------------------- outbound webhook

export const WEBHOOK_TYPES = [
  'identification.completed',
  'identification.failed',
  'identification.cancelled',
  'identification.expired',
  'signing.completed',
  'signing.failed',
  'signing.cancelled',
  'signing.expired',
] as const;
export const WebhookType = z.enum(WEBHOOK_TYPES);
export type WebhookType = z.infer<typeof WebhookType>;

export const WebhookBody = z.object({
  type: WebhookType,
  timestamp: IsoDateTime,
  data: z.object({
    id: z.string(),
    kind: SessionKindSchema,
    status: StatusSchema,
    externalRef: z.string().optional(),
    provider: ProviderInfo,
    error: SessionError.optional(),
  }),
});
export type WebhookBody = z.infer<typeof WebhookBody>;
