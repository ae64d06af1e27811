import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The fault suite (test/faults) runs ~30 concurrent cases that mostly wait on child relays.
    maxConcurrency: 32,
  },
});
