import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Child processes and real files: keep parallelism modest on 2-core machines.
    maxWorkers: 2,
  },
});
