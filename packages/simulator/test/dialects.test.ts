/** Every dialect knob changes what a client sees, exactly as the README's table says; defaults stay. */
import type { Agent } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DIALECT, DIALECT_VALUES, parseDialectFlag, type Simulator } from '../src/index.ts';
import { type Receiver, useSimulator } from './fixture.ts';
import { identified, signBody, startWeb, tokenOf } from './flows.ts';
import { api, until } from './helpers.ts';

const env = useSimulator();
let sim: Simulator;
let agent: Agent;
let receiver: Receiver;
beforeAll(() => ({ sim, agent, receiver } = env));

const webResult = (resultId: number, sessionId: string) =>
  api(
    sim,
    agent,
    'GET',
    `/identification/web/${resultId}/result/CREATE_SIGN_SESSION_REQUEST/${sessionId}/true`,
  );
const webStatus = (resultId: number) => api(sim, agent, 'GET', `/identification/web/${resultId}/status`);
const callbacks = () => receiver.received.map((r) => r.body);

/** A finished signing: returns its ids, the sign session it consumed and the callback (if any). */
async function signed(wait = true) {
  const idn = await identified(sim, agent, `${receiver.url}/cb`);
  if (wait) await until(() => receiver.received.length > 0); // the identification's own callback
  receiver.received.length = 0;
  const start = await api(
    sim,
    agent,
    'POST',
    '/identification/web/signsession/start',
    await signBody(idn.clientIdentificator, idn.signSessionId, 1),
  );
  expect(start.status).toBe(200);
  const { resultId, clientDocumentUrl } = start.body.data;
  await sim.control.sign(tokenOf(clientDocumentUrl), 'sign');
  if (wait) await until(() => receiver.received.length > 0);
  return { idn, resultId: resultId as number };
}

