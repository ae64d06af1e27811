/**
 * Signing with OTC after a web identification (guide section 3). Each signing consumes the
 * identification's current sign session, atomically and before the provider call, so two signings can
 * never use the same one; the provider's answer carries the next sign session, written back.
 */
import type { ProviderInfo } from '@borica-identify/protocol';
import { failures as problems } from '../errors/index.ts';
import type { SessionRecord } from '../store/types.ts';
import { completeStart, hasProviderRefs, type StartResult, startResult } from './claim.ts';
import type { FlowContext } from './context.ts';
import { withSigningSessionId } from './id-choice.ts';
import { signResultRef, signSessionRef } from './ids.ts';
import { applyOutcome, isPast, type Outcome } from './outcome.ts';
import { providerPdf } from './pdf.ts';
import { asProviderError, describeStartFailure } from './provider-errors.ts';
import { settle } from './settle.ts';
import { updateSession } from './update.ts';
import { providerDeadline, returnUrls } from './urls.ts';

interface Consumed {
  signSessionId: string;
  expiresAt?: string;
  identificator: string;
}

/** Takes the sign session off the identification (CAS); null when there is none to take. */
async function consumeSignSession(
  ctx: FlowContext,
  identificationId: string,
  signingId: string,
): Promise<Consumed | null> {
  let taken: Consumed | null = null;
  const r = await updateSession(ctx.store, identificationId, (cur) => {
    taken = null;
    const result = cur.result;
    if (cur.status !== 'completed' || !result?.signSessionId) return null;
    if (isPast(result.signSessionExpiresAt, ctx.now())) return null;
    const { signSessionId, signSessionExpiresAt, ...rest } = result;
    taken = { signSessionId, identificator: result.clientIdentificator };
    if (signSessionExpiresAt) taken.expiresAt = signSessionExpiresAt;
    return { patch: { result: { ...rest, heldBy: signingId } } };
  });
  return r.applied ? taken : null;
}

/** Puts a sign session back, unless a newer one arrived meanwhile. */
async function restoreSignSession(
  ctx: FlowContext,
  identificationId: string,
  signingId: string,
  c: Consumed,
): Promise<void> {
  await updateSession(ctx.store, identificationId, (cur) => {
    if (!cur.result || cur.result.signSessionId || cur.result.heldBy !== signingId) return null;
    const { heldBy: _, ...rest } = cur.result;
    const result = { ...rest, signSessionId: c.signSessionId };
    if (c.expiresAt) result.signSessionExpiresAt = c.expiresAt;
    return { patch: { result } };
  });
}

export async function startSigningFlow(ctx: FlowContext, s: SessionRecord): Promise<StartResult> {
  const identificationId = s.identificationId!;
  const docs = s.documents ?? [];
  // Read before the sign session is taken: a local failure must not burn a sign session the
  // provider never saw.
  const documentsForSign = await documentsToSign(ctx, s);
  if (!documentsForSign) {
    await applyOutcome(ctx, s.id, (cur) =>
      cur.status === 'started' && !hasProviderRefs(cur)
        ? {
            status: 'failed',
            error: { code: 'documents_missing', message: 'A document to sign is no longer stored.' },
          }
        : null,
    );
    throw problems.conflict('A document to sign is no longer stored; create a new signing.');
  }
  const consumed = await consumeSignSession(ctx, identificationId, s.id);
  if (!consumed) {
    await updateSession(ctx.store, s.id, (cur) =>
      cur.status === 'started' && !hasProviderRefs(cur)
        ? { patch: { status: 'created', startedAt: undefined } }
        : null,
    );
    throw problems.notReady(
      'The identification has no usable sign session now (used by another signing, or expired).',
    );
  }
  // Remember which sign session this signing holds, so an interrupted start can be told apart.
  const held = await updateSession(ctx.store, s.id, (cur) =>
    cur.status === 'started' && !hasProviderRefs(cur)
      ? { patch: { refs: { ...cur.refs, signSessionId: consumed.signSessionId } } }
      : null,
  );
  if (!held.applied) {
    await restoreSignSession(ctx, identificationId, s.id, consumed);
    return startResult(held.session);
  }
  try {
    const { successUrl, cancelUrl } = returnUrls(ctx, s);
    const r = await ctx.provider.startSigning(
      {
        identificator: consumed.identificator,
        signSessionId: consumed.signSessionId,
        documentsForSign,
        sendSignedDocumentsByEmail: s.emailSignedDocuments ?? false,
        cancelUrl,
        successUrl,
      },
      { language: s.language },
    );
    const resultId = String(r.resultId);
    const done = await completeStart(ctx, s.id, {
      patch: {
        redirectUrl: r.clientDocumentUrl,
        expiresAt: providerDeadline(r.expireDate, s.expiresAt),
        refs: {
          signSessionId: consumed.signSessionId,
          resultId,
          clientDocumentUrl: r.clientDocumentUrl,
        },
      },
      refs: [signResultRef(resultId), signSessionRef(consumed.signSessionId)],
    });
    // The provider holds the documents now; our copies would only be a liability.
    await Promise.all(docs.map((_, i) => ctx.store.deleteBlob(s.id, `original/${i}`)));
    return startResult(done);
  } catch (e) {
    const failure = describeStartFailure(e);
    if (failure.reachedProvider) {
      await applyOutcome(ctx, s.id, (cur) =>
        cur.status === 'started' && !cur.refs.resultId ? { status: 'failed', error: failure.error } : null,
      );
      // A 400 answer refused the request itself (e.g. a signature on a page the PDF lacks): the
      // provider checks the documents before it uses the sign session, so the next signing may use it.
      if (asProviderError(e)?.code === 'BORICA_BAD_REQUEST') {
        await restoreSignSession(ctx, identificationId, s.id, consumed);
      }
    } else {
      await updateSession(ctx.store, s.id, (cur) => {
        if (cur.status !== 'started' || cur.refs.resultId) return null;
        const { signSessionId: _, ...refs } = cur.refs;
        return { patch: { status: 'created', startedAt: undefined, refs } };
      });
      await restoreSignSession(ctx, identificationId, s.id, consumed);
    }
    throw failure.problem;
  }
}

