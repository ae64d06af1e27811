/**
 * Builds the widget bundle when it is missing or older than its sources, so the tests never drive a
 * stale widget. The build is the widget package's own (`vite build`).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatePkiAsync } from '@borica-identify/simulator';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The simulator's PKI as JSON (clientPfx in base64), generated once for every stack of the run. */
    pki: string;
  }
}

const root = fileURLToPath(new URL('../../../', import.meta.url));

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export default async function setup(project: TestProject): Promise<void> {
  const pki = await generatePkiAsync();
  project.provide('pki', JSON.stringify({ ...pki, clientPfx: pki.clientPfx.toString('base64') }));
  buildWidget();
}

function buildWidget(): void {
  const bundle = join(root, 'packages/widget/dist/borica-identify.js');
  let built = 0;
  try {
    built = statSync(bundle).mtimeMs;
  } catch {}
  const sources = Math.max(
    newest(join(root, 'packages/widget/src')),
    newest(join(root, 'packages/protocol/src')),
  );
  if (built >= sources) return;
  const r = spawnSync('pnpm', ['--filter', '@borica-identify/widget', 'build'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`widget build failed:\n${r.stdout}\n${r.stderr}`);
}
