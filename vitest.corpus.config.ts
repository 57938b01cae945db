import { defineConfig } from 'vitest/config';

// The corpus run reads ../shared/corpus in place; it is separate because a fresh clone has no ../shared.
export default defineConfig({
  test: {
    include: ['test/corpus/**/*.test.ts'],
    testTimeout: 120_000,
  },
});
