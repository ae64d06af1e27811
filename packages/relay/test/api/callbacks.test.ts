/**
 * Delivery and durability: provider callbacks, the SSE stream, a restart mid-session.
 * Provider callbacks are hints: confirmed with the provider before anything changes. Relay A polls
 * almost never (so only callbacks can move it); relay B polls fast (a dropped callback is survived).
 */
import type { Simulator } from '@borica-identify/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  captureCallbackUrls,
  client,
  type Harness,
  samplePdf,
  server,
  startedWeb,
  startHarness,
  startSim,
  waitFor,
  waitStored,
} from './helpers.ts';
import { operationsCases } from './operations.cases.ts';
import { restartCases } from './restart.cases.ts';
import { sseCases } from './sse.cases.ts';

let sim: Simulator;
let a: Harness;
let b: Harness;
let urls: string[];
beforeAll(async () => {
  sim = await startSim();
  a = await startHarness({
    sim,
    config: { poll: { initialMs: 60_000, maxMs: 60_000, factor: 1.5 } },
    tuning: { clientRecheckMs: 3_600_000 },
  });
  b = await startHarness({ sim, tuning: { clientRecheckMs: 3_600_000 } });
  urls = captureCallbackUrls(a);
}, 30_000);
afterAll(async () => {
  await a?.close();
  await b?.close();
  await sim?.close();
});

const statusesOf = async (h: Harness, id: string) =>
  (await h.relay.deps.store.events(id)).map((e) => e.status);

describe('provider callbacks', () => {
  it('a callback alone completes the identification (no polling involved)', async () => {
    const s = await startedWeb(a);
    await sim.control.completeIdentification(s.customerSession, 'success');
    const rec = await waitStored(a, s.id, 'completed');
    expect(rec.result?.clientIdentificator).toMatch(/^[0-9a-f]{64}$/);
  });

  it('unknown secret: 404 problem, nothing changes', async () => {
    const r = await call(a, 'POST', `/v1/borica/callbacks/${'x'.repeat(43)}`, {
      body: {
        code: 'OK',
        data: { processState: 'CREATE_SIGN_SESSION_REQUEST', sessionId: 'a', resultId: '1' },
      },
    });
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.code).toBe('not_found');
  });

  it('a forged callback (valid secret, fake success) changes nothing; the real one is matched to its signing', async () => {
    const s = await startedWeb(a);
    const secretUrl = urls.at(-1)!;
    const rec = (await a.relay.deps.store.get(s.id))!;
    const fake = {
      code: 'OK',
      message: 'ok',
      data: {
        processState: 'CREATE_SIGN_SESSION_REQUEST',
        sessionId: rec.refs.webSessionId,
        resultId: rec.refs.resultId,
        dataMessage: 'The request completed successfully',
      },
    };
    const r = await fetch(secretUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fake),
    });
    expect(r.status).toBe(200);
    await new Promise((res) => setTimeout(res, 300));
    const after = (await a.relay.deps.store.get(s.id))!;
    expect(after.status).toBe('started');
    expect(after.result).toBeUndefined();

    // Now for real, then a signing whose callback arrives at this identification's URL.
    await sim.control.completeIdentification(s.customerSession, 'success');
    await waitStored(a, s.id, 'completed');
    const created = await server(a, 'POST', '/v1/signings', {
      identificationId: s.id,
      documents: [{ fileName: 'a.pdf', title: 'A', content: samplePdf().toString('base64') }],
    });
    const start = await client(
      a,
      created.body.clientToken,
      'POST',
      `/v1/client/sessions/${created.body.id}/start`,
      { consent: true },
    );
    const signing = (await a.relay.deps.store.get(created.body.id))!;
    const forgedSign = {
      code: 'OK',
      data: {
        processState: 'SIGN_SESSION',
        sessionId: signing.refs.signSessionId,
        resultId: Number(signing.refs.resultId),
      },
    };
    expect(
      (
        await fetch(secretUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(forgedSign),
        })
      ).status,
    ).toBe(200);
    await new Promise((res) => setTimeout(res, 300));
    expect((await a.relay.deps.store.get(created.body.id))!.status).not.toBe('completed');
    // A body that is not even JSON is still just a hint.
    expect((await fetch(secretUrl, { method: 'POST', body: 'garbage' })).status).toBe(200);

    await sim.control.sign(start.body.redirectUrl.split('/').at(-1), 'sign');
    await waitStored(a, created.body.id, 'completed');
  });

  it('a replayed (duplicated) callback appends no duplicate events', async () => {
    sim.control.faults.callbacks({ duplicate: true });
    try {
      const s = await startedWeb(a);
      await sim.control.completeIdentification(s.customerSession, 'success');
      await waitStored(a, s.id, 'completed');
      const sent = sim.control.callbacks.list().filter((c) => c.url === urls.at(-1));
      expect(sent.length).toBeGreaterThanOrEqual(2);
      // And once more, later, by hand.
      await fetch(sent[0]!.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(sent[0]!.body),
      });
      await new Promise((res) => setTimeout(res, 200));
      const statuses = await statusesOf(a, s.id);
      expect(statuses.filter((x) => x === 'completed')).toHaveLength(1);
      expect(statuses.at(-1)).toBe('completed');
    } finally {
      sim.control.faults.callbacks({});
    }
  });

  it('out-of-order callbacks still complete both sessions once', async () => {
    sim.control.faults.callbacks({ reorder: true });
    try {
      const s1 = await startedWeb(a);
      const s2 = await startedWeb(a);
      await sim.control.completeIdentification(s1.customerSession, 'success');
      await new Promise((res) => setTimeout(res, 100));
      await sim.control.completeIdentification(s2.customerSession, 'success');
      await waitStored(a, s2.id, 'completed');
      await waitStored(a, s1.id, 'completed');
      for (const id of [s1.id, s2.id]) {
        expect((await statusesOf(a, id)).filter((x) => x === 'completed')).toHaveLength(1);
      }
    } finally {
      sim.control.faults.callbacks({});
    }
  });

  it('provider errors while polling are retried, never fail the session', async () => {
    const s = await startedWeb(b);
    sim.control.faults.set('getWebIdentificationStatus', { status: 500, times: 4 });
    sim.control.faults.set('getRegistrationStatus', { status: 503, times: 4 });
    try {
      await sim.control.completeIdentification(s.customerSession, 'success');
      const rec = await waitStored(b, s.id, 'completed');
      expect(rec.error).toBeUndefined();
    } finally {
      sim.control.faults.clear('getWebIdentificationStatus');
      sim.control.faults.clear('getRegistrationStatus');
    }
  });

  it('a dropped callback: polling completes the session', async () => {
    sim.control.faults.callbacks({ drop: true });
    const bUrls = captureCallbackUrls(b);
    try {
      const s = await startedWeb(b);
      const mine = () => sim.control.callbacks.list().filter((c) => c.url === bUrls[0]);
      await sim.control.completeIdentification(s.customerSession, 'success');
      const rec = await waitStored(b, s.id, 'completed');
      expect(rec.result?.hasCertificate).toBe(true);
      // The simulator logs the dropped callback once its processing ends (maybe after our poll saw it).
      await waitFor(async () => mine().some((c) => !c.delivered), 'the dropped callback');
      expect(mine().filter((c) => c.delivered)).toHaveLength(0);
    } finally {
      sim.control.faults.callbacks({});
    }
  });
});

// Relay b: fast polling, no re-check on reads — what the SSE cases need.
sseCases(() => b);
restartCases(() => sim);
operationsCases(() => sim);
