import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Synthesizing stacks takes seconds; a slow machine must not turn that into failures.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