/** The operation-7 documents from the stored originals; null when one is gone. */
async function documentsToSign(ctx: FlowContext, s: SessionRecord) {
  const docs = s.documents ?? [];
  const contents = await Promise.all(docs.map((_, i) => ctx.store.getBlob(s.id, `original/${i}`)));
  if (contents.some((c) => !c)) return null;
  return docs.map((d, i) => {
    const content = contents[i]!;
    return {
      contentAsBase64: Buffer.from(content).toString('base64'),
      fileName: d.fileName,
      legalFileName: d.title,
      padesVisualSignature: Boolean(d.visualSignature),
      ...(d.visualSignature
        ? {
            signaturePosition: {
              imageXAxis: d.visualSignature.x,
              imageYAxis: d.visualSignature.y,
              imageWidth: d.visualSignature.width,
              imageHeight: d.visualSignature.height,
              pageNumber: d.visualSignature.page,
            },
          }
        : {}),
      // guide 3.1 spells it toBeArhieved.
      toBeArhieved: d.archive ?? false,
    };
  });
}

export async function confirmSigning(ctx: FlowContext, s: SessionRecord, prefetch = false): Promise<void> {
  const { resultId, signSessionId } = s.refs;
  if (!resultId || !signSessionId) return;
  // Started beside the status read after a callback, but used only if the status says signed.
  const early = prefetch ? settle(fetchSigned(ctx, s)) : undefined;
  const st = await ctx.provider.getWebIdentificationStatus(resultId);
  const provider: ProviderInfo = {};
  if (st.status) provider.status = st.status;
  if (st.step) provider.step = st.step;
  let outcome: Outcome | ((cur: SessionRecord) => Outcome);
  const signedByStatus = SIGNED_STATUSES.has(st.status) || st.step === 'SIGNING_WITH_SIGN_SESSION_SUCCESS';
  // guide 3.2/5.1 never say which status a finished signing reports (its callback says SIGN_SESSION,
  // which is also the status right after start; "SIGN_SESSION – sign session is created" may mean the
  // next one): signed documents served by the provider's own result operation are proof enough,
  // unless the provider says the customer cancelled. Asked after a callback, or when the status may
  // mean "done" (SIGN_SESSION past its START step, or a status the guide does not list).
  const maybeSigned =
    !signedByStatus &&
    st.status !== 'PROCESS_IS_CANCELED_BY_USER' &&
    ((st.status === 'SIGN_SESSION' && Boolean(st.step) && st.step !== 'START') ||
      !PENDING_STATUSES.has(st.status));
  const probe = early ?? (maybeSigned ? settle(fetchSigned(ctx, s)) : undefined);
  const prefetched = probe && !signedByStatus ? await probe : undefined;
  const signedByResult = prefetched?.ok === true && st.status !== 'PROCESS_IS_CANCELED_BY_USER';
  if (signedByStatus || signedByResult) {
    const fetched = prefetched ?? (early ? await early : await settle(fetchSigned(ctx, s)));
    if (!fetched.ok) throw fetched.error;
    const { outcome: done, nextSignSession } = fetched.value;
    // Hand on BEFORE completing: a crash in between then only repeats the (idempotent) hand-on on
    // the next confirmation, where the other order would lose the identification's sign session.
    if (nextSignSession && s.identificationId) {
      await handOnSignSession(ctx, s.identificationId, s.id, nextSignSession);
    }
    if (st.status) await ctx.readings.learn('signingDoneStatus', st.status);
    await applyOutcome(ctx, s.id, () => ({ ...done, provider }));
    return;
  } else if (st.status === 'PROCESS_IS_CANCELED_BY_USER') {
    outcome = { status: 'cancelled', provider };
  } else if (st.status && st.status !== 'SIGN_SESSION') {
    outcome = { status: 'in_progress', provider };
  } else {
    outcome = (cur) => (isPast(cur.expiresAt, ctx.now()) ? { status: 'expired', provider } : { provider });
  }
  await applyOutcome(ctx, s.id, typeof outcome === 'function' ? outcome : () => outcome as Outcome);
}

