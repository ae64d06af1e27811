/** The `borica-relay` command as an operator runs it (a real process). */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/borica-relay.js');

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

const children: ChildProcess[] = [];
const dir = mkdtempSync(join(tmpdir(), 'relay-cli-'));
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('borica-relay CLI', () => {
  it.concurrent('--help lists every variable and exits 0', async () => {
    const p = run(['--help']);
    expect(await p.exited).toBe(0);
    for (const name of [
      'BORICA_API_URL',
      'BORICA_CLIENT_PFX',
      'RELAY_PUBLIC_URL',
      'RELAY_API_KEYS',
      'RELAY_STORE',
      'PORT',
    ]) {
      expect(p.out()).toContain(name);
    }
  }, 20_000);

  it.concurrent('bad configuration: one line per problem, exit 1, no stack trace', async () => {
    const p = run([], {
      BORICA_API_URL: 'not a url',
      BORICA_IDENTIFY_URL: 'https://idp.example',
      BORICA_RELYING_PARTY_ID: '1',
      BORICA_CLIENT_CERT: '/nonexistent/client.pem',
      BORICA_CLIENT_KEY: '/nonexistent/client-key.pem',
      RELAY_PUBLIC_URL: 'https://rp.example',
      RELAY_API_KEYS: 'tooshort',
      RELAY_ALLOWED_ORIGINS: 'foo',
    });
    expect(await p.exited).toBe(1);
    expect(p.err().trim().split('\n')).toEqual([
      'borica-relay: BORICA_API_URL: "not a url" is not an http(s) URL',
      'borica-relay: BORICA_CLIENT_CERT: file /nonexistent/client.pem not found',
      'borica-relay: BORICA_CLIENT_KEY: file /nonexistent/client-key.pem not found',
      'borica-relay: RELAY_API_KEYS: key #1 is shorter than 16 characters',
      'borica-relay: RELAY_ALLOWED_ORIGINS: "foo" is not an origin (scheme://host[:port])',
    ]);
    expect(p.err()).not.toMatch(/\n\s+at /);
    expect(p.err()).not.toContain('tooshort');
  }, 20_000);

  it.concurrent('rejects unknown options', async () => {
    const p = run(['--frobnicate']);
    expect(await p.exited).toBe(1);
    expect(p.err()).toBe('borica-relay: unknown option --frobnicate (see --help)\n');
  }, 20_000);

  it('--simulator starts with no variables, serves, and exits 0 on SIGTERM after ending SSE streams', async () => {
    const p = run(['--simulator'], {
      PORT: '0',
      RELAY_STORE: `sqlite:${join(dir, 'sim.sqlite')}`,
      LOG_LEVEL: 'warn',
    });
    children.push(p.child);
    for (let i = 0; i < 300 && !/API key .*\n/.test(p.out()); i++)
      await new Promise((r) => setTimeout(r, 100));
    const url = /listening on (http:\/\/\S+)/.exec(p.out())?.[1];
    const apiKey = /API key \(server API, shown once\):\s+(\S+)/.exec(p.out())?.[1];
    expect(url, p.out() + p.err()).toBeDefined();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    const created = await fetch(`${url}/v1/identifications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'web', reason: 'CLI test' }),
    });
    expect(created.status).toBe(201);
    const { id, clientToken } = (await created.json()) as { id: string; clientToken: string };
    const stream = await fetch(`${url}/v1/client/sessions/${id}/events?token=${clientToken}`);
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const body = stream.text();

    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    const text = await body;
    expect(text).toMatch(/^retry: \d+\n\nid: 1\nevent: status\n/);
    expect(text).toMatch(/retry: \d+\n\n$/);
  }, 40_000);
});
