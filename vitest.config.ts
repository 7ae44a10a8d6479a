import { defineConfig } from 'vitest/config';

/**
 * Three projects, and every `test/**\/*.test.ts` file lands in exactly one:
 * - unit: pure logic, no Java, no network (not even loopback);
 * - e2e: whole processes (`npm start`) and the real browser;
 * - integration: everything else (DynamoDB Local, loopback HTTP, Lambda bundles).
 * Integration is "all but the other two", so a new file can never silently not run.
 */
const UNIT = [
  'test/domain/**/*.test.ts',
  'test/adapters/dynamodb/keys.test.ts',
  'test/adapters/http/robots.test.ts',
  'test/adapters/local/**/*.test.ts',
  'test/local/scheduler.test.ts',
  'test/app/schedule-normalise.test.ts',
  'test/app/analyze.test.ts',
  'test/infra/app-stack.test.ts',
  'test/infra/data-stack.test.ts',
  'test/infra/touchstone-function.test.ts',
  'test/infra/lean-imports.test.ts',
  'test/infra/least-privilege.test.ts',
  'test/infra/config.test.ts',
  'test/infra/nag.test.ts',
  'test/runtime/lambda-ingest.test.ts',
  'test/infra/dependency-direction.test.ts',
  'test/api/openapi.test.ts',
  'test/security/redos.test.ts',
];
const E2E = [
  'test/e2e/**/*.test.ts',
  'test/local/npm-start.test.ts',
  'test/reliability/crash-recovery.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: more workers only thrash DynamoDB Local and the JIT.
    maxWorkers: 2,
    // CI also writes a JSON report, from which .ci/run prints a plain "N passed, N failed" line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.vitest-report.json' }]] : ['default'],
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [...UNIT, ...E2E, 'node_modules/**'],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'e2e', include: E2E, globalSetup: ['test/support/global-setup.ts'] },
      },
    ],
  },
});
