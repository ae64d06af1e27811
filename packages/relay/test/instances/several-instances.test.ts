/**
 * Three relay processes on one redis-server, no load balancer: every request goes to the instance
 * the test names. Issue 9: one poll schedule, takeover of a dead instance's sessions, one webhook
 * sender per job, shared rate limits, Redis restarts, Last-Event-ID across instances.
 */
import { Agent, setGlobalDispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../../simulator/src/faults/faults.ts';
import { createStore } from '../../src/store/index.ts';
import { ORIGIN, PERSON, waitFor } from '../api/helpers.ts';
import { hasRedisServer } from '../core/redis-server.ts';
import { api, type Cluster, startCluster, waitStored, waitWebhook } from './cluster.ts';
import { type Started, startMobileOn, startSigningOn, startWeb, streamOn } from './flows.ts';

const LIMIT = 4;

// No keep-alive from the test's fetches: on a loaded machine an instance closing an idle socket
// races the next request on it (EPIPE / ECONNRESET), which is not what these tests are about.
setGlobalDispatcher(new Agent({ pipelining: 0 }));

/** Strictly consecutive seqs, no repeats: what "every event exactly once" means on one stream. */
function expectConsecutive(ids: (string | undefined)[]) {
  const seqs = ids.map(Number);
  expect(seqs.length).toBeGreaterThan(0);
  expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
}

describe.skipIf(!hasRedisServer())('several relay instances on one Redis', () => {
  let c: Cluster;
  let A: Cluster['instances'][number];
  let B: Cluster['instances'][number];
  let C: Cluster['instances'][number];

  beforeAll(async () => {
    c = await startCluster({
      size: 3,
      env: {
        RELAY_TRUST_PROXY: 'true',
        RELAY_OPEN_START: 'true',
        RELAY_RATE_CREATE_PER_MINUTE: String(LIMIT),
        RELAY_RATE_START_PER_MINUTE: String(LIMIT),
        RELAY_RATE_MOBILE_PER_ID_PER_HOUR: String(LIMIT),
      },
    });
    [A, B, C] = c.instances as [typeof A, typeof B, typeof C];
  }, 240_000);
  afterAll(async () => {
    if (process.env.INSTANCES_DEBUG) console.log(c?.output());
    await c?.close();
  }, 60_000);

  function allCalls(): number {
    return OPERATIONS.reduce((n, op) => n + c.sim.control.calls(op), 0);
  }

  it('create on A, stream on B, callback into C: B gets every event exactly once, one webhook', async () => {
    const s = await startWeb(c, A!);
    const stream = streamOn(B!, s);
    await stream.until((e) => e.length >= 1, 'the first event on B');
    await c.sim.control.completeIdentification(s.customerSession!, 'success');
    await stream.done;
    expectConsecutive(stream.events.map((e) => e.id));
    expect(stream.events.at(-1)!.data.status).toBe('completed');
    // The callback really went to C (the only public URL), and the confirmation came from it.
    const callbacks = await waitFor(async () => {
      const list = c.sim.control.callbacks.list();
      return list.length > 0 && list.every((e) => e.delivered || e.error) ? list : null;
    }, 'the callback to be sent');
    expect(callbacks.map((e) => [e.url.slice(0, C!.url.length), e.status])).toEqual(
      callbacks.map(() => [C!.url, 200]),
    );
    await waitWebhook(c, s.id);
  }, 30_000);

  it('three instances × 100 sessions: every webhook delivered exactly once', async () => {
    const sessions: Started[] = [];
    // In batches, each finished by its customers at once: 100 sessions waiting together would only
    // load the machine with polls.
    for (let i = 0; i < 100; i += 10) {
      const batch = await Promise.all(
        Array.from({ length: 10 }, (_, j) =>
          startWeb(c, c.instances[(i + j) % 3]!, c.instances[(i + j + 1) % 3]!),
        ),
      );
      await Promise.all(
        batch.map((s) => c.sim.control.completeIdentification(s.customerSession!, 'success')),
      );
      sessions.push(...batch);
    }
    await waitFor(
      async () => sessions.every((s) => c.receiver.forSession(s.id).length > 0),
      '100 webhooks',
      60_000,
    );
    // Outbox drained everywhere: no job left that anyone could still (re)send.
    await waitFor(
      async () => (await c.store.dueWebhooks(new Date(Date.now() + 1e9), 10)).length === 0,
      'empty outbox',
    );
    const counts = c.receiver.countById();
    expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
    for (const s of sessions) expect(c.receiver.forSession(s.id).map((d) => d.status)).toEqual(['completed']);
  }, 300_000);

  it('rate limits are shared: client start, open-start create and mobile per national id', async () => {
    const sameIp = { 'x-forwarded-for': '10.200.0.1' };
    // Open-start create: LIMIT per IP and minute, whichever instance is asked.
    const creates = [];
    for (let i = 0; i < LIMIT + 3; i++) {
      const at = c.instances[i % 3]!;
      const r = await fetch(`${at.url}/v1/client/identifications`, {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/json', ...sameIp },
        body: JSON.stringify({ method: 'web', reason: 'Open' }),
      });
      creates.push({ status: r.status, body: (await r.json()) as { id: string; clientToken: string } });
    }
    expect(creates.map((r) => r.status)).toEqual([...Array(LIMIT).fill(201), 429, 429, 429]);
    // Client start from one IP.
    const starts: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++) {
      const created = await api(c, A!, 'POST', '/v1/identifications', { method: 'web', reason: 'x' });
      const at = c.instances[i % 3]!;
      const r = await fetch(`${at.url}/v1/client/sessions/${created.body.id}/start`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${created.body.clientToken}`,
          'content-type': 'application/json',
          ...sameIp,
        },
        body: JSON.stringify({ consent: true }),
      });
      starts.push(r.status);
    }
    expect(starts).toEqual([...Array(LIMIT).fill(200), 429, 429]);
    // B-Trust MOBILE creates per national id (each a billed push to a phone).
    const mobile: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++) {
      const r = await api(c, c.instances[i % 3]!, 'POST', '/v1/identifications', {
        method: 'mobile',
        reason: 'Loan',
        person: PERSON,
      });
      mobile.push(r.status);
    }
    expect(mobile).toEqual([...Array(LIMIT).fill(201), 429, 429]);
  }, 30_000);

  it('provider calls per session in steady state: three instances within 1.2× of one', async () => {
    // Sessions waiting at BORICA, polled at the backoff cap; their call rate with A alone, then A+B+C.
    await Promise.all([B!.stop(), C!.stop()]);
    const sessions = await Promise.all(Array.from({ length: 6 }, () => startWeb(c, A!)));
    const rate = async () => {
      // Count once the backoff reached its cap (100 ms × 1.5ⁿ → 400 ms from the 4th poll on).
      const attempts = async () =>
        Math.min(...(await Promise.all(sessions.map(async (s) => (await c.store.get(s.id))!.pollAttempt))));
      const from = (await attempts()) + 4;
      await waitFor(async () => (await attempts()) >= from, 'backoff at its cap', 30_000);
      const calls0 = allCalls();
      const t0 = Date.now();
      await waitFor(
        async () => allCalls() - calls0 >= sessions.length * 12,
        'a dozen polls per session',
        30_000,
      );
      return (allCalls() - calls0) / (Date.now() - t0);
    };
    const one = await rate();
    await Promise.all([B!.start(), C!.start()]);
    const three = await rate();
    expect(three / one).toBeLessThanOrEqual(1.2);
    // Left for BORICA to end: cancelled at the provider-free end of the test.
    for (const s of sessions) await c.sim.control.completeIdentification(s.customerSession!, 'fail');
    await Promise.all(sessions.map((s) => waitWebhook(c, s.id)));
  }, 90_000);

  it('SIGKILL of A mid-flow, callbacks dropped: B and C finish web, mobile and signing, webhooks sent', async () => {
    c.sim.control.faults.callbacks({ drop: true });
    try {
      // A completed web identification to sign with (finished by polls: no callbacks).
      const idn = await startWeb(c, A!);
      await c.sim.control.completeIdentification(idn.customerSession!, 'success');
      await waitWebhook(c, idn.id);
      const web = await startWeb(c, A!);
      const rejected = await startWeb(c, A!);
      const mobile = await startMobileOn(c, A!);
      const signing = await startSigningOn(c, A!, idn.id);
      const stream = streamOn(B!, web);
      await stream.until((e) => e.length >= 1, 'the stream on B');
      await A!.kill();
      await c.sim.control.completeIdentification(web.customerSession!, 'success');
      await c.sim.control.completeIdentification(rejected.customerSession!, 'fail');
      await c.sim.control.completeMobile(mobile.callbackId!, 'approve');
      await c.sim.control.sign(signing.signToken!, 'sign');
      const want: [Started, string][] = [
        [web, 'completed'],
        [rejected, 'failed'],
        [mobile, 'completed'],
        [signing, 'completed'],
      ];
      for (const [s, status] of want) {
        expect((await waitWebhook(c, s.id)).status).toBe(status);
        expect((await c.store.get(s.id))!.status).toBe(status);
      }
      await stream.done;
      expect(stream.events.at(-1)!.data.status).toBe('completed');
    } finally {
      c.sim.control.faults.callbacks({});
      await A!.start();
    }
  }, 120_000);

  it('reconnecting from A to B with Last-Event-ID gets exactly the missed events', async () => {
    const s = await startWeb(c, A!);
    const first = streamOn(A!, s);
    await first.until((e) => e.length >= 1, 'the first event on A');
    await first.close();
    const lastSeen = Number(first.events.at(-1)!.id);
    await c.sim.control.completeIdentification(s.customerSession!, 'review');
    await waitStored(c, s.id, 'awaiting_review');
    await c.sim.control.review(s.customerSession!, 'approve');
    await waitStored(c, s.id, 'completed');
    const again = streamOn(B!, s, lastSeen);
    await again.done;
    const stored = await c.store.events(s.id, lastSeen);
    expect(stored.length).toBeGreaterThan(1);
    expect(again.events.map((e) => Number(e.id))).toEqual(stored.map((e) => e.seq));
  }, 60_000);

  it('a rolling restart of every instance mid-flow: every session ends right', async () => {
    const sessions = await Promise.all(c.instances.flatMap((x) => [startWeb(c, x), startWeb(c, x)]));
    const outcomes = sessions.map((_, i) => (i % 3 === 2 ? 'fail' : 'success'));
    for (const [i, x] of c.instances.entries()) {
      await x.stop();
      // Customers keep finishing while instances go and come back.
      await c.sim.control.completeIdentification(
        sessions[2 * i]!.customerSession!,
        outcomes[2 * i] as 'success',
      );
      await x.start();
    }
    for (let i = 1; i < sessions.length; i += 2) {
      await c.sim.control.completeIdentification(sessions[i]!.customerSession!, outcomes[i] as 'success');
    }
    for (const [i, s] of sessions.entries()) {
      expect((await waitWebhook(c, s.id)).status).toBe(outcomes[i] === 'fail' ? 'failed' : 'completed');
    }
  }, 120_000);

  it('Redis restarted mid-flow (AOF): not ready and 503 while away, ready after, nothing acknowledged lost', async () => {
    const s = await startWeb(c, A!);
    const stream = streamOn(B!, s);
    await stream.until((e) => e.length >= 1, 'the stream on B');
    await c.store.close();
    await c.redis.stop();
    await waitFor(
      async () => (await fetch(`${A!.url}/readyz`)).status === 503,
      'A unready while Redis is away',
    );
    // A request that needs the store meanwhile is told to come back, not given a 500.
    const refused = await api(c, A!, 'GET', `/v1/identifications/${s.id}`);
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ code: 'store_unavailable' });
    expect(refused.headers.get('retry-after')).toBe('30');
    await c.redis.start();
    for (const x of c.instances) {
      await waitFor(
        async () => (await fetch(`${x.url}/readyz`)).status === 200,
        `${x.name} ready again`,
        30_000,
      );
    }
    c.store = await createStore(c.storeUrl);
    // What was acknowledged before the restart is still there (AOF, fsync always)…
    expect((await c.store.get(s.id))?.status).toBe('started');
    // …and the session goes on: the stream opened before the restart sees the rest, exactly once.
    await c.sim.control.completeIdentification(s.customerSession!, 'success');
    await stream.done;
    expectConsecutive(stream.events.map((e) => e.id));
    expect(stream.events.at(-1)!.data.status).toBe('completed');
    await waitWebhook(c, s.id);
  }, 120_000);
});
