/**
 * Configuration fuzzing: every variable given a malformed value (fast-check strings the variable's
 * own parser refuses, plus known-bad shapes) must stop start-up with problem lines that name that
 * variable, one line each, no stack trace — through `loadConfig`, through `loadOverrides`
 * (`--simulator`), and in a few real `borica-relay` processes (exit 1, nothing but those lines).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PkiFiles, writePki } from '@borica-identify/simulator';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, loadOverrides, VARIABLES } from '../../src/config/index.ts';
import { sharedPki } from '../api/helpers.ts';

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const BIN = join(import.meta.dirname, '../../bin/borica-relay.js');

let dir: string;
let files: PkiFiles;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'relay-config-fuzz-'));
  files = await writePki(await sharedPki(), dir);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A complete, valid environment (the webhook pair set, so neither half is missing when the other is fuzzed). */
function validEnv(): Record<string, string> {
  return {
    BORICA_API_URL: 'https://cqes-rpuat.b-trust.bg/signing-api/v2',
    BORICA_IDENTIFY_URL: 'https://cqes-rpuat.b-trust.bg',
    BORICA_RELYING_PARTY_ID: '123456789',
    BORICA_CLIENT_CERT: files.clientCert,
    BORICA_CLIENT_KEY: files.clientKey,
    RELAY_PUBLIC_URL: 'https://rp.example',
    RELAY_API_KEYS: 'k'.repeat(20),
    RELAY_WEBHOOK_URL: 'https://rp.example/hooks',
    RELAY_WEBHOOK_SECRET: 's'.repeat(20),
  };
}

/** Candidate values: random text, and shapes that break numbers, booleans, URLs, lists and files. */
const candidates = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
  fc.integer({ min: -1e9, max: 1e12 }).map(String),
  fc.double({ noNaN: false }).map(String),
  fc.constantFrom(
    '-1',
    '0',
    '1.5',
    '1e3',
    '0x10',
    '99999999999999999999',
    'yes please',
    'TRUE!',
    'ftp://x',
    'http://',
    'https://user:pw@x.example',
    '/nonexistent/file.pem',
    '.',
    'redis:/x',
    'sqlite:',
    'memory:extra',
    'foo,bar',
    'https://a.example,foo',
    'whsec_!!!',
    'short',
    'verbose',
    'bgx',
  ),
);

/** Whether the variable's own parser refuses `value` (blank means unset, so it is not a bad value). */
function malformed(name: string, value: string): boolean {
  const v = VARIABLES.find((x) => x.name === name)!;
  return value.trim() !== '' && !v.schema.safeParse(value).success;
}

/** Known-bad shapes, to tell which variables can be malformed at all (any text is a valid HOST). */
const PROBES = [
  '-1',
  '1.5',
  'yes please',
  'http://',
  '/nonexistent/file.pem',
  'foo,bar',
  'short',
  'x'.repeat(300),
];
const fuzzable = (names: string[]) => names.filter((name) => PROBES.some((p) => malformed(name, p)));

function expectNamed(name: string, value: string, problems: string[]) {
  const where = `${name}=${JSON.stringify(value)} → ${JSON.stringify(problems)}`;
  expect(problems.length, where).toBeGreaterThan(0);
  for (const line of problems) {
    expect(line.startsWith(`${name}: `), where).toBe(true);
    expect(line, where).not.toMatch(/\n|\s+at\s.+:\d+:\d+/);
  }
}

describe('fuzz: configuration', () => {
  it('loadConfig: a malformed value of any variable gives lines naming it, and only it', () => {
    const names = fuzzable(VARIABLES.map((v) => v.name));
    expect(names.length).toBeGreaterThanOrEqual(30);
    fc.assert(
      fc.property(
        fc
          .constantFrom(...names)
          .chain((name) =>
            candidates.filter((value) => malformed(name, value)).map((value) => ({ name, value })),
          ),
        ({ name, value }) => {
          const result = loadConfig({ ...validEnv(), [name]: value });
          expect(result.ok).toBe(false);
          if (!result.ok) expectNamed(name, value, result.problems);
        },
      ),
      { numRuns: 400, ...(SEED !== undefined && { seed: SEED }) },
    );
  }, 60_000);

  it('loadOverrides (--simulator): the same for every variable it reads', () => {
    const names = fuzzable(VARIABLES.filter((v) => v.simulator).map((v) => v.name));
    fc.assert(
      fc.property(
        fc
          .constantFrom(...names)
          .chain((name) =>
            candidates.filter((value) => malformed(name, value)).map((value) => ({ name, value })),
          ),
        ({ name, value }) => {
          const env: Record<string, string> = {
            RELAY_WEBHOOK_URL: 'https://rp.example/hooks',
            RELAY_WEBHOOK_SECRET: 's'.repeat(20),
            [name]: value,
          };
          const result = loadOverrides(env);
          expect(result.ok).toBe(false);
          if (!result.ok) expectNamed(name, value, result.problems);
        },
      ),
      { numRuns: 200, ...(SEED !== undefined && { seed: SEED }) },
    );
  }, 60_000);

  it('the limits: out of range or contradicting each other → one line naming the variable', () => {
    const limits = VARIABLES.filter((v) => v.group === 'Limits');
    expect(limits.length).toBeGreaterThanOrEqual(10);
    for (const v of limits) {
      for (const value of ['-1', 'many', '1.5', '99999999999']) {
        const r = loadConfig({ ...validEnv(), [v.name]: value });
        expect(r.ok, `${v.name}=${value}`).toBe(false);
        if (!r.ok) expect(r.problems).toEqual([expect.stringMatching(new RegExp(`^${v.name}: "`))]);
      }
    }
    const crossed = loadConfig({
      ...validEnv(),
      RELAY_HEADERS_TIMEOUT_MS: '20000',
      RELAY_REQUEST_TIMEOUT_MS: '5000',
    });
    expect(crossed).toEqual({
      ok: false,
      problems: ['RELAY_REQUEST_TIMEOUT_MS: must not be smaller than RELAY_HEADERS_TIMEOUT_MS'],
    });
    const ok = loadConfig({ ...validEnv(), RELAY_SSE_PER_IP: '7', RELAY_MAX_CONNECTIONS: '50' });
    expect(ok.ok && ok.config.limits).toMatchObject({ ssePerIp: 7, maxConnections: 50, ssePerSession: 5 });
  });

  function run(args: string[], env: Record<string, string>) {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
      child.on('exit', (code) => resolve({ code, stdout, stderr })),
    );
  }

  it('real processes: exit 1, only the lines naming the variable, no stack trace', async () => {
    const cases: [string[], Record<string, string>, string][] = [
      [[], { ...validEnv(), RELAY_SSE_PER_IP: 'lots' }, 'RELAY_SSE_PER_IP'],
      [['--simulator'], { RELAY_MAX_CONNECTIONS: '0' }, 'RELAY_MAX_CONNECTIONS'],
      [
        ['--simulator'],
        { RELAY_REQUEST_TIMEOUT_MS: '1000', RELAY_HEADERS_TIMEOUT_MS: '9000' },
        'RELAY_REQUEST_TIMEOUT_MS',
      ],
    ];
    const results = await Promise.all(cases.map(([args, env]) => run(args, env)));
    results.forEach((r, i) => {
      const name = cases[i]![2];
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines, r.stderr).toEqual([expect.stringMatching(new RegExp(`^borica-relay: ${name}: `))]);
    });
  }, 60_000);
});
