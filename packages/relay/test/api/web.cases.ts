/** Web identification through the relay's HTTP surface, against the simulator over mTLS. */
import { beforeAll, describe, expect, it } from 'vitest';
import { client, type Harness, isPdf, openEvents, server, startedWeb, waitStatus } from './helpers.ts';

export function webCases(get: () => Harness): void {
  let h!: Harness;
  beforeAll(() => {
    h = get();
  });

  describe('web identification', () => {
    it('completes: redirect, events over SSE, result and certificate PDF', async () => {
      const s = await startedWeb(h, { externalRef: 'customer-42' });
      expect(s.redirectUrl).toBe(`${h.sim.pagesUrl}/session/${s.customerSession}`);
      const stream = openEvents(h, s.id, s.clientToken);
      await stream.until((e) => e.length >= 1, 'first event');
      expect(stream.events[0]!.event).toBe('status');
      expect(stream.events[0]!.data.status).toBe('started');

      await h.sim.control.completeIdentification(s.customerSession, 'success');
      const view = await waitStatus(h, s.id, 'completed');
      expect(view.result.clientIdentificator).toMatch(/^[0-9a-f]{64}$/);
      expect(view.result.certificateUrl).toBe(`${h.url}/v1/identifications/${s.id}/certificate`);
      expect(view.externalRef).toBe('customer-42');
      expect(view.provider.status).toBe('CREATE_SIGN_SESSION_REQUEST');
      expect(view.completedAt).toBeTruthy();

      await stream.done; // the stream ends after the terminal event
      const statuses = stream.events.map((e) => e.data.status);
      expect(statuses.at(-1)).toBe('completed');
      expect(statuses.filter((x) => x === 'completed')).toHaveLength(1);
      const ids = stream.events.map((e) => Number(e.id));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(new Set(ids).size).toBe(ids.length);

      const cert = await server(h, 'GET', `/v1/identifications/${s.id}/certificate`);
      expect(cert.status).toBe(200);
      expect(cert.headers.get('content-type')).toBe('application/pdf');
      expect(isPdf(cert.body)).toBe(true);

      // The client view never carries results.
      const pub = await client(h, s.clientToken, 'GET', `/v1/client/sessions/${s.id}`);
      expect(pub.body.status).toBe('completed');
      expect(pub.body.result).toBeUndefined();
      expect(JSON.stringify(pub.body)).not.toContain(view.result.clientIdentificator);
    });

    it('a second start is idempotent and never calls the provider twice', async () => {
      const before = h.sim.control.calls('startWebIdentification');
      const s = await startedWeb(h);
      const again = await client(h, s.clientToken, 'POST', `/v1/client/sessions/${s.id}/start`, {
        consent: true,
      });
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ status: 'started', redirectUrl: s.redirectUrl });
      expect(h.sim.control.calls('startWebIdentification')).toBe(before + 1);
    });

    it('two starts at the same moment: one provider call, the same answer', async () => {
      const before = h.sim.control.calls('startWebIdentification');
      const created = await server(h, 'POST', '/v1/identifications', { method: 'web', reason: 'x' });
      const path = `/v1/client/sessions/${created.body.id}/start`;
      const [a, b] = await Promise.all([
        client(h, created.body.clientToken, 'POST', path, { consent: true }),
        client(h, created.body.clientToken, 'POST', path, { consent: true }),
      ]);
      expect(a.status).toBe(200);
      expect(b.status).toBe(200);
      expect(a.body).toEqual(b.body);
      expect(h.sim.control.calls('startWebIdentification')).toBe(before + 1);
      expect(h.sim.control.calls('createRegistration')).toBeGreaterThan(0);
    });

    it('certificate before completion is 409', async () => {
      const s = await startedWeb(h);
      const r = await server(h, 'GET', `/v1/identifications/${s.id}/certificate`);
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('conflict');
    });

    it('cancelled by the customer at BORICA (no callback: polling finds it)', async () => {
      const s = await startedWeb(h);
      await h.sim.control.completeIdentification(s.customerSession, 'cancel');
      const view = await waitStatus(h, s.id, 'cancelled');
      expect(view.provider.status).toBe('PROCESS_IS_CANCELED_BY_USER');
    });

    it('failed identification', async () => {
      const s = await startedWeb(h);
      await h.sim.control.completeIdentification(s.customerSession, 'fail');
      const view = await waitStatus(h, s.id, 'failed');
      expect(view.error.code).toBe('identification_failed');
      expect(view.result).toBeUndefined();
    });

    it('agent review: awaiting_review, then approve → completed', async () => {
      const s = await startedWeb(h);
      const stream = openEvents(h, s.id, s.clientToken);
      await h.sim.control.completeIdentification(s.customerSession, 'review');
      const review = await waitStatus(h, s.id, 'awaiting_review');
      expect(review.provider.reviewStatus).toBe('FINALIZE_REJECT');
      // BORICA has the customer's data and no cancel operation: a cancel now would be a lie.
      const cancel = await client(h, s.clientToken, 'POST', `/v1/client/sessions/${s.id}/cancel`);
      expect(cancel.status).toBe(409);
      expect(cancel.body.code).toBe('conflict');
      await h.sim.control.review(s.customerSession, 'approve');
      await waitStatus(h, s.id, 'completed');
      await stream.done;
      const statuses = stream.events.map((e) => e.data.status);
      expect(statuses).toContain('awaiting_review');
      expect(statuses.at(-1)).toBe('completed');
    });

    it('agent review: deny → failed (identification_denied)', async () => {
      const s = await startedWeb(h);
      await h.sim.control.completeIdentification(s.customerSession, 'review');
      await waitStatus(h, s.id, 'awaiting_review');
      await h.sim.control.review(s.customerSession, 'deny');
      const view = await waitStatus(h, s.id, 'failed');
      expect(view.error.code).toBe('identification_denied');
    });

    it('expiry at the provider → expired', async () => {
      const s = await startedWeb(h);
      h.sim.control.expire(s.customerSession);
      const view = await waitStatus(h, s.id, 'expired');
      expect(view.status).toBe('expired');
    });

    it('cancel by the client: cancelled, then 409 session_terminal', async () => {
      const s = await startedWeb(h);
      const r = await client(h, s.clientToken, 'POST', `/v1/client/sessions/${s.id}/cancel`);
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ status: 'cancelled' });
      const again = await client(h, s.clientToken, 'POST', `/v1/client/sessions/${s.id}/cancel`);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('session_terminal');
      const start = await client(h, s.clientToken, 'POST', `/v1/client/sessions/${s.id}/start`, {
        consent: true,
      });
      expect(start.status).toBe(409);
      // Even if the customer then finishes at BORICA, a terminal session never moves.
      await h.sim.control.completeIdentification(s.customerSession, 'success');
      await new Promise((r) => setTimeout(r, 200));
      expect((await server(h, 'GET', `/v1/identifications/${s.id}`)).body.status).toBe('cancelled');
    });

    it('a start interrupted before the provider answered (relay crash) fails after a grace period', async () => {
      const r = await server(h, 'POST', '/v1/identifications', { method: 'web', reason: 'x' });
      const rec = (await h.relay.deps.store.get(r.body.id))!;
      // As a crashed instance would leave it: claimed, no provider ids, long ago.
      const longAgo = new Date(Date.now() - 10 * 60_000).toISOString();
      await h.relay.deps.store.transition(rec.id, rec.version, {
        patch: { status: 'started', startedAt: longAgo },
      });
      const view = await waitStatus(h, r.body.id, 'failed');
      expect(view.error.code).toBe('provider_unavailable');
      const again = await client(h, r.body.clientToken, 'POST', `/v1/client/sessions/${r.body.id}/start`, {
        consent: true,
      });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('session_terminal');
    });

    it('a created session expires at its deadline', async () => {
      const r = await server(h, 'POST', '/v1/identifications', { method: 'web', reason: 'x' });
      // Bring the deadline forward through the store, as if the TTL had passed; a read re-checks it.
      const rec = (await h.relay.deps.store.get(r.body.id))!;
      await h.relay.deps.store.transition(rec.id, rec.version, {
        patch: { expiresAt: new Date(Date.now() + 100).toISOString() },
      });
      const view = await waitStatus(h, r.body.id, 'expired');
      expect(view.status).toBe('expired');
    });
  });
}
