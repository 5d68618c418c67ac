/**
 * Traceability gate: every business rule of docs/domain.md is named by at least one test, or is listed in
 * docs/rules-pending.json with where and by which issue it will be implemented. The list is kept honest: a pending
 * rule that a test already names, or an entry that is not a rule of the digest, fails too.
 *
 * This file deliberately contains no rule id itself, so it never counts as the test naming one.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const repoRoot = resolve(__dirname, '..', '..');
const digestPath = join(repoRoot, 'docs', 'domain.md');
const sharedDigestPath = resolve(repoRoot, '..', 'shared', 'DOMAIN.md');
const pendingPath = join(repoRoot, 'docs', 'rules-pending.json');

/** A rule id as DOMAIN.md writes them: `R-`, an upper-case family, `-`, a number. Greedy, so 10 is not read as 1. */
const RULE_ID = /R-[A-Z]+-\d+/g;
const WHOLE_RULE_ID = /^R-[A-Z]+-\d+$/;

/** Folders that hold tests (apps, libs, workflows, activities, test), and folders never to descend into. */
const TEST_ROOTS = ['apps', 'libs', 'workflows', 'activities', 'test'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'coverage', '.data', '.tools', '.git']);
const TEST_FILE = /\.(spec|test)\.ts$/;

function ruleIdsIn(text: string): Set<string> {
  return new Set(text.match(RULE_ID) ?? []);
}

function testFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : testFiles(path);
    return entry.isFile() && TEST_FILE.test(entry.name) ? [path] : [];
  });
}

function sorted(ids: Iterable<string>): string[] {
  // Family, then number: R-SLA-2 before R-SLA-10.
  return [...ids].sort((a, b) => {
    const [, familyA, numberA] = /^R-([A-Z]+)-(\d+)$/.exec(a) ?? ['', a, '0'];
    const [, familyB, numberB] = /^R-([A-Z]+)-(\d+)$/.exec(b) ?? ['', b, '0'];
    return familyA === familyB ? Number(numberA) - Number(numberB) : familyA < familyB ? -1 : 1;
  });
}

const digest = readFileSync(digestPath, 'utf8');
const defined = ruleIdsIn(digest);
const self = resolve(__filename);
const files = TEST_ROOTS.flatMap((root) => testFiles(join(repoRoot, root))).filter((file) => resolve(file) !== self);
/** Which test files name each rule id. */
const namedBy = new Map<string, string[]>();
for (const file of files) {
  for (const id of ruleIdsIn(readFileSync(file, 'utf8'))) {
    namedBy.set(id, [...(namedBy.get(id) ?? []), relative(repoRoot, file)]);
  }
}
const pending: unknown = JSON.parse(readFileSync(pendingPath, 'utf8'));

describe('rule ids of docs/domain.md', () => {
  it('docs/domain.md is the verbatim copy of the shared digest, when the shared digest sits beside the repo', () => {
    if (!existsSync(sharedDigestPath)) return; // outside the shared workspace: the other checks still run
    expect(digest).toBe(readFileSync(sharedDigestPath, 'utf8'));
  });

  it('docs/domain.md defines rule ids and test files exist to scan', () => {
    expect(defined.size).toBeGreaterThan(0);
    expect(files.length).toBeGreaterThan(0);
  });

  it('docs/rules-pending.json maps rule ids of the digest to a note of where and by which issue', () => {
    expect(typeof pending === 'object' && pending !== null && !Array.isArray(pending)).toBe(true);
    const entries = Object.entries(pending as Record<string, unknown>);
    const notRuleIds = entries.map(([key]) => key).filter((key) => !WHOLE_RULE_ID.test(key));
    if (notRuleIds.length > 0) {
      throw new Error(`docs/rules-pending.json has entries that are not rule ids: ${notRuleIds.join(', ')}`);
    }
    const unknown = entries.map(([key]) => key).filter((key) => !defined.has(key));
    if (unknown.length > 0) {
      throw new Error(
        `docs/rules-pending.json lists rule ids that docs/domain.md does not define: ${sorted(unknown).join(', ')}`,
      );
    }
    const noNote = entries.filter(([, note]) => typeof note !== 'string' || note.trim() === '').map(([key]) => key);
    if (noNote.length > 0) {
      throw new Error(`docs/rules-pending.json entries need a note (where, which issue): ${sorted(noNote).join(', ')}`);
    }
  });

  it('every rule id is named by at least one test or listed in docs/rules-pending.json', () => {
    const pendingIds = new Set(Object.keys(pending as Record<string, unknown>));
    const missing = sorted([...defined].filter((id) => !namedBy.has(id) && !pendingIds.has(id)));
    if (missing.length > 0) {
      throw new Error(
        `Rule ids named by no test and not pending: ${missing.join(', ')}. ` +
          'Name each in a test (e.g. in the test title), or list it in docs/rules-pending.json with where and by which issue it will be implemented.',
      );
    }
  });

  it('no rule id listed as pending is already named by a test (keep the list honest)', () => {
    const stale = sorted(Object.keys(pending as Record<string, unknown>).filter((id) => namedBy.has(id)));
    if (stale.length > 0) {
      const where = stale.map((id) => `${id} (${(namedBy.get(id) ?? []).join(', ')})`).join('; ');
      throw new Error(`Pending rule ids that tests already name; remove them from docs/rules-pending.json: ${where}`);
    }
  });
});
