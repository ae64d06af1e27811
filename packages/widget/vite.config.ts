import { defineConfig, type Plugin } from 'vite';

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

const minifyTemplates = (): Plugin => ({
  name: 'minify-lit-templates',
  transform(code, id) {
    if (!/\/src\/.*\.ts$/.test(id)) return;
    const out = code
      .replace(/\bcss`([^`]*)`/g, (_, body: string) => `css\`${squeezeCss(body)}\``)
      .replace(/\n[ \t]+/g, '\n').replace(/>\n</g, '><').replace(/\n/g, ' ');
    return { code: out, map: null };
  },
});

export default defineConfig({
  plugins: [minifyTemplates()],
  build: {
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'borica-identify.js' },
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: { output: { minify: true, comments: false, chunkFileNames: '[name]-[hash].js' } },
  },
});
