/**
 * Callback → browser latency with many idle SSE streams open. Target: p99 ≤ 25 ms with 10,000.
 *
 *   pnpm --filter @borica-identify/bench callback-latency     (BENCH_STREAMS, BENCH_SESSIONS to change)
 *
 * Processes: this one runs the simulator (processingMs 0), the idle clients and the watching
 * "browsers"; the relay runs alone in a child. Each phase first prepares its sessions (create
 * through the server API, start through the client API with consent, open the event stream and see
 * the first event), then completes them on the simulator at random moments spread over 16 s — more
 * than one heartbeat period, so callbacks land whenever they land, also during the relay's heartbeat
 * burst to every idle stream. The clock starts when the simulator hands the callback to its sender
 * (a wrapper around `CallbackSender.send`, the one place every callback goes through) and stops when
 * the `completed` event reaches the watcher's socket. In between: the callback POST, the relay's
 * confirmation calls to the simulator (status, registration status, results with the eID PDF — as
 * in the target), the store update and the SSE write. Both timestamps are taken in this process.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startSimulator } from '@borica-identify/simulator';
import { Pool } from 'undici';
import { startChild } from './lib/child.ts';
import { type CreatedSession, createIdentifications, eventsPath, openFileLimit } from './lib/relay-api.ts';
import { closeAll, openMany, openSse, type SseClient } from './lib/sse-clients.ts';
import { machineLine, ms, sleep, summary, wallNow } from './lib/stats.ts';

const limit = await openFileLimit();
const wantedStreams = Number(process.env.BENCH_STREAMS ?? 10_000);
const sessionsPerPhase = Number(process.env.BENCH_SESSIONS ?? 200);
const idleStreams = Math.min(wantedStreams, limit - sessionsPerPhase - 500);
// The first phase warms a cold relay and simulator (JIT, first PDFs); later ones only re-settle.
const FIRST_WARMUP = 200;
const WARMUP = 50;
const PHASE_MS = 16_000;

console.log(`callback-latency  ${machineLine()}`);
console.log(
  `open-file limit ${limit} per process; idle streams wanted ${wantedStreams}, using ${idleStreams}`,
);

const sim = await startSimulator({ timing: { processingMs: 0 } });

// The hook: every callback passes CallbackSender.send (sim.control.callbacks is that instance).
// Keyed by the callback's data.sessionId, which is the web session id (guide 2.4).
const callbackSentAt = new Map<string, number>();
const sender = sim.control.callbacks as unknown as { send(url: string, body: unknown): Promise<void> };
const originalSend = sender.send.bind(sender);
sender.send = (url, body) => {
  const key = (body as { data?: { sessionId?: string } }).data?.sessionId;
  if (key) callbackSentAt.set(key, performance.now());
  return originalSend(url, body);
};

const simInfo = {
  apiUrl: sim.apiUrl,
  pagesUrl: sim.pagesUrl,
  pki: sim.pki,
  relyingPartyId: sim.relyingPartyId,
};
// BENCH_CPU_PROF=1: a CPU profile of the relay process (written to bench/.profiles on exit).
const profArgs = process.env.BENCH_CPU_PROF
  ? ['--cpu-prof', `--cpu-prof-dir=${new URL('./.profiles', import.meta.url).pathname}`]
  : [];
const child = await startChild('../servers/relay-server.ts', [], profArgs, {
  BENCH_SIM: JSON.stringify(simInfo),
});
// This process's own loop (simulator, watchers, idle clients) also sits between the two timestamps.
const ownLoop = monitorEventLoopDelay({ resolution: 1 });
ownLoop.enable();
const relayUrl = child.ready.url as string;
const apiKey = child.ready.apiKey as string;
const port = Number(new URL(relayUrl).port);
const pool = new Pool(relayUrl, { connections: 2 });

async function startSession(s: CreatedSession): Promise<string> {
  const res = await pool.request({
    path: `/v1/client/sessions/${encodeURIComponent(s.id)}/start`,
    method: 'POST',
    headers: { authorization: `Bearer ${s.clientToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ consent: true }),
  });
  const json = (await res.body.json()) as { redirectUrl?: string };
  if (res.statusCode !== 200 || !json.redirectUrl)
    throw new Error(`start: HTTP ${res.statusCode} ${JSON.stringify(json)}`);
  return decodeURIComponent(json.redirectUrl.split('/session/')[1]!);
}

interface Prepared {
  providerSession: string;
  webSessionId: string;
  watcher: SseClient;
  /** performance.now() when `completed` reached the watcher. */
  arrived: Promise<number>;
}

