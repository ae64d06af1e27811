/**
 * SIGKILL at the worst moments of each flow, then a restart on the same store: every session still
 * ends in the right state, its event log has no gap, its webhook arrives, and no billable POST is
 * sent twice. "After X but before Y" is made exact by the simulator holding an answer (the kill
 * lands while the request is in flight) or by the relay's test-only RELAY_TEST_CRASH_AT points.
 * Relay start-ups are the expensive part, so one kill catches several sessions at once, each at
 * its own point; the cases run in order on one world.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/index.ts';
import { isPdf, waitFor } from '../api/helpers.ts';
import { billableCounts, expectSettled } from './settled.ts';
import { api, createWeb, identified, startedSigning, startedWeb, type World, widget } from './world.ts';

const CASE_MS = 180_000;
/**
 * The relay's clock after each restart that must see an interrupted start: as if it had been down
 * longer than the 2 minutes after which a claim without the provider's ids counts as interrupted.
 * It only ever moves forward (webhook retries are scheduled on it).
 */
const downFor = (minutes: number) => ({ RELAY_TEST_CLOCK_OFFSET_MS: String(minutes * 60_000) });

type Session = { id: string; clientToken: string };

/** A start whose connection the crash cuts: resolves 'cut' (never an answer). */
function startCut(w: World, s: Session) {
  return widget(w, s.clientToken, 'POST', `/v1/client/sessions/${s.id}/start`, { consent: true }).then(
    (r) => `answered ${r.status}`,
    () => 'cut',
  );
}

/**
 * After the restart the customer presses start again: never a second start (the billable counts are
 * checked after), only a 409 or, once the interrupted claim was failed meanwhile, that answer.
 */
async function expectRetryRefused(w: World, s: Session) {
  const again = await widget(w, s.clientToken, 'POST', `/v1/client/sessions/${s.id}/start`, {
    consent: true,
  });
  if (again.status === 200) expect(again.body).toEqual({ status: 'failed' });
  else {
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
  }
}

/** What the store holds, read directly while no relay runs. */
async function storedStatus(w: World, id: string): Promise<string | undefined> {
  const store = await createStore(w.store);
  try {
    return (await store.get(id))?.status;
  } finally {
    await store.close();
  }
}

/** One kill that catches four sessions, each at its own point. */
export function midFlowCases(get: () => World): void {
  let w: World;
  beforeAll(() => {
    w = get();
  });

  describe.sequential('relay killed mid-flow', () => {
    it('with a billable POST, a result download and a webhook in flight, and a callback not yet sent', {
      timeout: CASE_MS,
    }, async () => {
      const since = billableCounts(w);
      const [inPost, inDownload, beforeCallback, inWebhook] = [
        await createWeb(w),
        await startedWeb(w),
        await startedWeb(w),
        await startedWeb(w),
      ];
      // A webhook delivery the receiver keeps waiting.
      const held = w.webhooks.holdNext();
      await w.sim.control.completeIdentification(inWebhook.customerSession, 'success');
      expect((await held).data).toMatchObject({ id: inWebhook.id, status: 'completed' });
      // Both within the relay's 15 s answer timeout: a start POST and a result download, unanswered.
      w.sim.control.faults.set('startWebIdentification', { hang: true, times: 1 });
      w.sim.control.faults.set('getWebIdentificationResults', { hang: true, times: 1 });
      const cut = startCut(w, inPost);
      await w.sim.control.completeIdentification(inDownload.customerSession, 'success');
      await waitFor(
        async () =>
          w.sim.control.calls('startWebIdentification') === since.startWebIdentification! + 4 &&
          w.sim.control.calls('getWebIdentificationResults') >= 2,
        'the POST and the download to be in flight',
        20_000,
      );
      await w.kill();
      expect(await cut).toBe('cut');
      expect(await storedStatus(w, inPost.id)).toBe('started');
      expect(await storedStatus(w, inDownload.id)).not.toBe('completed');
      // The customer finishes while no relay runs: the callback is lost (BORICA sends it once, guide 2.4).
      const callbacksBefore = w.sim.control.callbacks.list().length;
      await w.sim.control.completeIdentification(beforeCallback.customerSession, 'success');
      await waitFor(
        async () => w.sim.control.callbacks.list().length > callbacksBefore,
        'the lost callback',
        10_000,
      );
      expect(w.sim.control.callbacks.list().at(-1)!.delivered).toBe(false);

      await w.start(downFor(3));
      await expectRetryRefused(w, inPost);
      const billable = { startWebIdentification: 4 };
      const failed = await expectSettled(w, inPost, { status: 'failed', billable, since });
      expect(failed.error.code).toBe('provider_unavailable');
      for (const s of [inDownload, beforeCallback, inWebhook]) {
        const view = await expectSettled(w, s, { status: 'completed', billable, since });
        expect(view.result.clientIdentificator).toMatch(/^[0-9a-f]{64}$/);
        const cert = await api(w, 'GET', `/v1/identifications/${s.id}/certificate`);
        expect(isPdf(cert.body)).toBe(true);
      }
      expect(w.sim.control.calls('createRegistration') - since.startWebIdentification!).toBe(3);
    });
  });
}

/** Kills at the relay's own test-only crash points (RELAY_TEST_CRASH_AT). */
export function crashPointCases(get: () => World): void {
  let w: World;
  beforeAll(() => {
    w = get();
  });

  describe.sequential('relay killed at a crash point', () => {
    it('right after the start claim, before the POST: the session fails, no POST is ever sent', {
      timeout: CASE_MS,
    }, async () => {
      await w.start({ RELAY_TEST_CRASH_AT: 'start-claimed' });
      const since = billableCounts(w);
      const s = await createWeb(w);
      const cut = startCut(w, s);
      expect(await w.died()).toBe('SIGKILL');
      expect(await cut).toBe('cut');
      expect(await storedStatus(w, s.id)).toBe('started');
      await w.start(downFor(3));
      await expectRetryRefused(w, s);
      const view = await expectSettled(w, s, { status: 'failed', billable: {}, since });
      expect(view.error.code).toBe('provider_unavailable');
      await w.kill();
    });

    it("during a signed document's write: nothing half-written, completed after the restart with every document", {
      timeout: CASE_MS,
    }, async () => {
      // Dies once the first of two signed PDFs is stored, before the second and the status commit.
      await w.start({ ...downFor(3), RELAY_TEST_CRASH_AT: 'blob-written:signed/0' });
      const since = billableCounts(w);
      const idn = await identified(w);
      const sig = await startedSigning(w, idn.id, 2);
      await w.sim.control.sign(sig.signToken, 'sign');
      expect(await w.died()).toBe('SIGKILL');
      expect(await storedStatus(w, sig.id)).toBe('started');
      await w.start(downFor(3));
      await expectSettled(w, sig, {
        status: 'completed',
        billable: { startWebIdentification: 1, startSigning: 1 },
        since,
      });
      for (const index of [0, 1]) {
        const doc = await api(w, 'GET', `/v1/signings/${sig.id}/documents/${index}`);
        expect(doc.status).toBe(200);
        expect(isPdf(doc.body)).toBe(true);
      }
    });
  });
}
