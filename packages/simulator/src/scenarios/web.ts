/**
 * Web identification (guide 2, 4, 5): web session -> registration -> the customer's page ->
 * (agent review) -> the provider's internal steps -> callback -> results.
 */
import { randomUUID } from 'node:crypto';
import { sendCallback } from '../callbacks/bodies.ts';
import { type Context, providerDate } from '../context.ts';
import { badRequest, conflict, notFound, rejected } from '../errors.ts';
import { eidCertificatePdf } from '../pdf/certificate.ts';
import type { Language, Person, Registration, WebSession } from '../state/types.ts';
import { clientIdentificator, maskId, TEST_PERSON } from './person.ts';

export function startWebIdentification(
  ctx: Context,
  input: { requestCallbackUrl: string; identificationReason: string },
): WebSession {
  const now = Date.now();
  const w: WebSession = {
    webSessionId: randomUUID(),
    resultId: ctx.store.resultId(),
    requestId: ctx.store.requestId(),
    requestCallbackUrl: input.requestCallbackUrl,
    reason: input.identificationReason,
    createdAt: now,
    expiresAt: now + ctx.timing.webSessionValidityMs,
  };
  ctx.store.webSessions.set(w.webSessionId, w);
  return w;
}

export interface NewRegistration {
  cancelUrl: string;
  successUrl: string;
  externalRef?: string;
  userLanguage: Language;
  verifyEmailAddress: boolean;
  verifyPhoneNumber: boolean;
  showGtcGdp: boolean;
  showMainInfo: boolean;
}

export function createRegistration(ctx: Context, webSessionId: string, input: NewRegistration): Registration {
  const w = ctx.store.webSessions.get(webSessionId);
  if (!w) throw notFound('No web session with this webSessionId.');
  if (w.registration) throw badRequest('This web session already has a registration.');
  const now = Date.now();
  if (now > w.expiresAt) throw rejected('The web session has expired.');
  const r: Registration = {
    registrationId: randomUUID(),
    sessionId: randomUUID(),
    createdOn: now,
    expiredOn: now + ctx.timing.registrationValidityMs,
    ...input,
    phase: 'started',
  };
  w.registration = r;
  return r;
}

function processingFraction(ctx: Context, r: Registration, now: number): number {
  if (r.ready) return 1;
  const ms = ctx.timing.processingMs;
  if (ms <= 0) return 1;
  return Math.min(1, (now - (r.processingFrom ?? now)) / ms);
}

export function isExpired(r: Registration, now = Date.now()): boolean {
  return r.phase === 'started' && now > r.expiredOn;
}

/** getRegistrationStatus's body (guide 4.1), bare. */
export function registrationStatus(ctx: Context, r: Registration, now = Date.now()) {
  let status: string;
  let reviewStatus: string;
  switch (r.phase) {
    case 'started':
      status = isExpired(r, now) ? 'EXPIRED' : 'STARTED';
      reviewStatus = 'N_A';
      break;
    case 'review':
      status = 'COMPLETED';
      reviewStatus = 'FINALIZE_REJECT';
      break;
    case 'processing':
      reviewStatus = r.approval ?? 'ALLOW_DENY';
      // An automatic approval is COMPLETED first, then FINALIZED; an agent's approval finalizes at once.
      status =
        reviewStatus === 'ALLOWED' || processingFraction(ctx, r, now) >= 0.25 ? 'FINALIZED' : 'COMPLETED';
      break;
    case 'denied':
      status = 'REJECTED';
      reviewStatus = 'DENIED';
      break;
    default:
      status = 'REJECTED';
      reviewStatus = 'N_A';
  }
  return {
    createdOn: providerDate(r.createdOn),
    processedOn: r.processedOn === undefined ? null : providerDate(r.processedOn),
    registrationId: r.registrationId,
    reviewStatus,
    reviewedOn: r.reviewedOn === undefined ? null : providerDate(r.reviewedOn),
    status,
    userMessageBg: USER_MESSAGES[status] ?? null,
  };
}

