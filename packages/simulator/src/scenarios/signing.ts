/**
 * Signing with OTC after a web identification (guide 3): consume a sign session, show the customer
 * the documents and an SMS code, sign, send the callback, hand out the signed PDFs and a NEW sign session.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { sendCallback } from '../callbacks/bodies.ts';
import { type Context, providerDate } from '../context.ts';
import { badRequest, conflict, notFound, rejected } from '../errors.ts';
import { pdfPageCount, signPdf } from '../pdf/sign.ts';
import type { DocumentForSign, Signing } from '../state/types.ts';

export interface NewSigning {
  identificator: string;
  signSessionId: string;
  documentsForSign: DocumentForSign[];
  sendSignedDocumentsByEmail: boolean;
  cancelUrl: string;
  successUrl: string;
}

export async function startSigning(ctx: Context, input: NewSigning): Promise<Signing> {
  const now = Date.now();
  const session = ctx.store.signSessions.get(input.signSessionId);
  if (!session || now < session.availableAt) throw notFound('No sign session with this signSessionId.');
  if (session.consumed) throw rejected('The sign session was already used.');
  if (now > session.expiresAt) throw rejected('The sign session has expired.');
  if (session.clientIdentificator !== input.identificator.toLowerCase()) {
    throw rejected('The identificator does not belong to this sign session.');
  }
  for (const [i, doc] of input.documentsForSign.entries()) {
    const pages = await pdfPageCount(Buffer.from(doc.contentAsBase64, 'base64'));
    if (pages === null) throw badRequest(`documentsForSign[${i}].contentAsBase64 is not a PDF document.`);
    const page = doc.signaturePosition?.pageNumber;
    if (doc.padesVisualSignature && page !== undefined && page > pages) {
      throw badRequest(
        `documentsForSign[${i}].signaturePosition.pageNumber is ${page} but the PDF has ${pages} page(s).`,
      );
    }
  }
  // Checked everything first: a refused request must not use up the sign session.
  session.consumed = true;
  const signing: Signing = {
    resultId: ctx.store.resultId(),
    requestId: ctx.store.requestId(),
    token: randomBytes(32).toString('hex'),
    signSessionId: session.signSessionId,
    webSessionId: session.webSessionId,
    clientIdentificator: session.clientIdentificator,
    person: session.person,
    language: session.language,
    documents: input.documentsForSign,
    sendSignedDocumentsByEmail: input.sendSignedDocumentsByEmail,
    successUrl: input.successUrl,
    cancelUrl: input.cancelUrl,
    createdAt: now,
    expiresAt: session.expiresAt,
    smsCode: String(randomInt(0, 1_000_000)).padStart(6, '0'),
    phase: 'started',
    wrongCodes: 0,
  };
  ctx.store.signings.set(signing.token, signing);
  return signing;
}

export function clientDocumentUrl(ctx: Context, s: Signing): string {
  return `${ctx.pagesUrl}/cqes/api/web-identification/${s.token}`;
}

export function signingExpired(s: Signing, now = Date.now()): boolean {
  return (s.phase === 'started' || s.phase === 'otp') && now > s.expiresAt;
}

/** guide 3.2/5.1 never say which status a finished signing reports; the dialect picks one. */
const SIGNED_STATUS = {
  SIGNED_CLIENT_DOCUMENT: { status: 'SIGNED_CLIENT_DOCUMENT', step: 'SIGNING_WITH_SIGN_SESSION_SUCCESS' },
  PROCESS_IS_FINISHED: { status: 'PROCESS_IS_FINISHED', step: 'SIGNING_WITH_SIGN_SESSION_SUCCESS' },
  // "SIGN_SESSION – sign session is created": the one for the next signing.
  SIGN_SESSION: { status: 'SIGN_SESSION', step: 'SIGN_SESSION_ID_SUCCESSFULLY_CREATED' },
} as const;

function signingCallback(ctx: Context, s: Signing, success: boolean): Promise<void> {
  // guide 3.2: the signing callback goes to the requestCallbackUrl of the web identification.
  const url = ctx.store.webSessions.get(s.webSessionId)?.requestCallbackUrl;
  const next = ctx.dialect.signCallbackSessionId === 'next' && s.newSignSessionId;
  return sendCallback(ctx, url, {
    of: 'signing',
    success,
    processState: success ? 'SIGN_SESSION' : signingStatus(ctx, s).status,
    requestId: s.requestId,
    sessionId: next || s.signSessionId,
    resultId: s.resultId,
  });
}

