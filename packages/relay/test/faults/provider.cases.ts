/**
 * BORICA misbehaving while the relay runs (a real child process): 5xx bursts, connection resets,
 * answers that never come or come after 30 s. Status reads are retried until the session settles;
 * a billable POST is never sent twice: when its fate is unknown the session fails instead.
 * One relay per store; the cases run one after another since a fault applies to every call of its
 * operation.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { billableCounts, expectSettled } from './settled.ts';
import { createWeb, startedWeb, type World, widget } from './world.ts';

const CASE_MS = 120_000;

export function providerCases(get: () => World): void {
  let w: World;
  beforeAll(() => {
    w = get();
  });

  describe.sequential('BORICA misbehaving', () => {
    it('a burst of 5xx on every read: retried until completed', { timeout: CASE_MS }, async () => {
      const since = billableCounts(w);
      const s = await startedWeb(w);
      w.sim.control.faults.set('getWebIdentificationStatus', { status: 500, times: 6 });
      w.sim.control.faults.set('getRegistrationStatus', { status: 503, times: 6 });
      w.sim.control.faults.set('getWebIdentificationResults', { status: 502, times: 3 });
      await w.sim.control.completeIdentification(s.customerSession, 'success');
      await expectSettled(w, s, { status: 'completed', billable: { startWebIdentification: 1 }, since });
      expect(w.sim.control.calls('getWebIdentificationResults')).toBeGreaterThan(3);
    });

    it('a 5xx to the billable POST: 502 to the widget, the session failed, the POST not repeated', {
      timeout: CASE_MS,
    }, async () => {
      const since = billableCounts(w);
      w.sim.control.faults.set('startWebIdentification', { status: 500, times: 1 });
      const s = await createWeb(w);
      const start = await widget(w, s.clientToken, 'POST', `/v1/client/sessions/${s.id}/start`, {
        consent: true,
      });
      expect(start.status).toBe(502);
      expect(start.body.code).toBe('provider_unavailable');
      await expectSettled(w, s, { status: 'failed', billable: { startWebIdentification: 1 }, since });
    });

    it('connection resets on reads: retried until completed', { timeout: CASE_MS }, async () => {
      const since = billableCounts(w);
      const s = await startedWeb(w);
      w.sim.control.faults.set('getWebIdentificationStatus', { reset: true, times: 3 });
      w.sim.control.faults.set('getRegistrationStatus', { reset: true, times: 3 });
      w.sim.control.faults.set('getWebIdentificationResults', { reset: true, times: 1 });
      await w.sim.control.completeIdentification(s.customerSession, 'success');
      await expectSettled(w, s, { status: 'completed', billable: { startWebIdentification: 1 }, since });
    });

    it('a connection reset on the billable POST: the session failed, the POST not repeated', {
      timeout: CASE_MS,
    }, async () => {
      const since = billableCounts(w);
      w.sim.control.faults.set('startWebIdentification', { reset: true, times: 1 });
      const s = await createWeb(w);
      const start = await widget(w, s.clientToken, 'POST', `/v1/client/sessions/${s.id}/start`, {
        consent: true,
      });
      expect(start.status).toBe(502);
      await expectSettled(w, s, { status: 'failed', billable: { startWebIdentification: 1 }, since });
    });

    it('reads that never answer or answer after 30 s, and a billable POST answering after 30 s', {
      timeout: 150_000,
    }, async () => {
      const since = billableCounts(w);
      const a = await startedWeb(w);
      w.sim.control.faults.set('getWebIdentificationStatus', { hang: true, times: 1 });
      w.sim.control.faults.set('getRegistrationStatus', { latencyMs: 30_000, times: 1 });
      w.sim.control.faults.set('startWebIdentification', { latencyMs: 30_000, times: 1 });
      await w.sim.control.completeIdentification(a.customerSession, 'success');
      const b = await createWeb(w);
      // The relay stops waiting for an answer's headers after 15 s: a read is retried, the POST is not.
      const start = await widget(w, b.clientToken, 'POST', `/v1/client/sessions/${b.id}/start`, {
        consent: true,
      });
      expect(start.status).toBe(502);
      expect(start.body.code).toBe('provider_unavailable');
      await expectSettled(w, a, { status: 'completed', billable: { startWebIdentification: 2 }, since });
      await expectSettled(w, b, { status: 'failed', billable: { startWebIdentification: 2 }, since });
    });
  });
}
