/**
 * Start after consent, and cancel. The claim `created → started` (compare-and-set) happens before the
 * provider is called; whoever loses the claim answers from the winner's result instead of calling again.
 */
import { isTerminal } from '@borica-identify/protocol';
import { failures as problems } from '../errors/index.ts';
import type { SessionRecord } from '../store/types.ts';
import { crashPoint } from '../testing/hooks.ts';
import { hasProviderRefs, type StartResult, startResult } from './claim.ts';
import type { FlowContext } from './context.ts';
import { checkReturnUrl } from './create.ts';
import { startMobile } from './mobile.ts';
import { applyOutcome, applyOutcomeDetailed, isPast } from './outcome.ts';
import { startSigningFlow } from './signing.ts';
import { updateSession } from './update.ts';
import { type Handoff, withHandoff } from './urls.ts';
import { startWeb } from './web.ts';

export interface Starter {
  start(id: string, handoff?: Handoff): Promise<StartResult>;
  /** True while this instance is inside the provider call of that session's start. */
  isStarting(id: string): boolean;
}

const WAIT_FOR_OTHER_START_MS = 3000;

export function createStarter(ctx: FlowContext): Starter {
  const inFlight = new Map<string, Promise<StartResult>>();

  async function runStart(s: SessionRecord): Promise<StartResult> {
    if (s.kind === 'signing') return startSigningFlow(ctx, s);
    if (s.method === 'mobile') return startMobile(ctx, s);
    return startWeb(ctx, s);
  }

  /** Someone else holds the claim: wait for their answer (same process) or briefly poll the store. */
  async function answerFromClaim(id: string): Promise<StartResult> {
    // Same instance: the duplicate gets exactly the first request's answer (or its problem).
    const mine = inFlight.get(id);
    if (mine) return mine;
    const until = Date.now() + WAIT_FOR_OTHER_START_MS;
    for (;;) {
      const cur = await ctx.store.get(id);
      if (!cur) throw problems.notFound();
      if (cur.status === 'created')
        throw problems.conflict('The previous start did not go through; start again.');
      if (cur.status !== 'started' || hasProviderRefs(cur)) return startResult(cur);
      if (Date.now() > until) throw problems.conflict('The session is being started; retry in a moment.');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  return {
    isStarting: (id) => inFlight.has(id),
    async start(id, handoff = {}) {
      checkReturnUrl(ctx, handoff.returnUrl);
      const s = await ctx.store.get(id);
      if (!s) throw problems.notFound();
      if (isTerminal(s.status)) throw problems.terminal(s.status);
      if (s.status !== 'created') return answerFromClaim(id);
      if (isPast(s.expiresAt, ctx.now())) {
        await applyOutcome(ctx, id, () => ({ status: 'expired' }));
        throw problems.expired('The session expired before it was started.');
      }
      const claim = await updateSession(ctx.store, id, (cur) =>
        cur.status === 'created'
          ? { patch: { status: 'started', startedAt: ctx.now().toISOString() } }
          : null,
      );
      if (!claim.applied || !claim.session) {
        const cur = claim.session;
        if (cur && isTerminal(cur.status)) throw problems.terminal(cur.status);
        return answerFromClaim(id);
      }
      crashPoint('start-claimed');
      const p = runStart(withHandoff(ctx, claim.session, handoff));
      inFlight.set(id, p);
      try {
        return await p;
      } finally {
        inFlight.delete(id);
      }
    },
  };
}

/**
 * Once a customer has finished BORICA's video identification (`in_progress`: the registration is
 * complete and being processed; `awaiting_review`: with BORICA's agent), the provider has no cancel
 * operation and will go on to issue — and bill — the identity. Cancelling only here would leave our
 * record saying `cancelled` for a person BORICA identified, so the relay refuses it.
 */
function pastPointOfNoReturn(s: SessionRecord): boolean {
  if (s.status === 'awaiting_review') return true;
  return s.kind === 'identification' && s.method === 'web' && s.status === 'in_progress';
}

export async function cancelSession(ctx: FlowContext, id: string): Promise<{ status: 'cancelled' }> {
  const r = await applyOutcomeDetailed(ctx, id, (cur) =>
    isTerminal(cur.status) || pastPointOfNoReturn(cur) ? null : { status: 'cancelled' },
  );
  if (!r.session) throw problems.notFound();
  if (!r.applied && isTerminal(r.session.status)) throw problems.terminal(r.session.status);
  if (!r.applied) {
    throw problems.conflict(
      'BORICA is already processing this identification; it can no longer be cancelled.',
    );
  }
  return { status: 'cancelled' };
}