/** getWebIdentificationStatus's `data` (guide 5.1) for a signing. */
export function signingStatus(ctx: Context, s: Signing, now = Date.now()): { status: string; step: string } {
  switch (s.phase) {
    case 'started':
      return { status: 'SIGN_SESSION', step: 'START' };
    case 'otp':
      return { status: 'SIGNING_CLIENT_DOCUMENT', step: 'OTP' };
    case 'cancelled':
      return { status: 'PROCESS_IS_CANCELED_BY_USER', step: 'SIGNING_CLIENT_DOCUMENTS' };
    case 'signed':
      return isReady(ctx, s, now)
        ? SIGNED_STATUS[ctx.dialect.signingDoneStatus]
        : { status: 'SIGNING_CLIENT_DOCUMENT', step: 'SIGNING_CLIENT_DOCUMENTS' };
  }
}

function isReady(ctx: Context, s: Signing, now: number): boolean {
  return s.ready === true || (s.signedAt !== undefined && now >= s.signedAt + ctx.timing.processingMs);
}

export function getSigning(ctx: Context, token: string): Signing {
  const s = ctx.store.signings.get(token);
  if (!s) throw notFound('No signing with this token.');
  return s;
}

/** The customer opened the page: the SMS goes out (simulated). */
export function openSigningPage(s: Signing): void {
  if (s.phase === 'started' && !signingExpired(s)) s.phase = 'otp';
}

export class WrongCodeError extends Error {
  override readonly name = 'WrongCodeError';
}

/** The customer's decision on the signing page. A wrong code throws WrongCodeError and changes nothing else. */
export async function decideSigning(
  ctx: Context,
  token: string,
  outcome: 'sign' | 'cancel',
  smsCode?: string,
): Promise<void> {
  const s = getSigning(ctx, token);
  if (signingExpired(s)) throw conflict('The signing has expired.');
  if (s.phase !== 'started' && s.phase !== 'otp') throw conflict('The signing was already completed.');
  if (outcome === 'cancel') {
    s.phase = 'cancelled';
    ctx.log(`signing ${s.resultId}: cancelled`);
    await signingCallback(ctx, s, false);
    return;
  }
  const code = smsCode ?? s.smsCode;
  if (code.trim() !== s.smsCode) {
    s.wrongCodes += 1;
    throw new WrongCodeError('The SMS code is wrong.');
  }
  const now = Date.now();
  const signedAt = new Date(now);
  const signedDocuments = await Promise.all(
    s.documents.map(async (d) => ({
      filename: d.fileName,
      contentAsBase64: await signPdf(d, s.person, signedAt, s.language),
    })),
  );
  // A concurrent decision may have won while the PDFs were being built.
  if (s.phase !== 'started' && s.phase !== 'otp') throw conflict('The signing was already completed.');
  const next = randomUUID();
  const availableAt = now + Math.max(0, ctx.timing.processingMs);
  ctx.store.signSessions.set(next, {
    signSessionId: next,
    clientIdentificator: s.clientIdentificator,
    person: s.person,
    language: s.language,
    webSessionId: s.webSessionId,
    availableAt,
    expiresAt: availableAt + ctx.timing.signSessionValidityMs,
    consumed: false,
  });
  s.signedDocuments = signedDocuments;
  s.newSignSessionId = next;
  s.signedAt = now;
  s.phase = 'signed';
  ctx.log(`signing ${s.resultId}: signed`);
  ctx.schedule(ctx.timing.processingMs, async () => {
    s.ready = true;
    await signingCallback(ctx, s, true);
  });
}

/** getWebIdentificationResults with processState SIGN_SESSION (guide 3.3). */
export function signingResults(ctx: Context, s: Signing, sessionId: string) {
  // guide 3.3: its prose says the sign session, its example shows the webSessionId; the dialect picks one.
  const accepted = ctx.dialect.signResultSessionId === 'webSessionId' ? s.webSessionId : s.signSessionId;
  if (sessionId !== accepted) throw notFound('No signing result for this resultId and sessionId.');
  if (s.phase === 'cancelled') throw rejected('The customer cancelled the signing.');
  if (s.phase !== 'signed' || !isReady(ctx, s, Date.now()) || !s.signedDocuments || !s.newSignSessionId) {
    throw notFound('The signing result is not available.');
  }
  const next = ctx.store.signSessions.get(s.newSignSessionId);
  return {
    signDocuments: s.signedDocuments,
    clientIdentificator: s.clientIdentificator,
    signSessionId: s.newSignSessionId,
    signSessionIdExpireDate: providerDate(next?.expiresAt ?? Date.now()),
  };
}

/** Signings waiting for the customer, for the index page. */
export function pendingSignings(ctx: Context): Signing[] {
  const now = Date.now();
  return [...ctx.store.signings.values()].filter(
    (s) => (s.phase === 'started' || s.phase === 'otp') && !signingExpired(s, now),
  );
}
