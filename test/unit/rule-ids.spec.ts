/**
 * Traceability gate for the business rules of docs/domain.md.
 *
 * - docs/domain.md is a verbatim copy of the shared digest. The shared digest is `$DOMAIN_DIGEST` when that is set,
 *   else `../shared/DOMAIN.md` beside the repo root; when it cannot be found the check fails (it never passes
 *   without comparing).
 * - docs/rules-status.json says of every rule id of the digest, and of nothing else, how far the running service
 *   (the workflow, the activities and the API) is with it:
 *   - `enforced`: production code applies the rule as the digest states it. At least one `where` file is production
 *     code: under apps/, workflows/ or activities/, or a library file that production code imports (directly or
 *     through other files; type-only imports do not count).
 *   - `pure-only`: only a pure function exists that production does not call, or production applies an outdated or
 *     wrong version of the rule. `issue` names the issue that will make it enforced.
 *   - `pending`: nothing is built yet. `issue` names the issue that will build it; no test may name the rule yet.
 *   Every entry has a note. Every `where` path is an existing non-test file that names the rule id, unless the entry
 *   says `"uncited": true` (production implements it without citing the id yet): then none of them may name it, so
 *   the flag goes once the code cites the id.
 * - Every `enforced` or `pure-only` rule is named by at least one test file.
 *
 * This file deliberately contains no rule id itself, so it never counts as the test naming one.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const repoRoot = resolve(__dirname, '..', '..');
const digestPath = join(repoRoot, 'docs', 'domain.md');
const statusPath = join(repoRoot, 'docs', 'rules-status.json');
const statusName = 'docs/rules-status.json';
/** Where the shared digest sits when `$DOMAIN_DIGEST` is not set: the `shared` folder beside the repo. */
const defaultSharedDigestPath = resolve(repoRoot, '..', 'shared', 'DOMAIN.md');

/** A rule id as the digest writes them: `R-`, an upper-case family, `-`, a number. Greedy, so 10 is not read as 1. */
const RULE_ID = /R-[A-Z]+-\d+/g;
const WHOLE_RULE_ID = /^R-[A-Z]+-\d+$/;

const STATUSES = ['enforced', 'pure-only', 'pending'] as const;
type Status = (typeof STATUSES)[number];
const ENTRY_FIELDS = new Set(['status', 'where', 'note', 'issue', 'uncited']);

/** Folders that hold tests, folders of production code, and folders never to descend into. */
const TEST_ROOTS = ['apps', 'libs', 'workflows', 'activities', 'test'];
const PRODUCTION_ROOTS = ['apps', 'workflows', 'activities'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'coverage', '.data', '.tools', '.git']);
const TEST_FILE = /\.(spec|test)\.ts$/;

function ruleIdsIn(text: string): Set<string> {
  return new Set(text.match(RULE_ID) ?? []);
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : filesUnder(path, keep);
    return entry.isFile() && keep(entry.name) ? [path] : [];
  });
}

function sorted(ids: Iterable<string>): string[] {
  // Family, then number (so that 2 comes before 10).
  return [...ids].sort((a, b) => {
    const [, familyA, numberA] = /^R-([A-Z]+)-(\d+)$/.exec(a) ?? ['', a, '0'];
    const [, familyB, numberB] = /^R-([A-Z]+)-(\d+)$/.exec(b) ?? ['', b, '0'];
    return familyA === familyB ? Number(numberA) - Number(numberB) : familyA < familyB ? -1 : 1;
  });
}

function fail(problems: string[], heading: string): void {
  if (problems.length > 0) throw new Error(`${heading}\n  - ${problems.join('\n  - ')}`);
}

// ---- the shared digest ----

type SharedDigest = { found: true; path: string } | { found: false; message: string };

function sharedDigest(): SharedDigest {
  const named = process.env.DOMAIN_DIGEST;
  if (named !== undefined && named.trim() !== '') {
    const path = resolve(named);
    if (isFile(path)) return { found: true, path };
    return {
      found: false,
      message:
        `The shared digest cannot be compared: DOMAIN_DIGEST is set to "${named}" (${path}), which is not a file. ` +
        `Point DOMAIN_DIGEST at the shared DOMAIN.md, or unset it to use ${defaultSharedDigestPath}.`,
    };
  }
  if (isFile(defaultSharedDigestPath)) return { found: true, path: defaultSharedDigestPath };
  return {
    found: false,
    message:
      `The shared digest cannot be compared: DOMAIN_DIGEST is not set and ${defaultSharedDigestPath} ` +
      '(../shared/DOMAIN.md beside the repo root) does not exist. ' +
      'Run with DOMAIN_DIGEST=/path/to/shared/DOMAIN.md to compare docs/domain.md with the shared digest.',
  };
}

