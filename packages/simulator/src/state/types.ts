/** Everything the simulator remembers. Times are epoch milliseconds; states are computed from them lazily. */

export type Language = 'bg' | 'en';

/** The person a web identification or a B-Trust MOBILE approval vouched for. */
export interface Person {
  name: string;
  egn: string;
  phone: string;
}

/** B-Trust MOBILE request (guide 1). */
export interface MobileRequest {
  callbackId: string;
  createdAt: number;
  validUntil: number;
  docType: 'EGN' | 'LNC' | 'EMAIL' | 'PHONE';
  identificatorValue: string;
  dateOfBirth: string;
  phoneNumber: string;
  email: string;
  reason: string;
  identificator: string;
  /** The customer's answer in the app, and when. */
  outcome?: 'approve' | 'reject';
  decidedAt?: number;
  /** Built when approved; base64. */
  eidPdf?: string;
}

/**
 * The customer-facing phase of a web identification registration.
 * `processing` walks through the provider's internal steps until `processingFrom + processingMs`.
 */
export type RegistrationPhase = 'started' | 'review' | 'processing' | 'denied' | 'failed' | 'cancelled';

export interface Registration {
  registrationId: string;
  sessionId: string;
  createdOn: number;
  expiredOn: number;
  userLanguage: Language;
  verifyEmailAddress: boolean;
  verifyPhoneNumber: boolean;
  showGtcGdp: boolean;
  showMainInfo: boolean;
  successUrl: string;
  cancelUrl: string;
  externalRef?: string;
  phase: RegistrationPhase;
  /** ALLOW_DENY (automatic) or ALLOWED (after agent review) once processing. */
  approval?: 'ALLOW_DENY' | 'ALLOWED';
  processedOn?: number;
  reviewedOn?: number;
  processingFrom?: number;
  /** Set when processing ended (the callback goes out then). */
  ready?: boolean;
  person?: Person;
}

/** startWebIdentification + createRegistration (guide 2). */
export interface WebSession {
  webSessionId: string;
  resultId: number;
  requestId: number;
  requestCallbackUrl: string;
  reason: string;
  createdAt: number;
  expiresAt: number;
  registration?: Registration;
  /** Set once the identification succeeded (available from `processingFrom + processingMs`). */
  result?: { clientIdentificator: string; signSessionId: string; eidPdf: string };
}

/** A sign session: one OTC signing (guide 2.5 and 3.3 hand them out). */
export interface SignSession {
  signSessionId: string;
  clientIdentificator: string;
  person: Person;
  language: Language;
  /** The web identification it descends from: its requestCallbackUrl gets the signing callbacks. */
  webSessionId: string;
  availableAt: number;
  expiresAt: number;
  consumed: boolean;
}

export interface DocumentForSign {
  contentAsBase64: string;
  fileName: string;
  legalFileName: string;
  padesVisualSignature: boolean;
  signaturePosition?: {
    imageHeight: number;
    imageWidth: number;
    imageXAxis: number;
    imageYAxis: number;
    pageNumber: number;
  };
  toBeArhieved?: boolean;
}

export type SigningPhase = 'started' | 'otp' | 'signed' | 'cancelled';

/** A signing started with signsession/start (guide 3). */
export interface Signing {
  resultId: number;
  requestId: number;
  token: string;
  signSessionId: string;
  webSessionId: string;
  clientIdentificator: string;
  person: Person;
  language: Language;
  documents: DocumentForSign[];
  sendSignedDocumentsByEmail: boolean;
  successUrl: string;
  cancelUrl: string;
  createdAt: number;
  expiresAt: number;
  smsCode: string;
  phase: SigningPhase;
  signedAt?: number;
  signedDocuments?: { filename: string; contentAsBase64: string }[];
  newSignSessionId?: string;
  /** Set when the signed documents can be downloaded (the callback goes out then). */
  ready?: boolean;
  wrongCodes: number;
}
