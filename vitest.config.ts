import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{metamodel,platform,connectors,runtime}/src/**/*.test.ts', 'test/integration/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
