// Lets a child process of the chaos suite run the TypeScript sources, as jest does: workspace packages resolve to
// their sources through the SOURCES table of jest.config.js (requiring it installs that resolver), and `.ts` files are
// compiled on load with @swc/core, the compiler jest uses here. Used as `node -r test/chaos/support/register.js x.ts`.
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');
require('../../../jest.config.js');

const options = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};
