/**
 * What a customer's browser downloads before the first screen: the widget's core + the texts of its
 * largest language, min+gzip (level 9), beside the floor built in the same run — a minimal Lit
 * element (Lit alone), minified by esbuild and gzipped the same way. Nothing is asserted here; the
 * widget's own suite fails on its budgets (`packages/widget/scripts/size.mjs`).
 *
 *   pnpm --filter @borica-identify/bench widget-bytes      (builds the widget first, ~30 s)
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { machineLine } from './lib/stats.ts';

const widgetDir = fileURLToPath(new URL('../packages/widget/', import.meta.url));
const KB = 1024;
const kb = (n: number) => `${(n / KB).toFixed(2)} KB`;

console.log(`widget-bytes  ${machineLine()}`);

const build = spawnSync('pnpm', ['run', '--silent', 'build'], { cwd: widgetDir, encoding: 'utf8' });
if (build.status !== 0) {
  console.error(build.stdout, build.stderr);
  throw new Error('the widget did not build');
}
// The budget script reads dist/ and prints every chunk; its figures are the widget's side.
const size = spawnSync('node', ['scripts/size.mjs'], { cwd: widgetDir, encoding: 'utf8' });
process.stdout.write(size.stdout);
const page = /core \+ largest language \(\w+\)\s+([\d.]+) KB/.exec(size.stdout);
const core = /core \(Lit included\)\s+([\d.]+) KB/.exec(size.stdout);
if (!page || !core) throw new Error('size.mjs printed no page figure');

// The floor: Lit with one element that renders, through the widget's own esbuild and `lit`.
interface Esbuild {
  build(o: object): Promise<{ outputFiles: { contents: Uint8Array }[] }>;
}
const esbuild = (await import(createRequire(`${widgetDir}package.json`).resolve('esbuild'))) as Esbuild;
const floor = await esbuild.build({
  stdin: {
    contents: `import { LitElement, html } from 'lit';
      customElements.define('floor-element', class extends LitElement { render() { return html\`<p>hi</p>\`; } });`,
    resolveDir: widgetDir,
    loader: 'js',
  },
  bundle: true,
  minify: true,
  format: 'esm',
  write: false,
  legalComments: 'none',
});
const floorBytes = gzipSync(floor.outputFiles[0]!.contents, { level: 9 }).length;
const pageBytes = Number(page[1]) * KB;
console.log(`\nfloor: Lit alone (one element, esbuild min+gzip)  ${kb(floorBytes)}`);
console.log(
  `widget first screen (core + largest language)   ${kb(pageBytes)}  = floor + ${kb(pageBytes - floorBytes)} ` +
    `(${(pageBytes / floorBytes).toFixed(2)}×); core alone ${core[1]} KB`,
);
