/**
 * Child process for `sse-memory`: either the relay (with its in-process simulator, memory store) or
 * a bare `node:http` SSE server writing the same bytes (retry line, one status event, one shared
 * heartbeat timer). The parent opens the streams; this process only serves and reports memory.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startRelay } from '@borica-identify/relay';
import { startSimulator } from '@borica-identify/simulator';
import { serveParent, settledMemory } from '../lib/child.ts';
import { heapTypes } from '../lib/heap-types.ts';
import { trackStalls } from '../lib/loop.ts';

const mode = process.argv[2];
const stalls = trackStalls();

if (mode === 'relay') {
  const sim = await startSimulator({ timing: { processingMs: 0 } });
  // Every bench client is 127.0.0.1: the per-IP stream cap (100 by default) would refuse the 101st.
  const relay = await startRelay({
    simulator: sim,
    config: { logLevel: 'silent', limits: { ssePerIp: 1_000_000 } },
  });
  serveParent(
    { url: relay.url, apiKey: relay.apiKey },
    {
      mem: () => ({ ...settledMemory(), streams: relay.deps.sse.size }),
      stalls: () => stalls.take(),
      heapTypes,
    },
  );
  process.on('SIGTERM', async () => {
    await relay.close();
    await sim.close();
    process.exit(0);
  });
} else if (mode === 'bare') {
  // The relay's framing, written by hand: what any SSE endpoint must at least cost.
  const HEADERS = {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
    connection: 'keep-alive',
  };
  const streams = new Set<http.ServerResponse>();
  const heartbeat = setInterval(() => {
    for (const res of streams) res.write(': hb\n\n');
  }, 15_000);
  heartbeat.unref();
  let seq = 0;
  const server = http.createServer((req, res) => {
    const m = /^\/v1\/client\/sessions\/([^/?]+)\/events/.exec(req.url ?? '');
    if (req.method !== 'GET' || !m) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, HEADERS);
    res.write('retry: 3000\n\n');
    const data = {
      id: m[1],
      kind: 'identification',
      status: 'created',
      provider: {},
      at: new Date().toISOString(),
    };
    res.write(`id: ${++seq}\nevent: status\ndata: ${JSON.stringify(data)}\n\n`);
    streams.add(res);
    res.on('close', () => streams.delete(res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  serveParent(
    { url: `http://127.0.0.1:${port}`, apiKey: '' },
    { mem: () => ({ ...settledMemory(), streams: streams.size }), stalls: () => stalls.take(), heapTypes },
  );
  process.on('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
} else {
  console.error('usage: sse-server.ts relay|bare');
  process.exit(2);
}