const USER_MESSAGES: Record<string, string> = {
  STARTED: 'Регистрацията е започната.',
  COMPLETED: 'Данните за регистрацията са събрани.',
  FINALIZED: 'Регистрацията е потвърдена.',
  REJECTED: 'Регистрацията е отхвърлена.',
  EXPIRED: 'Регистрацията е изтекла.',
};

/** guide 5.1 never says which status finished results report; the dialect picks one (with a fitting step). */
const DONE_STATUS = {
  CREATE_SIGN_SESSION_REQUEST: {
    status: 'CREATE_SIGN_SESSION_REQUEST',
    step: 'SIGN_SESSION_ID_SUCCESSFULLY_CREATED',
  },
  SIGN_SESSION: { status: 'SIGN_SESSION', step: 'CREATE_SIGN_SESSION_ID' },
  PROCESS_IS_FINISHED: { status: 'PROCESS_IS_FINISHED', step: 'SIGN_SESSION_ID_SUCCESSFULLY_CREATED' },
} as const;

/** The id the identification callback carries and its result download accepts (guide 2.4/2.5 are ambiguous). */
export function resultSessionId(ctx: Context, w: WebSession): string {
  return ctx.dialect.resultSessionId === 'registrationSessionId' && w.registration
    ? w.registration.sessionId
    : w.webSessionId;
}

/** Dialect `callbacks: all`: a callback for a change other than success, named by the new web status. */
function changeCallback(ctx: Context, w: WebSession): Promise<void> {
  return sendCallback(ctx, w.requestCallbackUrl, {
    of: 'identification',
    success: false,
    processState: webStatus(ctx, w).status,
    requestId: w.requestId,
    sessionId: resultSessionId(ctx, w),
    resultId: w.resultId,
  });
}

/** getWebIdentificationStatus's `data` (guide 5.1) for a web identification. */
export function webStatus(ctx: Context, w: WebSession, now = Date.now()): { status: string; step: string } {
  const r = w.registration;
  if (!r) return { status: 'START_WEB_SESSION', step: 'START' };
  switch (r.phase) {
    case 'started':
    case 'review':
      return { status: 'IN_PROGRESS', step: 'WEB_IDV_REGISTRATION' };
    case 'denied':
    case 'failed':
      return { status: 'IN_PROGRESS', step: 'WEB_IDV_REGISTRATION_FAILED' };
    case 'cancelled':
      return { status: 'PROCESS_IS_CANCELED_BY_USER', step: 'WEB_IDV_REGISTRATION' };
    case 'processing': {
      const f = processingFraction(ctx, r, now);
      if (f >= 1) return DONE_STATUS[ctx.dialect.identificationDoneStatus];
      if (f >= 0.5)
        return { status: 'AUTOMATIC_AGENT_SIGNED_CLIENT_DOCUMENT', step: 'BORICA_SEAL_FOR_CLIENT_DOCUMENTS' };
      if (f >= 0.25) return { status: 'ISSUED_CERTIFICATE', step: 'PKCS10_REQ_GENERATED' };
      return { status: 'REGIX', step: 'START' };
    }
  }
}

export function webSessionBySessionId(
  ctx: Context,
  sessionId: string,
): WebSession & { registration: Registration } {
  const w = ctx.store.webSessionBySessionId(sessionId);
  if (!w?.registration) throw notFound('No identification session with this sessionId.');
  return w as WebSession & { registration: Registration };
}

export type IdentificationOutcome = 'success' | 'cancel' | 'fail' | 'review';

/** What the customer did on the identification page. */
export async function completeIdentification(
  ctx: Context,
  sessionId: string,
  outcome: IdentificationOutcome,
  person?: Partial<Person>,
): Promise<void> {
  const w = webSessionBySessionId(ctx, sessionId);
  const r = w.registration;
  if (isExpired(r)) throw conflict('The identification session has expired.');
  if (r.phase !== 'started') throw conflict('The identification session was already completed.');
  const now = Date.now();
  r.person = {
    name: person?.name?.trim() || TEST_PERSON.name,
    egn: person?.egn?.trim() || TEST_PERSON.egn,
    phone: person?.phone?.trim() || TEST_PERSON.phone,
  };
  ctx.log(`web identification ${sessionId}: ${outcome}`);
  if (outcome === 'cancel') {
    r.phase = 'cancelled';
    await changeCallback(ctx, w);
  } else if (outcome === 'fail') {
    r.phase = 'failed';
    r.processedOn = now;
    await changeCallback(ctx, w);
  } else if (outcome === 'review') {
    r.phase = 'review';
    r.processedOn = now;
    await changeCallback(ctx, w);
  } else {
    r.processedOn = now;
    await startProcessing(ctx, w, 'ALLOW_DENY');
  }
}

