import type { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Simulator, startSimulator } from '../src/index.ts';
import { api, FAST, mtlsAgent, sleep, testPki } from './helpers.ts';

const body = {
  personIdentityData: { docType: 'EGN', identificatorValue: 7805166742, dateOfBirth: '16-05-1978' },
  phoneNumber: '+359888133443',
  email: 'dnikolov@borica.bg',
  payer: 'RELYING PARTY',
  identificationReason: 'TEST IDENTIFICATION REASON',
};

let sim: Simulator;
let agent: Agent;
beforeAll(async () => {
  sim = await startSimulator({ pki: await testPki(), timing: FAST });
  agent = mtlsAgent(sim.pki);
});
afterAll(async () => {
  await agent.close();
  await sim.close();
});
beforeEach(() => sim.control.reset());
afterEach(() => vi.useRealTimers());

describe('B-Trust MOBILE identification', () => {
  it('accepts a request and walks ON_BOARDING -> IN_PROGRESS -> FINISHED on approval', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const t0 = Date.now();
    const start = await api(sim, agent, 'POST', '/identification', body, { 'accept-language': 'en' });
    expect(start.status).toBe(200);
    expect(start.body).toMatchObject({
      responseCode: 'ACCEPTED',
      code: 'ACCEPTED',
      message: 'The request has been accepted.',
    });
    const { callbackId, validity } = start.body.data;
    expect(callbackId).toMatch(/^[0-9a-f-]{36}$/);
    expect(validity).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);

    const first = await api(sim, agent, 'GET', `/identification/${callbackId}`);
    expect(first.status).toBe(206);
    expect(first.body).toEqual({
      status: 'ON_BOARDING',
      responseCode: 'OK',
      code: 'OK',
      message: 'Заявката е успешно изпълнена.',
    });
    vi.setSystemTime(t0 + FAST.mobileOnboardingMs + 1);
    const second = await api(sim, agent, 'GET', `/identification/${callbackId}`);
    expect(second.status).toBe(206);
    expect(second.body.status).toBe('IN_PROGRESS');

    await sim.control.completeMobile(callbackId, 'approve');
    const done = await api(sim, agent, 'GET', `/identification/${callbackId}`);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'FINISHED', responseCode: 'GENERAL_OK', code: 'OK' });
    expect(done.body.data.identification_before).toBe('BORICA');
    expect(done.body.data.identification_reason).toBe('TEST IDENTIFICATION REASON');
    expect(done.body.data.identificator).toMatch(/^[0-9a-f]{64}$/);
    expect(Buffer.from(done.body.data.content, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect(sim.control.calls('getIdentificationResult')).toBe(3);
  });

  it('answers REJECTED when the customer rejects, and when the request expired', async () => {
    const a = await api(sim, agent, 'POST', '/identification', body);
    await sim.control.completeMobile(a.body.data.callbackId, 'reject');
    const rejected = await api(sim, agent, 'GET', `/identification/${a.body.data.callbackId}`, undefined, {
      'accept-language': 'en',
    });
    expect(rejected.status).toBe(400);
    expect(rejected.body).toMatchObject({ data: null, code: 'REJECTED' });
    expect(rejected.body.message).toMatch(/^The request is rejected\./);

    const b = await api(sim, agent, 'POST', '/identification', body);
    sim.control.expire(b.body.data.callbackId);
    const expired = await api(sim, agent, 'GET', `/identification/${b.body.data.callbackId}`);
    expect(expired.status).toBe(400);
    expect(expired.body).toMatchObject({ data: null, code: 'REJECTED' });
    await expect(sim.control.completeMobile(b.body.data.callbackId, 'approve')).rejects.toThrow(/expired/);
  });

  it('gives the same identificator to the same person and accepts the EGN as a string', async () => {
    const a = await api(sim, agent, 'POST', '/identification', body);
    const b = await api(sim, agent, 'POST', '/identification', {
      ...body,
      personIdentityData: { ...body.personIdentityData, identificatorValue: '7805166742' },
    });
    await sim.control.completeMobile(a.body.data.callbackId, 'approve');
    await sim.control.completeMobile(b.body.data.callbackId, 'approve');
    const ra = await api(sim, agent, 'GET', `/identification/${a.body.data.callbackId}`);
    const rb = await api(sim, agent, 'GET', `/identification/${b.body.data.callbackId}`);
    expect(ra.body.data.identificator).toBe(rb.body.data.identificator);
  });

  it('finishes by itself when mobileAutoFinishMs is set', async () => {
    const auto = await startSimulator({
      pki: sim.pki,
      timing: { mobileOnboardingMs: 0, mobileAutoFinishMs: 20 },
    });
    const a2 = mtlsAgent(auto.pki);
    try {
      const start = await api(auto, a2, 'POST', '/identification', body);
      await sleep(40);
      const res = await api(auto, a2, 'GET', `/identification/${start.body.data.callbackId}`);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('FINISHED');
    } finally {
      await a2.close();
      await auto.close();
    }
  });

  it('names what is wrong in a bad body, without echoing values', async () => {
    const res = await api(
      sim,
      agent,
      'POST',
      '/identification',
      {
        ...body,
        personIdentityData: { docType: 'EGN', identificatorValue: '12ab', dateOfBirth: '1978-05-16' },
      },
      { 'accept-language': 'en' },
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('BAD REQUEST');
    expect(res.body.message).toContain('personIdentityData.dateOfBirth');
    expect(res.body.message).not.toContain('12ab');
    const missing = await api(sim, agent, 'POST', '/identification', {
      personIdentityData: body.personIdentityData,
    });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('identificationReason: is required');
  });

  it('answers 404 for an unknown callbackId', async () => {
    const res = await api(sim, agent, 'GET', '/identification/5d0c7a1e-0000-4000-8000-000000000000');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });
});
