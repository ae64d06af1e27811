/**
 * Helpers around the start claim: `created → started` is written BEFORE any billable provider POST, so a
 * second start (double click, two tabs, two instances) sees the claim and never calls the provider again.
 */
import type { Status } from '@borica-identify/protocol';
import type { SessionRecord } from '../store/types.ts';
import type { FlowContext } from './context.ts';
import { applyOutcome, type Outcome } from './outcome.ts';
import type { StartFailure } from './provider-errors.ts';
import { updateSession } from './update.ts';

export interface StartResult {
  status: Status;
  redirectUrl?: string;
}

export function startResult(s: SessionRecord | null): StartResult {
  if (!s) return { status: 'failed' };
  return s.redirectUrl ? { status: s.status, redirectUrl: s.redirectUrl } : { status: s.status };
}

/** True once the provider call of a start finished and its ids are stored. */
export function hasProviderRefs(s: SessionRecord): boolean {
  return Boolean(s.refs.resultId || s.refs.callbackId);
}

/** The provider call succeeded: record what it gave us, with the `started` event. */
export async function completeStart(
  ctx: FlowContext,
  id: string,
  outcome: Outcome,
): Promise<SessionRecord | null> {
  const { initialMs } = ctx.config.poll;
  const nextPollAt = new Date(ctx.now().getTime() + initialMs).toISOString();
  return applyOutcome(ctx, id, (cur) =>
    cur.status === 'started' && !hasProviderRefs(cur)
      ? {
          ...outcome,
          status: 'started',
          forceEvent: true,
          patch: { ...outcome.patch, pollAttempt: 0, nextPollAt },
        }
      : null,
  );
}

/** The request never reached the provider: give the customer the chance to try again. */
export async function revertClaim(
  ctx: FlowContext,
  id: string,
  extra: Partial<SessionRecord> = {},
): Promise<void> {
  await updateSession(ctx.store, id, (cur) =>
    cur.status === 'started' && !hasProviderRefs(cur)
      ? { patch: { status: 'created', startedAt: undefined, ...extra } }
      : null,
  );
}

export async function failStart(ctx: FlowContext, id: string, failure: StartFailure): Promise<void> {
  await applyOutcome(ctx, id, (cur) =>
    cur.status === 'started' && !hasProviderRefs(cur) ? { status: 'failed', error: failure.error } : null,
  );
}

/** Either revert (never reached) or fail the session, then raise the caller's problem. */
export async function handleStartFailure(
  ctx: FlowContext,
  id: string,
  failure: StartFailure,
): Promise<never> {
  if (failure.reachedProvider) await failStart(ctx, id, failure);
  else await revertClaim(ctx, id);
  throw failure.problem;
}
