/**
 * The relay's client for BORICA's B-Trust Signing API v2 over mutual TLS.
 * Interface: /work/notes/client-api.md.
 */
export { type ParsedCallback, type ProviderCallback, parseCallback } from './callback.ts';
export { type IdCandidate, orderCandidates, tryIds } from './candidates.ts';
export { createSigningApiClient } from './client.ts';
export {
  ERROR_CODES,
  type ErrorCode,
  isSigningApiError,
  type OperationName,
  SigningApiConfigError,
  SigningApiError,
} from './errors.ts';
export {
  createReadings,
  type MetaStore,
  type ProviderReadings,
  READINGS_META_KEY,
  type ReadingName,
  readReadings,
} from './readings.ts';
export type {
  CreateRegistrationInput,
  IdentificationInput,
  StartSigningInput,
  StartWebIdentificationInput,
} from './schemas/requests.ts';
export { flattenShape, type Shape, shapeOf } from './shape.ts';
export {
  type CertificateInfo,
  certificateInfo,
  checkCredentials,
  loadTlsCredentials,
  type TlsCredentials,
  type TlsFilePaths,
} from './tls.ts';
export { createTrace, type ProviderTrace, type TraceExchange } from './trace.ts';
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
  UnexpectedAnswer,
  WebIdentificationResults,
  WebIdentificationStarted,
  WebIdentificationStatusResult,
} from './types.ts';
export { reportUnexpected, type UnexpectedSinks } from './unexpected.ts';
