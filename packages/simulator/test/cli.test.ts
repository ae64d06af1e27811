import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/borica-simulator.js', import.meta.url));

function run(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c) => {
    out += c;
  });
  child.stderr.on('data', (c) => {
    out += c;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

describe('borica-simulator CLI', () => {
  it('prints its URLs and PKI files, serves, and closes cleanly on SIGINT', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sim-cli-'));
    const p = run([
      '--api-port',
      '0',
      '--pages-port',
      '0',
      '--pki-dir',
      dir,
      '--quiet',
      '--dialect',
      'callbacks=none,loose=true',
    ]);
    try {
      const end = Date.now() + 40_000;
      while (!p.output().includes('Ctrl-C stops it.')) {
        if (Date.now() > end) throw new Error(`no start banner: ${p.output()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const out = p.output();
      expect(out).toMatch(/Signing API \(mTLS\): +https:\/\/127\.0\.0\.1:\d+\/signing-api\/v2/);
      const pages = /Customer pages: +(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      expect(pages).toBeDefined();
      expect(out).toContain(`BORICA_CLIENT_KEY=${join(dir, 'client-key.pem')}`);
      expect(out).not.toContain('PRIVATE KEY');
      expect((await readFile(join(dir, 'ca.pem'), 'utf8')).startsWith('-----BEGIN CERTIFICATE-----')).toBe(
        true,
      );
      expect((await stat(join(dir, 'client-key.pem'))).mode & 0o077).toBe(0);
      const calls = await fetch(`${pages}/__sim/calls`);
      expect(calls.status).toBe(200);
      const dialect = await (await fetch(`${pages}/__sim/dialect`)).json();
      expect(dialect).toMatchObject({ callbacks: 'none', loose: true, envelope: 'bare' });
      p.child.kill('SIGINT');
      expect(await p.exited).toBe(0);
    } finally {
      p.child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bad flag with one clear line and exit code 2', async () => {
    const p = run(['--api-port', 'abc']);
    expect(await p.exited).toBe(2);
    expect(p.output()).toContain('--api-port must be a port number');
    const d = run(['--dialect', 'envelope=data']);
    expect(await d.exited).toBe(2);
    expect(d.output()).toContain('envelope must be bare | wrapped');
  });
});
