/**
 * The relay's client for BORICA's B-Trust Signing API v2 over mutual TLS.
 * Interface: /work/notes/client-api.md.
 */
export { type ParsedCallback, type ProviderCallback, parseCallback } from './callback.ts';
export { createSigningApiClient } from './client.ts';
export {
  ERROR_CODES,
  type ErrorCode,
  isSigningApiError,
  type OperationName,
  SigningApiConfigError,
  SigningApiError,
} from './errors.ts';
export type {
  CreateRegistrationInput,
  IdentificationInput,
  StartSigningInput,
  StartWebIdentificationInput,
} from './schemas/requests.ts';
export {
  type CertificateInfo,
  certificateInfo,
  checkCredentials,
  loadTlsCredentials,
  type TlsCredentials,
  type TlsFilePaths,
} from './tls.ts';
export type {
  CallEvent,
  CallOptions,
  IdentificationResult,
  Registration,
  RegistrationStatus,
  SigningApiClient,
  SigningApiClientOptions,
  SigningStarted,
  SignResults,
  WebIdentificationResults,
  WebIdentificationStarted,
  WebIdentificationStatusResult,
} from './types.ts';