function firstDifference(a: Buffer, b: Buffer): { byte: number; line: number } {
  let byte = 0;
  while (byte < a.length && byte < b.length && a[byte] === b[byte]) byte++;
  let line = 1;
  for (let i = 0; i < byte; i++) if (a[i] === 0x0a) line++;
  return { byte, line };
}

// ---- the import graph of production code ----

interface WorkspacePackage {
  readonly name: string;
  readonly dir: string;
  readonly exports: unknown;
}

/** The packages of the root package.json's `workspaces` (none when it has none). */
function workspacePackages(): WorkspacePackage[] {
  const root = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { workspaces?: unknown };
  const globs = Array.isArray(root.workspaces)
    ? root.workspaces
    : ((root.workspaces as { packages?: unknown } | undefined)?.packages ?? []);
  if (!Array.isArray(globs)) return [];
  const dirs = globs.flatMap((glob: unknown) => {
    if (typeof glob !== 'string') return [];
    if (!glob.endsWith('/*')) return [join(repoRoot, glob)];
    const parent = join(repoRoot, glob.slice(0, -2));
    if (!existsSync(parent)) return [];
    return readdirSync(parent, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(parent, entry.name));
  });
  return dirs.flatMap((dir) => {
    const manifest = join(dir, 'package.json');
    if (!isFile(manifest)) return [];
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown; exports?: unknown };
    return typeof pkg.name === 'string' ? [{ name: pkg.name, dir, exports: pkg.exports }] : [];
  });
}

/** The TypeScript source an export target leads to: its `source` condition (the packages' own sources). */
function sourceCondition(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (typeof target === 'object' && target !== null) {
    const source = (target as Record<string, unknown>).source;
    if (typeof source === 'string') return source;
  }
  return undefined;
}

/** Resolves a subpath (`.` or `./x`) through a package's `exports`, wildcards included. */
function exportTarget(exportsField: unknown, subpath: string): string | undefined {
  if (exportsField === undefined || exportsField === null) return undefined;
  const map =
    typeof exportsField === 'object' && Object.keys(exportsField).some((key) => key.startsWith('.'))
      ? (exportsField as Record<string, unknown>)
      : { '.': exportsField };
  if (subpath in map) return sourceCondition(map[subpath]);
  let best: { prefix: string; target: string; match: string } | undefined;
  for (const [key, value] of Object.entries(map)) {
    const star = key.indexOf('*');
    if (star < 0) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (!subpath.startsWith(prefix) || !subpath.endsWith(suffix) || subpath.length < key.length - 1) continue;
    const target = sourceCondition(value);
    if (target === undefined || (best && best.prefix.length >= prefix.length)) continue;
    best = { prefix, target, match: subpath.slice(prefix.length, subpath.length - suffix.length) };
  }
  return best?.target.replace('*', best.match);
}

/** A TypeScript file for an import target: as is, `.js` read as `.ts`, or a folder's `index.ts`. */
function tsFile(base: string): string | undefined {
  const stem = base.replace(/\.(js|mjs|cjs)$/, '');
  const candidates = [base, `${stem}.ts`, join(stem, 'index.ts')];
  return candidates.find((candidate) => candidate.endsWith('.ts') && isFile(candidate));
}

function resolveImport(from: string, specifier: string, packages: readonly WorkspacePackage[]): string | undefined {
  if (specifier.startsWith('.')) return tsFile(resolve(dirname(from), specifier));
  const pkg = packages.find((p) => specifier === p.name || specifier.startsWith(`${p.name}/`));
  if (!pkg) return undefined; // a dependency from node_modules, or a Node built-in
  const subpath = specifier === pkg.name ? '.' : `.${specifier.slice(pkg.name.length)}`;
  const target = exportTarget(pkg.exports, subpath);
  if (target !== undefined) return tsFile(join(pkg.dir, target));
  return tsFile(join(pkg.dir, 'src', subpath === '.' ? 'index' : subpath.slice(2)));
}

