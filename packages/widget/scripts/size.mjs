#!/usr/bin/env node
// Size budget of the built widget: min+gzip (zlib level 9) of each file in dist/. Exits 1 over budget.
// With --record, adds the check to test-results/summary.json so the repo's test line counts it.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const dir = new URL('../dist/', import.meta.url);
const KB = 1024;
// What a customer downloads before seeing anything: the core and the texts of the language shown (the
// QR code, the mobile form and the status stream come only in the flows that use them). It was 13.57 KB;
// the texts of every relay error code, the reasons of a failure, "connection lost" and the recovery,
// popup and once-per-browser logic took it to 14.3 KB, the texts of the store's and limits' error codes to
// 14.4 KB. Each language now carries its keys itself, so the core carries no text at all (README, "Size").
const PAGE_BUDGET = 14.5 * KB;
// the core alone, Lit included
const CORE_BUDGET = 12 * KB;

const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
const gz = (f) => gzipSync(readFileSync(new URL(f, dir)), { level: 9 }).length;
const kb = (n) => `${(n / KB).toFixed(2)} KB`;
const sizes = Object.fromEntries(files.map((f) => [f, gz(f)]));
const pick = (prefix) => files.find((f) => f.startsWith(prefix));
const core = sizes['borica-identify.js'];
const langs = ['bg', 'en'].map((l) => [l, sizes[pick(`${l}-`)] ?? 0]).sort((a, b) => b[1] - a[1]);
const [largest, text] = langs[0];
const page = core + text;
const stream = sizes[pick('session-stream-')] ?? 0;

for (const f of files) console.log(`${f.padEnd(28)} ${kb(sizes[f]).padStart(9)}`);
console.log(`core (Lit included)          ${kb(core).padStart(9)}  budget ${kb(CORE_BUDGET)}`);
console.log(`core + largest language (${largest}) ${kb(page).padStart(9)}  budget ${kb(PAGE_BUDGET)}`);
console.log(`  + status stream (after consent) ${kb(page + stream).padStart(9)}`);

const ok =
  core !== undefined &&
  core <= CORE_BUDGET &&
  page <= PAGE_BUDGET &&
  langs.every(([, n]) => n > 0) &&
  stream > 0 &&
  Boolean(pick('qr-'));
// The npm build (dist/npm/, bare `lit` imports): the same budgets, for the widget's own code, since the
// app's bundler adds Lit once for every Lit element on its page.
const npmDir = new URL('npm/', dir);
const npmFiles = existsSync(npmDir) ? readdirSync(npmDir).filter((f) => f.endsWith('.js')) : [];
const npmGz = (f) => gzipSync(readFileSync(new URL(f, npmDir)), { level: 9 }).length;
const npmCore = npmFiles.includes('index.js') ? npmGz('index.js') : undefined;
const npmLang = Math.max(0, ...npmFiles.filter((f) => /^(bg|en)-/.test(f)).map(npmGz));
console.log(`npm/index.js (Lit imported)  ${kb(npmCore ?? 0).padStart(9)}  budget ${kb(CORE_BUDGET)}`);
console.log(
  `npm core + largest language  ${kb((npmCore ?? 0) + npmLang).padStart(9)}  budget ${kb(PAGE_BUDGET)}`,
);
const npmOk =
  npmCore !== undefined && npmCore <= CORE_BUDGET && npmCore + npmLang <= PAGE_BUDGET && npmLang > 0;

if (!ok || !npmOk) console.error('size budget exceeded (or a chunk is missing)');

if (process.argv.includes('--record')) {
  const file = new URL('../test-results/summary.json', import.meta.url);
  const sum = existsSync(file)
    ? JSON.parse(readFileSync(file, 'utf8'))
    : { passed: 0, failed: 0, skipped: 0 };
  sum[ok && npmOk ? 'passed' : 'failed']++;
  writeFileSync(file, JSON.stringify(sum));
}
process.exit(ok && npmOk ? 0 : 1);
