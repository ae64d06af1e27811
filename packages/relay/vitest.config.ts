import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The fault suite (test/faults) runs its blocks side by side; they mostly wait on child relays.
    maxConcurrency: 32,
    // On the shared 2-core CI machine a flow that takes 1 s idle can take 5 s under load: tests wait
    // on conditions with their own time-outs, this only stops a test that hangs.
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
