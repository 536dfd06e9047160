import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vitest/config';

/**
 * Runs the demo profile's tests against a demo cluster (started if none
 * runs): scripts/node24 node_modules/vitest/vitest.mjs run --config test/integration/profiles/vitest.demo.config.ts
 * The integration project skips these files, because its cluster runs the test profile.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../../..', import.meta.url)),
  test: {
    include: ['test/integration/profiles/**/*.test.ts'],
    globalSetup: ['test/integration/profiles/demo-global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});
