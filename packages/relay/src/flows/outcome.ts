/**
 * Turns "what the provider says now" into a transition: never moves a terminal session, never goes
 * backwards, appends an event only when our status or the provider's info changed, and queues the
 * webhook of a terminal status in the same atomic step.
 */
import { isTerminal, type ProviderInfo, type SessionError, type Status } from '@borica-identify/protocol';
import type { SessionRecord, TransitionInput } from '../store/types.ts';
import { crashPoint } from '../testing/hooks.ts';
import type { FlowContext } from './context.ts';
import { newMessageId } from './ids.ts';
import { type Plan, type UpdateResult, updateSession } from './update.ts';

const RANK: Record<Status, number> = {
  created: 0,
  started: 1,
  in_progress: 2,
  // Review and processing alternate (review → approved → processing), so they share a rank.
  awaiting_review: 2,
  completed: 3,
  failed: 3,
  cancelled: 3,
  expired: 3,
};

export interface Outcome {
  status?: Status;
  provider?: ProviderInfo;
  error?: SessionError;
  patch?: TransitionInput['patch'];
  refs?: string[];
  /** Append an event even when neither status nor provider info changed (the start claim had none). */
  forceEvent?: boolean;
  /** Blobs to store BEFORE the transition commits, so whoever sees the new status finds them. */
  blobs?: Record<string, Uint8Array>;
}

const PROVIDER_KEYS = ['status', 'step', 'registrationStatus', 'reviewStatus', 'processState'] as const;

export function mergeProvider(current: ProviderInfo, next: ProviderInfo | undefined): ProviderInfo {
  if (!next) return current;
  const out: ProviderInfo = { ...current };
  for (const key of PROVIDER_KEYS) {
    const value = next[key];
    if (typeof value === 'string' && value) out[key] = value;
  }
  return out;
}

function sameProvider(a: ProviderInfo, b: ProviderInfo): boolean {
  return PROVIDER_KEYS.every((k) => (a[k] ?? '') === (b[k] ?? ''));
}

export function webhookType(kind: SessionRecord['kind'], status: Status): string {
  return `${kind}.${status}`;
}

export function planOutcome(ctx: FlowContext, s: SessionRecord, o: Outcome): Plan {
  if (isTerminal(s.status)) return null;
  let status = o.status ?? s.status;
  if (RANK[status] < RANK[s.status]) status = s.status;
  const provider = mergeProvider(s.provider, o.provider);
  const statusChanged = status !== s.status;
  const providerChanged = !sameProvider(provider, s.provider);
  if (!statusChanged && !providerChanged && !o.patch && !o.refs?.length && !o.forceEvent) return null;
  const patch: TransitionInput['patch'] = { ...o.patch, status, provider };
  const input: TransitionInput = { patch, event: statusChanged || providerChanged || Boolean(o.forceEvent) };
  if (o.refs?.length) input.refs = o.refs;
  if (isTerminal(status)) {
    const at = ctx.now().toISOString();
    patch.completedAt = at;
    patch.nextPollAt = undefined;
    // Personal data kept only to start the provider call goes with the session's end.
    patch.pending = undefined;
    if (o.error) patch.error = o.error;
    if (ctx.config.webhook) {
      const type = webhookType(s.kind, status);
      const body = {
        type,
        timestamp: at,
        data: {
          id: s.id,
          kind: s.kind,
          status,
          ...(s.externalRef ? { externalRef: s.externalRef } : {}),
          provider,
          ...(o.error ? { error: o.error } : {}),
        },
      };
      input.webhook = { id: newMessageId(), sessionId: s.id, type, body: JSON.stringify(body) };
    }
  }
  return input;
}

/** Re-decides on every lost race; `decide` returns null when there is nothing to do. */
export async function applyOutcome(
  ctx: FlowContext,
  id: string,
  decide: (s: SessionRecord) => Outcome | null,
): Promise<SessionRecord | null> {
  return (await applyOutcomeDetailed(ctx, id, decide)).session;
}

/** As `applyOutcome`, telling whether THIS call's transition was the one that applied. */
export async function applyOutcomeDetailed(
  ctx: FlowContext,
  id: string,
  decide: (s: SessionRecord) => Outcome | null,
): Promise<UpdateResult> {
  const written = new Set<string>();
  const result = await updateSession(ctx.store, id, async (s) => {
    const o = decide(s);
    const plan = o ? planOutcome(ctx, s, o) : null;
    if (plan && o?.blobs) {
      for (const [name, data] of Object.entries(o.blobs)) {
        if (written.has(name)) continue;
        await ctx.store.putBlob(id, name, data);
        written.add(name);
        crashPoint(`blob-written:${name}`);
      }
    }
    return plan;
  });
  if (result.applied && result.session) ctx.onApplied(result.session);
  return result;
}

/** Bookkeeping without an event (refs, poll schedule); skipped for terminal sessions unless allowed. */
export async function patchSession(
  ctx: FlowContext,
  id: string,
  decide: (s: SessionRecord) => Plan,
): Promise<SessionRecord | null> {
  const result = await updateSession(ctx.store, id, decide);
  return result.session;
}

export function isPast(iso: string | undefined, now: Date): boolean {
  if (!iso) return false;
  const t = Date.parse(iso);
  return Number.isFinite(t) && t <= now.getTime();
}
