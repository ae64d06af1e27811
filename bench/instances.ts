/**
 * Several relay instances on one Redis (AOF on), each a child process; the simulator and every
 * client run here. Three measurements, each printed, none asserted:
 *
 * 1. callback → browser when the callback and the SSE stream are on DIFFERENT instances vs the SAME
 *    one (target: ≤ 5 ms more at p50 and p99), paired: each session is streamed on both. Polling is
 *    off (10 min), so callbacks drive.
 * 2. N = 100 and 1,000 concurrent web identifications through two instances (create on one, stream
 *    on the other, start on both, each customer finishing at BORICA as soon as started): completed
 *    share, flows per second, provider calls per flow, RSS.
 * 3. BENCH_ACTIVE (10,000) active sessions polled by three instances at the default cap (30 s):
 *    provider calls per second against what the backoff asks for, and each instance's share.
 *
 *   pnpm --filter @borica-identify/bench instances   (BENCH_LATENCY_SESSIONS, BENCH_FLOWS, BENCH_ACTIVE)
 */
import { OPERATIONS, startSimulator } from '@borica-identify/simulator';
import { Pool } from 'undici';
import { type Child, startChild } from './lib/child.ts';
import { freePort, startRedis } from './lib/redis.ts';
import { type CreatedSession, createIdentifications, eventsPath } from './lib/relay-api.ts';
import { closeAll, openMany, type SseClient } from './lib/sse-clients.ts';
import { machineLine, mib, ms, sleep, summary, wallNow } from './lib/stats.ts';
import { watchTerminals } from './lib/terminal-watcher.ts';

const LATENCY_SESSIONS = Number(process.env.BENCH_LATENCY_SESSIONS ?? 100);
const FLOWS = (process.env.BENCH_FLOWS ?? '100,1000').split(',').map(Number);
const ACTIVE = Number(process.env.BENCH_ACTIVE ?? 10_000);
const API_KEY = `bench-${Math.random().toString(36).slice(2)}0000000000000000`;

console.log(`instances  ${machineLine()}`);
const sim = await startSimulator({ timing: { processingMs: 0 } });
const simInfo = JSON.stringify({
  apiUrl: sim.apiUrl,
  pagesUrl: sim.pagesUrl,
  pki: sim.pki,
  relyingPartyId: sim.relyingPartyId,
});
const callbackSentAt = new Map<string, number>();
const sender = sim.control.callbacks as unknown as { send(url: string, body: unknown): Promise<void> };
const originalSend = sender.send.bind(sender);
sender.send = (url, body) => {
  const key = (body as { data?: { sessionId?: string } }).data?.sessionId;
  if (key) callbackSentAt.set(key, wallNow());
  return originalSend(url, body);
};
const redis = await startRedis();
let clusterNo = 0;

/** `n` instances on one prefix; callbacks go to the first one's URL. */
async function cluster(n: number, poll: object): Promise<Child[]> {
  const prefix = `b${++clusterNo}:`;
  const ports = await Promise.all(Array.from({ length: n }, () => freePort()));
  return Promise.all(
    ports.map((port) =>
      startChild('../servers/instance-server.ts', [], ['--expose-gc'], {
        BENCH_SIM: simInfo,
        BENCH_STORE: `${redis.url}/0?prefix=${prefix}`,
        BENCH_API_KEY: API_KEY,
        BENCH_PORT: String(port),
        BENCH_PUBLIC_URL: `http://127.0.0.1:${ports[0]}`,
        BENCH_POLL: JSON.stringify(poll),
      }),
    ),
  );
}
const urlOf = (c: Child) => c.ready.url as string;
const portOf = (c: Child) => Number(new URL(urlOf(c)).port);

/**
 * Starts every session (consent given) through `at` in turn, `concurrency` at a time; `onStarted`
 * runs as soon as one is started (the customer at BORICA), without holding up the next start.
 */
