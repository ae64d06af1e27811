/** Creating sessions: nothing reaches the provider here; that waits for the customer's consent. */

import type { CreateIdentificationRequest, CreateSigningRequest } from '@borica-identify/protocol';
import type { z } from 'zod';
import { isAllowedOrigin } from '../config/origins.ts';
import { type FieldProblem, failures as problems } from '../errors/index.ts';
import type { DocumentMeta, SessionRecord } from '../store/types.ts';
import type { FlowContext } from './context.ts';
import { newSecret, newSessionId, sha256Hex, tokenRef } from './ids.ts';
import { isPast } from './outcome.ts';
import { isPdf } from './pdf.ts';
import type { RateLimiter } from './rate-limit.ts';
import { returnUrls } from './urls.ts';

export type CreateIdentificationInput = z.output<typeof CreateIdentificationRequest>;
export type CreateSigningInput = z.output<typeof CreateSigningRequest>;

export interface Created {
  session: SessionRecord;
  clientToken: string;
}

/** A returnUrl must point back to one of the relying party's own origins. */
export function checkReturnUrl(ctx: FlowContext, returnUrl: string | undefined): void {
  if (!returnUrl) return;
  let origin: string;
  try {
    const url = new URL(returnUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
    origin = url.origin;
  } catch {
    throw problems.invalid([{ path: 'returnUrl', message: 'must be an http(s) URL' }]);
  }
  if (!isAllowedOrigin(origin, ctx.config.allowedOrigins)) {
    throw problems.invalid([
      { path: 'returnUrl', message: `origin ${origin} is not in RELAY_ALLOWED_ORIGINS` },
    ]);
  }
  // The provider gets it with borica_session and borica_outcome added (urls.ts); refuse now what
  // would only fail at start, after a billable provider call.
  const probe: SessionRecord = { id: newSessionId('identification'), returnUrl } as SessionRecord;
  const { cancelUrl, successUrl } = returnUrls(ctx, probe);
  if (Math.max(cancelUrl.length, successUrl.length) > MAX_PROVIDER_URL) {
    throw problems.invalid([
      {
        path: 'returnUrl',
        message:
          'is too long: with the borica_session and borica_outcome parameters it exceeds 2048 characters',
      },
    ]);
  }
}

/** Longest successUrl/cancelUrl the wire schema towards the provider accepts. */
const MAX_PROVIDER_URL = 2048;

function baseRecord(ctx: FlowContext, kind: SessionRecord['kind'], tokenHash: string): SessionRecord {
  const now = ctx.now();
  const at = now.toISOString();
  return {
    id: newSessionId(kind),
    kind,
    status: 'created',
    language: 'bg',
    clientTokenHash: tokenHash,
    provider: {},
    refs: {},
    createdAt: at,
    updatedAt: at,
    expiresAt: new Date(now.getTime() + ctx.config.sessionTtlMinutes * 60_000).toISOString(),
    pollAttempt: 0,
    version: 1,
  };
}

export async function createIdentification(
  ctx: FlowContext,
  input: CreateIdentificationInput,
  limits: { perNationalId: RateLimiter },
): Promise<Created> {
  checkReturnUrl(ctx, input.returnUrl);
  if (input.method === 'mobile' && input.person) {
    // Keyed by a hash: the limiter must not hold national ids in memory either.
    const { idType, id } = input.person;
    // E-mail ids differ in case only on paper: one mailbox, one limit.
    const key = idType === 'EMAIL' ? id.toLowerCase() : id;
    const retry = await limits.perNationalId.hit(sha256Hex(`${idType}:${key}`));
    if (retry) throw problems.rateLimited(retry);
  }
  const clientToken = newSecret();
  const tokenHash = sha256Hex(clientToken);
  const session = baseRecord(ctx, 'identification', tokenHash);
  session.method = input.method;
  session.reason = input.reason;
  session.language = input.language ?? 'bg';
  if (input.externalRef) session.externalRef = input.externalRef;
  if (input.returnUrl) session.returnUrl = input.returnUrl;
  if (input.method === 'web') {
    const w = input.web;
    session.webOptions = {
      verifyEmail: w?.verifyEmail ?? true,
      verifyPhone: w?.verifyPhone ?? true,
      showTerms: w?.showTerms ?? true,
      showIntro: w?.showIntro ?? true,
    };
  } else {
    session.pending = input.person;
  }
  await ctx.store.create(session, [tokenRef(tokenHash)]);
  ctx.onApplied(session);
  return { session, clientToken };
}

export async function createSigning(
  ctx: FlowContext,
  input: CreateSigningInput,
  decoded: (Buffer | undefined)[] = [],
): Promise<Created> {
  checkReturnUrl(ctx, input.returnUrl);
  const idn = await ctx.store.get(input.identificationId);
  if (idn?.kind !== 'identification') {
    throw problems.notFound('No identification with this identificationId.');
  }
  if (idn.method !== 'web') {
    throw problems.notReady('Only a web identification can sign: B-Trust MOBILE gives no sign session.');
  }
  if (
    idn.status !== 'completed' ||
    !idn.result?.signSessionId ||
    isPast(idn.result.signSessionExpiresAt, ctx.now())
  ) {
    throw problems.notReady('The identification is not completed or has no unexpired sign session.');
  }
  const errors: FieldProblem[] = [];
  const contents: Buffer[] = [];
  const seen = new Set<string>();
  input.documents.forEach((d, i) => {
    const bytes = decoded[i] ?? Buffer.from(d.content, 'base64');
    if (!isPdf(bytes))
      errors.push({ path: `documents.${i}.content`, message: 'is not a base64 PDF (%PDF- header missing)' });
    if (seen.has(d.fileName))
      errors.push({ path: `documents.${i}.fileName`, message: 'is already used by another document' });
    seen.add(d.fileName);
    contents.push(bytes);
  });
  if (errors.length) throw problems.invalid(errors);

  const clientToken = newSecret();
  const tokenHash = sha256Hex(clientToken);
  const session = baseRecord(ctx, 'signing', tokenHash);
  session.language = idn.language;
  session.identificationId = idn.id;
  session.documents = input.documents.map((d) => {
    const meta: DocumentMeta = { fileName: d.fileName, title: d.title };
    if (d.visualSignature) meta.visualSignature = d.visualSignature;
    if (d.archive !== undefined) meta.archive = d.archive;
    return meta;
  });
  if (input.emailSignedDocuments !== undefined) session.emailSignedDocuments = input.emailSignedDocuments;
  if (input.returnUrl) session.returnUrl = input.returnUrl;
  await ctx.store.create(session, [tokenRef(tokenHash)]);
  await Promise.all(contents.map((bytes, i) => ctx.store.putBlob(session.id, `original/${i}`, bytes)));
  ctx.onApplied(session);
  return { session, clientToken };
}
