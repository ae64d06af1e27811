/**
 * Child process for `uploads`: the relay alone with a SQLite store in a temp directory (signed
 * documents' originals go to disk, as in production), wired to the simulator in the parent.
 * `BENCH_UPLOADS` sets RELAY_SIGNING_UPLOADS for this run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startRelay } from '@borica-identify/relay';
import type { Simulator } from '@borica-identify/simulator';
import { serveParent } from '../lib/child.ts';

const simLike = JSON.parse(process.env.BENCH_SIM ?? 'null') as Simulator | null;
if (!simLike) throw new Error('BENCH_SIM is required');
const dir = mkdtempSync(join(tmpdir(), 'bench-uploads-'));

const relay = await startRelay({
  simulator: simLike,
  config: {
    logLevel: (process.env.BENCH_LOG as 'error' | undefined) ?? 'silent',
    store: `sqlite:${join(dir, 'relay.sqlite')}`,
    poll: { initialMs: 200, maxMs: 1000, factor: 1.6 },
    limits: { signingUploads: Number(process.env.BENCH_UPLOADS ?? 1) },
  },
});

// Peaks of the main thread's own figures (workers' heaps are only in RSS), sampled every 20 ms.
const peak = { heapUsed: 0, arrayBuffers: 0, rss: 0 };
setInterval(() => {
  const m = process.memoryUsage();
  peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
  peak.arrayBuffers = Math.max(peak.arrayBuffers, m.arrayBuffers);
  peak.rss = Math.max(peak.rss, m.rss);
}, 20).unref();

const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();

serveParent(
  { url: relay.url, apiKey: relay.apiKey },
  {
    /** RSS now and its high-water mark since the process started (getrusage), in bytes. */
    memory: () => {
      const r = {
        rss: process.memoryUsage().rss,
        maxRss: process.resourceUsage().maxRSS * 1024,
        peak: { ...peak },
      };
      peak.heapUsed = peak.arrayBuffers = peak.rss = 0;
      return r;
    },
    loopDelay: () => {
      const r = { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 };
      loop.reset();
      return r;
    },
  },
);

process.on('SIGTERM', async () => {
  await relay.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});
