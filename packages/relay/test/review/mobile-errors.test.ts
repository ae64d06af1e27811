/**
 * Review: guide 1.2 answers `{data: null, code: "REJECTED"}` with 400, 401, 403, 404 AND 500. A 500
 * (the provider's trouble) or 401/403 (our credentials) is no refusal by the customer: it must be
 * retried like any provider hiccup, never fail the customer's identification.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, type Harness, PERSON, server, startHarness, waitFor, waitStatus } from '../api/helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    config: { rateLimit: { createPerMinute: 1000, startPerMinute: 1000, mobilePerIdPerHour: 50 } },
  });
}, 30_000);
afterAll(() => h?.close());

describe('review: B-Trust MOBILE provider errors', () => {
  it.each([500, 401])(
    '%i with a REJECTED body is retried, and the approval still completes',
    async (status) => {
      const created = await server(h, 'POST', '/v1/identifications', {
        method: 'mobile',
        reason: 'Loan',
        person: PERSON,
      });
      expect(created.status).toBe(201);
      const { id, clientToken } = created.body;
      const start = await client(h, clientToken, 'POST', `/v1/client/sessions/${id}/start`, {
        consent: true,
      });
      expect(start.status).toBe(200);
      const callbackId = (await h.relay.deps.store.get(id))!.refs.callbackId!;
      const calls = h.sim.control.calls('getIdentificationResult');
      h.sim.control.faults.set('getIdentificationResult', {
        status,
        body: { data: null, code: 'REJECTED', message: 'The request is rejected.' },
        times: 2,
      });
      await waitFor(
        async () =>
          h.sim.control.calls('getIdentificationResult') >= calls + 2 ||
          (await h.relay.deps.store.get(id))!.status === 'failed',
        'the faulty reads',
      );
      expect((await h.relay.deps.store.get(id))!.status).not.toBe('failed');
      await h.sim.control.completeMobile(callbackId, 'approve');
      await waitStatus(h, id, 'completed');
    },
  );
});
