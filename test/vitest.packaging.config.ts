import { defineConfig } from 'vitest/config';

// The packaging test (packaging/): packs, installs with npm and builds. One file; the hooks compile
// better-sqlite3 and run TypeScript and Vite builds, so their timeouts are long: they end a hang, they do not judge a pace (under
// load here each hook took minutes; quiet, the whole file takes about 150 s).
export default defineConfig({
  test: {
    include: ['packaging/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 1_200_000,
  },
});
