/**
 * Which id a provider path takes where the guide is ambiguous (signing-api.md): the identification
 * result's `{sessionId}` (2.5: the webSessionId or createRegistration's sessionId) and the signing
 * result's (3.3: the consumed sign session, or the identification's ids). The candidates are always the
 * session's own ids; a callback may say which one it meant (never an id we did not hand out or receive
 * ourselves: callbacks are unsigned), and provider/candidates.ts tries them with the learned one first.
 */
import { type IdCandidate, type ProviderCallback, tryIds } from '../provider/index.ts';
import type { SessionRecord } from '../store/types.ts';
import type { FlowContext } from './context.ts';

/** Callback-named ids waiting for their session's next result read; bounded, a hint may be lost. */
const MAX_NAMED = 10_000;

function identificationCandidates(s: SessionRecord): IdCandidate[] {
  // guide 2.5: the example values equal the webSessionId; the name and 2.3 suggest the registration's sessionId.
  return [
    { reading: 'webSessionId', id: s.refs.webSessionId },
    { reading: 'sessionId', id: s.refs.sessionId },
  ];
}

async function signingCandidates(ctx: FlowContext, s: SessionRecord): Promise<IdCandidate[]> {
  const idn = s.identificationId ? await ctx.store.get(s.identificationId) : null;
  // guide 3.3: the prose says the sign session; its example shows the identification's webSessionId.
  return [
    { reading: 'signSessionId', id: s.refs.signSessionId },
    { reading: 'webSessionId', id: idn?.refs.webSessionId },
    { reading: 'sessionId', id: idn?.refs.sessionId },
  ];
}

/** The identification result (2.5), by whichever session id this provider takes. */
export function withIdentificationSessionId<T>(
  ctx: FlowContext,
  s: SessionRecord,
  fn: (sessionId: string) => Promise<T>,
): Promise<T> {
  return tryIds(
    ctx.readings,
    'identificationResultSessionId',
    identificationCandidates(s),
    fn,
    takeNamed(ctx, s.id),
  );
}

/** The signing result (3.3), by whichever session id this provider takes. */
export async function withSigningSessionId<T>(
  ctx: FlowContext,
  s: SessionRecord,
  fn: (sessionId: string) => Promise<T>,
): Promise<T> {
  return tryIds(
    ctx.readings,
    'signResultSessionId',
    await signingCandidates(ctx, s),
    fn,
    takeNamed(ctx, s.id),
  );
}

function takeNamed(ctx: FlowContext, sessionId: string): string | undefined {
  const id = ctx.callbackIds.get(sessionId);
  ctx.callbackIds.delete(sessionId);
  return id;
}

/**
 * A callback about `target`: remembers the id it named when that is one of the session's own, and
 * learns which id and which resultId type this provider's callbacks carry.
 */
export async function noteCallback(
  ctx: FlowContext,
  target: SessionRecord,
  cb: ProviderCallback,
  rawResultIdType: string,
): Promise<void> {
  const signing = target.kind === 'signing';
  const own = signing ? await signingCandidates(ctx, target) : identificationCandidates(target);
  const match = own.find((c) => c.id !== undefined && c.id === cb.sessionId);
  if (match) {
    if (ctx.callbackIds.size >= MAX_NAMED) ctx.callbackIds.clear();
    ctx.callbackIds.set(target.id, cb.sessionId);
  }
  // Readings come from the callbacks the guide describes (success, 2.4 and 3.2); a provider that
  // also calls back other changes may name other ids there (a cancelled signing has no next one).
  if (cb.processState !== 'CREATE_SIGN_SESSION_REQUEST' && cb.processState !== 'SIGN_SESSION') return;
  if (signing) {
    await ctx.readings.learn('signCallbackSessionId', match?.reading ?? 'other');
    await ctx.readings.learn('signCallbackResultId', rawResultIdType);
  } else {
    await ctx.readings.learn('identificationCallbackSessionId', match?.reading ?? 'other');
    await ctx.readings.learn('identificationCallbackResultId', rawResultIdType);
  }
}

/** The JSON type of `data.resultId` as it arrived (the parsed callback has it as a string). */
export function resultIdType(body: unknown): string {
  const b = body as { data?: { resultId?: unknown }; resultId?: unknown } | null;
  const v = typeof b === 'object' && b !== null ? (b.data?.resultId ?? b.resultId) : undefined;
  return v === null ? 'null' : typeof v;
}