/** The module specifiers a file imports at run time: type-only imports and re-exports are left out. */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      if (node.importClause?.phaseModifier !== ts.SyntaxKind.TypeKeyword && ts.isStringLiteral(node.moduleSpecifier)) {
        specifiers.push(node.moduleSpecifier.text);
      }
      return;
    }
    if (ts.isExportDeclaration(node)) {
      if (!node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
        specifiers.push(node.moduleSpecifier.text);
      }
      return;
    }
    if (ts.isImportEqualsDeclaration(node)) {
      const ref = node.moduleReference;
      if (!node.isTypeOnly && ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression)) {
        specifiers.push(ref.expression.text);
      }
      return;
    }
    if (ts.isCallExpression(node)) {
      const [first] = node.arguments;
      const callee = node.expression;
      const loads =
        callee.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(callee) && callee.text === 'require') ||
        (ts.isPropertyAccessExpression(callee) &&
          ts.isIdentifier(callee.expression) &&
          callee.expression.text === 'require' &&
          callee.name.text === 'resolve');
      if (loads && first && ts.isStringLiteralLike(first)) specifiers.push(first.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers;
}

/**
 * The repo-relative paths of production code: every non-test TypeScript file under apps/, workflows/ and
 * activities/, and every file they import at run time, directly or through other files.
 */
function productionFiles(): Set<string> {
  const packages = workspacePackages();
  const queue = PRODUCTION_ROOTS.flatMap((root) =>
    filesUnder(
      join(repoRoot, root),
      (name) => name.endsWith('.ts') && !name.endsWith('.d.ts') && !TEST_FILE.test(name),
    ),
  );
  const reached = new Set<string>(queue);
  while (queue.length > 0) {
    const file = queue.pop() as string;
    for (const specifier of runtimeImports(file)) {
      const target = resolveImport(file, specifier, packages);
      if (target !== undefined && !TEST_FILE.test(target) && !reached.has(target)) {
        reached.add(target);
        queue.push(target);
      }
    }
  }
  return new Set([...reached].map((file) => relative(repoRoot, file).split(sep).join('/')));
}

// ---- docs/rules-status.json ----

interface Entry {
  readonly status: Status;
  readonly where: readonly string[];
  readonly note: string;
  readonly issue?: number;
  readonly uncited?: true;
}

/** The entries of docs/rules-status.json, or the problems of its shape (per entry, naming the id). */
function readStatus(defined: ReadonlySet<string>): { entries: Map<string, Entry>; problems: string[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(statusPath, 'utf8'));
  } catch (err) {
    return { entries: new Map(), problems: [`${statusName} cannot be read as JSON: ${(err as Error).message}`] };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { entries: new Map(), problems: [`${statusName} must be an object keyed by rule id`] };
  }
  const problems: string[] = [];
  const entries = new Map<string, Entry>();
  for (const [id, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (!WHOLE_RULE_ID.test(id)) {
      problems.push(`"${id}" is not a rule id`);
      continue;
    }
    if (!defined.has(id)) problems.push(`${id} is not a rule of docs/domain.md`);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(`${id}: the entry must be an object { status, where, note, issue? }`);
      continue;
    }
    const e = value as Record<string, unknown>;
    const own: string[] = [];
    const extra = Object.keys(e).filter((key) => !ENTRY_FIELDS.has(key));
    if (extra.length > 0) own.push(`unknown field(s) ${extra.join(', ')}`);
    if (!STATUSES.includes(e.status as Status)) own.push(`status must be one of ${STATUSES.join(', ')}`);
    if (!Array.isArray(e.where) || !e.where.every((p) => typeof p === 'string' && p.trim() !== '')) {
      own.push('where must be a list of repo-relative paths');
    }
    if (typeof e.note !== 'string' || e.note.trim() === '') own.push('note must be a non-empty text');
    if (e.issue !== undefined && !(Number.isSafeInteger(e.issue) && (e.issue as number) > 0)) {
      own.push('issue must be an issue number');
    }
    if ((e.status === 'pending' || e.status === 'pure-only') && e.issue === undefined) {
      own.push(`a ${String(e.status)} rule names the issue that will ${e.status === 'pending' ? 'build' : 'wire'} it`);
    }
    if (e.uncited !== undefined && e.uncited !== true) own.push('uncited is either true or left out');
    if (own.length > 0) problems.push(`${id}: ${own.join('; ')}`);
    else entries.set(id, value as unknown as Entry);
  }
  return { entries, problems };
}

// ---- the checks ----

const digestBytes = readFileSync(digestPath);
const defined = ruleIdsIn(digestBytes.toString('utf8'));
const self = resolve(__filename);
const testFiles = TEST_ROOTS.flatMap((root) => filesUnder(join(repoRoot, root), (name) => TEST_FILE.test(name))).filter(
  (file) => resolve(file) !== self,
);
/** Which test files name each rule id. */
const namedBy = new Map<string, string[]>();
for (const file of testFiles) {
  for (const id of ruleIdsIn(readFileSync(file, 'utf8'))) {
    namedBy.set(id, [...(namedBy.get(id) ?? []), relative(repoRoot, file)]);
  }
}
const status = readStatus(defined);

