/** The callback bodies, as the guide shows them (2.4, 3.2), read through the simulator's dialect. */
import { loosen } from '../api/loose.ts';
import type { Context } from '../context.ts';

const MESSAGE = 'The request has been executed successfully.';

function relyingPartyNumber(relyingPartyId: string): number | string {
  // The guide sends relyingPartyId as a number; keep a non-numeric configured id as it is.
  return /^\d+$/.test(relyingPartyId) ? Number(relyingPartyId) : relyingPartyId;
}

export interface CallbackInput {
  /** `CREATE_SIGN_SESSION_REQUEST` / `SIGN_SESSION` on success; the web status for other changes (dialect `callbacks: all`). */
  processState: string;
  requestId: number;
  sessionId: string;
  resultId: number;
  /** Which callback of the guide this is: decides the guide's `resultId` type. */
  of: 'identification' | 'signing';
  success: boolean;
}

export function callbackBody(ctx: Context, o: CallbackInput) {
  const asType = ctx.dialect.callbackResultId;
  // guide 2.4 sends resultId as a string ("95"), guide 3.2 as a number (109).
  const stringId = asType === 'string' || (asType === 'guide' && o.of === 'identification');
  return {
    code: 'OK',
    message: MESSAGE,
    requestId: o.requestId,
    relyingPartyId: relyingPartyNumber(ctx.relyingPartyId),
    data: {
      processState: o.processState,
      sessionId: o.sessionId,
      resultId: stringId ? String(o.resultId) : o.resultId,
      dataMessage: o.success
        ? `The request with resultID ${o.resultId} completed successfully`
        : `The request with resultID ${o.resultId} changed its state to ${o.processState}`,
    },
  };
}

/** Sends a callback if the dialect's `callbacks` knob says this one goes out. */
export async function sendCallback(ctx: Context, url: string | undefined, o: CallbackInput): Promise<void> {
  const when = ctx.dialect.callbacks;
  if (!url || when === 'none' || (when === 'success' && !o.success)) return;
  const body = callbackBody(ctx, o);
  await ctx.callbacks.send(url, ctx.dialect.loose ? loosen(body) : body);
}
