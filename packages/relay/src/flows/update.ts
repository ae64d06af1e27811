/**
 * The one way flows change a session: read, decide, compare-and-set on the version, and on a lost race
 * decide again from the fresh record. Two confirmations (callback vs poller, two instances) therefore
 * never both apply, and the loser re-evaluates instead of overwriting.
 */
import type { SessionEvent, SessionRecord, Store, TransitionInput } from '../store/types.ts';

export type Plan = TransitionInput | null;

export interface UpdateResult {
  session: SessionRecord | null;
  applied: boolean;
  event?: SessionEvent;
}

export async function updateSession(
  store: Store,
  id: string,
  decide: (current: SessionRecord) => Plan | Promise<Plan>,
  attempts = 8,
): Promise<UpdateResult> {
  let current = await store.get(id);
  for (let i = 0; i < attempts; i++) {
    if (!current) return { session: null, applied: false };
    const plan = await decide(current);
    if (!plan) return { session: current, applied: false };
    const result = await store.transition(id, current.version, plan);
    if (result.ok) {
      return result.event
        ? { session: result.session, applied: true, event: result.event }
        : { session: result.session, applied: true };
    }
    if (result.reason === 'not_found') return { session: null, applied: false };
    current = result.current ?? (await store.get(id));
  }
  throw new Error(`session update kept losing races (${attempts} attempts)`);
}
