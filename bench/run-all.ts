/**
 * `pnpm bench` (root): every benchmark of this package, one after the other, with the time each
 * took. A benchmark is any script in package.json other than this runner (`all`): adding one there
 * registers it here. Extra arguments pick scripts by name: `pnpm bench instances sse-memory`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  scripts: Record<string, string>;
};
const wanted = process.argv.slice(2);
const names = Object.keys(pkg.scripts).filter((n) => n !== 'all' && (!wanted.length || wanted.includes(n)));
const started = Date.now();
const results: [string, number, number | null][] = [];
for (const name of names) {
  const t = Date.now();
  console.log(`\n=== ${name}`);
  const r = spawnSync('pnpm', ['run', '--silent', name], {
    cwd: new URL('.', import.meta.url),
    stdio: 'inherit',
  });
  results.push([name, (Date.now() - t) / 1000, r.status]);
}
console.log('\n=== summary');
for (const [name, s, code] of results)
  console.log(`  ${name.padEnd(24)} ${s.toFixed(0).padStart(4)} s  ${code === 0 ? 'ok' : `exit ${code}`}`);
console.log(`  total ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(results.every(([, , code]) => code === 0) ? 0 : 1);
