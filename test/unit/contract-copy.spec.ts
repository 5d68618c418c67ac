/**
 * docs/api.md is the repository's copy of the HTTP contract that clients and acceptance tests rely on; code comments
 * cite it. It must equal the shared contract (`$API_CONTRACT`, else ../shared/API.md beside the repository).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repoRoot = resolve(__dirname, '..', '..');
const tried = [process.env.API_CONTRACT, resolve(repoRoot, '..', 'shared', 'API.md')].filter(
  (p): p is string => typeof p === 'string' && p !== '',
);

describe('docs/api.md', () => {
  it('is the verbatim copy of the shared HTTP contract', () => {
    const shared = tried.find((p) => existsSync(p));
    if (!shared) {
      throw new Error(
        `the shared HTTP contract was not found (tried ${tried.join(', ')}): set API_CONTRACT to its path`,
      );
    }
    expect(readFileSync(join(repoRoot, 'docs', 'api.md'), 'utf8')).toBe(readFileSync(shared, 'utf8'));
  });
});
