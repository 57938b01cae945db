import { defineConfig } from 'vitest/config';

// The job-queue tests start a Redis server (Debian's redis-server) and CLI workers: separate from `npm test`, which
// runs on a machine without Redis. `.ci/run` installs Redis and runs them (`npm run test:queue`).
export default defineConfig({
  test: {
    include: ['test/queue/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    // One Redis and its workers at a time: the machine's cores are the test's subject.
    fileParallelism: false,
  },
});
