import { defineConfig } from 'vitest/config';

/**
 * Three test projects:
 * - unit: pure logic, no cluster.
 * - integration: runs against the local cluster; the global setup reuses a
 *   running cluster that serves the `test` profile or starts one, and stops
 *   only a cluster it started itself (unless DRUN_CLUSTER_KEEP=1).
 * - e2e: the app end to end.
 */
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/cluster/global-setup.ts'],
          // One cluster serves every file, and tests change shared state
          // (GPU capacity, log files), so files run one after another.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
