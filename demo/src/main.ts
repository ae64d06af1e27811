/**
 * `pnpm --filter @borica-identify/demo start`: the simulator, the relay and Vitosha Bank's site on
 * 127.0.0.1, no credentials, no network. Ctrl-C stops everything.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type Demo, startDemo, widgetBuilt } from './index.ts';

const HOST = '127.0.0.1';
const PORTS = [
  { env: 'DEMO_PORT', fallback: 3000, what: "the bank's demo site" },
  { env: 'RELAY_PORT', fallback: 8787, what: 'the relay' },
  { env: 'SIMULATOR_PAGES_PORT', fallback: 8790, what: "the simulator's customer pages" },
  { env: 'SIMULATOR_API_PORT', fallback: 8791, what: "the simulator's Signing API" },
] as const;

function fail(lines: string[]): never {
  for (const line of lines) console.error(line);
  process.exit(1);
}

function portFromEnv(env: string, fallback: number): number {
  const raw = process.env[env];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    fail([`${env}: "${raw}" is not a port number (1-65535).`]);
  return port;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, HOST, () => srv.close(() => resolve(true)));
  });
}

const ports = PORTS.map((p) => ({ ...p, port: portFromEnv(p.env, p.fallback) }));
const taken: string[] = [];
for (const p of ports) {
  if (!(await isFree(p.port))) {
    taken.push(
      `Port ${p.port} (${p.what}) is already in use. Stop what uses it, or pick another: ${p.env}=<port>.`,
    );
  }
}
if (new Set(ports.map((p) => p.port)).size !== ports.length)
  taken.push('Two services were given the same port.');
if (taken.length) fail(taken);

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
if (!widgetBuilt()) {
  console.log('Building the widget (first run only)…');
  const build = spawnSync('pnpm', ['--filter', '@borica-identify/widget', 'build'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (build.status !== 0 || !widgetBuilt())
    fail(['The widget did not build: run `pnpm --filter @borica-identify/widget build` to see why.']);
}

const [site, relay, pages, api] = ports.map((p) => p.port) as [number, number, number, number];
let demo: Demo;
try {
  demo = await startDemo({
    host: HOST,
    port: site,
    relayPort: relay,
    simulatorPagesPort: pages,
    simulatorApiPort: api,
    dataDir: fileURLToPath(new URL('../.data/', import.meta.url)),
    relayConfig: {
      logLevel: process.env.LOG_LEVEL ?? 'warn',
      // a person should not wait long for a cancel to show: BORICA sends no callback for it
      poll: { initialMs: 1000, maxMs: 5000, factor: 1.5 },
    },
    log: process.env.DEMO_VERBOSE ? (line) => console.log(line) : undefined,
  });
} catch (e) {
  const err = e as NodeJS.ErrnoException;
  fail([`The demo did not start: ${err.code === 'EADDRINUSE' ? 'a port was taken meanwhile' : err.message}`]);
}

console.log(`
  Vitosha Bank (borica-identify demo) is running.

  Open          ${demo.url}
  Relay         ${demo.relayUrl}
  BORICA (sim)  ${demo.simulator.pagesUrl}   agent review: ${demo.simulator.pagesUrl}/agent   phone: ${demo.simulator.pagesUrl}/mobile

  Everything runs on this machine; BORICA is simulated. Ctrl-C stops it.
`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) {
    console.log('Forced exit.');
    process.exit(1);
  }
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  const timer = setTimeout(() => {
    console.error('Still stopping after 10 s; exiting anyway.');
    process.exit(1);
  }, 10_000);
  timer.unref();
  await demo.close();
  console.log('Stopped.');
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