/** The agent's decision on a registration waiting for review. */
export async function review(ctx: Context, sessionId: string, decision: 'approve' | 'deny'): Promise<void> {
  const w = webSessionBySessionId(ctx, sessionId);
  const r = w.registration;
  if (r.phase !== 'review') throw conflict('This registration is not waiting for review.');
  r.reviewedOn = Date.now();
  ctx.log(`review ${sessionId}: ${decision}`);
  if (decision === 'deny') {
    r.phase = 'denied';
    await changeCallback(ctx, w);
    return;
  }
  await startProcessing(ctx, w, 'ALLOWED');
}

async function startProcessing(
  ctx: Context,
  w: WebSession,
  approval: 'ALLOW_DENY' | 'ALLOWED',
): Promise<void> {
  const r = w.registration as Registration;
  const person = r.person ?? TEST_PERSON;
  const now = Date.now();
  const identificator = clientIdentificator(ctx.relyingPartyId, 'EGN', person.egn);
  const eidPdf = await eidCertificatePdf({
    name: person.name,
    maskedId: `EGN ${maskId(person.egn)}`,
    clientIdentificator: identificator,
    reason: w.reason,
    issuedAt: new Date(now),
    method: 'web',
    language: r.userLanguage,
  });
  const signSessionId = randomUUID();
  const availableAt = now + Math.max(0, ctx.timing.processingMs);
  ctx.store.signSessions.set(signSessionId, {
    signSessionId,
    clientIdentificator: identificator,
    person,
    language: r.userLanguage,
    webSessionId: w.webSessionId,
    availableAt,
    expiresAt: availableAt + ctx.timing.signSessionValidityMs,
    consumed: false,
  });
  w.result = { clientIdentificator: identificator, signSessionId, eidPdf };
  r.approval = approval;
  r.processingFrom = now;
  r.phase = 'processing';
  ctx.schedule(ctx.timing.processingMs, async () => {
    r.ready = true;
    await sendCallback(ctx, w.requestCallbackUrl, {
      of: 'identification',
      success: true,
      processState: 'CREATE_SIGN_SESSION_REQUEST',
      requestId: w.requestId,
      sessionId: resultSessionId(ctx, w),
      resultId: w.resultId,
    });
  });
}

/** getWebIdentificationResults with processState CREATE_SIGN_SESSION_REQUEST (guide 2.5). */
export function identificationResults(ctx: Context, w: WebSession, sessionId: string, onlyMetadata: boolean) {
  // guide 2.5 swaps the descriptions of sessionId and resultId; the callback's sessionId goes here
  // (the webSessionId, or with dialect resultSessionId=registrationSessionId createRegistration's sessionId).
  if (sessionId !== resultSessionId(ctx, w))
    throw notFound('No identification result for this resultId and sessionId.');
  const r = w.registration;
  if (r?.phase !== 'processing' || processingFraction(ctx, r, Date.now()) < 1 || !w.result) {
    throw notFound('The identification result is not available.');
  }
  const signSession = ctx.store.signSessions.get(w.result.signSessionId);
  return {
    ...(onlyMetadata ? {} : { eIDDocAsBase64: w.result.eidPdf }),
    clientIdentificator: w.result.clientIdentificator,
    signSessionId: w.result.signSessionId,
    signSessionIdExpireDate: providerDate(signSession?.expiresAt ?? Date.now()),
  };
}

/** Registrations waiting for the customer or for an agent, for the index page. */
export function webSessionsWith(ctx: Context, phase: Registration['phase']): WebSession[] {
  const now = Date.now();
  return [...ctx.store.webSessions.values()].filter(
    (w) => w.registration?.phase === phase && !(phase === 'started' && isExpired(w.registration, now)),
  );
}
