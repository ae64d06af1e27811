import type { Agent } from 'undici';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../src/index.ts';
import { api, FAST, mtlsAgent, testPki } from './helpers.ts';

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

const webStart = { requestCallbackUrl: 'http://127.0.0.1:1/cb', identificationReason: 'faults' };
const start = () =>
  api(sim, agent, 'POST', '/identification/web/websession/start', webStart, { 'accept-language': 'en' });

describe('API fault knobs', () => {
  it("forces a status with the guide's error body, or a given body", async () => {
    sim.control.faults.set('startWebIdentification', { status: 500 });
    const res = await start();
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      code: 'ERROR',
      message:
        'Internal server error. The server encountered an unexpected condition which prevented it from fulfilling the request.',
    });
    sim.control.faults.set('startWebIdentification', {
      status: 404,
      body: { code: 'NOT_FOUND', message: 'custom' },
    });
    expect((await start()).body).toEqual({ code: 'NOT_FOUND', message: 'custom' });
    sim.control.faults.clear('startWebIdentification');
    expect((await start()).status).toBe(200);
  });

  it('applies to the next N calls only with `times`, and counts every call', async () => {
    sim.control.faults.set('startWebIdentification', { status: 503, times: 2 });
    expect((await start()).status).toBe(503);
    expect((await start()).status).toBe(503);
    expect((await start()).status).toBe(200);
    expect(sim.control.calls('startWebIdentification')).toBe(3);
    expect(sim.control.calls('createRegistration')).toBe(0);
  });

  it('errorRate 1 always fails, 0 never', async () => {
    sim.control.faults.set('startWebIdentification', { errorRate: 1 });
    expect((await start()).status).toBe(500);
    sim.control.faults.set('startWebIdentification', { errorRate: 0 });
    expect((await start()).status).toBe(200);
    expect(() => sim.control.faults.set('startWebIdentification', { errorRate: 2 })).toThrow(/errorRate/);
    expect(() => sim.control.faults.set('startWebIdentification', { times: 0 })).toThrow(/times/);
  });

  it('delays the answer with latencyMs', async () => {
    sim.control.faults.set('startWebIdentification', { latencyMs: 150, times: 1 });
    const t0 = Date.now();
    const res = await start();
    expect(res.status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('answers a raw malformed body', async () => {
    sim.control.faults.set('getWebIdentificationStatus', { rawBody: '{"data": {"status": ', times: 1 });
    const res = await api(sim, agent, 'GET', '/identification/web/1/status');
    expect(res.status).toBe(200);
    expect(res.text).toBe('{"data": {"status": ');
    expect(res.body).toBeUndefined();
  });

  it('hangs without answering, so the client times out; close() is not held up', async () => {
    const own = await startSimulator({ pki: sim.pki });
    const a = mtlsAgent(own.pki);
    own.control.faults.set('startSigning', { hang: true });
    const err = await request(`${own.apiUrl}/identification/web/signsession/start`, {
      method: 'POST',
      dispatcher: a,
      headers: { relyingPartyID: own.relyingPartyId, 'content-type': 'application/json' },
      body: '{}',
      headersTimeout: 200,
    }).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('UND_ERR_HEADERS_TIMEOUT');
    expect(own.control.calls('startSigning')).toBe(1);
    await a.close();
    await own.close();
  });
});
