/**
 * Web identification (guide section 2): startWebIdentification → createRegistration → the customer's
 * video identification on BORICA's page → confirmation by getWebIdentificationStatus +
 * getRegistrationStatus → getWebIdentificationResults (eID PDF, clientIdentificator, sign session).
 */
import { isTerminal, type ProviderInfo } from '@borica-identify/protocol';
import type { SessionRecord } from '../store/types.ts';
import { completeStart, handleStartFailure, type StartResult, startResult } from './claim.ts';
import type { FlowContext } from './context.ts';
import { withIdentificationSessionId } from './id-choice.ts';
import { callbackRef, newSecret } from './ids.ts';
import { applyOutcome, isPast, type Outcome } from './outcome.ts';
import { providerPdf } from './pdf.ts';
import { asProviderError, describeStartFailure, errorCode } from './provider-errors.ts';
import { settle } from './settle.ts';
import { callbackUrl, providerDeadline, returnUrls } from './urls.ts';

export async function startWeb(ctx: FlowContext, s: SessionRecord): Promise<StartResult> {
  const secret = newSecret();
  const opts = s.webOptions ?? { verifyEmail: true, verifyPhone: true, showTerms: true, showIntro: true };
  const language = s.language;
  try {
    const web = await ctx.provider.startWebIdentification(
      { requestCallbackUrl: callbackUrl(ctx, secret), identificationReason: s.reason ?? '' },
      { language },
    );
    const { successUrl, cancelUrl } = returnUrls(ctx, s);
    const reg = await ctx.provider.createRegistration(
      web.webSessionId,
      {
        cancelUrl,
        successUrl,
        externalRef: s.externalRef ?? s.id,
        deviceFingerprint: {},
        userLanguage: language,
        verifyEmailAddress: opts.verifyEmail,
        verifyPhoneNumber: opts.verifyPhone,
        // Go by the names, not the guide's swapped comments (signing-api.md).
        showGtcGdp: opts.showTerms,
        showMainInfo: opts.showIntro,
      },
      { language },
    );
    const redirectUrl = `${ctx.config.identifyUrl}/session/${encodeURIComponent(reg.sessionId)}`;
    const expiresAt = providerDeadline(reg.expiredOn ?? web.webSessionExpireDate, s.expiresAt);
    const done = await completeStart(ctx, s.id, {
      patch: {
        redirectUrl,
        expiresAt,
        refs: {
          webSessionId: web.webSessionId,
          resultId: String(web.resultId),
          sessionId: reg.sessionId,
          registrationId: reg.registrationId,
        },
      },
      refs: [callbackRef(secret)],
    });
    return startResult(done);
  } catch (e) {
    return handleStartFailure(ctx, s.id, describeStartFailure(e));
  }
}

const EARLY_WEB_STATUSES = new Set(['START_WEB_SESSION', 'ON_BOARDING', 'IN_PROGRESS']);
// guide 5.1 never says which status finished results report: any of these three may.
const DONE_WEB_STATUSES = new Set(['CREATE_SIGN_SESSION_REQUEST', 'SIGN_SESSION', 'PROCESS_IS_FINISHED']);

