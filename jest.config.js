// Two projects: `unit` (pure code, no servers) and `integration` (a real Temporal dev server and a real
// PostgreSQL, started once per run by test/global-setup.ts). `npx jest --selectProjects unit` runs only the former.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

// Workspace packages resolve to their TypeScript sources (as the `source` export condition does for tsc), so tests
// never run a stale build.
const moduleNameMapper = {
  '^@complaintflow/(domain|contracts|config|persistence|audit|temporal)(/.*)?$': '<rootDir>/libs/$1/src$2',
  '^@complaintflow/(workflows|activities)(/.*)?$': '<rootDir>/$1/src$2',
  '^@complaintflow/(api|worker)(/.*)?$': '<rootDir>/apps/$1/src$2',
  '^@complaintflow/scripts(/.*)?$': '<rootDir>/scripts$1',
};

/** @type {import('jest').Config} */
module.exports = {
  coverageProvider: 'v8',
  // Integration tests wait for real timers (policies in seconds); pure unit tests finish in milliseconds anyway.
  testTimeout: 60_000,
  // Type-only modules (no runtime code) are left out: v8 reports their declarations as uncovered lines.
  collectCoverageFrom: ['libs/domain/src/**/*.ts', '!**/*.spec.ts', '!**/index.ts', '!libs/domain/src/case/events.ts'],
  coverageThreshold: {
    // R-* rule functions are pure: every branch is reachable from a test (issue 3).
    './libs/domain/src/': { branches: 100, functions: 100, lines: 100, statements: 100 },
  },
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': swc },
      moduleNameMapper,
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': swc },
      moduleNameMapper,
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
      slowTestThreshold: 30,
    },
  ],
};