/** A started session whose stream is open and has shown its first event. */
async function prepare(): Promise<Prepared> {
  const [s] = await createIdentifications(relayUrl, apiKey, 1, 1);
  const providerSession = await startSession(s!);
  const refs = await child.call<{ webSessionId?: string }>('refs', { id: s!.id });
  if (!refs?.webSessionId) throw new Error('the relay stored no web session id');
  const watcher = await openSse(port, eventsPath(s!));
  const arrived = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no completed event within 60 s')), 60_000);
    let tail = '';
    watcher.onData = (chunk) => {
      const at = performance.now();
      tail = (tail + chunk).slice(-4096);
      if (tail.includes('"status":"completed"')) {
        clearTimeout(timer);
        resolve(at);
      } else if (/"status":"(failed|cancelled|expired)"/.test(tail)) {
        clearTimeout(timer);
        reject(new Error(`session ended otherwise: ${tail}`));
      }
    };
  });
  return { providerSession, webSessionId: refs.webSessionId, watcher, arrived };
}

/** Completes a prepared session; callback → `completed` on the watcher's socket, in ms. */
async function complete(p: Prepared): Promise<number> {
  await sim.control.completeIdentification(p.providerSession, 'success');
  const at = await p.arrived;
  p.watcher.socket.destroy();
  const sent = callbackSentAt.get(p.webSessionId);
  if (sent === undefined) throw new Error('the simulator sent no callback for this session');
  callbackSentAt.delete(p.webSessionId);
  return at - sent;
}

/** Heartbeats seen by one idle client (wall clock): to line up with the relay's stalls. */
let heartbeats: number[] = [];

async function phase(label: string, count: number, warmup = WARMUP) {
  for (let i = 0; i < warmup; i++) await complete(await prepare());
  const prepared: Prepared[] = [];
  for (let i = 0; i < count; i++) prepared.push(await prepare());
  await child.call('loopDelay');
  await child.call('stalls');
  ownLoop.reset();
  heartbeats = [];
  const t = performance.now();
  // Uniformly random moments: callbacks arrive independently of the relay's timers.
  const samples = await Promise.all(
    prepared.map(async (p) => {
      await sleep(Math.random() * PHASE_MS);
      return complete(p);
    }),
  );
  const elapsed = (performance.now() - t) / 1000;
  const s = summary(samples);
  const loop = await child.call<{ p50: number; p99: number; max: number }>('loopDelay');
  const stalls = await child.call<{ endedAt: number; ms: number }[]>('stalls');
  const slow = samples.filter((v) => v > 25).length;
  console.log(
    `  ${label.padEnd(20)} n=${s.n}  p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  p99 ${ms(s.p99)}  max ${ms(s.max)}  ` +
      `> 25 ms: ${slow}  (${elapsed.toFixed(1)} s)`,
  );
  console.log(
    `  ${''.padEnd(20)} relay event-loop delay: p99 ${ms(loop.p99)}, max ${ms(loop.max)}; ` +
      `stalls > 30 ms: ${stalls.map((x) => `${x.ms.toFixed(0)} ms`).join(', ') || 'none'}`,
  );
  console.log(
    `  ${''.padEnd(20)} this process (simulator, clients): event-loop delay p99 ${ms(ownLoop.percentile(99) / 1e6)}, ` +
      `max ${ms(ownLoop.max / 1e6)}`,
  );
  if (heartbeats.length) {
    const near = (h: number) => stalls.find((x) => Math.abs(x.endedAt - h) < 1000);
    console.log(
      `  ${''.padEnd(20)} heartbeats received: ${heartbeats.length}; relay stall within 1 s of each: ` +
        heartbeats.map((h) => (near(h) ? `${near(h)!.ms.toFixed(0)} ms` : 'none')).join(', '),
    );
  }
  return s;
}

try {
  console.log('phase 1: no idle streams');
  const base = await phase('0 idle streams', sessionsPerPhase, FIRST_WARMUP);

  const t = performance.now();
  const idle = await createIdentifications(relayUrl, apiKey, idleStreams);
  const { clients, error } = await openMany(port, idle.map(eventsPath));
  const open = await child.call<number>('streams');
  const probe = clients[0];
  if (probe)
    probe.onData = (chunk) => {
      if (chunk.includes(': hb')) heartbeats.push(wallNow());
    };
  console.log(
    `phase 2: ${clients.length} idle streams open (relay counts ${open}) after ${((performance.now() - t) / 1000).toFixed(1)} s` +
      (error ? `; stopped early: ${error.message}` : ''),
  );
  const loaded = await phase(`${clients.length} idle streams`, sessionsPerPhase);
  closeAll(clients);
  // Again without idle streams, now that everything is warm: the fairer reference for the ratio.
  console.log('phase 3: idle streams closed again');
  const after = await phase('0 idle streams', sessionsPerPhase);

  console.log('');
  const ref = { p50: Math.min(base.p50, after.p50), p99: Math.min(base.p99, after.p99) };
  console.log(
    `p99 with ${clients.length} idle streams: ${ms(loaded.p99)} (target ≤ 25 ms: ${loaded.p99 <= 25 ? 'met' : 'NOT met'}); ` +
      `ratio to the better unloaded phase: p50 ${(loaded.p50 / ref.p50).toFixed(2)}x, p99 ${(loaded.p99 / ref.p99).toFixed(2)}x`,
  );
} finally {
  await pool.close();
  await child.stop();
  await sim.close();
}
