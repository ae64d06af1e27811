import { defineConfig } from 'vitest/config';

// The packaging test (packaging/): packs, installs with npm and builds. One file; the hooks compile
// better-sqlite3 and run TypeScript and Vite builds, so their timeouts are long (a hang, not a pace).
export default defineConfig({
  test: {
    include: ['packaging/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 900_000,
  },
});
