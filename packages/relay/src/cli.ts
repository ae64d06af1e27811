/**
 * `borica-relay`: configuration from the environment (or `--simulator`), then `startRelay`. Every
 * start-up problem is one line on stderr and exit code 1 — never a stack trace.
 */
import { HELP_TEXT, loadConfig, loadOverrides, type RelayConfig } from './config/index.ts';
import { createLogger } from './log/index.ts';
import type { RunningRelay } from './server.ts';

function fail(lines: string[]): never {
  for (const line of lines) process.stderr.write(`borica-relay: ${line}\n`);
  process.exit(1);
}

/** The simulator is an optional peer dependency: a production install has no use for it. */
async function loadSimulator(): Promise<typeof import('@borica-identify/simulator')> {
  try {
    return await import('@borica-identify/simulator');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e?.code === 'ERR_MODULE_NOT_FOUND' && e.message.includes("'@borica-identify/simulator'"))
      fail([
        '--simulator needs @borica-identify/simulator beside the relay: npm install @borica-identify/simulator',
      ]);
    throw err;
  }
}

async function main(argv: string[]): Promise<void> {
  const args = new Set(argv);
  if (args.has('--help') || args.has('-h')) {
    process.stdout.write(HELP_TEXT);
    return;
  }
  const unknown = [...args].filter((a) => a !== '--simulator');
  if (unknown.length) fail([`unknown option ${unknown[0]} (see --help)`]);

  // Loaded only now: --help and configuration errors answer without loading the server.
  const { startRelay } = await import('./server.ts');
  let relay: RunningRelay;
  let closeSimulator: (() => Promise<void>) | undefined;
  if (args.has('--simulator')) {
    const overrides = loadOverrides(process.env);
    if (!overrides.ok) fail(overrides.problems);
    const { host = '127.0.0.1', port = 8787, ...rest } = overrides.overrides;
    const log = createLogger({ level: rest.logLevel ?? 'info' });
    const { startSimulator } = await loadSimulator();
    const simulator = await startSimulator({
      host,
      log: (line) => log.debug({ component: 'simulator' }, line),
    });
    closeSimulator = () => simulator.close();
    const config: Partial<RelayConfig> = {
      // Unlike startRelay's test default (memory:), a simulator run keeps its data like a real relay.
      store: 'sqlite:./.data/relay-simulator.sqlite',
      ...rest,
      host,
    };
    relay = await startRelay({ simulator, config, port, log });
    process.stdout.write(
      [
        '',
        `  borica-relay (simulator) listening on ${relay.url}`,
        `  API key (server API, shown once):  ${relay.apiKey}`,
        `  BORICA simulator API:              ${simulator.apiUrl}`,
        `  BORICA simulator pages:            ${simulator.pagesUrl}`,
        `  OpenAPI:                           ${relay.url}/openapi.json`,
        `  allowed origins:                   ${relay.deps.config.allowedOrigins.join(', ')}`,
        '',
      ].join('\n'),
    );
  } else {
    const loaded = loadConfig(process.env);
    if (!loaded.ok) fail(loaded.problems);
    const log = createLogger({ level: loaded.config.logLevel });
    relay = await startRelay({ config: loaded.config, port: loaded.config.port, log });
    log.info({ url: relay.url, store: loaded.config.store.split(':')[0] }, 'borica-relay listening');
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.stderr.write(`borica-relay: ${signal} again, exiting now\n`);
      process.exit(1);
    }
    stopping = true;
    relay.deps.log.info({ signal }, 'shutting down');
    const exit = (code: number) => relay.deps.log.flush(() => process.exit(code));
    void relay
      .close()
      .then(() => closeSimulator?.())
      .then(
        () => {
          relay.deps.log.info('stopped');
          exit(0);
        },
        (err: unknown) => {
          relay.deps.log.error({ err }, 'shutdown failed');
          exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  // Start-up failures (port in use, unreadable store file): one line, no stack.
  const e = err as NodeJS.ErrnoException;
  const message =
    e?.code === 'EADDRINUSE'
      ? 'HOST/PORT: the address is already in use'
      : e?.code === 'EACCES'
        ? 'HOST/PORT: permission denied for this address'
        : (e?.message ?? String(err));
  fail([message]);
});
