/**
 * The dialect vectors the relay is tested under: three providers that read the guide's ambiguous
 * points differently, chosen so that together they take every value of every knob at least once (the
 * default dialect is what every other suite runs on). The test checks that coverage itself.
 */
import type { Dialect } from '@borica-identify/simulator';

export interface Vector {
  name: string;
  dialect: Dialect;
  /** What the relay should report having learned from this provider (/readyz checks.provider). */
  learns: Record<string, string>;
}

export const VECTORS: Vector[] = [
  {
    // Every status change is called back; the signing callback names the NEXT sign session; the
    // signing result takes the webSessionId; both "done" statuses read SIGN_SESSION; loose answers.
    name: 'chatty: callbacks on every change, next sign session, SIGN_SESSION when done, loose',
    dialect: {
      resultSessionId: 'webSessionId',
      signCallbackSessionId: 'next',
      signResultSessionId: 'webSessionId',
      callbackResultId: 'number',
      envelope: 'wrapped',
      signResultsEnvelope: 'bare',
      identificationDoneStatus: 'SIGN_SESSION',
      signingDoneStatus: 'SIGN_SESSION',
      callbacks: 'all',
      mobileProgress: '200',
      rejectedStatus: '404',
      loose: true,
    },
    learns: {
      identificationResultSessionId: 'webSessionId',
      signResultSessionId: 'webSessionId',
      identificationCallbackSessionId: 'webSessionId',
      signCallbackSessionId: 'other',
      identificationCallbackResultId: 'number',
      signCallbackResultId: 'number',
      createRegistrationEnvelope: 'wrapped',
      getRegistrationStatusEnvelope: 'wrapped',
      getSignResultsEnvelope: 'bare',
      identificationDoneStatus: 'SIGN_SESSION',
      signingDoneStatus: 'SIGN_SESSION',
      mobilePendingHttpStatus: '200',
      rejectedHttpStatus: '404',
    },
  },
  {
    // No callback ever: the relay learns everything by polling, and the identification result takes
    // createRegistration's sessionId — the case that once left every identification in_progress.
    name: 'silent: no callbacks, registration sessionId, webSessionId for signing results, PROCESS_IS_FINISHED',
    dialect: {
      resultSessionId: 'registrationSessionId',
      signCallbackSessionId: 'consumed',
      signResultSessionId: 'webSessionId',
      callbackResultId: 'string',
      envelope: 'wrapped',
      signResultsEnvelope: 'bare',
      identificationDoneStatus: 'PROCESS_IS_FINISHED',
      signingDoneStatus: 'PROCESS_IS_FINISHED',
      callbacks: 'none',
      mobileProgress: '200',
      rejectedStatus: '404',
      loose: false,
    },
    learns: {
      identificationResultSessionId: 'sessionId',
      signResultSessionId: 'webSessionId',
      createRegistrationEnvelope: 'wrapped',
      getRegistrationStatusEnvelope: 'wrapped',
      getSignResultsEnvelope: 'bare',
      identificationDoneStatus: 'PROCESS_IS_FINISHED',
      signingDoneStatus: 'PROCESS_IS_FINISHED',
      mobilePendingHttpStatus: '200',
      rejectedHttpStatus: '404',
    },
  },
  {
    // The guide's own shapes, but the identification callback and result use the registration's
    // sessionId and the signing callback the next sign session; loose answers.
    name: 'by the book, registration sessionId, next sign session in the callback, loose',
    dialect: {
      resultSessionId: 'registrationSessionId',
      signCallbackSessionId: 'next',
      signResultSessionId: 'consumed',
      callbackResultId: 'guide',
      envelope: 'bare',
      signResultsEnvelope: 'wrapped',
      identificationDoneStatus: 'CREATE_SIGN_SESSION_REQUEST',
      signingDoneStatus: 'SIGNED_CLIENT_DOCUMENT',
      callbacks: 'success',
      mobileProgress: '206',
      rejectedStatus: '400',
      loose: true,
    },
    learns: {
      identificationResultSessionId: 'sessionId',
      signResultSessionId: 'signSessionId',
      identificationCallbackSessionId: 'sessionId',
      signCallbackSessionId: 'other',
      identificationCallbackResultId: 'string',
      signCallbackResultId: 'number',
      createRegistrationEnvelope: 'bare',
      getRegistrationStatusEnvelope: 'bare',
      getSignResultsEnvelope: 'wrapped',
      identificationDoneStatus: 'CREATE_SIGN_SESSION_REQUEST',
      signingDoneStatus: 'SIGNED_CLIENT_DOCUMENT',
      mobilePendingHttpStatus: '206',
      rejectedHttpStatus: '400',
    },
  },
];
