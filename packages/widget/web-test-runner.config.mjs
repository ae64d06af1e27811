import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { build } from 'esbuild';
import { fakeRelay } from './test/fake-relay.mjs';
import { summaryReporter } from './test/summary-reporter.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The runner's own browser commands (real key presses, media emulation) live in a dependency of
 * @web/test-runner that pnpm does not expose to this package: resolve it from there.
 */
function runnerCommands() {
  const wtr = createRequire(import.meta.url).resolve('@web/test-runner');
  const plugins = createRequire(wtr).resolve('@web/test-runner-commands/plugins');
  const file = join(dirname(plugins), '../browser/commands.mjs');
  const url = `/${relative(root, file)}`;
  return {
    name: 'runner-commands',
    resolveImport: ({ source }) => (source === '@web/test-runner-commands' ? url : undefined),
  };
}

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
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: `${here}tsconfig.json`, target: 'es2022' }),
    qrcodeAsEsm(),
    runnerCommands(),
  ],
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
