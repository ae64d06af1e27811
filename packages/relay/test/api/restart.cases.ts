/** A relay stopped mid-session and a new one on the same sqlite file: nothing lost, nothing doubled. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Simulator } from '@borica-identify/simulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  client,
  type Harness,
  isPdf,
  PERSON,
  server,
  startedWeb,
  startHarness,
  waitStatus,
} from './helpers.ts';

export function restartCases(getSim: () => Simulator): void {
  let sim: Simulator;
  let dir: string;
  const open: Harness[] = [];
  beforeAll(async () => {
    sim = getSim();
    dir = await mkdtemp(join(tmpdir(), 'relay-restart-'));
  });
  afterAll(async () => {
    for (const h of open) await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('resumes polling after a restart and completes without losing or repeating events', async () => {
    const store = `sqlite:${join(dir, 'relay.sqlite')}`;
    const apiKeys = ['restart-test-key'];
    const first = await startHarness({ sim, config: { store, apiKeys } });
    open.push(first);
    const web = await startedWeb(first);
    const created = await server(first, 'POST', '/v1/identifications', {
      method: 'mobile',
      reason: 'Loan',
      person: PERSON,
    });
    await client(first, created.body.clientToken, 'POST', `/v1/client/sessions/${created.body.id}/start`, {
      consent: true,
    });
    await waitStatus(first, created.body.id, 'in_progress');
    const callbackId = (await first.relay.deps.store.get(created.body.id))!.refs.callbackId!;
    const before = await first.relay.deps.store.events(web.id);
    await first.close();
    open.pop();

    // While no relay runs, the customers finish; the web callback finds nobody.
    await sim.control.completeIdentification(web.customerSession, 'success');
    await sim.control.completeMobile(callbackId, 'approve');

    const second = await startHarness({
      sim,
      config: { store, apiKeys },
      tuning: { clientRecheckMs: 3_600_000 },
    });
    open.push(second);
    const store2 = second.relay.deps.store;
    // The poller resumed from the store: wait on the store, not through reads that re-check.
    for (const id of [web.id, created.body.id]) {
      const until = Date.now() + 8000;
      while ((await store2.get(id))?.status !== 'completed') {
        if (Date.now() > until) throw new Error(`${id} did not complete after restart`);
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    const after = await store2.events(web.id);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.map((e) => e.seq)).toEqual(after.map((_, i) => i + 1));
    expect(after.filter((e) => e.status === 'completed')).toHaveLength(1);
    const cert = await server(second, 'GET', `/v1/identifications/${web.id}/certificate`);
    expect(isPdf(cert.body)).toBe(true);
    const view = await server(second, 'GET', `/v1/identifications/${created.body.id}`);
    expect(view.body.result.clientIdentificator).toMatch(/^[0-9a-f]{64}$/);
    // The client token still opens the session on the new instance.
    const pub = await client(second, web.clientToken, 'GET', `/v1/client/sessions/${web.id}`);
    expect(pub.body.status).toBe('completed');
  });

  it('two instances on one store confirm the same session: applied once', async () => {
    const store = `sqlite:${join(dir, 'shared.sqlite')}`;
    const apiKeys = ['shared-store-key'];
    const one = await startHarness({ sim, config: { store, apiKeys } });
    open.push(one);
    const s = await startedWeb(one);
    // The second instance resumes the same session from the store and polls it too.
    const two = await startHarness({ sim, config: { store, apiKeys } });
    open.push(two);
    await sim.control.completeIdentification(s.customerSession, 'success');
    // Both read it at once, as two load-balanced widgets would.
    await Promise.all([
      server(one, 'GET', `/v1/identifications/${s.id}`),
      server(two, 'GET', `/v1/identifications/${s.id}`),
    ]);
    await waitStatus(one, s.id, 'completed');
    await waitStatus(two, s.id, 'completed');
    await new Promise((r) => setTimeout(r, 150));
    const events = await one.relay.deps.store.events(s.id);
    expect(events.filter((e) => e.status === 'completed')).toHaveLength(1);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  });
}