describe('rule ids of docs/domain.md', () => {
  it('docs/domain.md is the verbatim copy of the shared digest', () => {
    const shared = sharedDigest();
    if (!shared.found) throw new Error(shared.message);
    const sharedBytes = readFileSync(shared.path);
    if (!digestBytes.equals(sharedBytes)) {
      const at = firstDifference(digestBytes, sharedBytes);
      throw new Error(
        `docs/domain.md is not a verbatim copy of ${shared.path}: they differ from line ${at.line} (byte ${at.byte}; ` +
          `${digestBytes.length} vs ${sharedBytes.length} bytes). Copy it: cp "${shared.path}" docs/domain.md`,
      );
    }
  });

  it('docs/domain.md defines rule ids, test files exist to scan, and this file names none', () => {
    expect(defined.size).toBeGreaterThan(0);
    expect(testFiles.length).toBeGreaterThan(0);
    expect(sorted(ruleIdsIn(readFileSync(self, 'utf8')))).toEqual([]);
  });

  it(`${statusName} has a well-formed entry for every rule id of the digest, and for nothing else`, () => {
    const missing = sorted(
      [...defined].filter((id) => !status.entries.has(id) && !status.problems.some((p) => p.startsWith(`${id}:`))),
    );
    fail(
      [...status.problems, ...(missing.length > 0 ? [`no entry for ${missing.join(', ')}`] : [])],
      `${statusName} does not match docs/domain.md:`,
    );
  });

  it('every where path is an existing non-test file that names the rule id (none does, for an uncited entry)', () => {
    const problems: string[] = [];
    for (const [id, entry] of status.entries) {
      for (const path of entry.where) {
        const abs = resolve(repoRoot, path);
        const inside = !isAbsolute(path) && !normalize(path).startsWith('..');
        if (!inside || !isFile(abs)) {
          problems.push(`${id}: ${path} is not a file of the repo`);
          continue;
        }
        if (TEST_FILE.test(path) || path.startsWith('test/')) {
          problems.push(`${id}: ${path} is a test; where lists the code that implements the rule`);
          continue;
        }
        const names = ruleIdsIn(readFileSync(abs, 'utf8')).has(id);
        if (!entry.uncited && !names)
          problems.push(`${id}: ${path} does not name it (cite the id there, or list another file)`);
        if (entry.uncited && names) problems.push(`${id}: ${path} names it now; remove "uncited"`);
      }
      if (entry.uncited && entry.where.length === 0)
        problems.push(`${id}: an uncited entry lists the files that implement it`);
    }
    fail(problems, `${statusName}: where paths that do not hold:`);
  });

  it('every enforced rule is implemented in production code (apps, workflows, activities, or what they import)', () => {
    const production = productionFiles();
    const notReached = sorted(
      [...status.entries]
        .filter(
          ([, entry]) =>
            entry.status === 'enforced' &&
            !entry.where.some((path) => production.has(normalize(path).split(sep).join('/'))),
        )
        .map(([id]) => id),
    );
    fail(
      notReached.map((id) => `${id}: ${status.entries.get(id)?.where.join(', ') || '(no where)'}`),
      'Rules marked enforced whose where lists no production file (none is under apps/, workflows/, activities/ or imported from there); ' +
        'list the production file that applies the rule, or mark the rule pure-only with the issue that will wire it:',
    );
  });

  it('every enforced or pure-only rule is named by at least one test', () => {
    const unnamed = sorted(
      [...status.entries].filter(([id, entry]) => entry.status !== 'pending' && !namedBy.has(id)).map(([id]) => id),
    );
    fail(
      unnamed.map((id) => `${id} (${status.entries.get(id)?.status})`),
      'Rules with code that no test names; name each in a test (e.g. in its title):',
    );
  });

  it('no pending rule is already named by a test (keep the list honest)', () => {
    const stale = sorted(
      [...status.entries].filter(([id, entry]) => entry.status === 'pending' && namedBy.has(id)).map(([id]) => id),
    );
    fail(
      stale.map((id) => `${id} (${(namedBy.get(id) ?? []).join(', ')})`),
      `Rules marked pending that tests already name; give them their status in ${statusName}:`,
    );
  });
});
