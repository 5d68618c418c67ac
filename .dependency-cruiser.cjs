// The layering the build enforces (`npm run lint`; docs/architecture.md explains it). Each package may import the
// packages on its line and nothing else of ours; an arrow that runs back up fails the lint. dependency-cruiser reads
// the resolved files, so a relative path that climbs into another package is caught as well as a package name.
// test/lint/layering.test.ts plants violations and shows that each rule fails.

/** Our packages (by folder) and the packages each may import. */
const LAYERS = {
  'libs/domain': [],
  'libs/config': [],
  'libs/contracts': ['libs/domain'],
  'libs/persistence': ['libs/domain'],
  'libs/audit': ['libs/domain', 'libs/contracts', 'libs/persistence'],
  'libs/temporal': ['libs/contracts'],
  'libs/integrations': ['libs/domain', 'libs/config'],
  workflows: ['libs/domain', 'libs/contracts'],
  activities: ['libs/domain', 'libs/contracts', 'libs/persistence', 'libs/audit', 'libs/integrations'],
  'apps/api': ['libs/*', 'workflows', 'activities'],
  'apps/worker': ['libs/*', 'workflows', 'activities'],
  // The browser console talks to the API over HTTP only (docs/adr/0015-console.md).
  'apps/console': [],
  scripts: ['libs/*', 'workflows', 'activities'],
  bench: ['libs/*', 'workflows', 'activities'],
};

const ours = '^(libs/[^/]+|workflows|activities|apps/[^/]+|scripts|bench)/';
const rx = (dirs) => `^(${dirs.map((d) => d.replace('*', '[^/]+')).join('|')})/`;

const layerRules = Object.entries(LAYERS).map(([layer, allowed]) => ({
  name: `layer:${layer}`,
  comment: `${layer} may import ${allowed.length ? allowed.join(', ') : 'none of our packages'} (docs/architecture.md)`,
  severity: 'error',
  from: { path: `^${layer}/` },
  to: { path: ours, pathNot: [`^${layer}/`, ...(allowed.length ? [rx(allowed)] : [])] },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'nothing-imports-apps',
      comment: 'Apps are the top: no library, workflow, activity or other app imports one (tests may).',
      severity: 'error',
      from: { path: ours, pathNot: '^(apps/[^/]+)/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-stay-apart',
      comment: 'An app never imports another app: what both need belongs in a library.',
      severity: 'error',
      from: { path: '^(apps/[^/]+)/' },
      to: { path: '^apps/', pathNot: '^$1/' },
    },
    {
      name: 'packages-by-name',
      comment: 'Another package is imported by its name (@complaintflow/...), never by a relative path into it.',
      severity: 'error',
      from: { path: '^(libs/[^/]+|workflows|activities|apps/[^/]+|scripts|bench|test)/' },
      // a relative specifier resolves as 'local' only; a package name is 'aliased' (root) or 'undetermined' (subpath)
      to: { dependencyTypes: ['local'], dependencyTypesNot: ['aliased'], path: ours, pathNot: '^$1/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'production-code-not-on-tests',
      comment: 'Production code never imports test code.',
      severity: 'error',
      from: { path: ours, pathNot: '\\.(spec|test)\\.ts$' },
      to: { path: ['^test/', '\\.(spec|test)\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules|coverage)/|^\\.data/|^workflows/histories/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['source', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.json'],
      mainFields: ['main', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
