import { transform } from 'esbuild';
import { defineConfig, type Plugin } from 'vite';
import pkg from './package.json' with { type: 'json' };

/** CSS text of a `css` template, squeezed: no JS minifier looks inside template literals. */
const squeezeCss = (body: string): string =>
  body
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/;}/g, '}')
    .replace(/([:(]) /g, '$1')
    // `[part~='base']` needs no quotes, `0.75rem` no leading zero
    .replace(/='([\w-]+)'\]/g, '=$1]')
    .replace(/([^\w.])0\./g, '$1.')
    .trim();

/**
 * Lit keeps `css` and `html` templates verbatim: squeeze the CSS, and drop the indentation of every
 * line (in markup a line break between tags is never content here; a space on one line is kept).
 */
const minifyTemplates = (): Plugin => ({
  name: 'minify-lit-templates',
  transform(code, id) {
    if (!/\/src\/.*\.ts$/.test(id)) return;
    let out = code
      .replace(/\bcss`([^`]*)`/g, (_, body: string) => `css\`${squeezeCss(body)}\``)
      .replace(/\n[ \t]+/g, '\n');
    // markup: `part="text"` needs no quotes (only whole, static, one-word values lose them)
    for (let was = ''; was !== out; ) {
      was = out;
      out = out.replace(/(<[a-z][^<>`]*\s[\w-]+)="([\w-]+)"(?=[\s>/])/g, '$1=$2');
    }
    // lines stay where they were, only indentation goes: no source map for this step
    return { code: out, map: null };
  },
});

/**
 * Private members are named `_likeThis` in the source, readable; esbuild renames them to one or two
 * letters in the built chunks (rolldown's minifier shortens `#private` fields, but not properties, and Lit's
 * reactive state has to be properties). One cache for every chunk, so a name means the same everywhere.
 * Lit's own internals are `_$xx`: the pattern leaves them alone. Only where Lit is inside the bundle
 * (esbuild then sees every property name in use and picks others): the npm build, with Lit outside,
 * keeps the names, and the app's own bundler minifies.
 */
const manglePrivate = (): Plugin => {
  const mangleCache: Record<string, string | false> = {};
  return {
    name: 'mangle-private',
    async renderChunk(code) {
      const r = await transform(code, {
        format: 'esm',
        target: 'es2022',
        mangleProps: /^_[a-z]/,
        mangleCache,
        sourcemap: true,
      });
      Object.assign(mangleCache, r.mangleCache);
      return { code: r.code, map: r.map };
    },
  };
};

// Two builds (package.json "build"). The default one is the standalone bundle, `dist/borica-identify.js`:
// one ES module with Lit inside, for a plain <script type="module">. `--mode npm` is what bundlers get
// from `import '@borica-identify/widget'`: `dist/npm/`, with bare imports of its dependencies (Lit,
// qrcode, protocol), so an app that uses Lit itself ships one copy. In both, the QR code generator, each
// language and the mobile form are dynamic imports, so they land in chunks of their own and a page loads
// only what it shows.
const dependencies = Object.keys(pkg.dependencies);
const isDependency = (id: string) => dependencies.some((d) => id === d || id.startsWith(`${d}/`));

export default defineConfig(({ mode }) => ({
  plugins: [minifyTemplates(), ...(mode === 'npm' ? [] : [manglePrivate()])],
  // Lit's production build whatever NODE_ENV says (vitest's `test` would pick its development build,
  // with dev-mode warnings, for the e2e and packaging tests' rebuilds).
  resolve: { conditions: ['module', 'browser', 'production'] },
  build: {
    lib: {
      entry: 'src/index.ts',
      formats: ['es'],
      fileName: () => (mode === 'npm' ? 'index.js' : 'borica-identify.js'),
    },
    ...(mode === 'npm' ? { outDir: 'dist/npm', emptyOutDir: true } : {}),
    target: 'es2022',
    sourcemap: true,
    // library mode keeps whitespace by default; this file ships to browsers as is, so minify fully
    rolldownOptions: {
      ...(mode === 'npm' ? { external: isDependency } : {}),
      output: { minify: true, comments: false, chunkFileNames: '[name]-[hash].js' },
    },
  },
}));
