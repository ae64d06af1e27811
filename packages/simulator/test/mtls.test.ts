import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../src/index.ts';
import { api, mtlsAgent, testPki } from './helpers.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ pki: await testPki() });
});
afterAll(() => sim.close());

const webStart = { requestCallbackUrl: 'http://127.0.0.1:9/cb', identificationReason: 'mtls test' };

async function refused(agent: Agent): Promise<unknown> {
  try {
    await request(`${sim.apiUrl}/identification/web/websession/start`, {
      method: 'POST',
      dispatcher: agent,
      headers: { relyingPartyID: sim.relyingPartyId, 'content-type': 'application/json' },
      body: JSON.stringify(webStart),
    }).then((r) => r.body.text());
    return undefined;
  } catch (err) {
    return err;
  } finally {
    await agent.close();
  }
}

describe('mutual TLS', () => {
  it('serves a client with the CA-issued certificate (PEM) and counts the call', async () => {
    const agent = mtlsAgent(sim.pki);
    const res = await api(sim, agent, 'POST', '/identification/web/websession/start', webStart);
    await agent.close();
    expect(res.status).toBe(200);
    expect(sim.control.calls('startWebIdentification')).toBe(1);
  });

  it('serves a client with the PKCS#12 bundle', async () => {
    const agent = new Agent({
      connect: { ca: sim.pki.caCert, pfx: sim.pki.clientPfx, passphrase: sim.pki.clientPfxPassphrase },
    });
    const res = await api(sim, agent, 'POST', '/identification/web/websession/start', webStart);
    await agent.close();
    expect(res.status).toBe(200);
  });

  it.each(['none', 'foreign', 'expired'] as const)(
    'refuses the handshake with client certificate: %s',
    async (which) => {
      const before = sim.control.calls('startWebIdentification');
      const err = await refused(mtlsAgent(sim.pki, which));
      expect(err).toBeInstanceOf(Error);
      expect(sim.control.calls('startWebIdentification')).toBe(before);
    },
  );

  it('presents a server certificate valid for 127.0.0.1 and localhost', async () => {
    const agent = mtlsAgent(sim.pki);
    const url = new URL(sim.apiUrl);
    const res = await request(`https://localhost:${url.port}/signing-api/v2/identification/web/1/status`, {
      dispatcher: agent,
      headers: { relyingPartyID: sim.relyingPartyId },
    });
    await res.body.text();
    await agent.close();
    expect(res.statusCode).toBe(404);
  });
});

describe('request checks', () => {
  it('answers 401 to a wrong or missing relyingPartyID', async () => {
    const agent = mtlsAgent(sim.pki);
    const wrong = await api(sim, agent, 'POST', '/identification/web/websession/start', webStart, {
      relyingPartyID: '987654321',
      'accept-language': 'en',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ code: 'UNAUTHORIZED', message: 'The request is unauthorized.' });
    const res = await request(`${sim.apiUrl}/identification/web/1/status`, { dispatcher: agent });
    expect(res.statusCode).toBe(401);
    expect(await res.body.json()).toEqual({ code: 'UNAUTHORIZED', message: 'Заявката не е оторизирана.' });
    await agent.close();
  });

  it('answers 400 to a POST that is not application/json or not JSON', async () => {
    const agent = mtlsAgent(sim.pki);
    const text = await api(
      sim,
      agent,
      'POST',
      '/identification/web/websession/start',
      JSON.stringify(webStart),
      {
        'content-type': 'text/plain',
        'accept-language': 'en',
      },
    );
    expect(text.status).toBe(400);
    expect(text.body.code).toBe('BAD REQUEST');
    expect(text.body.message).toContain('Content-Type');
    const broken = await api(
      sim,
      agent,
      'POST',
      '/identification/web/websession/start',
      '{"requestCallbackUrl":',
      {
        'accept-language': 'en',
      },
    );
    expect(broken.status).toBe(400);
    expect(broken.body.message).toContain('not valid JSON');
    await agent.close();
  });

  it("answers 404 to unknown paths, including the guide's double slashes", async () => {
    const agent = mtlsAgent(sim.pki);
    expect((await api(sim, agent, 'GET', '/nothing-here')).status).toBe(404);
    expect((await api(sim, agent, 'POST', '//identification/web/websession/start', webStart)).status).toBe(
      404,
    );
    await agent.close();
  });
});
