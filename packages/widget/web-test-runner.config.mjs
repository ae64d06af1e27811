import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { build } from 'esbuild';
import { fakeRelay } from './test/fake-relay.mjs';
import { summaryReporter } from './test/summary-reporter.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));

/** qrcode is CommonJS: serve it as one ES module, bundled by esbuild on first request. */
function qrcodeAsEsm() {
  let code;
  return {
    name: 'qrcode-as-esm',
    resolveImport: ({ source }) => (source === 'qrcode' ? '/__vendor/qrcode.js' : undefined),
    async serve(ctx) {
      if (ctx.path !== '/__vendor/qrcode.js') return;
      code ??= (
        await build({
          stdin: {
            contents:
              "import q from 'qrcode'; export const { toCanvas, toString, toDataURL, create } = q; export default q;",
            resolveDir: here,
          },
          bundle: true,
          format: 'esm',
          platform: 'browser',
          write: false,
        })
      ).outputFiles[0].text;
      return { body: code, type: 'js' };
    },
  };
}

export default {
  rootDir: '../..',
  files: 'test/**/*.test.ts',
  nodeResolve: { exportConditions: ['production'] },
  plugins: [esbuildPlugin({ ts: true, tsconfig: `${here}tsconfig.json`, target: 'es2022' }), qrcodeAsEsm()],
  middleware: [fakeRelay()],
  concurrency: 2,
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: '/usr/bin/chromium',
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      },
    }),
  ],
  testFramework: { config: { timeout: 8000 } },
  reporters: [defaultReporter(), summaryReporter(`${here}test-results/summary.json`)],
};
