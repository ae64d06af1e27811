/**
 * Provider callbacks (guide 2.4, 3.2) are unsigned, so they are only hints: the secret in the URL
 * finds the identification, the body (parsed liberally) may point at one of its signings, and then the
 * provider is asked what really happened. Nothing in the body is ever trusted as a result.
 */
import { flattenShape, parseCallback, reportUnexpected, shapeOf } from '../provider/index.ts';
import type { CallbackGate } from './callback-gate.ts';
import type { Confirmer } from './confirm.ts';
import type { FlowContext } from './context.ts';
import { noteCallback, resultIdType } from './id-choice.ts';
import { callbackRef, signResultRef, signSessionRef } from './ids.ts';
import type { Poller } from './poller.ts';
import { errorCode } from './provider-errors.ts';

/** The identification a callback secret belongs to, or null (then: 404, nothing changes). */
export function findCallbackOwner(ctx: FlowContext, secret: string): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(secret)) return Promise.resolve(null);
  return ctx.store.findByRef(callbackRef(secret));
}

/**
 * Decides which session the hint concerns and confirms it now (straight to the confirmer), then
 * restarts the session's poll backoff. Never throws.
 */
export async function handleCallbackHint(
  ctx: FlowContext,
  on: { confirmer: Confirmer; poller: Pick<Poller, 'restartBackoff'>; gate: CallbackGate },
  identificationId: string,
  body: unknown,
): Promise<void> {
  try {
    ctx.provider.traceCallback?.(body, 200);
    let target = identificationId;
    let resultsLikely = false;
    const parsed = parseCallback(body);
    if (parsed.ok) {
      const { processState, resultId, sessionId } = parsed.value;
      // The guide sends callbacks only on success (2.4, 3.2): worth reading the result at once.
      resultsLikely = processState === 'CREATE_SIGN_SESSION_REQUEST' || processState === 'SIGN_SESSION';
      ctx.log.info({ sessionId: identificationId, processState, resultId }, 'provider callback');
      // guide 3.2: a signing's callback comes to its identification's URL; match it by ids we stored.
      const signingId =
        (sessionId ? await ctx.store.findByRef(signSessionRef(sessionId)) : null) ??
        (resultId ? await ctx.store.findByRef(signResultRef(resultId)) : null);
      let about = null;
      if (signingId) {
        const signing = await ctx.store.get(signingId);
        if (signing?.identificationId === identificationId) {
          target = signingId;
          about = signing;
        }
      }
      about ??= await ctx.store.get(identificationId);
      if (about) await noteCallback(ctx, about, parsed.value, resultIdType(body));
    } else {
      // Still a hint (something happened): confirmed below like any other, and said.
      const keys = typeof body === 'object' ? flattenShape(shapeOf(body)) : ['(body):not-json'];
      reportUnexpected(ctx.deps, { operation: 'callback', reason: 'shape', keys });
    }
    // At most one confirmation per session and interval, however many callbacks come (callback-gate.ts).
    await on.gate.pass(target, resultsLikely, async (likely) => {
      await on.confirmer.confirm(target, { resultsLikely: likely });
      await on.poller.restartBackoff(target);
    });
  } catch (e) {
    ctx.log.warn({ sessionId: identificationId, code: errorCode(e) }, 'callback handling failed');
  }
}
