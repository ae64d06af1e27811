/** B-Trust MOBILE identification (guide 1): ON_BOARDING -> IN_PROGRESS -> FINISHED, or REJECTED. */
import { randomUUID } from 'node:crypto';
import type { Context } from '../context.ts';
import { conflict, notFound } from '../errors.ts';
import { eidCertificatePdf } from '../pdf/certificate.ts';
import type { Language, MobileRequest } from '../state/types.ts';
import { clientIdentificator, maskId, TEST_PERSON } from './person.ts';

export type MobileState = 'ON_BOARDING' | 'IN_PROGRESS' | 'FINISHED' | 'REJECTED' | 'EXPIRED';

export interface NewMobileRequest {
  docType: MobileRequest['docType'];
  identificatorValue: string;
  dateOfBirth: string;
  phoneNumber: string;
  email: string;
  reason: string;
}

export function createMobileRequest(ctx: Context, input: NewMobileRequest): MobileRequest {
  const now = Date.now();
  const request: MobileRequest = {
    callbackId: randomUUID(),
    createdAt: now,
    validUntil: now + ctx.timing.mobileValidityMs,
    ...input,
    identificator: clientIdentificator(ctx.relyingPartyId, input.docType, input.identificatorValue),
  };
  ctx.store.mobile.set(request.callbackId, request);
  return request;
}

/** The state now; an automatic approval (timing.mobileAutoFinishMs) is recorded when it is due. */
export function mobileState(ctx: Context, m: MobileRequest, now = Date.now()): MobileState {
  if (!m.outcome) {
    const auto = ctx.timing.mobileAutoFinishMs;
    const autoAt =
      auto === null ? Number.POSITIVE_INFINITY : m.createdAt + ctx.timing.mobileOnboardingMs + auto;
    if (autoAt <= now && autoAt <= m.validUntil) {
      m.outcome = 'approve';
      m.decidedAt = autoAt;
    }
  }
  if (m.outcome === 'approve') return 'FINISHED';
  if (m.outcome === 'reject') return 'REJECTED';
  if (now > m.validUntil) return 'EXPIRED';
  return now < m.createdAt + ctx.timing.mobileOnboardingMs ? 'ON_BOARDING' : 'IN_PROGRESS';
}

export function getMobile(ctx: Context, callbackId: string): MobileRequest {
  const m = ctx.store.mobile.get(callbackId);
  if (!m) throw notFound('No identification request with this callbackId.');
  return m;
}

/** The customer's answer in the B-Trust MOBILE app. */
export function completeMobile(ctx: Context, callbackId: string, outcome: 'approve' | 'reject'): void {
  const m = getMobile(ctx, callbackId);
  const state = mobileState(ctx, m);
  if (state === 'EXPIRED') throw conflict('The identification request has expired.');
  if (state === 'FINISHED' || state === 'REJECTED')
    throw conflict('The identification request was already answered.');
  m.outcome = outcome;
  m.decidedAt = Date.now();
  ctx.log(`mobile ${callbackId}: ${outcome}`);
}

/** The eID certificate of an approved request, built once. */
/** B-Trust MOBILE has no userLanguage: the certificate follows the Accept-language of its first fetch. */
export async function mobileCertificate(m: MobileRequest, language: Language): Promise<string> {
  m.eidPdf ??= await eidCertificatePdf({
    name: TEST_PERSON.name,
    maskedId: `${m.docType} ${maskId(m.identificatorValue)}`,
    clientIdentificator: m.identificator,
    reason: m.reason,
    issuedAt: new Date(m.decidedAt ?? Date.now()),
    method: 'mobile',
    language,
  });
  return m.eidPdf;
}

/** Requests still waiting for the customer, for the phone page. */
export function pendingMobile(ctx: Context): MobileRequest[] {
  const now = Date.now();
  return [...ctx.store.mobile.values()].filter((m) => {
    const s = mobileState(ctx, m, now);
    return s === 'ON_BOARDING' || s === 'IN_PROGRESS';
  });
}
