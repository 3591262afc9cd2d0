/**
 * Browser tests: `npx vitest run --config test/e2e/vitest.config.ts` (after `npm run build -w designer`).
 * They start the real runtime and drive Debian's Chromium through playwright-core.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/e2e/**/*.e2e.test.ts'],
    // A browser step that loses a race with the app's first render gets one more try.
    retry: 1,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
