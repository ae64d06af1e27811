/**
 * The relay as a production install (deploy/install-relay.sh, as the Docker image does it): prints its
 * size on disk (target ≤ 40 MB: no dev dependencies, no simulator, no TypeScript runtime) and the time
 * from starting `borica-relay` to the first 200 on /healthz with real, generated credentials (mTLS
 * certificate and key files, an API key) — target ≤ 1 s.
 *
 *   pnpm --filter @borica-identify/bench install-size            # packs and installs (~2 min: better-sqlite3 compiles;
 *                                                                #   reused from the temp folder while the tarballs are the same)
 *   pnpm --filter @borica-identify/bench install-size <app dir>  # reuses an install made by the script
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generatePkiAsync, writePki } from '@borica-identify/simulator';

const root = resolve(import.meta.dirname, '..');
const RUNS = 5;
/** Installs kept between runs, in the temp folder like the fresh one (same file system for the timing). */
const CACHE = join(tmpdir(), 'borica-identify-bench-install');
const env = {
  ...process.env,
  npm_config_nodedir: process.env.npm_config_nodedir ?? '/usr',
  npm_config_build_from_source: process.env.npm_config_build_from_source ?? 'true',
};

function sh(cmd: string, args: string[], cwd: string): void {
  const r = spawnSync(cmd, args, { cwd, env, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})`);
}

function bytes(dir: string): { size: number; files: number } {
  let size = 0;
  let files = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      const s = bytes(p);
      size += s.size;
      files += s.files;
    } else if (e.isFile()) {
      size += statSync(p).size;
      files++;
    }
  }
  return { size, files };
}

const freePort = () =>
  new Promise<number>((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });

/**
 * CPU time a process has used (user + system), from /proc: on a shared machine the wall time mostly
 * says how busy the other processes are, this says what the relay itself costs.
 */
function cpuMs(pid: number): number {
  // the fields after the command name (which may hold spaces): utime and stime are the 12th and 13th
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
}

const work = mkdtempSync(join(tmpdir(), 'borica-install-'));
let app = process.argv[2] ? resolve(process.argv[2]) : '';
try {
  if (!app) {
    const tarballs = join(work, 'tarballs');
    mkdirSync(tarballs);
    const t0 = performance.now();
    for (const p of ['protocol', 'relay'])
      sh('pnpm', ['pack', '--pack-destination', tarballs], join(root, 'packages', p));
    const t1 = performance.now();
    // The same tarballs install to the same files: a later run (`pnpm bench` three times) reuses the
    // install instead of compiling better-sqlite3 again (~2 min). Only the newest install is kept.
    const hash = createHash('sha256');
    for (const f of readdirSync(tarballs).sort()) hash.update(f).update(readFileSync(join(tarballs, f)));
    const key = `install-${hash.digest('hex').slice(0, 16)}`;
    app = join(CACHE, key);
    if (existsSync(join(app, 'node_modules/.bin/borica-relay'))) {
      console.log(
        `pack (builds dist/): ${((t1 - t0) / 1000).toFixed(1)} s, npm install: reused (same tarballs)`,
      );
    } else {
      rmSync(CACHE, { recursive: true, force: true });
      mkdirSync(CACHE, { recursive: true });
      // Installed beside its final name and renamed when complete: an interrupted install is never reused.
      const partial = `${app}.partial`;
      sh('bash', [join(root, 'deploy/install-relay.sh'), tarballs, partial], work);
      renameSync(partial, app);
      console.log(
        `pack (builds dist/): ${((t1 - t0) / 1000).toFixed(1)} s, npm install: ${((performance.now() - t1) / 1000).toFixed(1)} s`,
      );
    }
  }
  const modules = join(app, 'node_modules');
  const { size, files } = bytes(modules);
  const packages =
    spawnSync('npm', ['ls', '--all', '--parseable', '--omit=dev'], { cwd: app, encoding: 'utf8' })
      .stdout.trim()
      .split('\n').length - 1;
  const mb = size / 2 ** 20;
  const disk = Number(spawnSync('du', ['-sk', modules], { encoding: 'utf8' }).stdout.split('\t')[0]) / 1024;
  console.log(
    `production install: ${mb.toFixed(1)} MB of files (${disk.toFixed(1)} MB on disk) in ${files} files, ${packages} packages (target ≤ 40 MB: ${Math.max(mb, disk) <= 40 ? 'met' : 'NOT met'})`,
  );

  const pki = await writePki(await generatePkiAsync(), join(work, 'pki'));
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const port = await freePort();
    const started = performance.now();
    const child = spawn(join(modules, '.bin/borica-relay'), [], {
      cwd: app,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        BORICA_API_URL: 'https://127.0.0.1:9/signing-api/v2',
        BORICA_IDENTIFY_URL: 'http://127.0.0.1:9',
        BORICA_RELYING_PARTY_ID: '123456789',
        BORICA_CLIENT_CERT: pki.clientCert,
        BORICA_CLIENT_KEY: pki.clientKey,
        BORICA_CA_CERT: pki.caCert,
        RELAY_PUBLIC_URL: `http://127.0.0.1:${port}`,
        RELAY_API_KEYS: randomBytes(24).toString('base64url'),
        RELAY_STORE: `sqlite:${join(work, `relay-${i}.sqlite`)}`,
        LOG_LEVEL: 'warn',
      },
    });
    const exited = new Promise((ok) => child.on('exit', ok));
    for (;;) {
      if (child.exitCode !== null) throw new Error(`borica-relay exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    times.push(performance.now() - started);
    cpu.push(cpuMs(child.pid!));
    child.kill('SIGTERM');
    await exited;
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const cpuMedian = [...cpu].sort((a, b) => a - b)[Math.floor(cpu.length / 2)]!;
  console.log(
    `start to 200 on /healthz (sqlite store, ${RUNS} runs): median ${median.toFixed(0)} ms, best ${sorted[0]!.toFixed(0)} ms, worst ${sorted.at(-1)!.toFixed(0)} ms (target ≤ 1000 ms: ${median <= 1000 ? 'met' : 'NOT met'}); CPU the relay used until then: median ${cpuMedian.toFixed(0)} ms`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