async function startAll(
  at: Child[],
  sessions: CreatedSession[],
  concurrency = 32,
  onStarted?: (id: string, customerSession: string) => void,
): Promise<Map<string, string>> {
  const pools = at.map((c) => new Pool(urlOf(c), { connections: 4 }));
  const customer = new Map<string, string>();
  let next = 0;
  async function worker() {
    while (next < sessions.length) {
      const i = next++;
      const s = sessions[i]!;
      const res = await pools[i % pools.length]!.request({
        path: `/v1/client/sessions/${encodeURIComponent(s.id)}/start`,
        method: 'POST',
        headers: { authorization: `Bearer ${s.clientToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ consent: true }),
      });
      const json = (await res.body.json()) as { redirectUrl?: string };
      if (res.statusCode !== 200) throw new Error(`start: HTTP ${res.statusCode} ${JSON.stringify(json)}`);
      const customerSession = decodeURIComponent(json.redirectUrl!.split('/session/')[1]!);
      customer.set(s.id, customerSession);
      onStarted?.(s.id, customerSession);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  await Promise.all(pools.map((p) => p.close()));
  return customer;
}

/** Resolves with the wall time at which each stream saw a terminal status. */
function watchTerminal(clients: SseClient[], sessions: CreatedSession[]): Map<string, Promise<number>> {
  const out = new Map<string, Promise<number>>();
  clients.forEach((c, i) => {
    out.set(
      sessions[i]!.id,
      new Promise((resolve) => {
        c.onData = (chunk) => {
          if (/"status":"(completed|failed|expired|cancelled)"/.test(chunk)) resolve(wallNow());
        };
      }),
    );
  });
  return out;
}

const total = async (cs: Child[], cmd: string) =>
  (await Promise.all(cs.map((c) => c.call<number>(cmd)))).reduce((a, b) => a + b, 0);

// ---------------------------------------------------------------- 1. callback → browser
{
  const [a, b] = await cluster(2, { initialMs: 600_000, maxMs: 600_000, factor: 1.6 });
  console.log(
    `\n1. callback → browser, ${LATENCY_SESSIONS} sessions (callbacks reach instance A; each session streamed on A and on B)`,
  );
  // Paired: every session has one stream on A (same instance as the callback) and one on B, so both
  // arms see the same callback at the same moment and the difference is the cross-instance hop alone
  // (one Redis PUBLISH → PSUBSCRIBE), not the noise between two separate runs. A first round of
  // the same size warms both instances up and is not reported.
  for (const round of ['warm-up', 'measured'] as const) {
    const sessions = await createIdentifications(urlOf(a!), API_KEY, LATENCY_SESSIONS);
    const customer = await startAll([a!], sessions);
    const onA = await watchTerminals(portOf(a!), sessions.map(eventsPath));
    const onB = await watchTerminals(portOf(b!), sessions.map(eventsPath));
    const same: number[] = [];
    const other: number[] = [];
    const extra: number[] = [];
    await Promise.all(
      sessions.map(async (s, i) => {
        await sleep(Math.random() * 3000);
        await sim.control.completeIdentification(customer.get(s.id)!, 'success');
        const [atA, atB] = await Promise.all([onA.done[i]!, onB.done[i]!]);
        const refs = await a!.call<{ webSessionId?: string }>('refs', { id: s.id });
        const sent = callbackSentAt.get(String(refs.webSessionId));
        if (sent === undefined) return;
        same.push(atA - sent);
        other.push(atB - sent);
        extra.push(atB - atA);
      }),
    );
    await Promise.all([onA.close(), onB.close()]);
    if (round === 'warm-up') continue;
    const [sa, sb, d] = [summary(same), summary(other), summary(extra)];
    console.log(
      `  same instance (stream on A)    n=${sa.n}  p50 ${ms(sa.p50)}  p99 ${ms(sa.p99)}  max ${ms(sa.max)}`,
    );
    console.log(
      `  other instance (stream on B)   n=${sb.n}  p50 ${ms(sb.p50)}  p99 ${ms(sb.p99)}  max ${ms(sb.max)}`,
    );
    console.log(
      `  B − A: p50 ${ms(sb.p50 - sa.p50)}, p99 ${ms(sb.p99 - sa.p99)}; per session (B − A) median ${ms(d.p50)}, p99 ${ms(d.p99)} ` +
        `(target ≤ 5 ms more at p50 and p99: ${sb.p50 - sa.p50 <= 5 && sb.p99 - sa.p99 <= 5 ? 'met' : 'NOT met'})`,
    );
  }
  await Promise.all([a!.stop(), b!.stop()]);
}

// ---------------------------------------------------------------- 2. flows through two instances
{
  // The default backoff (RELAY_POLL_*): polls are what a flow costs beyond its callback.
  const instances = await cluster(2, { initialMs: 2000, maxMs: 30_000, factor: 1.6 });
  const [a, b] = instances as [Child, Child];
  console.log(
    '\n2. concurrent web identifications through two instances (create on A, stream on B, start on A and B)',
  );
  for (const n of FLOWS) {
    const calls0 = await total(instances, 'providerCalls');
    const simCalls0 = simProviderCalls();
    const t0 = wallNow();
    const sessions = await createIdentifications(urlOf(a), API_KEY, n, 32);
    const { clients, error } = await openMany(portOf(b), sessions.map(eventsPath));
    if (error) throw error;
    const done = watchTerminal(clients, sessions);
    // Each customer finishes at BORICA as soon as their session is started, as in real life: a flow
    // is create → stream → start → BORICA → callback → confirmation → terminal event on B.
    const completions: Promise<unknown>[] = [];
    await startAll([a, b], sessions, 32, (_id, customerSession) => {
      completions.push(sim.control.completeIdentification(customerSession, 'success'));
    });
    await Promise.all(completions);
    const ends = await Promise.race([Promise.all([...done.values()]), sleep(120_000).then(() => null)]);
    const completed = ends ? ends.length : 0;
    const seconds = ((ends ? Math.max(...ends) : wallNow()) - t0) / 1000;
    closeAll(clients);
    const relayCalls = (await total(instances, 'providerCalls')) - calls0;
    const simCalls = simProviderCalls() - simCalls0;
    const rss = await Promise.all(instances.map((c) => c.call<number>('rss')));
    console.log(
      `  N=${String(n).padEnd(5)} completed ${((100 * completed) / n).toFixed(0)}%  ${(n / seconds).toFixed(1)} flows/s  ` +
        `provider calls/flow ${(simCalls / n).toFixed(2)} (relay counted ${(relayCalls / n).toFixed(2)})  ` +
        `RSS ${rss.map(mib).join(' / ')}`,
    );
  }
  await Promise.all(instances.map((c) => c.stop()));
}

// ---------------------------------------------------------------- 3. many active sessions polled by three
{
  // The default cap (RELAY_POLL_MAX_MS 30 s); a first poll after 10 s instead of 2 s and a factor
  // of 3 put every session at the cap right after its first poll, so the measurement can begin 10 s
  // after the last start instead of a minute of backoff later.
  const poll = { initialMs: 10_000, maxMs: 30_000, factor: 3 };
  const instances = await cluster(3, poll);
  console.log(`\n3. ${ACTIVE} active sessions polled by three instances (backoff ${JSON.stringify(poll)})`);
  const t0 = wallNow();
  const sessions = await createIdentifications(urlOf(instances[0]!), API_KEY, ACTIVE, 32);
  await startAll(instances, sessions, 48);
  console.log(
    `  ${ACTIVE} created and started (nobody finishes) in ${((wallNow() - t0) / 1000).toFixed(0)} s`,
  );
  await sleep(poll.initialMs + 1000);
  const per0 = await Promise.all(instances.map((c) => c.call<number>('providerCalls')));
  const sim0 = simProviderCalls();
  const t1 = wallNow();
  // One cap: each session is polled once in it on average (jitter spreads polls over 0.8–1.2 × cap).
  await sleep(poll.maxMs);
  const seconds = (wallNow() - t1) / 1000;
  const per = (await Promise.all(instances.map((c) => c.call<number>('providerCalls')))).map(
    (v, i) => v - per0[i]!,
  );
  const simRate = (simProviderCalls() - sim0) / seconds;
  const sum = per.reduce((x, y) => x + y, 0);
  // Polls the backoff asks for; a web poll is two calls (web status and registration status).
  const expected = ACTIVE / (poll.maxMs / 1000);
  console.log(
    `  provider calls/s ${simRate.toFixed(0)} over ${seconds.toFixed(0)} s; the backoff asks for ${expected.toFixed(0)} polls/s ` +
      `= ${(2 * expected).toFixed(0)} calls/s (${(simRate / (2 * expected)).toFixed(2)}×)  ` +
      `share per instance ${per.map((v) => `${((100 * v) / sum).toFixed(0)}%`).join(' / ')}`,
  );
  const rss = await Promise.all(instances.map((c) => c.call<number>('rss')));
  console.log(`  RSS per instance ${rss.map(mib).join(' / ')}`);
  await Promise.all(instances.map((c) => c.stop()));
}

/** Every Signing API call the simulator answered (its own count, faulted calls included). */
function simProviderCalls(): number {
  return OPERATIONS.reduce((n, op) => n + sim.control.calls(op), 0);
}

await sim.close();
await redis.stop();
process.exit(0);
