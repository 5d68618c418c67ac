/**
 * `npm run audit:deps` (a CI step, .ci/run): `npm audit --omit=dev --audit-level=high` on the production dependencies,
 * minus the advisories `.audit-allowlist.json` accepts (each with the package, why it does not apply or cannot be
 * fixed yet, and an expiry date after which it counts again). Exit status: 0 nothing high or critical left; 1 some
 * left (each printed); 2 the audit could not run (the registry does not serve the audit endpoint, no network): printed
 * as such, never passed off as a clean audit. `AUDIT_UNAVAILABLE=warn` turns that case into a loud warning and 0.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface AllowedAdvisory {
  /** The advisory id: `GHSA-xxxx-xxxx-xxxx` (the end of its github.com/advisories URL) or npm's numeric source id. */
  readonly id: string;
  readonly package: string;
  readonly reason: string;
  /** YYYY-MM-DD: from this day on the advisory fails the audit again (re-check it, then extend or fix). */
  readonly expires: string;
}

export interface Finding {
  readonly id: string;
  readonly package: string;
  readonly severity: string;
  readonly title: string;
  readonly url: string;
}

export type AuditOutcome =
  | { readonly kind: 'unavailable'; readonly reason: string }
  | {
      readonly kind: 'audited';
      /** High or critical advisories the allow-list does not accept. */
      readonly failing: readonly Finding[];
      readonly allowed: readonly Finding[];
      /** Allow-list entries past their expiry date (their advisories count again). */
      readonly expired: readonly AllowedAdvisory[];
      /** Allow-list entries no advisory matched (candidates for removal). */
      readonly unused: readonly AllowedAdvisory[];
    };

const SEVERE = new Set(['high', 'critical']);

interface AuditVia {
  readonly source?: number;
  readonly name?: string;
  readonly title?: string;
  readonly url?: string;
  readonly severity?: string;
}

function advisoryId(via: AuditVia): string {
  const ghsa = /GHSA-[\w-]+$/.exec(via.url ?? '');
  return ghsa ? ghsa[0] : String(via.source ?? via.url ?? via.title);
}

/** Judges `npm audit --json` output against the allow-list on `today` (YYYY-MM-DD). Pure. */
export function evaluateAudit(auditJson: string, allowlist: readonly AllowedAdvisory[], today: string): AuditOutcome {
  let report: {
    vulnerabilities?: Record<string, { via?: (AuditVia | string)[] }>;
    message?: string;
    error?: { summary?: string; detail?: string } | string;
  };
  try {
    report = JSON.parse(auditJson) as typeof report;
  } catch {
    return { kind: 'unavailable', reason: `npm audit printed no JSON report: ${auditJson.slice(0, 300)}` };
  }
  if (!report.vulnerabilities) {
    const err = typeof report.error === 'string' ? report.error : (report.error?.summary ?? report.error?.detail);
    return { kind: 'unavailable', reason: report.message || err || 'npm audit returned no vulnerabilities section' };
  }
  const findings = new Map<string, Finding>();
  for (const [pkg, v] of Object.entries(report.vulnerabilities)) {
    for (const via of v.via ?? []) {
      if (typeof via === 'string' || !SEVERE.has(via.severity ?? '')) continue;
      const id = advisoryId(via);
      findings.set(`${id}@${via.name ?? pkg}`, {
        id,
        package: via.name ?? pkg,
        severity: via.severity ?? '',
        title: via.title ?? '',
        url: via.url ?? '',
      });
    }
  }
  const live = allowlist.filter((a) => a.expires > today);
  const expired = allowlist.filter((a) => a.expires <= today);
  const accepts = (f: Finding) => live.some((a) => a.id === f.id && a.package === f.package);
  const all = [...findings.values()];
  return {
    kind: 'audited',
    failing: all.filter((f) => !accepts(f)),
    allowed: all.filter(accepts),
    expired,
    unused: live.filter((a) => !all.some((f) => f.id === a.id && f.package === a.package)),
  };
}

/** Reads and checks the allow-list file (every entry needs an id, a package, a reason and an expiry date). */
export function readAllowlist(path: string): AllowedAdvisory[] {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { advisories?: unknown };
  if (!Array.isArray(parsed.advisories)) throw new Error(`${path}: "advisories" must be an array`);
  return parsed.advisories.map((a: Partial<AllowedAdvisory>, i) => {
    for (const field of ['id', 'package', 'reason', 'expires'] as const) {
      if (typeof a[field] !== 'string' || a[field].trim() === '') {
        throw new Error(`${path}: advisories[${i}].${field} is required (a non-empty string)`);
      }
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(a.expires as string)) {
      throw new Error(`${path}: advisories[${i}].expires must be a date YYYY-MM-DD`);
    }
    return a as AllowedAdvisory;
  });
}

function runNpmAudit(cwd: string): Promise<string> {
  return new Promise((done) => {
    execFile(
      'npm',
      ['audit', '--omit=dev', '--audit-level=high', '--json'],
      { cwd, maxBuffer: 64 * 1024 * 1024 },
      // npm audit exits non-zero both for findings and for errors: the JSON says which.
      (_err, stdout, stderr) => done(stdout.trim() || stderr.trim()),
    );
  });
}

async function main(): Promise<number> {
  const root = resolve(__dirname, '..', '..');
  const allowlist = readAllowlist(join(root, '.audit-allowlist.json'));
  const outcome = evaluateAudit(await runNpmAudit(root), allowlist, new Date().toISOString().slice(0, 10));
  const say = (line: string) => process.stdout.write(`${line}\n`);
  if (outcome.kind === 'unavailable') {
    say(`DEPENDENCY AUDIT NOT RUN: ${outcome.reason}`);
    say(
      '  (npm audit needs the registry audit endpoint /-/npm/v1/security/advisories/bulk; run it where it is served)',
    );
    if (process.env.AUDIT_UNAVAILABLE === 'warn') {
      say('  AUDIT_UNAVAILABLE=warn: continuing WITHOUT a dependency audit.');
      return 0;
    }
    return 2;
  }
  for (const f of outcome.allowed)
    say(`allowed   ${f.severity} ${f.package} ${f.id} (${f.title}): see .audit-allowlist.json`);
  for (const a of outcome.expired)
    say(`expired   allow-list entry ${a.package} ${a.id} (expired ${a.expires}): counts again`);
  for (const a of outcome.unused)
    say(`unused    allow-list entry ${a.package} ${a.id}: no such advisory any more, remove it`);
  for (const f of outcome.failing) say(`FAILING   ${f.severity} ${f.package} ${f.id} ${f.title} ${f.url}`);
  say(
    outcome.failing.length === 0
      ? `dependency audit: no high or critical advisory in the production dependencies (${outcome.allowed.length} allowed)`
      : `dependency audit: ${outcome.failing.length} high or critical advisories: update the package, or allow-list with a reason`,
  );
  return outcome.failing.length === 0 ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`dependency audit failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(2);
    },
  );
}
