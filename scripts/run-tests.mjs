// Runs every suite in turn, streams their output, and ends with one line `N passed, N failed`
// covering the whole run (CI reads that line). A suite that crashes without a report counts as failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'test-results');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const only = process.argv.slice(2); // e.g. `scripts/test relay widget`
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, {
    cwd,
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  return r.status ?? 1;
}

/** A check without its own test count (lint, types): one pass or one failure. */
function check(name, cmd, args, cwd = root) {
  if (only.length && !only.includes(name)) return;
  console.log(`\n=== ${name} ===`);
  const code = run(cmd, args, cwd);
  record(name, code === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 });
}

function vitest(name, dir, extra = []) {
  if (only.length && !only.includes(name)) return;
  console.log(`\n=== ${name} (vitest) ===`);
  const report = join(out, `${name}.json`);
  const code = run(
    'pnpm',
    [
      'exec',
      'vitest',
      'run',
      ...extra,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
    ],
    join(root, dir),
  );
  let counts = { passed: 0, failed: 0, skipped: 0 };
  if (existsSync(report)) {
    const j = JSON.parse(readFileSync(report, 'utf8'));
    counts = {
      passed: j.numPassedTests,
      failed: j.numFailedTests,
      skipped: j.numPendingTests + j.numTodoTests,
    };
    // Files that failed to load have no tests but must still fail the run.
    const broken = (j.testResults ?? []).filter(
      (f) => f.status === 'failed' && f.assertionResults.length === 0,
    );
    counts.failed += broken.length;
  }
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  record(name, counts);
}

function summaryFile(name, cmd, args, file, cwd = root) {
  if (only.length && !only.includes(name)) return;
  console.log(`\n=== ${name} ===`);
  rmSync(file, { force: true });
  const code = run(cmd, args, cwd);
  let counts = { passed: 0, failed: 0, skipped: 0 };
  if (existsSync(file)) counts = { skipped: 0, ...JSON.parse(readFileSync(file, 'utf8')) };
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  record(name, counts);
}

function record(name, c) {
  totals.passed += c.passed;
  totals.failed += c.failed;
  totals.skipped += c.skipped;
  lines.push(
    `${name.padEnd(16)} ${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''}`,
  );
}

check('lint', 'pnpm', ['exec', 'biome', 'check', '--diagnostic-level=error', '.']);
for (const p of ['protocol', 'simulator', 'relay', 'widget']) {
  check(`types:${p}`, 'pnpm', ['exec', 'tsc', '-p', `packages/${p}`]);
}
vitest('protocol', 'packages/protocol');
vitest('simulator', 'packages/simulator');
vitest('relay', 'packages/relay');
summaryFile(
  'widget',
  'pnpm',
  ['--filter', '@borica-identify/widget', 'test'],
  join(root, 'packages/widget/test-results/summary.json'),
);
vitest('e2e', 'test');
// packs every package, installs the tarballs with npm outside the workspace and uses them (test/packaging)
vitest('packaging', 'test', ['--config', 'vitest.packaging.config.ts']);

console.log('\n=== summary ===');
for (const l of lines) console.log(l);
const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(`${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(totals.failed > 0 ? 1 : 0);
