/**
 * What the relay's Signing API client adds to a provider call, against a direct undici request on
 * the same kind of pool. Target: ≤ 1 ms added at p50.
 *
 *   pnpm --filter @borica-identify/bench provider-overhead      (BENCH_CALLS to change the count)
 *
 * The simulator runs in a child process. This process runs the relay (`startRelay`, memory store)
 * and times `relay.deps.provider.getWebIdentificationStatus(resultId)` — the client the flows use,
 * with its metrics hook — against `agent.request()` + `body.json()` on an undici Agent built with
 * the relay's options (mTLS connector with the same credentials, 16 connections, same timeouts and
 * keep-alive) and the same headers. Calls alternate one by one (order flipped every pair), after a
 * warm-up of both.
 */
import { startRelay } from '@borica-identify/relay';
import type { Simulator } from '@borica-identify/simulator';
import { Agent, buildConnector } from 'undici';
import { startChild } from './lib/child.ts';
import { machineLine, ms, percentile, summary } from './lib/stats.ts';

const CALLS = Number(process.env.BENCH_CALLS ?? 5000);
const WARMUP = 500;

console.log(`provider-overhead  ${machineLine()}`);

const child = await startChild('../servers/sim-server.ts');
const simLike = child.ready as unknown as Simulator;
const relay = await startRelay({ simulator: simLike, config: { logLevel: 'silent' } });
const provider = relay.deps.provider;

const started = await provider.startWebIdentification({
  requestCallbackUrl: `${relay.url}/v1/borica/callbacks/bench-unknown`,
  identificationReason: 'Benchmark',
});
const resultId = String(started.resultId);

// The relay's transport, rebuilt by hand (packages/relay/src/provider/transport.ts).
const api = new URL(simLike.apiUrl);
const agent = new Agent({
  connect: buildConnector({
    cert: simLike.pki.clientCert,
    key: simLike.pki.clientKey,
    ca: simLike.pki.caCert,
    timeout: 5000,
    maxCachedSessions: 16,
  }),
  connections: 16,
  headersTimeout: 15_000,
  bodyTimeout: 30_000,
  keepAliveTimeout: 10_000,
});
const headers = {
  relyingPartyID: simLike.relyingPartyId,
  accept: 'application/json',
  'Accept-language': 'bg',
  'Content-Type': 'application/json',
};
const path = `${api.pathname}/identification/web/${encodeURIComponent(resultId)}/status`;

async function viaRelay(): Promise<number> {
  const t = performance.now();
  const r = await provider.getWebIdentificationStatus(resultId);
  const d = performance.now() - t;
  if (!r) throw new Error('no answer');
  return d;
}

async function direct(): Promise<number> {
  const t = performance.now();
  const res = await agent.request({ origin: api.origin, path, method: 'GET', headers });
  const json = (await res.body.json()) as { data?: unknown };
  const d = performance.now() - t;
  if (res.statusCode !== 200 || !json.data) throw new Error(`direct: HTTP ${res.statusCode}`);
  return d;
}

try {
  for (let i = 0; i < WARMUP; i++) {
    await viaRelay();
    await direct();
  }
  const relayMs: number[] = [];
  const directMs: number[] = [];
  const pairDiff: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    let a: number;
    let b: number;
    if (i % 2 === 0) {
      a = await viaRelay();
      b = await direct();
    } else {
      b = await direct();
      a = await viaRelay();
    }
    relayMs.push(a);
    directMs.push(b);
    pairDiff.push(a - b);
  }
  const r = summary(relayMs);
  const d = summary(directMs);
  console.log(`${CALLS} calls each, interleaved, after ${WARMUP} warm-up calls each (resultId ${resultId})`);
  console.log(`  relay client   p50 ${ms(r.p50, 3)}  p95 ${ms(r.p95, 3)}  p99 ${ms(r.p99, 3)}`);
  console.log(`  direct undici  p50 ${ms(d.p50, 3)}  p95 ${ms(d.p95, 3)}  p99 ${ms(d.p99, 3)}`);
  const added = r.p50 - d.p50;
  console.log(
    `  added at p50 ${ms(added, 3)} (median of paired differences ${ms(percentile(pairDiff, 50), 3)}), ` +
      `at p99 ${ms(r.p99 - d.p99, 3)}; ratio p50 ${(r.p50 / d.p50).toFixed(2)}x`,
  );
  const served = await child.call<number>('calls');
  console.log(`  (the simulator answered ${served} status calls: both arms reached it)`);
  console.log(`target ≤ 1 ms added at p50: ${added <= 1 ? 'met' : 'NOT met'}`);
} finally {
  await agent.close();
  await relay.close();
  await child.stop();
}
