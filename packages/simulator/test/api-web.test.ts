import type { Agent } from 'undici';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Simulator, startSimulator } from '../src/index.ts';
import { type Receiver, useSimulator } from './fixture.ts';
import { registrationBody, startWeb } from './flows.ts';
import { api, mtlsAgent, sleep, until } from './helpers.ts';

const env = useSimulator();
let sim: Simulator;
let agent: Agent;
let receiver: Receiver;
beforeAll(() => ({ sim, agent, receiver } = env));
afterEach(() => vi.useRealTimers());

const status = (resultId: number) => api(sim, agent, 'GET', `/identification/web/${resultId}/status`);
const registration = (id: string) =>
  api(sim, agent, 'GET', `/identification/web/sessions/by-otc-request/${id}/status`);

describe('web identification: success', () => {
  it("runs start -> registration -> customer -> callback -> results with the guide's shapes", async () => {
    const start = await api(sim, agent, 'POST', '/identification/web/websession/start', {
      requestCallbackUrl: `${receiver.url}/cb/secret`,
      identificationReason: 'TEST IDENTIFICATION',
    });
    expect(start.status).toBe(200);
    expect(start.body).toMatchObject({ responseCode: 'ACCEPTED', code: 'ACCEPTED' });
    const { webSessionId, resultId, webSessionExpireDate } = start.body.data;
    expect(typeof resultId).toBe('number');
    expect(webSessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(webSessionExpireDate).toMatch(/\+00:00$/);
    expect((await status(resultId)).body.data).toEqual({ status: 'START_WEB_SESSION', step: 'START' });

    const reg = await api(
      sim,
      agent,
      'POST',
      `/identification/web/sessions/by-otc-request/${webSessionId}`,
      registrationBody,
    );
    expect(reg.status).toBe(200);
    expect(Object.keys(reg.body).sort()).toEqual(
      [
        'cancelUrl',
        'createdOn',
        'expiredOn',
        'otcRequestId',
        'registrationId',
        'serviceName',
        'sessionId',
        'successUrl',
        'userLanguage',
        'verifyEmailAddress',
        'verifyPhoneNumber',
      ].sort(),
    );
    expect(reg.body).toMatchObject({
      serviceName: 'OTC_RELYING_PARTY_123456789',
      otcRequestId: webSessionId,
      userLanguage: 'bg',
      successUrl: 'https://rp.example/success',
    });
    const { sessionId, registrationId } = reg.body;
    expect((await status(resultId)).body.data).toEqual({
      status: 'IN_PROGRESS',
      step: 'WEB_IDV_REGISTRATION',
    });
    const started = await registration(registrationId);
    expect(started.body).toMatchObject({
      status: 'STARTED',
      reviewStatus: 'N_A',
      registrationId,
      processedOn: null,
    });
    expect(started.body.data).toBeUndefined();

    const early = await api(
      sim,
      agent,
      'GET',
      `/identification/web/${resultId}/result/CREATE_SIGN_SESSION_REQUEST/${webSessionId}/false`,
    );
    expect(early.status).toBe(404);

    await sim.control.completeIdentification(sessionId, 'success', {
      name: 'Мария Иванова',
      egn: '7552010005',
    });
    await until(() => receiver.received.length === 1);
    const cb = receiver.received[0]!;
    expect(cb.path).toBe('/cb/secret');
    expect(cb.contentType).toBe('application/json');
    expect(cb.body).toEqual({
      code: 'OK',
      message: 'The request has been executed successfully.',
      requestId: expect.any(Number),
      relyingPartyId: 123456789,
      data: {
        processState: 'CREATE_SIGN_SESSION_REQUEST',
        sessionId: webSessionId,
        resultId: String(resultId),
        dataMessage: `The request with resultID ${resultId} completed successfully`,
      },
    });
    await until(() => sim.control.callbacks.list()[0]?.delivered);
    expect(sim.control.callbacks.list()).toMatchObject([{ delivered: true, status: 200, body: cb.body }]);

    expect((await status(resultId)).body.data).toEqual({
      status: 'CREATE_SIGN_SESSION_REQUEST',
      step: 'SIGN_SESSION_ID_SUCCESSFULLY_CREATED',
    });
    expect((await registration(registrationId)).body).toMatchObject({
      status: 'FINALIZED',
      reviewStatus: 'ALLOW_DENY',
    });

    const full = await api(
      sim,
      agent,
      'GET',
      `/identification/web/${resultId}/result/CREATE_SIGN_SESSION_REQUEST/${webSessionId}/false`,
    );
    expect(full.status).toBe(200);
    expect(full.body).toMatchObject({ responseCode: 'OK', code: 'OK' });
    expect(full.body.data.clientIdentificator).toMatch(/^[0-9a-f]{64}$/);
    expect(full.body.data.signSessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(full.body.data.signSessionIdExpireDate).toMatch(/\+00:00$/);
    const pdf = Buffer.from(full.body.data.eIDDocAsBase64, 'base64');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).not.toContain('7552010005');

    const meta = await api(
      sim,
      agent,
      'GET',
      `/identification/web/${resultId}/result/CREATE_SIGN_SESSION_REQUEST/${webSessionId}/true`,
    );
    expect(meta.body.data.eIDDocAsBase64).toBeUndefined();
    expect(meta.body.data.signSessionId).toBe(full.body.data.signSessionId);
  });

  it("walks the provider's internal steps over processingMs before the callback", async () => {
    const slow = await startSimulator({ pki: sim.pki, timing: { processingMs: 1000 } });
    const a = mtlsAgent(slow.pki);
    try {
      const web = await startWeb(slow, a, `${receiver.url}/cb`);
      vi.useFakeTimers({ toFake: ['Date'] });
      const t0 = Date.now();
      await slow.control.completeIdentification(web.sessionId, 'success');
      expect(receiver.received).toHaveLength(0);
      const seen: string[] = [];
      for (const at of [0, 300, 600, 1100]) {
        vi.setSystemTime(t0 + at);
        const s = await api(slow, a, 'GET', `/identification/web/${web.resultId}/status`);
        const r = await api(
          slow,
          a,
          'GET',
          `/identification/web/sessions/by-otc-request/${web.registrationId}/status`,
        );
        seen.push(`${s.body.data.status}/${s.body.data.step} ${r.body.status}/${r.body.reviewStatus}`);
      }
      expect(seen).toEqual([
        'REGIX/START COMPLETED/ALLOW_DENY',
        'ISSUED_CERTIFICATE/PKCS10_REQ_GENERATED FINALIZED/ALLOW_DENY',
        'AUTOMATIC_AGENT_SIGNED_CLIENT_DOCUMENT/BORICA_SEAL_FOR_CLIENT_DOCUMENTS FINALIZED/ALLOW_DENY',
        'CREATE_SIGN_SESSION_REQUEST/SIGN_SESSION_ID_SUCCESSFULLY_CREATED FINALIZED/ALLOW_DENY',
      ]);
      vi.useRealTimers();
      await until(() => receiver.received.length === 1);
    } finally {
      await a.close();
      await slow.close();
    }
  });
});

describe('web identification: other outcomes send no callback', () => {
  it.each([
    ['cancel', 'PROCESS_IS_CANCELED_BY_USER/WEB_IDV_REGISTRATION', 'REJECTED/N_A'],
    ['fail', 'IN_PROGRESS/WEB_IDV_REGISTRATION_FAILED', 'REJECTED/N_A'],
    ['review', 'IN_PROGRESS/WEB_IDV_REGISTRATION', 'COMPLETED/FINALIZE_REJECT'],
  ] as const)('%s', async (outcome, web, reg) => {
    const w = await startWeb(sim, agent, `${receiver.url}/cb`);
    await sim.control.completeIdentification(w.sessionId, outcome);
    const s = await status(w.resultId);
    const r = await registration(w.registrationId);
    expect(`${s.body.data.status}/${s.body.data.step}`).toBe(web);
    expect(`${r.body.status}/${r.body.reviewStatus}`).toBe(reg);
    await sleep(30);
    expect(receiver.received).toHaveLength(0);
    const result = await api(
      sim,
      agent,
      'GET',
      `/identification/web/${w.resultId}/result/CREATE_SIGN_SESSION_REQUEST/${w.webSessionId}/true`,
    );
    expect(result.status).toBe(404);
    await expect(sim.control.completeIdentification(w.sessionId, 'success')).rejects.toThrow(/already/);
  });

  it('review approved by the agent: ALLOWED, FINALIZED, then the callback', async () => {
    const w = await startWeb(sim, agent, `${receiver.url}/cb`);
    await sim.control.completeIdentification(w.sessionId, 'review');
    await sim.control.review(w.sessionId, 'approve');
    const r = await registration(w.registrationId);
    expect(r.body).toMatchObject({ status: 'FINALIZED', reviewStatus: 'ALLOWED' });
    expect(r.body.reviewedOn).toMatch(/\+00:00$/);
    await until(() => receiver.received.length === 1);
    expect(receiver.received[0]!.body.data.processState).toBe('CREATE_SIGN_SESSION_REQUEST');
    expect((await status(w.resultId)).body.data.status).toBe('CREATE_SIGN_SESSION_REQUEST');
  });

  it('review denied by the agent: REJECTED/DENIED, failed web status, no callback', async () => {
    const w = await startWeb(sim, agent, `${receiver.url}/cb`);
    await sim.control.completeIdentification(w.sessionId, 'review');
    await sim.control.review(w.sessionId, 'deny');
    expect((await registration(w.registrationId)).body).toMatchObject({
      status: 'REJECTED',
      reviewStatus: 'DENIED',
    });
    expect((await status(w.resultId)).body.data).toEqual({
      status: 'IN_PROGRESS',
      step: 'WEB_IDV_REGISTRATION_FAILED',
    });
    await expect(sim.control.review(w.sessionId, 'approve')).rejects.toThrow(/not waiting/);
    await sleep(30);
    expect(receiver.received).toHaveLength(0);
  });

  it('expiry: the registration becomes EXPIRED and the customer can no longer finish', async () => {
    const w = await startWeb(sim, agent, `${receiver.url}/cb`);
    sim.control.expire(w.sessionId);
    expect((await registration(w.registrationId)).body.status).toBe('EXPIRED');
    await expect(sim.control.completeIdentification(w.sessionId, 'success')).rejects.toThrow(/expired/);
  });

  it('registrationValidityMs expires a registration by itself', async () => {
    const quick = await startSimulator({ pki: sim.pki, timing: { registrationValidityMs: 20 } });
    const a = mtlsAgent(quick.pki);
    try {
      const w = await startWeb(quick, a, `${receiver.url}/cb`);
      await sleep(40);
      const r = await api(
        quick,
        a,
        'GET',
        `/identification/web/sessions/by-otc-request/${w.registrationId}/status`,
      );
      expect(r.body.status).toBe('EXPIRED');
    } finally {
      await a.close();
      await quick.close();
    }
  });
});

describe('web identification: errors', () => {
  it('refuses a second registration, an unknown web session and an expired one', async () => {
    const w = await startWeb(sim, agent, `${receiver.url}/cb`);
    const again = await api(
      sim,
      agent,
      'POST',
      `/identification/web/sessions/by-otc-request/${w.webSessionId}`,
      registrationBody,
    );
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('BAD REQUEST');
    const unknown = await api(
      sim,
      agent,
      'POST',
      '/identification/web/sessions/by-otc-request/00000000-0000-4000-8000-000000000000',
      registrationBody,
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('NOT_FOUND');

    const start = await api(sim, agent, 'POST', '/identification/web/websession/start', {
      requestCallbackUrl: `${receiver.url}/cb`,
      identificationReason: 'x',
    });
    sim.control.expire(start.body.data.webSessionId);
    const late = await api(
      sim,
      agent,
      'POST',
      `/identification/web/sessions/by-otc-request/${start.body.data.webSessionId}`,
      registrationBody,
    );
    expect(late.status).toBe(400);
    expect(late.body).toMatchObject({ data: null, code: 'REJECTED' });
  });

  it('names bad fields', async () => {
    const res = await api(
      sim,
      agent,
      'POST',
      '/identification/web/websession/start',
      { requestCallbackUrl: 'ftp://x', identificationReason: '' },
      { 'accept-language': 'en' },
    );
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('requestCallbackUrl');
    expect(res.body.message).toContain('identificationReason');
    const w = await api(sim, agent, 'POST', '/identification/web/websession/start', {
      requestCallbackUrl: `${receiver.url}/cb`,
      identificationReason: 'x',
    });
    const reg = await api(
      sim,
      agent,
      'POST',
      `/identification/web/sessions/by-otc-request/${w.body.data.webSessionId}`,
      {
        ...registrationBody,
        userLanguage: 'de',
      },
    );
    expect(reg.status).toBe(400);
    expect(reg.body.message).toContain('userLanguage');
  });

  it('404s results for mismatched ids and 400s an unknown processState', async () => {
    const w = await startWeb(sim, agent, `${receiver.url}/cb`);
    await sim.control.completeIdentification(w.sessionId, 'success');
    await until(() => receiver.received.length === 1);
    const wrongSession = await api(
      sim,
      agent,
      'GET',
      `/identification/web/${w.resultId}/result/CREATE_SIGN_SESSION_REQUEST/${w.sessionId}/true`,
    );
    expect(wrongSession.status).toBe(404);
    const wrongResult = await api(
      sim,
      agent,
      'GET',
      `/identification/web/99999/result/CREATE_SIGN_SESSION_REQUEST/${w.webSessionId}/true`,
    );
    expect(wrongResult.status).toBe(404);
    const badState = await api(
      sim,
      agent,
      'GET',
      `/identification/web/${w.resultId}/result/SOMETHING/${w.webSessionId}/true`,
    );
    expect(badState.status).toBe(400);
    const badFlag = await api(
      sim,
      agent,
      'GET',
      `/identification/web/${w.resultId}/result/CREATE_SIGN_SESSION_REQUEST/${w.webSessionId}/maybe`,
    );
    expect(badFlag.status).toBe(400);
    expect((await api(sim, agent, 'GET', '/identification/web/abc/status')).status).toBe(400);
    expect((await registration('nope')).status).toBe(404);
  });
});
