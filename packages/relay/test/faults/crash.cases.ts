/**
 * SIGKILL at the worst moments of each flow, then a restart on the same store: every session still
 * ends in the right state, its event log has no gap, its webhook arrives, and no billable POST is
 * sent twice. "After X but before Y" is made exact by the simulator holding an answer (the kill
 * lands while the request is in flight) or by the relay's test-only RELAY_TEST_CRASH_AT points.
 */
import { describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/index.ts';
import { isPdf, waitFor } from '../api/helpers.ts';
import { expectSettled } from './settled.ts';
import { STORES, type WorldFactory } from './stores.ts';
import { api, createWeb, identified, startedSigning, startedWeb, type World, widget } from './world.ts';

/**
 * For restarts after an interrupted start: the relay's clock runs this far ahead, as if it had been
 * down longer than the 2 minutes after which a claim without the provider's ids counts as interrupted.
 */
const DOWN_LONG = { RELAY_TEST_CLOCK_OFFSET_MS: String(150_000) };
const CASE_MS = 180_000;

/** A start whose connection the crash cuts: resolves 'cut' (never an answer). */
function startCut(w: World, s: { id: string; clientToken: string }) {
  return widget(w, s.clientToken, 'POST', `/v1/client/sessions/${s.id}/start`, { consent: true }).then(
    (r) => `answered ${r.status}`,
    () => 'cut',
  );
}

/**
 * After the restart the customer presses start again: never a second start (the billable counts are
 * checked after), only a 409 or, once the interrupted claim was failed meanwhile, that answer.
 */
async function expectRetryRefused(w: World, s: { id: string; clientToken: string }) {
  const again = await widget(w, s.clientToken, 'POST', `/v1/client/sessions/${s.id}/start`, {
    consent: true,
  });
  if (again.status === 200) expect(again.body).toEqual({ status: 'failed' });
  else {
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
  }
}

async function storedStatus(w: World, id: string): Promise<string | undefined> {
  const store = await createStore(w.store);
  try {
    return (await store.get(id))?.status;
  } finally {
    await store.close();
  }
}

export function crashCases(world: WorldFactory): void {
  describe.concurrent.each(STORES)('relay killed (%s store)', (kind) => {
    it('after the start claim, before the POST: the session fails, no POST is ever sent', {
      timeout: CASE_MS,
    }, async () => {
      const w = await world(kind);
      await w.start({ RELAY_TEST_CRASH_AT: 'start-claimed' });
      const s = await createWeb(w);
      const start = startCut(w, s);
      expect(await w.died()).toBe('SIGKILL');
      expect(await start).toBe('cut');
      expect(await storedStatus(w, s.id)).toBe('started');
      await w.start(DOWN_LONG);
      await expectRetryRefused(w, s);
      const view = await expectSettled(w, s, { status: 'failed', billable: {} });
      expect(view.error.code).toBe('provider_unavailable');
      expect(w.sim.control.calls('createRegistration')).toBe(0);
    });

    it("after the provider's POST, before its answer is stored: failed, the POST never repeated", {
      timeout: CASE_MS,
    }, async () => {
      const w = await world(kind);
      await w.start();
      w.sim.control.faults.set('startWebIdentification', { hang: true, times: 1 });
      const s = await createWeb(w);
      const start = startCut(w, s);
      await waitFor(
        async () => w.sim.control.calls('startWebIdentification') === 1,
        'the POST to arrive',
        20_000,
      );
      await w.kill();
      expect(await start).toBe('cut');
      await w.start(DOWN_LONG);
      await expectRetryRefused(w, s);
      const view = await expectSettled(w, s, { status: 'failed', billable: { startWebIdentification: 1 } });
      expect(view.error.code).toBe('provider_unavailable');
    });

    it('after the customer finished, before the callback: the restarted relay polls and completes', {
      timeout: CASE_MS,
    }, async () => {
      const w = await world(kind);
      await w.start();
      const s = await startedWeb(w);
      await w.kill();
      // The callback goes to a dead relay and is lost: BORICA sends it once, with no retry (guide 2.4).
      await w.sim.control.completeIdentification(s.customerSession, 'success');
      await waitFor(async () => w.sim.control.callbacks.list().length === 1, 'the callback attempt', 10_000);
      expect(w.sim.control.callbacks.list()[0]!.delivered).toBe(false);
      await w.start();
      const view = await expectSettled(w, s, {
        status: 'completed',
        billable: { startWebIdentification: 1 },
      });
      expect(view.result.clientIdentificator).toMatch(/^[0-9a-f]{64}$/);
    });

    it('during the result download: completed after the restart, with its certificate', {
      timeout: CASE_MS,
    }, async () => {
      const w = await world(kind);
      await w.start();
      const s = await startedWeb(w);
      w.sim.control.faults.set('getWebIdentificationResults', { hang: true, times: 1 });
      await w.sim.control.completeIdentification(s.customerSession, 'success');
      await waitFor(
        async () => w.sim.control.calls('getWebIdentificationResults') >= 1,
        'the download',
        20_000,
      );
      await w.kill();
      expect(await storedStatus(w, s.id)).not.toBe('completed');
      await w.start();
      await expectSettled(w, s, { status: 'completed', billable: { startWebIdentification: 1 } });
      const cert = await api(w, 'GET', `/v1/identifications/${s.id}/certificate`);
      expect(isPdf(cert.body)).toBe(true);
    });

    it("during a signed document's write: nothing half-written, completed after the restart with every document", {
      timeout: CASE_MS,
    }, async () => {
      const w = await world(kind);
      // Dies once the first of two signed PDFs is stored, before the second and the status commit.
      await w.start({ RELAY_TEST_CRASH_AT: 'blob-written:signed/0' });
      const idn = await identified(w);
      const sig = await startedSigning(w, idn.id, 2);
      await w.sim.control.sign(sig.signToken, 'sign');
      expect(await w.died()).toBe('SIGKILL');
      expect(await storedStatus(w, sig.id)).not.toBe('completed');
      await w.start();
      await expectSettled(w, sig, {
        status: 'completed',
        billable: { startWebIdentification: 1, startSigning: 1 },
      });
      for (const index of [0, 1]) {
        const doc = await api(w, 'GET', `/v1/signings/${sig.id}/documents/${index}`);
        expect(doc.status).toBe(200);
        expect(isPdf(doc.body)).toBe(true);
      }
    });

    it('during a webhook delivery: the webhook is delivered again after the restart', {
      timeout: CASE_MS,
    }, async () => {
      const w = await world(kind);
      await w.start();
      const held = w.webhooks.holdNext();
      const s = await startedWeb(w);
      await w.sim.control.completeIdentification(s.customerSession, 'success');
      const first = await held;
      expect(first.data).toMatchObject({ id: s.id, status: 'completed' });
      await w.kill();
      await w.start();
      await expectSettled(w, s, { status: 'completed', billable: { startWebIdentification: 1 } });
      const again = w.webhooks.deliveries.filter((d) => d.webhookId === first.webhookId && d.answered);
      expect(again.length).toBeGreaterThanOrEqual(1);
    });
  });
}
