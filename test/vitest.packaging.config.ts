import { defineConfig } from 'vitest/config';

// The packaging test (packaging/): packs, installs with npm and builds. One file; its hooks run the
// TypeScript and Vite builds and compile better-sqlite3, so their timeouts only end a hang, they do
// not judge a pace (on this shared machine under load a hook took minutes).
export default defineConfig({
  test: {
    include: ['packaging/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 1_200_000,
  },
});
