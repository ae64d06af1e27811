/** One simulator, an mTLS agent and a callback receiver per test file, reset before each test. */
import type { Agent } from 'undici';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type Simulator, startSimulator } from '../src/index.ts';
import { callbackReceiver } from './callback-receiver.ts';
import { FAST, mtlsAgent, testPki } from './helpers.ts';

export type Receiver = Awaited<ReturnType<typeof callbackReceiver>>;
export interface SimulatorFixture {
  sim: Simulator;
  agent: Agent;
  receiver: Receiver;
}

/** Registers the hooks; the returned object is filled in by the time the file's own `beforeAll` runs. */
export function useSimulator(): SimulatorFixture {
  const f = {} as SimulatorFixture;
  beforeAll(async () => {
    f.sim = await startSimulator({ pki: await testPki(), timing: FAST });
    f.agent = mtlsAgent(f.sim.pki);
    f.receiver = await callbackReceiver();
  });
  afterAll(async () => {
    await f.agent?.close();
    await f.sim?.close();
    await f.receiver?.close();
  });
  beforeEach(() => {
    f.sim.control.reset();
    f.receiver.received.length = 0;
  });
  return f;
}
