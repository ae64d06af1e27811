/**
 * The packages as npm users get them. Packs every package (prepack builds dist/), lints the tarballs
 * (publint, arethetypeswrong), installs the relay for production with the Docker image's own script
 * (deploy/install-relay.sh) into an empty folder outside the workspace, then adds the simulator, the
 * widget and Lit there with npm (real copies, no links) and uses them as a relying party would.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderBytes, json, must, run, start, waitFor } from './support.ts';

const root = resolve(import.meta.dirname, '../..');
const bin = (name: string) => join(root, 'test/node_modules/.bin', name);
const PACKAGES = ['protocol', 'simulator', 'relay', 'widget'];
// better-sqlite3 compiles against this machine's Node headers (scripts/setup does the same).
// Without vitest's NODE_ENV=test: builds and installs run as a person's shell runs them.
const { NODE_ENV: _, ...shell } = process.env;
const env = {
  ...shell,
  npm_config_nodedir: process.env.npm_config_nodedir ?? '/usr',
  npm_config_build_from_source: process.env.npm_config_build_from_source ?? 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
};

const work = mkdtempSync(join(tmpdir(), 'borica-packaging-'));
const tarballs = join(work, 'tarballs');
const app = join(work, 'app');
const relayBin = join(app, 'node_modules/.bin/borica-relay');
const arrayBuffer = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
const tarball = (name: string) => join(tarballs, readdirSync(tarballs).find((f) => f.includes(`-${name}-`))!);

afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(async () => {
  mkdirSync(tarballs);
  // Two at a time: each prepack is a TypeScript (and for the widget, Vite) build on a 2-core machine.
  const pack = (p: string) =>
    must('pnpm', ['pack', '--pack-destination', tarballs], { cwd: join(root, 'packages', p), env });
  await Promise.all([pack('protocol'), pack('simulator')]);
  await Promise.all([pack('relay'), pack('widget')]);
});
beforeAll(async () => {
  await must('bash', [join(root, 'deploy/install-relay.sh'), tarballs, app], { cwd: work, env });
});

describe('packed packages', () => {
  it.each(PACKAGES)('%s: publint finds nothing', async (name) => {
    const { messages, pkg } = await publint({
      pack: { tarball: arrayBuffer(readFileSync(tarball(name))) },
      strict: true,
    });
    expect(messages.map((m) => formatMessage(m, pkg))).toEqual([]);
  });

  it.each(PACKAGES)('%s: arethetypeswrong finds nothing (ESM only)', async (name) => {
    const r = await run(bin('attw'), [tarball(name), '--profile', 'esm-only', '--format', 'ascii'], {
      cwd: work,
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it.each(PACKAGES)('%s: ships built JavaScript, no TypeScript source', async (name) => {
    const r = await must('tar', ['tzf', tarball(name)], { cwd: work });
    const files = r.stdout.trim().split('\n');
    expect(files.filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.some((f) => f.startsWith('package/dist/') && f.endsWith('.js'))).toBe(true);
    expect(files.some((f) => f.startsWith('package/dist/') && f.endsWith('.d.ts'))).toBe(true);
  });
});

describe('the relay installed for production (deploy/install-relay.sh)', () => {
  it('has no dev dependency, no TypeScript runtime, no simulator, and stays under 40 MB', () => {
    const modules = join(app, 'node_modules');
    const top = readdirSync(modules);
    expect(readdirSync(join(modules, '@borica-identify')).sort()).toEqual(['protocol', 'relay']);
    for (const absent of ['tsx', 'typescript', 'esbuild', 'vitest', 'pdf-lib', 'node-forge'])
      expect(top).not.toContain(absent);
    expect(folderBytes(modules) / 2 ** 20).toBeLessThanOrEqual(40);
  });

  it('borica-relay --help runs on plain node and lists the variables', async () => {
    const r = await run(relayBin, ['--help'], { cwd: app });
    expect(r.code).toBe(0);
    for (const v of ['BORICA_API_URL', 'RELAY_API_KEYS', 'RELAY_STORE']) expect(r.stdout).toContain(v);
  });

  it('borica-relay --simulator without the simulator says in one line how to install it', async () => {
    const r = await run(relayBin, ['--simulator'], { cwd: app });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringContaining('npm install @borica-identify/simulator'),
    ]);
  });
});

describe('with the simulator, the widget and Lit installed beside it', () => {
  beforeAll(async () => {
    await must('npm', ['install', '--loglevel=error', tarball('simulator'), tarball('widget'), 'lit@^3'], {
      cwd: app,
      env,
    });
  });

  it('borica-relay --simulator completes a web identification through the server and client APIs', async () => {
    const relay = start(relayBin, ['--simulator'], {
      cwd: app,
      env: { ...env, PORT: '0', HOST: '127.0.0.1' },
    });
    try {
      const out = await waitFor(
        () => (/BORICA simulator pages:/.test(relay.output()) ? relay.output() : undefined),
        'the relay to print its addresses',
      );
      const url = /listening on (\S+)/.exec(out)![1]!;
      const apiKey = /API key[^:]*:\s+(\S+)/.exec(out)![1]!;
      const pages = /BORICA simulator pages:\s+(\S+)/.exec(out)![1]!;

      const created = await json(`${url}/v1/identifications`, {
        method: 'POST',
        token: apiKey,
        body: { method: 'web', reason: 'Account opening' },
      });
      expect(created.status).toBe(201);
      const { id, clientToken } = created.body;
      const started = await json(`${url}/v1/client/sessions/${id}/start`, {
        method: 'POST',
        token: clientToken,
        body: { consent: true },
      });
      expect(started.status).toBe(200);
      const redirectUrl: string = started.body.redirectUrl;
      expect(redirectUrl.startsWith(`${pages}/session/`)).toBe(true);
      // The customer at BORICA: the page opens, then the simulator's control API plays their success.
      expect((await fetch(redirectUrl)).status).toBe(200);
      const customerSession = decodeURIComponent(redirectUrl.split('/session/')[1]!);
      const done = await json(`${pages}/__sim/identification/${encodeURIComponent(customerSession)}`, {
        method: 'POST',
        body: { outcome: 'success' },
      });
      expect(done.status).toBe(200);

      const view = await waitFor(async () => {
        const r = await json(`${url}/v1/identifications/${id}`, { token: apiKey });
        return r.body.status === 'completed' ? r.body : undefined;
      }, 'the identification to complete');
      expect(view.result.clientIdentificator).toMatch(/^[0-9a-f]{64}$/);
      const cert = await fetch(`${url}/v1/identifications/${id}/certificate`, {
        headers: { authorization: `Bearer ${apiKey}` },
      });
      expect(cert.headers.get('content-type')).toBe('application/pdf');
      expect((await json(`${url}/v1/client/sessions/${id}`, { token: clientToken })).body.status).toBe(
        'completed',
      );
    } finally {
      relay.child.kill('SIGTERM');
    }
    expect(await relay.exited).toBe(0);
  });

  it("a TypeScript consumer type-checks against the widget's event types and the relay's verifyWebhook", async () => {
    writeFileSync(
      join(app, 'consumer.ts'),
      `import type { BoricaEventMap } from '@borica-identify/widget';
import { verifyWebhook } from '@borica-identify/relay';

export function onComplete(e: BoricaEventMap['borica-complete']): string {
  return \`\${e.detail.kind} \${e.detail.id}\`;
}
// @ts-expect-error: the types are real (not any): a completed session's detail has no 'nope'
export const wrong = (e: BoricaEventMap['borica-complete']) => e.detail.nope;

export function check(secret: string, headers: Headers, body: string): string {
  const r = verifyWebhook(secret, headers, body);
  return r.ok ? r.id : 'refused';
}
`,
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2023', 'DOM'],
          strict: true,
          noEmit: true,
          // every published .d.ts is checked, not only the consumer's file
          skipLibCheck: false,
          types: ['node'],
          typeRoots: [join(root, 'node_modules/@types')],
        },
        files: ['consumer.ts'],
      }),
    );
    const r = await run(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], { cwd: app });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('a Vite app importing the widget beside its own Lit element ships one copy of Lit', async () => {
    const web = join(app, 'web');
    mkdirSync(web, { recursive: true });
    writeFileSync(
      join(web, 'index.html'),
      '<script type="module" src="./main.ts"></script>\n<my-greeting></my-greeting>\n',
    );
    writeFileSync(
      join(web, 'main.ts'),
      `import '@borica-identify/widget';
import { LitElement, html } from 'lit';

class MyGreeting extends LitElement {
  render() {
    return html\`<p>Hello</p>\`;
  }
}
customElements.define('my-greeting', MyGreeting);
`,
    );
    const outDir = join(web, 'dist');
    await build({
      root: web,
      configFile: false,
      logLevel: 'warn',
      mode: 'production',
      // a production build, as the app's own `vite build` makes it (vitest has set NODE_ENV=test)
      resolve: { conditions: ['module', 'browser', 'production'] },
      build: { outDir, emptyOutDir: true },
    });
    const js = readdirSync(join(outDir, 'assets'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(outDir, 'assets', f), 'utf8'))
      .join('\n');
    expect(js).toContain('borica-identify');
    expect(js).toContain('my-greeting');
    // every copy of lit-html registers its version once: `(globalThis.litHtmlVersions ??= []).push(…)`
    expect(js.match(/litHtmlVersions\?\?=/g)).toHaveLength(1);
  });

  it('the standalone bundle carries its own Lit, for a plain <script type="module">', () => {
    const standalone = readFileSync(
      join(app, 'node_modules/@borica-identify/widget/dist/borica-identify.js'),
      'utf8',
    );
    expect(standalone.match(/litHtmlVersions\?\?=/g)).toHaveLength(1);
    expect(standalone).not.toMatch(/from\s*["']lit["']/);
  });
});
