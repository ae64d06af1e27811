/** The client's public types (binding: /work/notes/client-api.md). */
import type { ErrorCode, OperationName } from './errors.ts';
import type { ReadingName } from './readings.ts';
import type {
  CreateRegistrationInput,
  IdentificationInput,
  StartSigningInput,
  StartWebIdentificationInput,
} from './schemas/requests.ts';
import type { CertificateInfo, TlsCredentials } from './tls.ts';
import type { ProviderTrace } from './trace.ts';

export interface CallEvent {
  operation: OperationName;
  outcome: 'ok' | ErrorCode;
  /** Duration of this attempt, milliseconds. */
  ms: number;
  /** 1 for the first attempt, 2 for the first retry, ... */
  attempt: number;
}

/** An answer the relay does not know: its shape (keys, types, enumeration values), never its values. */
export interface UnexpectedAnswer {
  operation: OperationName | 'callback';
  httpStatus?: number;
  /** `shape`: the schema did not match; `value`: an enumeration value the guide does not list. */
  reason: 'shape' | 'value';
  keys: string[];
}

export interface SigningApiClientOptions {
  /** e.g. https://cqes-rpuat.b-trust.bg/signing-api/v2 (trailing slash tolerated). */
  baseUrl: string;
  relyingPartyId: string;
  tls: TlsCredentials;
  /** Default Accept-language; 'bg' unless set. */
  language?: 'bg' | 'en';
  /** Defaults 5000 / 15000 / 30000. */
  timeouts?: { connectMs?: number; headersMs?: number; bodyMs?: number };
  /** Defaults 3 / 200 / 3000. */
  retries?: { reads?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** Keep-alive pool size, default 16. */
  connections?: number;
  /** Called after every attempt, for metrics. Must not throw (if it does, it is ignored). */
  onCall?: (e: CallEvent) => void;
  /** An answer in a shape (or with a value) the client does not know. Must not throw. */
  onUnexpected?: (e: UnexpectedAnswer) => void;
  /** A reading of an ambiguous point of the guide, seen in an answer (readings.ts). Must not throw. */
  onReading?: (name: ReadingName, value: string) => void;
  /** BORICA_TRACE: every exchange, in shapes only. */
  trace?: ProviderTrace;
}

export interface CallOptions {
  language?: 'bg' | 'en';
  signal?: AbortSignal;
}

export type IdentificationRequestInput = IdentificationInput;

export type IdentificationResult =
  | { status: string; finished: false }
  | {
      status: 'FINISHED';
      finished: true;
      /** The eID certificate, a base64 PDF. */
      content: string;
      identificator: string;
      identificationBefore?: string;
      identificationReason?: string;
    };

export interface WebIdentificationStarted {
  webSessionId: string;
  resultId: string;
  webSessionExpireDate: string;
}

export interface Registration {
  sessionId: string;
  registrationId: string;
  createdOn?: string;
  expiredOn?: string;
  serviceName?: string;
  otcRequestId?: string;
}

export interface WebIdentificationResults {
  eIDDocAsBase64?: string;
  clientIdentificator: string;
  signSessionId: string;
  signSessionIdExpireDate?: string;
}

export interface SignResults {
  signDocuments: { filename: string; contentAsBase64: string }[];
  clientIdentificator?: string;
  signSessionId?: string;
  signSessionIdExpireDate?: string;
}

export interface SigningStarted {
  clientDocumentUrl: string;
  expireDate: string;
  resultId: string;
}

export interface RegistrationStatus {
  status: string;
  reviewStatus?: string;
  createdOn?: string;
  processedOn?: string;
  reviewedOn?: string;
  userMessageBg?: string;
  registrationId?: string;
}

export interface WebIdentificationStatusResult {
  status: string;
  step?: string;
}

export interface SigningApiClient {
  /** op 1, guide 1.1 — POST /identification. dateOfBirth given as YYYY-MM-DD, sent as dd-MM-yyyy. */
  identification(
    req: IdentificationInput,
    o?: CallOptions,
  ): Promise<{ callbackId: string; validity: string }>;
  /** op 2, guide 1.2 — GET /identification/{callbackId}. 206 → pending; 200 FINISHED → result. */
  getIdentificationResult(callbackId: string, o?: CallOptions): Promise<IdentificationResult>;
  /** op 3, guide 2.1 */
  startWebIdentification(
    req: StartWebIdentificationInput,
    o?: CallOptions,
  ): Promise<WebIdentificationStarted>;
  /** op 4, guide 2.2 — the answer is NOT wrapped in data. */
  createRegistration(
    webSessionId: string,
    req: CreateRegistrationInput,
    o?: CallOptions,
  ): Promise<Registration>;
  /** op 6 (identification), guide 2.5 */
  getWebIdentificationResults(
    p: { resultId: string; processState: string; sessionId: string; onlyMetadata: boolean },
    o?: CallOptions,
  ): Promise<WebIdentificationResults>;
  /** op 6 (signing), guide 3.3 */
  getSignResults(p: { resultId: string; sessionId: string }, o?: CallOptions): Promise<SignResults>;
  /** op 7, guide 3.1 — field spelt toBeArhieved (sic). */
  startSigning(req: StartSigningInput, o?: CallOptions): Promise<SigningStarted>;
  /** op 8, guide 4.1 — a bare object. */
  getRegistrationStatus(registrationId: string, o?: CallOptions): Promise<RegistrationStatus>;
  /** op 9, guide 5.1 */
  getWebIdentificationStatus(resultId: string, o?: CallOptions): Promise<WebIdentificationStatusResult>;
  /** Writes a callback to the provider trace (BORICA_TRACE), if one is on. */
  traceCallback?(body: unknown, httpStatus: number): void;
  /** The client certificate in use, for /readyz. */
  certificateInfo(): CertificateInfo;
  /** Waits for requests in flight, then closes the pool. */
  close(): Promise<void>;
}
