import { defineConfig, type Plugin } from 'vite';

/** Lit keeps `css` templates verbatim; squeeze their whitespace, which no JS minifier touches. */
const minifyCss = (): Plugin => ({
  name: 'minify-lit-css',
  transform(code, id) {
    if (!id.endsWith('styles.ts')) return;
    const out = code.replace(
      /css`([^`]*)`/g,
      (_, body: string) =>
        'css`' +
        body
          .replace(/\s+/g, ' ')
          .replace(/\s*([{};,>])\s*/g, '$1')
          .replace(/;}/g, '}')
          .replace(/([:(]) /g, '$1')
          .trim() +
        '`',
    );
    // only styles.ts shifts, and it holds no logic to debug: no source map for this step
    return { code: out, map: null };
  },
});

// Library build: one ES module with Lit inside. The QR code generator, each language and the mobile
// form are dynamic imports, so they land in chunks of their own and a page loads only what it shows.
export default defineConfig({
  plugins: [minifyCss()],
  build: {
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'borica-identify.js' },
    target: 'es2022',
    sourcemap: true,
    // library mode keeps whitespace by default; this file ships to browsers as is, so minify fully
    rolldownOptions: { output: { minify: true, comments: false, chunkFileNames: '[name]-[hash].js' } },
  },
});
