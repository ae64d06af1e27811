/**
 * Review: an identification under BORICA agent review is the provider's to decide. Our clock passing
 * the registration's expiry must not end it as `expired` while the agent may still approve it.
 */

import type { Simulator } from '@borica-identify/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/index.ts';
import { type RunningRelay, startRelay } from '../../src/server.ts';
import { client, ORIGIN, server, startSim, waitFor } from '../api/helpers.ts';

let sim: Simulator;
let relay: RunningRelay;
let offsetMs = 0;
const h = { url: '', apiKey: '' };

beforeAll(async () => {
  sim = await startSim();
  relay = await startRelay({
    simulator: sim,
    log: createLogger({ level: 'silent' }),
    clock: () => new Date(Date.now() + offsetMs),
    config: { allowedOrigins: [ORIGIN], poll: { initialMs: 40, maxMs: 250, factor: 1.5 } },
    tuning: { clientRecheckMs: 0 },
  });
  h.url = relay.url;
  h.apiKey = relay.apiKey;
}, 30_000);
afterAll(async () => {
  await relay?.close();
  await sim?.close();
});

describe('review: agent review outlives our deadline', () => {
  it('awaiting_review past expiresAt stays open, and the approval completes it', async () => {
    const created = await server(h as never, 'POST', '/v1/identifications', {
      method: 'web',
      reason: 'Account',
    });
    const { id, clientToken } = created.body;
    const start = await client(h as never, clientToken, 'POST', `/v1/client/sessions/${id}/start`, {
      consent: true,
    });
    const customerSession = decodeURIComponent((start.body.redirectUrl as string).split('/session/')[1]!);
    await sim.control.completeIdentification(customerSession, 'review');
    await waitFor(async () => (await relay.deps.store.get(id))?.status === 'awaiting_review', 'review');
    // Two hours later (the registration's own validity is one hour), the agent has not decided yet.
    offsetMs = 2 * 3_600_000;
    const during = await server(h as never, 'GET', `/v1/identifications/${id}`);
    expect(during.body.status).toBe('awaiting_review');
    await sim.control.review(customerSession, 'approve');
    await waitFor(
      async () => (await server(h as never, 'GET', `/v1/identifications/${id}`)).body.status === 'completed',
      'completed after the approval',
    );
  });
});
