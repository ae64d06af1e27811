/** The events stream as the widget uses it: reconnect with Last-Event-ID, late subscribers, ?token=. */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, type Harness, openEvents, startedWeb, waitStored } from './helpers.ts';

export function sseCases(get: () => Harness): void {
  let h!: Harness;
  beforeAll(() => {
    h = get();
  });

  describe('SSE', () => {
    it('reconnecting with Last-Event-ID mid-flow gets exactly the missed events', async () => {
      const s = await startedWeb(h);
      const first = openEvents(h, s.id, s.clientToken);
      await first.until((e) => e.length >= 1, 'first event');
      await first.close();
      const lastSeen = Number(first.events.at(-1)!.id);

      await h.sim.control.completeIdentification(s.customerSession, 'review');
      await waitStored(h, s.id, 'awaiting_review');
      await h.sim.control.review(s.customerSession, 'approve');
      await waitStored(h, s.id, 'completed');

      const again = openEvents(h, s.id, s.clientToken, { lastEventId: lastSeen });
      await again.done;
      const stored = await h.relay.deps.store.events(s.id, lastSeen);
      expect(stored.length).toBeGreaterThan(1);
      expect(again.events.map((e) => Number(e.id))).toEqual(stored.map((e) => e.seq));
      expect(again.events.map((e) => e.data.status)).toEqual(stored.map((e) => e.status));
      expect(again.events.at(-1)!.data).toMatchObject({
        id: s.id,
        kind: 'identification',
        status: 'completed',
      });
    });

    it('a late subscriber gets the current state first, and the stream ends after a terminal state', async () => {
      const s = await startedWeb(h);
      await h.sim.control.completeIdentification(s.customerSession, 'fail');
      await waitStored(h, s.id, 'failed');
      const late = openEvents(h, s.id, s.clientToken, { query: true });
      await late.done;
      expect(late.status).toBe(200);
      expect(late.events).toHaveLength(1);
      expect(late.events[0]!.data.status).toBe('failed');
      expect(late.events[0]!.event).toBe('status');
    });

    it("needs the session's own token", async () => {
      const s1 = await startedWeb(h);
      const s2 = await startedWeb(h);
      const wrong = await call(h, 'GET', `/v1/client/sessions/${s1.id}/events?token=${s2.clientToken}`);
      expect(wrong.status).toBe(404);
      const none = await call(h, 'GET', `/v1/client/sessions/${s1.id}/events`);
      expect(none.status).toBe(401);
    });
  });
}
