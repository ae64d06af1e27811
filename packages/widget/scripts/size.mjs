#!/usr/bin/env node
// Size budget of the built widget: min+gzip (zlib level 9) of each file in dist/. Exits 1 over budget.
// With --record, adds the check to test-results/summary.json so the repo's test line counts it.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const dir = new URL('../dist/', import.meta.url);
const CORE_BUDGET = 12 * 1024;
// the page of a Bulgarian customer: core + the language it shows (the QR chunk only with display="qr")
const PAGE_BUDGET = 15 * 1024;

const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
const gz = (f) => gzipSync(readFileSync(new URL(f, dir)), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
const sizes = Object.fromEntries(files.map((f) => [f, gz(f)]));
const pick = (prefix) => files.find((f) => f.startsWith(prefix));
const core = sizes['borica-identify.js'];
const langs = ['bg', 'en'].map((l) => sizes[pick(`${l}-`)] ?? 0);
const page = core + Math.max(...langs);

for (const f of files) console.log(`${f.padEnd(28)} ${kb(sizes[f]).padStart(9)}`);
console.log(`core (Lit included)          ${kb(core).padStart(9)}  budget ${kb(CORE_BUDGET)}`);
console.log(`core + largest language      ${kb(page).padStart(9)}  budget ${kb(PAGE_BUDGET)}`);

const ok = core !== undefined && core <= CORE_BUDGET && page <= PAGE_BUDGET && Boolean(pick('qr-'));
if (!ok) console.error('size budget exceeded (or a chunk is missing)');

if (process.argv.includes('--record')) {
  const file = new URL('../test-results/summary.json', import.meta.url);
  const sum = existsSync(file)
    ? JSON.parse(readFileSync(file, 'utf8'))
    : { passed: 0, failed: 0, skipped: 0 };
  sum[ok ? 'passed' : 'failed']++;
  writeFileSync(file, JSON.stringify(sum));
}
process.exit(ok ? 0 : 1);
