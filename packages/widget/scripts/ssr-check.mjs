#!/usr/bin/env node
// Importing the package on a server (SSR of a host page) must not crash: the "node" condition serves
// ssr.js, and the source itself (Lit's node build) imports without a window. With --record, adds the
// check to test-results/summary.json.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

let ok = true;
try {
  const m = await import('@borica-identify/widget');
  ok = typeof m.whenDone === 'function' && typeof m.BoricaIdentify === 'function';
  console.log(`ssr import: ok (${Object.keys(m).join(', ')})`);
} catch (e) {
  ok = false;
  console.error(`ssr import failed: ${e.message}`);
}
// the source, as an SSR framework bundling it for the server would evaluate it
const src = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--input-type=module', '-e', "await import('./src/index.ts')"],
  { cwd: new URL('..', import.meta.url), encoding: 'utf8' },
);
if (src.status === 0) console.log('ssr import of the source: ok');
else {
  ok = false;
  console.error(`ssr import of the source failed: ${src.stderr.split('\n').slice(0, 5).join('\n')}`);
}

if (process.argv.includes('--record')) {
  const file = new URL('../test-results/summary.json', import.meta.url);
  const sum = existsSync(file)
    ? JSON.parse(readFileSync(file, 'utf8'))
    : { passed: 0, failed: 0, skipped: 0 };
  sum[ok ? 'passed' : 'failed']++;
  writeFileSync(file, JSON.stringify(sum));
}
process.exit(ok ? 0 : 1);
