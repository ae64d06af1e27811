import { defineConfig, type Plugin } from 'vite';
import pkg from './package.json' with { type: 'json' };
import bg from './src/i18n/bg.ts';
import en from './src/i18n/en.ts';

type Packed = [texts: string, functions: Record<string, unknown>];

/** A language's texts in one fixed order, by `shape`: `identify sign … problems( required … ) …`. */
const shape = (o: object): string =>
  Object.entries(o)
    .filter(([, v]) => typeof v !== 'function')
    .map(([k, v]) => (typeof v === 'object' ? `${k}( ${shape(v)} )` : k))
    .join(' ');
const texts = (o: object): string[] =>
  Object.values(o).flatMap((v) => (typeof v === 'object' ? texts(v) : typeof v === 'string' ? [v] : []));
/** Every `path value` of an object, functions by their source, sorted: equal when the objects are. */
const leaves = (o: object, pre = ''): string[] =>
  Object.entries(o)
    .flatMap(([k, v]) => (typeof v === 'object' ? leaves(v, `${pre}${k}.`) : [`${pre}${k} ${v}`]))
    .sort();

/** Rebuilds a language's object in the browser: its source is what the core ships. */
function unpack(keys: string, [all, t]: Packed): Record<string, unknown> {
  const v = all.split('\n');
  let o = t;
  let i = 0;
  for (const k of keys.split(' '))
    if (k.endsWith('(')) o = t[k.slice(0, -1)] = {};
    else if (k === ')') o = t;
    else o[k] = v[i++];
  return t;
}

/**
 * Each language chunk holds only its texts, joined by line breaks, and its functions (plurals); the keys
 * (a third of a language's gzip size: `AUTOMATIC_AGENT_SIGNING_CLIENT_DOCUMENT`…) live once in the core,
 * in the built `i18n/load.ts`. The source keeps the readable, typed objects, which tests and types use;
 * the build checks that unpacking gives those objects back.
 */
const packTexts = (): Plugin => {
  const keys = shape(en);
  const pack = (o: object): string => {
    const fns = Object.entries(o).filter(([, v]) => typeof v === 'function');
    const all = texts(o);
    const back = unpack(keys, [all.join('\n'), Object.fromEntries(fns)]);
    if (shape(o) !== keys || leaves(back).join('\n') !== leaves(o).join('\n'))
      throw new Error('texts cannot be packed: the languages differ in keys, or a text holds a line break');
    return `export default [${JSON.stringify(all.join('\n'))}, {${fns.map(([k, f]) => `${k}: ${f}`).join()}}];`;
  };
  return {
    name: 'pack-texts',
    load(id) {
      const lang = /\/src\/i18n\/(bg|en)\.ts$/.exec(id)?.[1];
      if (lang) return pack(lang === 'bg' ? bg : en);
      if (id.endsWith('/src/i18n/load.ts'))
        return `const unpack = ${unpack};
export const loadTexts = async (lang) =>
  unpack(${JSON.stringify(keys)}, (await (lang === 'bg' ? import('./bg.ts') : import('./en.ts'))).default);`;
    },
  };
};

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

// Two builds (package.json "build"). The default one is the standalone bundle, `dist/borica-identify.js`:
// one ES module with Lit inside, for a plain <script type="module">. `--mode npm` is what bundlers get
// from `import '@borica-identify/widget'`: `dist/npm/`, with bare imports of its dependencies (Lit,
// qrcode, protocol), so an app that uses Lit itself ships one copy. In both, the QR code generator, each
// language and the mobile form are dynamic imports, so they land in chunks of their own and a page loads
// only what it shows.
const dependencies = Object.keys(pkg.dependencies);
const isDependency = (id: string) => dependencies.some((d) => id === d || id.startsWith(`${d}/`));

export default defineConfig(({ mode }) => ({
  plugins: [packTexts(), minifyTemplates()],
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
