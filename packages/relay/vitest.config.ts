import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Tests wait for states, never for time; the timeouts only catch a hang. On a loaded 2-core CI
    // machine one full flow through simulator and relay can take longer than vitest's default 5 s.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The fault suite (test/faults) runs its blocks side by side; they mostly wait on child relays.
    maxConcurrency: 32,
  },
});
