/**
 * Memory per open idle SSE stream: the relay's `GET /v1/client/sessions/{id}/events` against a bare
 * `node:http` response writing the same bytes. Target: relay ≤ 1.5x bare, 10,000 idle streams.
 *
 *   pnpm --filter @borica-identify/bench sse-memory            (BENCH_STREAMS=2000 for a quick run)
 *
 * Each server runs in its own child process (measured with `process.memoryUsage()` after forced
 * GCs); this process holds the client sockets. Sessions are created through the server API before
 * the baseline, so the delta is the stream alone (socket, response, subscription, registry entry).
 */
import { type Child, startChild } from './lib/child.ts';
import { type HeapTypes, perStream } from './lib/heap-types.ts';
import { createIdentifications, eventsPath, openFileLimit } from './lib/relay-api.ts';
import { closeAll, openMany } from './lib/sse-clients.ts';
import { kib, machineLine, mib, sleep } from './lib/stats.ts';

const WARMUP = 200;
// BENCH_HEAP_TYPES=1: also list which objects each stream keeps (heap snapshots; slow, use ≤ 2000 streams).
const HEAP_TYPES = Boolean(process.env.BENCH_HEAP_TYPES);
const limit = await openFileLimit();
const wanted = Number(process.env.BENCH_STREAMS ?? 10_000);
// Keep a margin for the pool, the simulator's sockets and Node's own descriptors.
const n = Math.min(wanted, limit - WARMUP - 300);

console.log(`sse-memory  ${machineLine()}`);
console.log(`open-file limit ${limit} per process; ${n} streams per server (wanted ${wanted})`);

interface Mem {
  heapUsed: number;
  rss: number;
  external: number;
  streams: number;
}

interface Result {
  opened: number;
  heapPerStream: number;
  rssPerStream: number;
  baseline: Mem;
  loaded: Mem;
  openSeconds: number;
  /** Longest event-loop stall while one heartbeat went to every stream. */
  heartbeatStallMs: number;
  error?: string;
}

async function measure(mode: 'relay' | 'bare'): Promise<Result> {
  const child: Child = await startChild('../servers/sse-server.ts', [mode], ['--expose-gc']);
  try {
    const url = child.ready.url as string;
    const port = Number(new URL(url).port);
    let paths: string[];
    if (mode === 'relay') {
      const t = performance.now();
      const sessions = await createIdentifications(url, child.ready.apiKey as string, n + WARMUP);
      console.log(
        `  relay: created ${sessions.length} sessions in ${((performance.now() - t) / 1000).toFixed(1)} s`,
      );
      paths = sessions.map(eventsPath);
    } else {
      paths = Array.from({ length: n + WARMUP }, (_, i) => `/v1/client/sessions/idn_bare${i}/events`);
    }
    // Warm-up: first-use allocations (compiled code, lazily built tables) must not count per stream.
    const warm = await openMany(port, paths.slice(0, WARMUP));
    if (warm.error) throw warm.error;
    closeAll(warm.clients);
    await sleep(500);

    const typesBefore = HEAP_TYPES ? await child.call<HeapTypes>('heapTypes') : undefined;
    const baseline = await child.call<Mem>('mem');
    const t = performance.now();
    const { clients, error } = await openMany(port, paths.slice(WARMUP));
    const openSeconds = (performance.now() - t) / 1000;
    await sleep(1000);
    const loaded = await child.call<Mem>('mem');
    const opened = clients.length;
    if (typesBefore) {
      const rows = perStream(typesBefore, await child.call<HeapTypes>('heapTypes'), opened);
      console.log(`  ${mode}: heap per stream by object type (bytes, count):`);
      for (const r of rows)
        console.log(`    ${r.bytes.toFixed(0).padStart(6)} ${r.count.toFixed(2).padStart(6)}  ${r.key}`);
    }
    // One heartbeat period (15 s) with every stream open: how long does the burst block the server?
    await child.call('stalls');
    let beat = false;
    const probe = clients[0];
    if (probe)
      probe.onData = (chunk) => {
        if (chunk.includes(': hb')) beat = true;
      };
    const until = performance.now() + 16_000;
    while (!beat && performance.now() < until) await sleep(100);
    await sleep(300);
    const stalls = await child.call<{ ms: number }[]>('stalls');
    const heartbeatStallMs = beat ? Math.max(0, ...stalls.map((x) => x.ms)) : Number.NaN;
    const result: Result = {
      opened,
      heapPerStream: (loaded.heapUsed - baseline.heapUsed) / opened,
      rssPerStream: (loaded.rss - baseline.rss) / opened,
      baseline,
      loaded,
      openSeconds,
      heartbeatStallMs,
      ...(error && { error: error.message }),
    };
    console.log(
      `  ${mode}: ${opened} streams open (server counts ${loaded.streams}) in ${openSeconds.toFixed(1)} s; ` +
        `heap ${mib(baseline.heapUsed)} → ${mib(loaded.heapUsed)}, rss ${mib(baseline.rss)} → ${mib(loaded.rss)}; ` +
        `heartbeat burst stalled the loop ${heartbeatStallMs.toFixed(0)} ms (0 = under 30 ms)` +
        (error ? `; stopped: ${error.message}` : ''),
    );
    closeAll(clients);
    return result;
  } finally {
    await child.stop();
  }
}

const relay = await measure('relay');
const bare = await measure('bare');

const row = (name: string, r: Result) =>
  `${name.padEnd(6)} ${String(r.opened).padStart(7)}  ${kib(r.heapPerStream).padStart(10)}  ${kib(r.rssPerStream).padStart(10)}`;
console.log('');
console.log('server  streams  heap/stream   rss/stream');
console.log(row('relay', relay));
console.log(row('bare', bare));
const heapRatio = relay.heapPerStream / bare.heapPerStream;
const rssRatio = relay.rssPerStream / bare.rssPerStream;
console.log(`ratio relay/bare: heap ${heapRatio.toFixed(2)}x, rss ${rssRatio.toFixed(2)}x  (target ≤ 1.5x)`);
console.log(
  `one heartbeat to every stream blocks the event loop: relay ${relay.heartbeatStallMs.toFixed(0)} ms, bare ${bare.heartbeatStallMs.toFixed(0)} ms`,
);
console.log(
  `target 10,000 idle streams: ${relay.opened >= 10_000 ? 'met' : `${relay.opened} opened`}; ` +
    `memory ratio: ${rssRatio <= 1.5 && heapRatio <= 1.5 ? 'met' : 'NOT met'} (heap ${heapRatio <= 1.5 ? 'met' : 'not met'}, rss ${rssRatio <= 1.5 ? 'met' : 'not met'})`,
);
