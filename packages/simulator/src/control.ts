/** The same actions the pages offer, for tests and for the JSON control endpoints. */
import type { CallbackLog } from './callbacks/sender.ts';
import type { Context } from './context.ts';
import { type Dialect, parseDialect } from './dialect.ts';
import type { FaultControl, OperationName } from './faults/faults.ts';
import { expire } from './scenarios/expire.ts';
import { completeMobile } from './scenarios/mobile.ts';
import { decideSigning, getSigning } from './scenarios/signing.ts';
import { completeIdentification, type IdentificationOutcome, review } from './scenarios/web.ts';

export interface SimulatorControl {
  /** Web identification, by the createRegistration sessionId (the one in the customer page's URL). */
  completeIdentification(
    sessionId: string,
    outcome: IdentificationOutcome,
    person?: { name?: string; egn?: string; phone?: string },
  ): Promise<void>;
  /** The agent's decision on a registration sent to review. */
  review(sessionId: string, decision: 'approve' | 'deny'): Promise<void>;
  /** The customer's answer in B-Trust MOBILE, by callbackId. */
  completeMobile(callbackId: string, outcome: 'approve' | 'reject'): Promise<void>;
  /** Signing, by the token at the end of clientDocumentUrl; smsCode defaults to the right one. Rejects on a wrong code. */
  sign(signToken: string, outcome: 'sign' | 'cancel', smsCode?: string): Promise<void>;
  /** Forces expiry of whatever carries this id (any session, registration, request, sign session or token). */
  expire(id: string): void;
  faults: FaultControl;
  callbacks: CallbackLog;
  /** What was submitted for signing (the originals), for tests. */
  lastSigningDocuments(signToken: string): { fileName: string; contentAsBase64: string }[];
  /** The SMS code of a signing (also shown on the signing page). */
  smsCode(signToken: string): string;
  /** How many times an API operation was called (faulted calls included). */
  calls(operation: OperationName): number;
  /** The dialect in force now. */
  dialect(): Dialect;
  /** Changes some knobs from now on (throws DialectError naming a bad knob); returns the result. */
  setDialect(knobs: Partial<Dialect>): Dialect;
  /** Forget all state, faults, call counts and the callback log; the dialect goes back to the one started with. */
  reset(): void;
}

export function createControl(ctx: Context, clearTimers: () => void, initial: Dialect): SimulatorControl {
  return {
    completeIdentification: (sessionId, outcome, person) =>
      completeIdentification(ctx, sessionId, outcome, person),
    review: (sessionId, decision) => review(ctx, sessionId, decision),
    completeMobile: async (callbackId, outcome) => completeMobile(ctx, callbackId, outcome),
    sign: (token, outcome, smsCode) => decideSigning(ctx, token, outcome, smsCode),
    expire: (id) => expire(ctx, id),
    faults: ctx.faults,
    callbacks: ctx.callbacks,
    lastSigningDocuments: (token) =>
      getSigning(ctx, token).documents.map((d) => ({
        fileName: d.fileName,
        contentAsBase64: d.contentAsBase64,
      })),
    smsCode: (token) => getSigning(ctx, token).smsCode,
    calls: (operation) => ctx.faults.calls(operation),
    dialect: () => ({ ...ctx.dialect }),
    setDialect(knobs) {
      ctx.dialect = { ...ctx.dialect, ...parseDialect(knobs) };
      ctx.log(`dialect ${JSON.stringify(ctx.dialect)}`);
      return { ...ctx.dialect };
    },
    reset() {
      ctx.dialect = { ...initial };
      clearTimers();
      ctx.store.clear();
      ctx.callbacks.reset(); // first: drops a held (reordered) callback instead of releasing it
      ctx.faults.clear();
      ctx.faults.resetCounts();
    },
  };
}
