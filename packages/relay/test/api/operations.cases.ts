/** Outbound webhooks on terminal statuses, and the retention purge. Each case runs its own relay. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Simulator } from '@borica-identify/simulator';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../src/webhooks/index.ts';
import { client, server, startedWeb, startHarness, waitFor, waitStatus } from './helpers.ts';

export function operationsCases(getSim: () => Simulator): void {
  let sim: Simulator;
  beforeAll(() => {
    sim = getSim();
  });

  describe('webhooks', () => {
    it('every terminal status queues one signed Standard Webhooks delivery', async () => {
      const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
      const receiver = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => {
          body += c;
        });
        req.on('end', () => {
          received.push({ headers: req.headers, body });
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
      const secret = `whsec_${Buffer.from('a webhook secret for tests').toString('base64')}`;
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
      const h = await startHarness({ sim, config: { webhook: { url, secret } } });
      try {
        const done = await startedWeb(h, { externalRef: 'order-7' });
        await sim.control.completeIdentification(done.customerSession, 'success');
        await waitStatus(h, done.id, 'completed');
        const cancelled = await startedWeb(h);
        await client(h, cancelled.clientToken, 'POST', `/v1/client/sessions/${cancelled.id}/cancel`);
        await waitFor(async () => received.length >= 2, 'two webhook deliveries');
        await new Promise((r) => setTimeout(r, 100));
        expect(received).toHaveLength(2);
        const bodies = received.map((r) => {
          const v = verifyWebhook(secret, r.headers, r.body);
          expect(v.ok).toBe(true);
          return JSON.parse(r.body);
        });
        const byId = Object.fromEntries(bodies.map((b) => [b.data.id, b]));
        expect(byId[done.id]).toMatchObject({
          type: 'identification.completed',
          data: { id: done.id, kind: 'identification', status: 'completed', externalRef: 'order-7' },
        });
        expect(byId[cancelled.id]).toMatchObject({
          type: 'identification.cancelled',
          data: { status: 'cancelled' },
        });
        // Never personal data or results in the webhook: the backend reads them through the API.
        expect(JSON.stringify(bodies)).not.toMatch(/clientIdentificator|certificate/);
      } finally {
        await h.close();
        await new Promise((r) => receiver.close(r));
      }
    });
  });

  describe('retention', () => {
    it('purges ended sessions with their events and blobs; live ones stay', async () => {
      const h = await startHarness({ sim, config: { retentionDays: 0 } });
      try {
        const ended = await startedWeb(h);
        await client(h, ended.clientToken, 'POST', `/v1/client/sessions/${ended.id}/cancel`);
        const live = await startedWeb(h);
        await new Promise((r) => setTimeout(r, 5));
        expect(await h.relay.relay.flows.sweepRetention()).toBeGreaterThanOrEqual(1);
        expect((await server(h, 'GET', `/v1/identifications/${ended.id}`)).status).toBe(404);
        expect((await client(h, ended.clientToken, 'GET', `/v1/client/sessions/${ended.id}`)).status).toBe(
          404,
        );
        expect(await h.relay.deps.store.events(ended.id)).toEqual([]);
        expect((await server(h, 'GET', `/v1/identifications/${live.id}`)).body.status).toBe('started');
      } finally {
        await h.close();
      }
    });
  });

  describe('readiness', () => {
    it('/readyz is 503 when the store cannot be reached, and says why', async () => {
      const h = await startHarness({ sim });
      try {
        const ok = await server(h, 'GET', '/readyz');
        expect(ok.status).toBe(200);
        expect(ok.body.checks).toMatchObject({ store: 'ok', credentials: 'loaded' });
        await h.relay.deps.store.close();
        const down = await server(h, 'GET', '/readyz');
        expect(down.status).toBe(503);
        expect(down.body).toMatchObject({ status: 'not_ready', checks: { store: 'unreachable' } });
        expect((await server(h, 'GET', '/healthz')).status).toBe(200);
      } finally {
        await h.close();
      }
    });
  });
}
