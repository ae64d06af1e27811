import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Agent } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.ts';
import { callbackReceiver } from './callback-receiver.ts';
import { type Receiver, useSimulator } from './fixture.ts';
import { startWeb } from './flows.ts';
import { sleep, until } from './helpers.ts';

const env = useSimulator();
let sim: Simulator;
let agent: Agent;
let receiver: Receiver;
beforeAll(() => ({ sim, agent, receiver } = env));

async function succeed(path: string, url = receiver.url) {
  const w = await startWeb(sim, agent, `${url}${path}`);
  await sim.control.completeIdentification(w.sessionId, 'success');
  return w;
}

describe('callback fault knobs', () => {
  it('drop: logged as not delivered, never sent', async () => {
    sim.control.faults.callbacks({ drop: true });
    await succeed('/a');
    await until(() => sim.control.callbacks.list().length === 1);
    await sleep(30);
    expect(receiver.received).toHaveLength(0);
    expect(sim.control.callbacks.list()[0]).toMatchObject({
      url: `${receiver.url}/a`,
      delivered: false,
      error: 'dropped',
    });
  });

  it('duplicate: the same body twice', async () => {
    sim.control.faults.callbacks({ duplicate: true });
    await succeed('/a');
    await until(() => receiver.received.length === 2);
    expect(receiver.received[0]!.body).toEqual(receiver.received[1]!.body);
    expect(sim.control.callbacks.list()).toHaveLength(2);
  });

  it('delay: sent only after delayMs', async () => {
    sim.control.faults.callbacks({ delayMs: 500 });
    await succeed('/a');
    await sleep(50);
    expect(receiver.received).toHaveLength(0);
    await until(() => receiver.received.length === 1);
  });

  it('reorder: the first callback is held and sent after the second', async () => {
    sim.control.faults.callbacks({ reorder: true });
    const a = await succeed('/a');
    await sleep(30);
    expect(receiver.received).toHaveLength(0);
    const b = await succeed('/b');
    await until(() => receiver.received.length === 2);
    expect(receiver.received.map((r) => r.path)).toEqual(['/b', '/a']);
    expect(receiver.received[1]!.body.data.sessionId).toBe(a.webSessionId);
    expect(receiver.received[0]!.body.data.sessionId).toBe(b.webSessionId);
  });

  it('turning reorder off releases a held callback', async () => {
    sim.control.faults.callbacks({ reorder: true });
    await succeed('/a');
    await sleep(20);
    expect(receiver.received).toHaveLength(0);
    sim.control.faults.clear();
    await until(() => receiver.received.length === 1);
  });
});

describe('callback delivery', () => {
  it('logs a receiver error and does not retry', async () => {
    const failing = await callbackReceiver(500);
    try {
      await succeed('/x', failing.url);
      await until(
        () =>
          sim.control.callbacks.list().length === 1 && sim.control.callbacks.list()[0]!.status !== undefined,
      );
      await sleep(50);
      expect(failing.received).toHaveLength(1);
      expect(sim.control.callbacks.list()[0]).toMatchObject({ delivered: false, status: 500 });
    } finally {
      await failing.close();
    }
  });

  it('logs an unreachable receiver', async () => {
    await succeed('/x', 'http://127.0.0.1:1');
    await until(() => sim.control.callbacks.list()[0]?.error);
    expect(sim.control.callbacks.list()[0]!.delivered).toBe(false);
  });

  it('posts to an https receiver with a certificate it does not trust', async () => {
    const got: unknown[] = [];
    const server = https.createServer({ key: sim.pki.serverKey, cert: sim.pki.serverCert }, (req, res) => {
      let text = '';
      req.on('data', (c) => {
        text += c;
      });
      req.on('end', () => {
        got.push(JSON.parse(text));
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      await succeed('/secure', `https://127.0.0.1:${(server.address() as AddressInfo).port}`);
      await until(() => got.length === 1);
      expect(got[0]).toMatchObject({ code: 'OK', data: { processState: 'CREATE_SIGN_SESSION_REQUEST' } });
      await until(() => sim.control.callbacks.list()[0]?.delivered);
      expect(sim.control.callbacks.list()[0]).toMatchObject({ delivered: true, status: 200 });
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
