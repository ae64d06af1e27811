/**
 * The relay against providers that read the guide's ambiguous points differently (simulator
 * dialects, vectors.ts): with no setting changed it completes, fails, cancels and expires web
 * identifications, mobile identifications and signings, survives a restart mid-flow, learns each
 * reading once (steady state: one result download per session) and says what it learned.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIALECT_VALUES, type Dialect, type Simulator } from '@borica-identify/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  client,
  type Harness,
  isPdf,
  PERSON,
  samplePdf,
  server,
  startedWeb,
  startHarness,
  startSim,
  waitFor,
  waitStatus,
} from '../api/helpers.ts';
import { VECTORS } from './vectors.ts';

/** Per test: generous, for a loaded CI machine (each waits on states, never on time). */
const T = 60_000;
let sim: Simulator;
let dir: string;
beforeAll(async () => {
  // processingMs 0: results are there the moment the customer finishes, so call counts are exact.
  sim = await startSim({ processingMs: 0, mobileOnboardingMs: 20 });
  dir = await mkdtemp(join(tmpdir(), 'relay-dialects-'));
}, 30_000);
afterAll(async () => {
  await sim?.close();
  await rm(dir, { recursive: true, force: true });
});

it('the vectors take every value of every dialect knob at least once', () => {
  for (const [knob, values] of Object.entries(DIALECT_VALUES)) {
    const used = new Set(VECTORS.map((v) => v.dialect[knob as keyof Dialect]));
    expect([...used].sort(), knob).toEqual([...values].sort());
  }
});

const results = () => sim.control.calls('getWebIdentificationResults');

function docs(n = 1) {
  return Array.from({ length: n }, (_, i) => ({
    fileName: `contract-${i + 1}.pdf`,
    title: `Contract ${i + 1}`,
    content: samplePdf(`Contract ${i + 1}`).toString('base64'),
  }));
}

async function startSigning(h: Harness, identificationId: string, n = 1) {
  const created = await server(h, 'POST', '/v1/signings', { identificationId, documents: docs(n) });
  expect(created.status).toBe(201);
  const { id, clientToken } = created.body;
  const start = await client(h, clientToken, 'POST', `/v1/client/sessions/${id}/start`, { consent: true });
  expect(start.status).toBe(200);
  return { id, signToken: (start.body.redirectUrl as string).split('/').at(-1)! };
}

async function startMobile(h: Harness) {
  const created = await server(h, 'POST', '/v1/identifications', {
    method: 'mobile',
    reason: 'Loan',
    person: PERSON,
  });
  expect(created.status).toBe(201);
  const { id, clientToken } = created.body;
  await client(h, clientToken, 'POST', `/v1/client/sessions/${id}/start`, { consent: true });
  const callbackId = (await waitFor(
    async () => (await h.relay.deps.store.get(id))?.refs.callbackId,
    'callbackId',
  ))!;
  return { id, callbackId };
}

