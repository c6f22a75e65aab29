// vitest: two projects. `unit` needs no test venv (rules, replays, renderers, schemas, the CLI's own
// errors): `npm run test:unit` answers in under a minute on a fresh machine. `integration` runs real
// Python in the cached test venvs, built by its global setup. `npm test` runs both. Files run in
// forks; real Python processes make some tests slow, so time limits are generous.
import { defineConfig } from 'vitest/config';

/** Test files that need no test venv and start no model load. */
export const UNIT = [
  'test/diagnostics/**/*.test.ts',
  'test/gate/**/*.test.ts',
  'test/schemas.test.ts',
  'test/layers.test.ts',
  'test/analyzer/distribution-shadowed.test.ts',
  'test/analyzer/host-app.test.ts',
  'test/analyzer/registry.test.ts',
  'test/orchestrator/config.test.ts',
  'test/orchestrator/progress.test.ts',
  'test/orchestrator/targets.test.ts',
  'test/cli/errors.test.ts',
  'test/cli/module-graph.test.ts',
  'test/examples/**/*.test.ts',
  'test/reporter/annotations.test.ts',
  'test/reporter/console.test.ts',
  'test/reporter/fix-figures.test.ts',
  'test/reporter/html.test.ts',
  'test/reporter/junit.test.ts',
  'test/reporter/memory-chart.test.ts',
  'test/reporter/precompiled.test.ts',
  'test/reporter/summary-md.test.ts',
  'test/reporter/target-view.test.ts',
];

export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 600_000,
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT, globalSetup: ['test/global-setup.ts'] } },
      { extends: true, test: { name: 'integration', include: ['test/**/*.test.ts'], exclude: UNIT, globalSetup: ['test/global-setup.ts'] } },
    ],
  },
});
