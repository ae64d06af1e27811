/**
 * Child process for `instances`: one relay instance on a shared Redis store, wired to a simulator
 * that runs in the PARENT (its URLs, PKI and relying party id come in `BENCH_SIM`). Several of these
 * run side by side, as several instances behind a load balancer would. It counts its own provider
 * calls (the per-instance share) and reports its RSS.
 */
import { startRelay } from '@borica-identify/relay';
import type { Simulator } from '@borica-identify/simulator';
import { serveParent } from '../lib/child.ts';

const simLike = JSON.parse(process.env.BENCH_SIM ?? 'null') as Simulator | null;
if (!simLike) throw new Error('BENCH_SIM is required');
const poll = JSON.parse(process.env.BENCH_POLL ?? '{"initialMs":1000,"maxMs":5000,"factor":1.6}');

const relay = await startRelay({
  simulator: simLike,
  config: {
    logLevel: 'silent',
    store: process.env.BENCH_STORE ?? 'memory:',
    ...(process.env.BENCH_API_KEY ? { apiKeys: [process.env.BENCH_API_KEY] } : {}),
    ...(process.env.BENCH_PUBLIC_URL ? { publicUrl: process.env.BENCH_PUBLIC_URL } : {}),
    poll,
    rateLimit: { createPerMinute: 1_000_000, startPerMinute: 1_000_000, mobilePerIdPerHour: 5 },
    // Every bench client is 127.0.0.1: the per-IP stream cap (100 by default) would refuse the 101st.
    limits: { ssePerIp: 1_000_000 },
  },
  ...(process.env.BENCH_PORT ? { port: Number(process.env.BENCH_PORT) } : {}),
});

let providerCalls = 0;
const provider = relay.deps.provider as unknown as Record<string, unknown>;
for (const name of Object.keys(provider)) {
  const fn = provider[name];
  if (typeof fn !== 'function' || name === 'close' || name === 'certificateInfo') continue;
  provider[name] = (...args: unknown[]) => {
    providerCalls++;
    return (fn as (...a: unknown[]) => unknown).apply(relay.deps.provider, args);
  };
}

serveParent(
  { url: relay.url, apiKey: relay.apiKey },
  {
    providerCalls: () => providerCalls,
    refs: async ({ id }) => (await relay.deps.store.get(String(id)))?.refs,
    rss: () => process.memoryUsage().rss,
    gc: () => {
      (globalThis as { gc?: () => void }).gc?.();
      return process.memoryUsage().rss;
    },
  },
);

process.on('SIGTERM', async () => {
  await relay.close();
  process.exit(0);
});
