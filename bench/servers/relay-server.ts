/**
 * Child process for `callback-latency` and `provider-overhead`: the relay alone (memory store),
 * wired to a simulator that runs in the PARENT. `startRelay` only reads the simulator's URLs, PKI
 * and relying party id, so those travel in `BENCH_SIM` (JSON) and the relay is started exactly as
 * `borica-relay --simulator` would be, minus the simulator's CPU in this event loop.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startRelay } from '@borica-identify/relay';
import type { Simulator } from '@borica-identify/simulator';
import { serveParent } from '../lib/child.ts';
import { trackStalls } from '../lib/loop.ts';

const simLike = JSON.parse(process.env.BENCH_SIM ?? 'null') as Simulator | null;
if (!simLike) throw new Error('BENCH_SIM is required');

const relay = await startRelay({
  simulator: simLike,
  config: {
    logLevel: 'silent',
    // Callbacks, not polls, must drive these sessions; and the bench starts more than 30 a minute.
    poll: { initialMs: 600_000, maxMs: 600_000, factor: 1.6 },
    rateLimit: { createPerMinute: 1_000_000, startPerMinute: 1_000_000, mobilePerIdPerHour: 5 },
    // Every bench client is 127.0.0.1: the per-IP stream cap (100 by default) would refuse the 101st.
    limits: { ssePerIp: 1_000_000 },
  },
});

// Where latency tails come from: the relay's event loop blocked (GC, a heartbeat burst) or not.
const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
// Stalls over 30 ms, with their wall-clock end, to line them up with heartbeats.
const stalls = trackStalls();

serveParent(
  { url: relay.url, apiKey: relay.apiKey },
  {
    streams: () => relay.deps.sse.size,
    refs: async ({ id }) => (await relay.deps.store.get(String(id)))?.refs,
    stalls: () => stalls.take(),
    /** Event-loop delay since the last call, in ms. */
    loopDelay: () => {
      const r = { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 };
      loop.reset();
      return r;
    },
    /** The relay's own Signing API client (the one its flows use), timed from inside this process. */
    providerStatus: async ({ resultId }) => {
      const t = performance.now();
      const r = await relay.deps.provider.getWebIdentificationStatus(String(resultId));
      return { ms: performance.now() - t, status: (r as { status?: unknown }).status };
    },
  },
);

process.on('SIGTERM', async () => {
  await relay.close();
  process.exit(0);
});
