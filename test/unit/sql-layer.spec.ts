/**
 * One persistence layer (issue 9): every SQL statement of production code outside the migrations is in
 * `libs/persistence/` (a repository per table). This check reads every tracked production `.ts` file elsewhere — not
 * specs or tests, not `test/` — and fails naming each file that holds SQL: `INSERT INTO`, `DELETE FROM`,
 * `UPDATE <table> SET`, `SELECT … FROM`, or a `.query(` / `createQueryBuilder(` call. The detector is shown to fire on
 * planted statements, so a pass means something.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

const repoRoot = resolve(__dirname, '..', '..');

const PRODUCTION_ROOTS = ['apps', 'libs', 'workflows', 'activities', 'scripts'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'coverage', '.data', '.tools', '.git']);

/** Paths (a file, or a folder ending in `/`) outside libs/persistence allowed to hold SQL, each with why. */
// None today: even the health probe's `SELECT 1` is a persistence function (`pingDatabase`). (bench/ is not scanned:
// benchmarks time raw round trips as their baseline and are not the service.)
const EXEMPT: Record<string, string> = {};
const exempt = (file: string) => Object.keys(EXEMPT).some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p));

/** What counts as SQL. Keywords in upper case, as this code base writes SQL (so English prose does not match). */
const SQL_PATTERNS: readonly { readonly name: string; readonly pattern: RegExp }[] = [
  { name: 'INSERT INTO', pattern: /\bINSERT\s+INTO\b/ },
  { name: 'DELETE FROM', pattern: /\bDELETE\s+FROM\b/ },
  { name: 'UPDATE … SET', pattern: /\bUPDATE\s+(ONLY\s+)?[\w."]+(\s+(AS\s+)?\w+)?\s+SET\b/ },
  { name: 'SELECT … FROM', pattern: /\bSELECT\b[\s\S]{1,500}?\bFROM\b/ },
  { name: '.query(', pattern: /\.query\s*(<[^>]*>)?\s*\(/ },
  { name: 'createQueryBuilder(', pattern: /\bcreateQueryBuilder\s*\(/ },
];

/** The SQL constructs found in `text` (empty when none). */
export function sqlIn(text: string): string[] {
  return SQL_PATTERNS.filter((p) => p.pattern.test(text)).map((p) => p.name);
}

/** Whether a repository path is production code this check covers. */
function covered(path: string): boolean {
  if (!path.endsWith('.ts') || path.endsWith('.d.ts')) return false;
  if (/\.(spec|test)\.ts$/.test(path)) return false;
  if (!PRODUCTION_ROOTS.includes(path.split('/')[0])) return false;
  if (path.startsWith('libs/persistence/')) return false; // the persistence layer itself (migrations included)
  return !path.split('/').some((part) => SKIPPED_DIRS.has(part) || part === 'migrations');
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : walk(path);
    return entry.isFile() ? [relative(repoRoot, path).split(sep).join('/')] : [];
  });
}

/** Tracked files (and new ones not ignored, so a file is checked before its first commit); a walk without git. */
function repositoryFiles(): string[] {
  try {
    const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '*.ts'], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out
      .split('\0')
      .filter(Boolean)
      .filter((p) => existsSync(join(repoRoot, p)));
  } catch {
    return PRODUCTION_ROOTS.flatMap((root) => walk(join(repoRoot, root)));
  }
}

describe('every SQL statement outside the migrations is in libs/persistence', () => {
  const files = repositoryFiles().filter(covered);

  it('scans the production code (apps, libs, workflows, activities, scripts)', () => {
    expect(files.length).toBeGreaterThan(50);
    for (const expected of ['activities/src/case-activities.ts', 'apps/api/src/complaints/intake.service.ts']) {
      expect(files).toContain(expected);
    }
    expect(files.some((f) => f.startsWith('libs/persistence/') || f.includes('/migrations/'))).toBe(false);
  });

  it('no production file outside libs/persistence holds SQL', () => {
    const offenders = files
      .filter((f) => !exempt(f))
      .map((f) => ({ file: f, sql: sqlIn(readFileSync(join(repoRoot, f), 'utf8')) }))
      .filter((o) => o.sql.length > 0)
      .map((o) => `${o.file}: ${o.sql.join(', ')} (move it into a repository of libs/persistence)`);
    expect(offenders).toEqual([]);
  });

  it('the detector fires on planted SQL, and not on prose', () => {
    const planted: [string, string][] = [
      ['INSERT INTO', 'await db.query(`INSERT INTO complaint_cases (id) VALUES ($1)`, [id]);'],
      ['DELETE FROM', "const sql = 'DELETE FROM idempotency_keys WHERE scope = $1';"],
      ['UPDATE … SET', 'const sql = `UPDATE idempotency_keys SET status_code = $3 WHERE key = $1`;'],
      ['UPDATE … SET', 'const sql = `UPDATE complaint_cases c SET stage = $2`;'],
      ['SELECT … FROM', 'const sql = `SELECT id, state\n  FROM complaint_cases WHERE id = $1`;'],
      ['.query(', 'const rows = await this.ds.query(sql, params);'],
      ['.query(', 'const rows = await m.query<{ n: number }[]>(sql);'],
      ['createQueryBuilder(', "ds.createQueryBuilder().select('c').from(Case, 'c');"],
    ];
    for (const [name, text] of planted) expect([text, sqlIn(text)]).toEqual([text, expect.arrayContaining([name])]);
    const prose = [
      '// Select the case from the list, then update the view and set its stage.',
      'const handle = this.temporal.workflow.getHandle(id); // an Update sets nothing here',
      'const q = query.q?.trim(); const state = await handle.executeUpdate(def, { args: [envelope] });',
    ];
    for (const text of prose) expect([text, sqlIn(text)]).toEqual([text, []]);
  });

  it('each exemption names a path that exists', () => {
    for (const path of Object.keys(EXEMPT)) expect([path, existsSync(join(repoRoot, path))]).toEqual([path, true]);
  });
});
