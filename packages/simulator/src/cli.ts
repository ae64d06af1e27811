/** `borica-simulator`: runs the simulator alone for a human, a demo or a relay under development. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const HELP = `borica-simulator — a stand-in for BORICA's B-Trust Signing API v2 (mutual TLS) and its customer pages

Usage: borica-simulator [options]

  --api-port <n>            Signing API port (HTTPS, mutual TLS)        default 9443 (0 = random)
  --pages-port <n>          customer pages + /__sim control (HTTP)     default 9080 (0 = random)
  --host <addr>             listen address                             default 127.0.0.1
  --relying-party-id <id>   the relyingPartyID header it accepts       default 123456789
  --pki-dir <dir>           write ca.pem, client.pem, client-key.pem, client.p12 and
                            client.p12.passphrase there                default: a new temporary folder
  --processing-ms <n>       provider's internal steps before a callback default 1500
  --mobile-onboarding-ms <n> B-Trust MOBILE ON_BOARDING phase           default 3000
  --mobile-auto-finish-ms <n> approve B-Trust MOBILE requests by themselves after n ms
                            (default: wait for the /mobile page)
  --dialect <k=v,...>       read the guide's ambiguous points another way, e.g.
                            resultSessionId=registrationSessionId,callbacks=none
                            (knobs and values: README "Dialects"; default: today's readings)
  --quiet                   no request log
  --help                    this text

The certificates are generated at every start and never leave the PKI folder.`;

function fail(message: string): never {
  process.stderr.write(`borica-simulator: ${message}\nTry --help.\n`);
  process.exit(2);
}

function port(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) > 65535)
    fail(`--${name} must be a port number (0-65535), got "${value}"`);
  return Number(value);
}

function ms(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) fail(`--${name} must be a whole number of milliseconds, got "${value}"`);
  return Number(value);
}

async function main(): Promise<void> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch (err) {
    fail((err as Error).message);
  }
  const v = args.values;
  if (v.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const relyingPartyId = v['relying-party-id'] ?? '123456789';
  if (!/^[\w.-]{1,64}$/.test(relyingPartyId))
    fail('--relying-party-id must be 1-64 letters, digits, ".", "_" or "-"');
  const autoFinish = ms('mobile-auto-finish-ms', v['mobile-auto-finish-ms']);
  const apiPort = port('api-port', v['api-port'], 9443);
  const pagesPort = port('pages-port', v['pages-port'], 9080);
  const processingMs = ms('processing-ms', v['processing-ms']);
  const mobileOnboardingMs = ms('mobile-onboarding-ms', v['mobile-onboarding-ms']);
  const { parseDialectFlag } = await import('./dialect.ts');
  let dialect: ReturnType<typeof parseDialectFlag> = {};
  try {
    dialect = parseDialectFlag(v.dialect ?? '');
  } catch (err) {
    fail(`--dialect: ${(err as Error).message}`);
  }
  // Loaded only now, so --help and bad flags answer at once.
  const [{ generatePkiAsync }, { writePki }, { startSimulator }] = await Promise.all([
    import('./pki/generate.ts'),
    import('./pki/write.ts'),
    import('./simulator.ts'),
  ]);
  const pki = await generatePkiAsync();
  const dir = v['pki-dir'] ?? (await mkdtemp(join(tmpdir(), 'borica-simulator-pki-')));
  const files = await writePki(pki, dir);
  const quiet = v.quiet === true;
  const sim = await startSimulator({
    host: v.host ?? '127.0.0.1',
    apiPort,
    pagesPort,
    relyingPartyId,
    pki,
    dialect,
    timing: {
      processingMs,
      mobileOnboardingMs,
      ...(autoFinish === undefined ? {} : { mobileAutoFinishMs: autoFinish }),
    },
    log: quiet ? undefined : (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
  }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'EADDRINUSE')
      fail(`a port is already in use (${err.message}); choose another with --api-port/--pages-port`);
    throw err;
  });

  process.stdout.write(
    [
      'BORICA simulator running',
      `  Signing API (mTLS):   ${sim.apiUrl}`,
      `  relyingPartyID:       ${sim.relyingPartyId}`,
      `  Customer pages:       ${sim.pagesUrl}/   (phone: ${sim.pagesUrl}/mobile, agent: ${sim.pagesUrl}/agent)`,
      `  Dialect:              ${JSON.stringify(sim.control.dialect())}`,
      `  PKI files:            ${dir}`,
      `    BORICA_CA_CERT=${files.caCert}`,
      `    BORICA_CLIENT_CERT=${files.clientCert}`,
      `    BORICA_CLIENT_KEY=${files.clientKey}`,
      `    BORICA_CLIENT_PFX=${files.clientPfx}  (passphrase in ${files.clientPfxPassphrase})`,
      `    BORICA_API_URL=${sim.apiUrl}`,
      `    BORICA_IDENTIFY_URL=${sim.pagesUrl}`,
      'Ctrl-C stops it.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: closing\n`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

function parse() {
  // `pnpm start -- --flag` passes the `--` through.
  const argv = process.argv.slice(2);
  return parseArgs({
    args: argv[0] === '--' ? argv.slice(1) : argv,
    options: {
      'api-port': { type: 'string' },
      'pages-port': { type: 'string' },
      host: { type: 'string' },
      'relying-party-id': { type: 'string' },
      'pki-dir': { type: 'string' },
      'processing-ms': { type: 'string' },
      'mobile-onboarding-ms': { type: 'string' },
      'mobile-auto-finish-ms': { type: 'string' },
      dialect: { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
}

main().catch((err: Error) => {
  process.stderr.write(`borica-simulator: ${err.message}\n`);
  process.exit(1);
});