describe('dialect knobs', () => {
  it('defaults to the readings the simulator always had, and reset returns to the start dialect', () => {
    expect(sim.control.dialect()).toEqual(DEFAULT_DIALECT);
    sim.control.setDialect({ loose: true });
    sim.control.reset();
    expect(sim.control.dialect()).toEqual(DEFAULT_DIALECT);
  });

  it('refuses an unknown knob or value, naming it and the values allowed', () => {
    expect(() => sim.control.setDialect({ envelope: 'data' } as never)).toThrow(
      /envelope must be bare \| wrapped/,
    );
    expect(() => sim.control.setDialect({ colour: 'red' } as never)).toThrow(/unknown knob colour/);
    expect(() => parseDialectFlag('callbacks')).toThrow(/not knob=value/);
    expect(parseDialectFlag('callbacks=none,loose=true')).toEqual({ callbacks: 'none', loose: true });
  });

  it("resultSessionId=registrationSessionId: the callback names createRegistration's sessionId, the download takes only it", async () => {
    sim.control.setDialect({ resultSessionId: 'registrationSessionId' });
    const web = await startWeb(sim, agent, `${receiver.url}/cb`);
    await sim.control.completeIdentification(web.sessionId, 'success');
    await until(() => receiver.received.length > 0);
    expect(callbacks()[0].data.sessionId).toBe(web.sessionId);
    expect((await webResult(web.resultId, web.webSessionId)).status).toBe(404);
    expect((await webResult(web.resultId, web.sessionId)).status).toBe(200);
  });

  it('signCallbackSessionId=next and signResultSessionId=webSessionId', async () => {
    sim.control.setDialect({ signCallbackSessionId: 'next', signResultSessionId: 'webSessionId' });
    const { idn, resultId } = await signed();
    const cb = callbacks()[0];
    expect(cb.data.processState).toBe('SIGN_SESSION');
    expect(cb.data.sessionId).not.toBe(idn.signSessionId);
    const path = (id: string) => `/identification/web/${resultId}/result/SIGN_SESSION/${id}`;
    expect((await api(sim, agent, 'GET', path(idn.signSessionId))).status).toBe(404);
    const r = await api(sim, agent, 'GET', path(idn.webSessionId));
    expect(r.status).toBe(200);
    // The callback's id is the NEXT sign session, the one the answer hands on.
    expect(r.body.data.signSessionId).toBe(cb.data.sessionId);
  });

  it('callbackResultId: string or number in both callbacks', async () => {
    sim.control.setDialect({ callbackResultId: 'number' });
    await signed();
    expect(typeof callbacks()[0].data.resultId).toBe('number');
    sim.control.setDialect({ callbackResultId: 'string' });
    await signed();
    expect(typeof callbacks()[0].data.resultId).toBe('string');
  });

  it('envelope=wrapped: createRegistration and getRegistrationStatus in {data, responseCode, code, message}', async () => {
    sim.control.setDialect({ envelope: 'wrapped' });
    const start = await api(sim, agent, 'POST', '/identification/web/websession/start', {
      requestCallbackUrl: `${receiver.url}/cb`,
      identificationReason: 'x',
    });
    const reg = await api(
      sim,
      agent,
      'POST',
      `/identification/web/sessions/by-otc-request/${start.body.data.webSessionId}`,
      { cancelUrl: 'https://rp.example/c', successUrl: 'https://rp.example/s' },
    );
    expect(reg.body).toMatchObject({ code: 'OK', data: { sessionId: expect.any(String) } });
    expect(reg.body.sessionId).toBeUndefined();
    const st = await api(
      sim,
      agent,
      'GET',
      `/identification/web/sessions/by-otc-request/${reg.body.data.registrationId}/status`,
    );
    expect(st.body).toMatchObject({ code: 'OK', data: { status: 'STARTED' } });
  });

  it('signResultsEnvelope=bare and signingDoneStatus', async () => {
    for (const done of DIALECT_VALUES.signingDoneStatus) {
      sim.control.setDialect({ signResultsEnvelope: 'bare', signingDoneStatus: done });
      const { idn, resultId } = await signed();
      expect((await webStatus(resultId)).body.data.status).toBe(done);
      const r = await api(
        sim,
        agent,
        'GET',
        `/identification/web/${resultId}/result/SIGN_SESSION/${idn.signSessionId}`,
      );
      expect(r.body.data).toBeUndefined();
      expect(r.body.signDocuments).toHaveLength(1);
    }
  });

  it('identificationDoneStatus', async () => {
    for (const done of DIALECT_VALUES.identificationDoneStatus) {
      sim.control.setDialect({ identificationDoneStatus: done });
      const idn = await identified(sim, agent, `${receiver.url}/cb`);
      expect((await webStatus(idn.resultId)).body.data.status).toBe(done);
    }
  });

  it('callbacks=all sends cancel, failure and review; callbacks=none sends nothing, not even success', async () => {
    sim.control.setDialect({ callbacks: 'all' });
    for (const outcome of ['cancel', 'fail', 'review'] as const) {
      const web = await startWeb(sim, agent, `${receiver.url}/cb`);
      await sim.control.completeIdentification(web.sessionId, outcome);
    }
    await until(() => receiver.received.length >= 3);
    expect(callbacks().map((b) => b.data.processState)).toEqual([
      'PROCESS_IS_CANCELED_BY_USER',
      'IN_PROGRESS',
      'IN_PROGRESS',
    ]);
    receiver.received.length = 0;
    const before = sim.control.callbacks.list().length;
    sim.control.setDialect({ callbacks: 'none' });
    const { resultId } = await signed(false);
    await until(async () => (await webStatus(resultId)).body.data.status === 'SIGNED_CLIENT_DOCUMENT');
    expect(sim.control.callbacks.list()).toHaveLength(before);
  });

  it('mobileProgress=200 and rejectedStatus=404', async () => {
    sim.control.setDialect({ mobileProgress: '200', rejectedStatus: '404' });
    const m = await api(sim, agent, 'POST', '/identification', {
      personIdentityData: { docType: 'EGN', identificatorValue: '7805166742', dateOfBirth: '16-05-1978' },
      phoneNumber: '+359888133443',
      email: 'a@example.com',
      payer: 'RELYING_PARTY',
      identificationReason: 'x',
    });
    const id = m.body.data.callbackId;
    const pending = await api(sim, agent, 'GET', `/identification/${id}`);
    expect(pending.status).toBe(200);
    expect(pending.body).toMatchObject({ status: 'IN_PROGRESS', data: null });
    await sim.control.completeMobile(id, 'reject');
    const rejected = await api(sim, agent, 'GET', `/identification/${id}`);
    expect(rejected.status).toBe(404);
    expect(rejected.body.code).toBe('REJECTED');
  });

  it('loose: unknown fields, nulls, other date styles, Bulgarian message', async () => {
    sim.control.setDialect({ loose: true });
    const web = await startWeb(sim, agent, `${receiver.url}/cb`);
    const st = await api(
      sim,
      agent,
      'GET',
      `/identification/web/sessions/by-otc-request/${web.registrationId}/status`,
      undefined,
      { 'accept-language': 'en' },
    );
    expect(st.body).toMatchObject({
      status: 'STARTED',
      reviewedOn: null,
      userMessageBg: null,
      processedOn: null,
    });
    expect(st.body.version).toBe(2);
    const start = await api(sim, agent, 'POST', '/identification/web/websession/start', {
      requestCallbackUrl: `${receiver.url}/cb`,
      identificationReason: 'x',
    });
    expect(start.body.message).toBe('Успешна операция');
    expect(start.body.data.flags).toEqual({ beta: false });
    const dates = [
      web.registration.createdOn,
      web.registration.expiredOn,
      start.body.data.webSessionExpireDate,
    ];
    expect(dates.every((d: string) => Number.isFinite(Date.parse(d)))).toBe(true);
    expect(dates.some((d: string) => !/\.\d{3}\+00:00$/.test(d))).toBe(true);
  });
});

describe('dialect over the control API', () => {
  it('GET and POST /__sim/dialect; a bad knob is a 400 naming it', async () => {
    const post = (b: unknown) =>
      fetch(`${sim.pagesUrl}/__sim/dialect`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(b),
      });
    // biome-ignore lint/suspicious/noExplicitAny: JSON bodies under test
    const json = async (r: Response): Promise<any> => r.json();
    const set = await post({ callbacks: 'none' });
    expect(set.status).toBe(200);
    expect((await json(set)).callbacks).toBe('none');
    expect((await json(await fetch(`${sim.pagesUrl}/__sim/dialect`))).callbacks).toBe('none');
    const bad = await post({ mobileProgress: 207 });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error).toMatch(/mobileProgress must be 200 \| 206/);
  });
});