describe.each(VECTORS)('dialect $name', (v) => {
  let h: Harness;
  /** Moves the relay's clock (expiry by our own deadline); 0 outside the expiry test. */
  let offsetMs = 0;
  const store = () => `sqlite:${join(dir, `${VECTORS.indexOf(v)}.sqlite`)}`;
  const open = (logs?: string[]) =>
    startHarness({
      sim,
      clock: () => new Date(Date.now() + offsetMs),
      config: {
        store: store(),
        apiKeys: ['dialect-matrix-key'],
        rateLimit: { createPerMinute: 1000, startPerMinute: 1000, mobilePerIdPerHour: 100 },
      },
    }).then((x) => {
      if (logs) x.logs.push(...logs);
      return x;
    });
  beforeAll(async () => {
    sim.control.setDialect(v.dialect);
    h = await open();
  }, 30_000);
  afterAll(() => h?.close());

  it('web identification completes with its certificate; once learned, one result download each', {
    timeout: T,
  }, async () => {
    const first = await startedWeb(h);
    await sim.control.completeIdentification(first.customerSession, 'success');
    await waitStatus(h, first.id, 'completed');
    const cert = await server(h, 'GET', `/v1/identifications/${first.id}/certificate`);
    expect(isPdf(cert.body)).toBe(true);

    const second = await startedWeb(h);
    const before = results();
    await sim.control.completeIdentification(second.customerSession, 'success');
    await waitStatus(h, second.id, 'completed');
    expect(results() - before).toBe(1);
  });

  it('a signing and a second signing complete with signed PDFs (the second with one result download)', {
    timeout: T,
  }, async () => {
    const idn = await startedWeb(h);
    await sim.control.completeIdentification(idn.customerSession, 'success');
    await waitStatus(h, idn.id, 'completed');
    const first = await startSigning(h, idn.id, 2);
    await sim.control.sign(first.signToken, 'sign');
    const view = await waitStatus(h, first.id, 'completed');
    expect(view.documents).toHaveLength(2);
    expect(isPdf((await server(h, 'GET', `/v1/signings/${first.id}/documents/1`)).body)).toBe(true);

    const second = await startSigning(h, idn.id);
    const before = results();
    await sim.control.sign(second.signToken, 'sign');
    await waitStatus(h, second.id, 'completed');
    expect(results() - before).toBe(1);
    expect(isPdf((await server(h, 'GET', `/v1/signings/${second.id}/documents/0`)).body)).toBe(true);

    const third = await startSigning(h, idn.id);
    await sim.control.sign(third.signToken, 'cancel');
    expect((await waitStatus(h, third.id, 'cancelled')).provider.status).toBe('PROCESS_IS_CANCELED_BY_USER');
  });

  it('B-Trust MOBILE completes, and a rejection fails it', { timeout: T }, async () => {
    const ok = await startMobile(h);
    await waitStatus(h, ok.id, 'in_progress');
    await sim.control.completeMobile(ok.callbackId, 'approve');
    await waitStatus(h, ok.id, 'completed');
    expect(isPdf((await server(h, 'GET', `/v1/identifications/${ok.id}/certificate`)).body)).toBe(true);

    const no = await startMobile(h);
    await sim.control.completeMobile(no.callbackId, 'reject');
    expect((await waitStatus(h, no.id, 'failed')).error.code).toBe('identification_rejected');
  });

  it('web identifications cancelled, failed, reviewed (approved and denied) and expired', {
    timeout: T,
  }, async () => {
    const [cancel, fail, approve, deny, expire] = await Promise.all(
      Array.from({ length: 5 }, () => startedWeb(h)),
    );
    await sim.control.completeIdentification(cancel!.customerSession, 'cancel');
    await sim.control.completeIdentification(fail!.customerSession, 'fail');
    await sim.control.completeIdentification(approve!.customerSession, 'review');
    await sim.control.completeIdentification(deny!.customerSession, 'review');
    sim.control.expire(expire!.customerSession);
    await waitStatus(h, cancel!.id, 'cancelled');
    expect((await waitStatus(h, fail!.id, 'failed')).error.code).toBe('identification_failed');
    await waitStatus(h, approve!.id, 'awaiting_review');
    await waitStatus(h, deny!.id, 'awaiting_review');
    await sim.control.review(approve!.customerSession, 'approve');
    await sim.control.review(deny!.customerSession, 'deny');
    await waitStatus(h, approve!.id, 'completed');
    expect((await waitStatus(h, deny!.id, 'failed')).error.code).toBe('identification_denied');
    await waitStatus(h, expire!.id, 'expired');
  });

  it('B-Trust MOBILE and a signing past their validity expire', { timeout: T }, async () => {
    const idn = await startedWeb(h);
    await sim.control.completeIdentification(idn.customerSession, 'success');
    await waitStatus(h, idn.id, 'completed');
    const signing = await startSigning(h, idn.id);
    const mobile = await startMobile(h);
    await waitStatus(h, mobile.id, 'in_progress');
    // Past the mobile request's validity (10 min) and the signing's expireDate (24 h): the provider
    // rejects the one and never changes the other's status.
    sim.control.expire(mobile.callbackId);
    sim.control.expire(signing.signToken);
    offsetMs = 25 * 3_600_000;
    try {
      await waitStatus(h, mobile.id, 'expired');
      await waitStatus(h, signing.id, 'expired');
    } finally {
      offsetMs = 0;
    }
  });

  it('a relay restarted mid-flow completes what the provider finished meanwhile, with its learned readings', {
    timeout: T,
  }, async () => {
    const idn = await startedWeb(h);
    await sim.control.completeIdentification(idn.customerSession, 'success');
    await waitStatus(h, idn.id, 'completed');
    const signing = await startSigning(h, idn.id);
    const web = await startedWeb(h);
    const logs = [...h.logs];
    await h.close();

    // While no relay runs, both customers finish; a callback finds nobody.
    await sim.control.completeIdentification(web.customerSession, 'success');
    await sim.control.sign(signing.signToken, 'sign');
    const before = results();
    h = await open(logs);
    const s2 = h.relay.deps.store;
    await waitFor(async () => (await s2.get(web.id))?.status === 'completed', 'web after restart');
    await waitFor(async () => (await s2.get(signing.id))?.status === 'completed', 'signing after restart');
    // The readings came back from the store: no 404 detours.
    expect(results() - before).toBe(2);
  });

  it('/readyz shows the readings learned, each logged once at info', { timeout: T }, async () => {
    const ready = await call(h, 'GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.checks.provider.readings).toMatchObject(v.learns);
    const learned = h.logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'provider reading learned');
    for (const reading of Object.keys(v.learns)) {
      expect(
        learned.filter((l) => l.reading === reading),
        reading,
      ).toHaveLength(1);
    }
    expect(learned.every((l) => l.level === 'info')).toBe(true);
  });
});