/** One confirmation: read both provider views in parallel, decide, apply (CAS). */
export async function confirmWeb(ctx: FlowContext, s: SessionRecord, prefetch = false): Promise<void> {
  const { resultId, registrationId, webSessionId } = s.refs;
  if (!resultId || !registrationId || !webSessionId) return;
  // Started beside the status reads, but trusted only if they confirm the process is done.
  const early = prefetch ? settle(fetchResults(ctx, s)) : undefined;
  const [webR, regR] = await Promise.allSettled([
    ctx.provider.getWebIdentificationStatus(resultId),
    ctx.provider.getRegistrationStatus(registrationId),
  ]);
  if (webR.status === 'rejected' && regR.status === 'rejected') throw webR.reason;
  for (const r of [webR, regR]) {
    if (r.status === 'rejected')
      ctx.log.warn({ sessionId: s.id, code: errorCode(r.reason) }, 'provider status read failed');
  }
  const web = webR.status === 'fulfilled' ? webR.value : undefined;
  const reg = regR.status === 'fulfilled' ? regR.value : undefined;
  const provider: ProviderInfo = {};
  if (web?.status) provider.status = web.status;
  if (web?.step) provider.step = web.step;
  if (reg?.status) provider.registrationStatus = reg.status;
  if (reg?.reviewStatus) provider.reviewStatus = reg.reviewStatus;

  const ws = web?.status ?? '';
  const step = web?.step ?? '';
  const rs = reg?.status ?? '';
  const rv = reg?.reviewStatus ?? '';

  let outcome: Outcome | ((cur: SessionRecord) => Outcome);
  if (DONE_WEB_STATUSES.has(ws) || step === 'SIGN_SESSION_ID_SUCCESSFULLY_CREATED' || rs === 'FINALIZED') {
    const results = early ? await early : await settle(fetchResults(ctx, s));
    if (!results.ok) throw results.error;
    outcome = results.value ? { ...results.value, provider } : { status: 'in_progress', provider };
    if (results.value && ws) await ctx.readings.learn('identificationDoneStatus', ws);
  } else if (ws === 'PROCESS_IS_CANCELED_BY_USER') {
    outcome = { status: 'cancelled', provider };
  } else if (step === 'WEB_IDV_REGISTRATION_FAILED' || rs === 'REJECTED') {
    outcome =
      rv === 'DENIED'
        ? {
            status: 'failed',
            provider,
            error: { code: 'identification_denied', message: "BORICA's agent denied the identification." },
          }
        : {
            status: 'failed',
            provider,
            error: { code: 'identification_failed', message: 'The identification did not succeed.' },
          };
  } else if (rs === 'EXPIRED') {
    outcome = { status: 'expired', provider };
  } else if (rv === 'FINALIZE_REJECT') {
    outcome = { status: 'awaiting_review', provider };
  } else if (rs === 'COMPLETED' || (ws && !EARLY_WEB_STATUSES.has(ws))) {
    outcome = { status: 'in_progress', provider };
  } else {
    outcome = (cur) => (isPast(cur.expiresAt, ctx.now()) ? { status: 'expired', provider } : { provider });
  }
  // With one view missing, a cancel could look like a failure (both say REJECTED somewhere): an
  // ending other than completed waits for a confirmation with both views.
  const failedRead =
    webR.status === 'rejected' ? webR.reason : regR.status === 'rejected' ? regR.reason : null;
  if (
    failedRead &&
    typeof outcome === 'object' &&
    outcome.status &&
    outcome.status !== 'completed' &&
    isTerminal(outcome.status)
  ) {
    throw failedRead;
  }
  await applyOutcome(ctx, s.id, typeof outcome === 'function' ? outcome : () => outcome as Outcome);
}

/** The results as a completed outcome (without provider info), or null when not there yet. */
async function fetchResults(ctx: FlowContext, s: SessionRecord): Promise<Outcome | null> {
  try {
    // guide 2.5 (its parameter notes swap sessionId and resultId): which session id it takes is open.
    const r = await withIdentificationSessionId(ctx, s, (sessionId) =>
      ctx.provider.getWebIdentificationResults({
        resultId: s.refs.resultId!,
        processState: 'CREATE_SIGN_SESSION_REQUEST',
        sessionId,
        onlyMetadata: false,
      }),
    );
    // guide 2.5: with onlyMetadata=false the eID certificate is part of the answer; completing
    // without it would promise a certificateUrl that has nothing behind it.
    const certificate = providerPdf('getWebIdentificationResults', r.eIDDocAsBase64, 'eID certificate');
    const result: NonNullable<SessionRecord['result']> = {
      clientIdentificator: r.clientIdentificator,
      hasCertificate: true,
    };
    if (r.signSessionId) result.signSessionId = r.signSessionId;
    if (r.signSessionIdExpireDate)
      result.signSessionExpiresAt = providerDeadline(r.signSessionIdExpireDate, '');
    if (!result.signSessionExpiresAt) delete result.signSessionExpiresAt;
    return { status: 'completed', patch: { result }, blobs: { certificate } };
  } catch (e) {
    // Registration FINALIZED can precede the results by a moment: not yet there is not a failure.
    if (asProviderError(e)?.code === 'BORICA_NOT_FOUND') return null;
    throw e;
  }
}
