import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The fast tiers: pure rules, use cases on in-memory ports, the kernel, auth and the contracts —
 * no platform, no synthesized stack, no browser.
 */
const unitTiers = ['test/kernel/**/*.test.ts', 'test/auth/**/*.test.ts', 'test/contracts/**/*.test.ts', 'services/*/test/{domain,unit}/**/*.test.ts'];

export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', MINQING_LOG_LEVEL: 'ERROR', POWERTOOLS_DEV: 'false' },
    projects: [
      { extends: true, test: { name: 'unit', include: unitTiers, pool: 'threads' } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts', 'services/*/test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...unitTiers],
          // The console's browser tests need its build; it is redone only when its sources changed.
          globalSetup: ['test/support/console-build.ts'],
        },
      },
    ],
    coverage: {
      provider: 'v8',
      include: ['shared/**/*.ts', 'services/*/src/**/*.ts', 'infra/**/*.ts'],
      reporter: ['text-summary', 'html'],
      reportsDirectory: 'coverage',
    },
  },
});
