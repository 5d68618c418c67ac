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
// never run a stale build: in the test workers through `moduleNameMapper`, and in jest's own process (where
// test/global-setup.ts runs, outside `moduleNameMapper`) through the same table on Node's resolver.
const SOURCES = [
  [/^@complaintflow\/(domain|contracts|config|persistence|audit|temporal|integrations)(\/.*)?$/, 'libs/$1/src$2'],
  [/^@complaintflow\/(workflows|activities)(\/.*)?$/, '$1/src$2'],
  [/^@complaintflow\/(api|worker)(\/.*)?$/, 'apps/$1/src$2'],
  [/^@complaintflow\/scripts(\/.*)?$/, 'scripts$1'],
];
const moduleNameMapper = Object.fromEntries(SOURCES.map(([from, to]) => [from.source, `<rootDir>/${to}`]));

const Module = require('node:module');
const { join } = require('node:path');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveToSources(request, ...rest) {
  const hit = typeof request === 'string' && SOURCES.find(([from]) => from.test(request));
  return resolveFilename.call(this, hit ? join(__dirname, request.replace(hit[0], hit[1])) : request, ...rest);
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
      testMatch: ['<rootDir>/test/integration/**/*.test.ts', '<rootDir>/test/browser/**/*.test.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
      slowTestThreshold: 30,
    },
    {
      // The chaos suite (issue 15, docs/adr/0020-chaos-suite.md): faults injected into its own processes and servers.
      // The short form runs with `npm test`; `npm run chaos` runs the full one (CF_CHAOS_FULL=1).
      displayName: 'chaos',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': swc },
      moduleNameMapper,
      testMatch: ['<rootDir>/test/chaos/**/*.test.ts'],
      globalSetup: '<rootDir>/test/chaos/global-setup.ts',
      globalTeardown: '<rootDir>/test/chaos/global-teardown.ts',
      slowTestThreshold: 120,
    },
  ],
};
