/**
 * Six concurrent 25 MB signing uploads. Targets: the relay's RSS high-water stays under 400 MiB
 * (the figure stated in the relay README) and `/healthz` answers with p99 < 50 ms while they are read.
 *
 *   pnpm --filter @borica-identify/bench uploads      (BENCH_BODIES, BENCH_MB to change)
 *
 * The relay runs alone in a child (SQLite store on disk), the simulator and the clients here. A
 * completed web identification is made first; then BENCH_BODIES bodies of BENCH_MB each (one base64
 * PDF, `POST /v1/signings`) are sent at once while a probe GETs `/healthz` every 10 ms over its own
 * connection, from a worker thread (the parent's own sending is not counted). Runs of the same
 * script (BENCH_RUNS, default `64,2,1`): RELAY_SIGNING_UPLOADS=64 (in effect unbounded, as before the
 * limit), 2, and the default 1. Printed per run: the child's RSS high-water mark (getrusage) before
 * and after, `/healthz` latency p50/p99/max during the uploads, the relay's event-loop delay, and
 * each upload's status and time.
 */

import { Worker } from 'node:worker_threads';
import { startSimulator } from '@borica-identify/simulator';
import { Pool } from 'undici';
import { startChild } from './lib/child.ts';
import { machineLine, mib, ms, sleep, summary } from './lib/stats.ts';

const BODIES = Number(process.env.BENCH_BODIES ?? 6);
const MB = Number(process.env.BENCH_MB ?? 25);
const RSS_TARGET = 400 * 1024 * 1024;

console.log(`uploads  ${machineLine()}`);
console.log(`${BODIES} concurrent bodies of ${MB} MB (one base64 PDF each)`);

const sim = await startSimulator({ timing: { processingMs: 0 } });
const simInfo = {
  apiUrl: sim.apiUrl,
  pagesUrl: sim.pagesUrl,
  pki: sim.pki,
  relyingPartyId: sim.relyingPartyId,
};

/** A PDF whose base64 is `MB` megabytes: a header and a long comment. */
function bigPdfBase64(): string {
  const rawBytes = Math.floor((MB * 1_000_000 * 3) / 4);
  const pdf = Buffer.alloc(rawBytes, 0x20);
  pdf.write('%PDF-1.4\n%', 0, 'latin1');
  return pdf.toString('base64');
}
const content = bigPdfBase64();

async function json(pool: Pool, method: string, path: string, token: string, body?: unknown) {
  const res = await pool.request({
    method,
    path,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
}

/**
 * GETs `/healthz` every 10 ms from a worker thread with its own event loop and connection: the
 * parent's work (sending 150 MB of bodies) would otherwise count as the relay's latency.
 */
function startProbe(url: string) {
  const worker = new Worker(
    `
    const { parentPort, workerData } = require('node:worker_threads');
    const http = require('node:http');
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const probes = [];
    let probing = true;
    parentPort.once('message', () => { probing = false; });
    const once = () => new Promise((resolve, reject) => {
      const t = performance.now();
      http.get(workerData + '/healthz', { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(performance.now() - t));
      }).on('error', reject);
    });
    (async () => {
      while (probing) {
        probes.push(await once());
        await new Promise((r) => setTimeout(r, 10));
      }
      agent.destroy();
      parentPort.postMessage(probes);
    })();
    `,
    { eval: true, workerData: url },
  );
  return {
    stop: () =>
      new Promise<number[]>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage('stop');
      }),
  };
}

interface Memory {
  rss: number;
  maxRss: number;
  peak: { heapUsed: number; arrayBuffers: number; rss: number };
}

async function run(uploads: number) {
  const child = await startChild('../servers/upload-relay.ts', [], [], {
    BENCH_SIM: JSON.stringify(simInfo),
    BENCH_UPLOADS: String(uploads),
  });
  const { url, apiKey } = child.ready as { url: string; apiKey: string };
  const api = new Pool(url, { connections: 2 });
  try {
    // A completed web identification, through the simulator's success path.
    const idn = await json(api, 'POST', '/v1/identifications', apiKey, { method: 'web', reason: 'Bench' });
    const id = String(idn.body.id);
    const start = await json(api, 'POST', `/v1/client/sessions/${id}/start`, String(idn.body.clientToken), {
      consent: true,
    });
    const customer = decodeURIComponent(String(start.body.redirectUrl).split('/session/')[1] ?? '');
    await sim.control.completeIdentification(customer, 'success');
    for (let i = 0; ; i++) {
      const s = await json(api, 'GET', `/v1/identifications/${id}`, apiKey);
      if (s.body.status === 'completed') break;
      if (i > 200) throw new Error(`identification stuck in ${s.body.status}`);
      await sleep(50);
    }

    const before = await child.call<Memory>('memory');
    await child.call('loopDelay');
    // Encoded once: undici would otherwise UTF-8-encode the 25 MB string again for every request.
    const body = Buffer.from(
      JSON.stringify({
        identificationId: id,
        documents: [{ fileName: 'big.pdf', title: 'Big document', content }],
      }),
    );

    const prober = startProbe(url);

    const uploaders = new Pool(url, { connections: BODIES });
    const failures: string[] = [];
    const t0 = performance.now();
    const results = await Promise.all(
      Array.from({ length: BODIES }, async () => {
        const t = performance.now();
        const res = await uploaders.request({
          method: 'POST',
          path: '/v1/signings',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
          body,
        });
        const text = await res.body.text();
        if (res.statusCode !== 201) failures.push(text.slice(0, 300));
        return { status: res.statusCode, ms: performance.now() - t };
      }),
    );
    const total = performance.now() - t0;
    const probes = await prober.stop();
    await uploaders.close();
    const after = await child.call<Memory>('memory');
    const loop = await child.call<{ p99: number; max: number }>('loopDelay');
    const h = summary(probes);
    console.log(`\nRELAY_SIGNING_UPLOADS=${uploads}`);
    console.log(
      `  uploads: ${results.map((r) => `${r.status} in ${ms(r.ms, 0)}`).join(', ')}; all done in ${ms(total, 0)}`,
    );
    console.log(
      `  relay RSS high-water: ${mib(before.maxRss)} before, ${mib(after.maxRss)} after (target < ${mib(RSS_TARGET)}: ${after.maxRss < RSS_TARGET ? 'met' : 'NOT met'})`,
    );
    console.log(
      `  main thread peaks during uploads (sampled every 20 ms): RSS ${mib(after.peak.rss)}, JS heap ${mib(after.peak.heapUsed)}, ArrayBuffers ${mib(after.peak.arrayBuffers)}`,
    );
    console.log(
      `  /healthz during uploads (${h.n} probes): p50 ${ms(h.p50)}, p99 ${ms(h.p99)}, max ${ms(h.max)} (target p99 < 50 ms: ${h.p99 < 50 ? 'met' : 'NOT met'})`,
    );
    console.log(`  relay event-loop delay: p99 ${ms(loop.p99)}, max ${ms(loop.max)}`);
    if (failures.length) console.log(`  first refusal: ${failures[0]}`);
  } finally {
    await api.close();
    await child.stop();
  }
}

for (const n of (process.env.BENCH_RUNS ?? '64,2,1').split(',')) await run(Number(n));
await sim.close();
