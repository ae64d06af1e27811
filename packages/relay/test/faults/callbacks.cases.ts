/**
 * BORICA's callbacks going wrong (simulator knobs): dropped, duplicated, reordered, and delayed past
 * the customer's return. Callbacks are only hints: the outcome is what the status reads confirm,
 * applied once. One relay per store, cases one after another (the knobs apply to every callback).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../api/helpers.ts';
import { billableCounts, expectSettled } from './settled.ts';
import { api, startedWeb, type World, widget } from './world.ts';

const CASE_MS = 120_000;

export function callbackCases(get: () => World): void {
  let w: World;
  beforeAll(() => {
    w = get();
  });
  /** Callbacks the simulator logged after the first `since` (each to its session's own URL). */
  const logged = (since: number) => get().sim.control.callbacks.list().slice(since);

  describe.sequential("BORICA's callbacks going wrong", () => {
    it('dropped: completed by polling alone', { timeout: CASE_MS }, async () => {
      const since = billableCounts(w);
      const before = w.sim.control.callbacks.list().length;
      const s = await startedWeb(w);
      w.sim.control.faults.callbacks({ drop: true });
      await w.sim.control.completeIdentification(s.customerSession, 'success');
      await expectSettled(w, s, { status: 'completed', billable: { startWebIdentification: 1 }, since });
      expect(logged(before).map((c) => c.error)).toEqual(['dropped']);
    });

    it('duplicated: applied once, one webhook', { timeout: CASE_MS }, async () => {
      const since = billableCounts(w);
      const before = w.sim.control.callbacks.list().length;
      const s = await startedWeb(w);
      w.sim.control.faults.callbacks({ duplicate: true });
      await w.sim.control.completeIdentification(s.customerSession, 'success');
      await waitFor(async () => logged(before).length === 2, 'both callbacks', 15_000);
      await expectSettled(w, s, { status: 'completed', billable: { startWebIdentification: 1 }, since });
      expect(logged(before).map((c) => c.delivered)).toEqual([true, true]);
    });

    it("reordered (one session's callback arrives after the next one's): each applied once", {
      timeout: CASE_MS,
    }, async () => {
      const since = billableCounts(w);
      const before = w.sim.control.callbacks.list().length;
      const a = await startedWeb(w);
      const b = await startedWeb(w);
      w.sim.control.faults.callbacks({ reorder: true });
      await w.sim.control.completeIdentification(a.customerSession, 'success');
      await w.sim.control.completeIdentification(b.customerSession, 'success');
      await waitFor(async () => logged(before).length === 2, 'both callbacks', 15_000);
      // The knob held a's callback and sent it right after b's (each to its own session's URL).
      expect(new Set(logged(before).map((c) => c.url)).size).toBe(2);
      await expectSettled(w, a, { status: 'completed', billable: { startWebIdentification: 2 }, since });
      await expectSettled(w, b, { status: 'completed', billable: { startWebIdentification: 2 }, since });
    });

    it("delayed past the customer's return: the return settles it, the late callback changes nothing", {
      timeout: CASE_MS,
    }, async () => {
      const since = billableCounts(w);
      const before = w.sim.control.callbacks.list().length;
      const s = await startedWeb(w);
      w.sim.control.faults.callbacks({ delayMs: 4000 });
      await w.sim.control.completeIdentification(s.customerSession, 'success');
      // The customer is back on the bank's page: the widget asks, the relay confirms with BORICA.
      await waitFor(
        async () =>
          (await widget(w, s.clientToken, 'GET', `/v1/client/sessions/${s.id}`)).body.status === 'completed',
        'the return to show completed',
        15_000,
      );
      expect(logged(before)).toEqual([]);
      await expectSettled(w, s, { status: 'completed', billable: { startWebIdentification: 1 }, since });
      const events = (await api(w, 'GET', `/v1/identifications/${s.id}`)).body.updatedAt;
      await waitFor(async () => logged(before).some((c) => c.delivered), 'the late callback', 15_000);
      expect((await api(w, 'GET', `/v1/identifications/${s.id}`)).body.updatedAt).toBe(events);
    });
  });
}
