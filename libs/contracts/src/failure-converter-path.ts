/** Where the shared failure converter module is (Node side only: a bundler or `require` loads it from this path). */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');