/** Statuses that say "done" by themselves (5.1), and the ones a signing passes before it is. */
const SIGNED_STATUSES = new Set(['SIGNED_CLIENT_DOCUMENT', 'PROCESS_IS_FINISHED']);
const PENDING_STATUSES = new Set(['', 'SIGN_SESSION', 'SIGNING_CLIENT_DOCUMENT', 'IN_PROGRESS']);

interface NextSignSession {
  signSessionId: string;
  expiresAt?: string;
}

/**
 * Only the signing that holds the identification's sign session hands the next one on, once: a late
 * or duplicate confirmation never resurrects a sign session a later signing already consumed.
 */
async function handOnSignSession(
  ctx: FlowContext,
  identificationId: string,
  signingId: string,
  next: NextSignSession,
): Promise<void> {
  await updateSession(ctx.store, identificationId, (cur) => {
    if (!cur.result || cur.result.heldBy !== signingId) return null;
    const { heldBy: _, ...rest } = cur.result;
    const result = { ...rest, signSessionId: next.signSessionId };
    const exp = providerDeadline(next.expiresAt, '');
    if (exp) result.signSessionExpiresAt = exp;
    else delete result.signSessionExpiresAt;
    return { patch: { result } };
  });
}

async function fetchSigned(
  ctx: FlowContext,
  s: SessionRecord,
): Promise<{ outcome: Outcome; nextSignSession?: NextSignSession }> {
  // guide 3.3: path segments are the signing's resultId and (prose) the sign session it consumed, or
  // (its example) the identification's webSessionId.
  const r = await withSigningSessionId(ctx, s, (sessionId) =>
    ctx.provider.getSignResults({ resultId: s.refs.resultId!, sessionId }),
  );
  const docs = s.documents ?? [];
  const signed = r.signDocuments ?? [];
  // Matched by file name first; what is left by position (the provider renamed them). Each signed
  // copy is used once, so a renamed document can never receive another document's signed copy.
  const used = new Set<number>();
  const byName = docs.map((d) => {
    const j = signed.findIndex((x, k) => !used.has(k) && x.filename === d.fileName);
    if (j >= 0) used.add(j);
    return j;
  });
  const blobs: Record<string, Uint8Array> = {};
  const documents = docs.map((d, i) => {
    let j = byName[i]!;
    if (j < 0) {
      j = signed.findIndex((_, k) => !used.has(k) && k >= i);
      if (j < 0) j = signed.findIndex((_, k) => !used.has(k));
      if (j >= 0) used.add(j);
    }
    // A signing completes with every signed copy or not at all (the poller asks again).
    blobs[`signed/${i}`] = providerPdf(
      'getSignResults',
      signed[j]?.contentAsBase64,
      `signed copy of document ${i}`,
    );
    return { ...d, signed: true };
  });
  const outcome: Outcome = { status: 'completed', patch: { documents }, blobs };
  if (!r.signSessionId) return { outcome };
  // guide 3.3: the answer carries the sign session for the NEXT signing of this identification.
  const nextSignSession: NextSignSession = { signSessionId: r.signSessionId };
  if (r.signSessionIdExpireDate) nextSignSession.expiresAt = r.signSessionIdExpireDate;
  return { outcome, nextSignSession };
}
