/**
 * The audit export bundle (issue 6): one self-contained JSON document per case — the case row, every audit row with
 * its hashes, the case's Temporal history (every run, in the JSON form other Temporal tools read), the policy document
 * the case ran under — sealed by a SHA-256 digest over its canonical encoding. `verifyAuditBundle` checks it offline:
 * format, digest, chain, policy, history against rows, and a replay of the included history against the local
 * workflow code.
 *
 * The digest is a seal against corruption and casual edits, not a signature: whoever edits a bundle can recompute it.
 * What such an editor cannot easily fake is the agreement of three records (the rows' chain, the history's
 * `recordCaseEvents` inputs and the head hashes it returned); compare `headHash` with the live system to close the gap.
 */
import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { DataSource } from 'typeorm';
import { canonicalJson } from '@complaintflow/domain/case';
import type { PolicyDocument } from '@complaintflow/domain/policy/types';
import { withholdFreeText } from '@complaintflow/domain/free-text';
import { redactEvent } from './hash';
import { fetchCaseRuns, HistoryUnavailableError, type CaseRun } from './history';
import {
  eventFromRecord,
  isCaseId,
  loadAuditRecords,
  loadCaseFacts,
  loadCaseRow,
  recordFromView,
  viewFromRecord,
  type AuditEventView,
} from './records';
import { replayEvidence, type CaseReplayReport, type WorkflowCode } from './replay';

export const AUDIT_BUNDLE_FORMAT = 'complaintflow.audit-bundle';
export const AUDIT_BUNDLE_VERSION = 1;

export interface AuditBundleRun {
  readonly runId: string;
  /** The run's history as Temporal's JSON (`historyToJSON`), parsed. */
  readonly history: unknown;
}

export interface AuditBundleBody {
  readonly format: typeof AUDIT_BUNDLE_FORMAT;
  readonly version: number;
  readonly exportedAt: string;
  readonly caseId: string;
  /** The `complaint_cases` row as stored (JSON). */
  readonly case: Record<string, unknown>;
  readonly events: readonly AuditEventView[];
  /** The policy document the case ran under (`data.policy` of its `case.received` event). */
  readonly policy: PolicyDocument | null;
  readonly temporal: {
    readonly namespace: string;
    readonly workflowId: string;
    readonly runs: readonly AuditBundleRun[];
    /** Why there is no history (Temporal no longer has it, or it was withheld). */
    readonly unavailable?: string;
  };
  /**
   * Present when the bundle was made for a role that does not see staff free text (an auditor, ADR 0019): every
   * free-text field of the rows and the case row is withheld, each such row carries its `redactionSeal`, and the
   * Temporal history (which holds the same text) is left out.
   */
  readonly withheld?: { readonly freeText: true; readonly rows: number; readonly history: true };
}

export interface AuditBundle extends AuditBundleBody {
  readonly digest: { readonly algorithm: 'sha256'; readonly value: string };
}

/** SHA-256 (hex) over the canonical JSON of the bundle without its `digest` member. */
export function bundleDigest(bundle: AuditBundleBody | AuditBundle): string {
  const { digest: _digest, ...body } = bundle as AuditBundle;
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/** Seals a bundle body: JSON-normalises it (what is hashed is what a reader parses) and adds the digest. */
export function sealBundle(body: AuditBundleBody): AuditBundle {
  const normal = JSON.parse(JSON.stringify(body)) as AuditBundleBody;
  return { ...normal, digest: { algorithm: 'sha256', value: bundleDigest(normal) } };
}

/** What a bundle's reader may see. */
export interface AuditBundleOptions {
  /** Withhold staff free text (and the Temporal history that holds it): for roles that may not see it (ADR 0019). */
  readonly withholdFreeText?: boolean;
}

/** The text a bundle gives as the reason its history is missing when it was withheld. */
export const HISTORY_WITHHELD =
  'withheld: the Temporal history holds staff free text, which this role does not see (ADR 0019); ' +
  'POST /complaints/:id/replay replays it on the server';

/** Builds the export bundle of one case; `undefined` for an unknown case. */
export async function buildAuditBundle(
  deps: { readonly dataSource: DataSource; readonly client: Client },
  caseId: string,
  now: Date = new Date(),
  opts: AuditBundleOptions = {},
): Promise<AuditBundle | undefined> {
  if (!isCaseId(caseId)) return undefined;
  // Row, facts and events from one snapshot, so last_seq and the events agree.
  const stored = await deps.dataSource.transaction('REPEATABLE READ', async (m) => {
    const facts = await loadCaseFacts(m, caseId);
    if (!facts) return undefined;
    return { facts, row: (await loadCaseRow(m, caseId)) ?? {}, records: await loadAuditRecords(m, caseId) };
  });
  if (!stored) return undefined;
  let runs: CaseRun[] = [];
  let unavailable: string | undefined;
  const withhold = opts.withholdFreeText === true;
  if (withhold) unavailable = HISTORY_WITHHELD;
  else {
    try {
      runs = await fetchCaseRuns(deps.client, stored.facts.workflowId);
    } catch (err) {
      if (!(err instanceof HistoryUnavailableError)) throw err;
      unavailable = err.message;
    }
  }
  const received = stored.records.find((r) => r.data.type === 'case.received');
  const policy = received?.data.type === 'case.received' ? (received.data.policy ?? null) : null;
  let redactedRows = 0;
  const records = withhold
    ? stored.records.map((r) => {
        if (r.redactionSeal !== undefined) return r;
        const { data, seal } = redactEvent(caseId, r.policyVersion, eventFromRecord(r), r.hash);
        if (canonicalJson(data) === canonicalJson(r.data)) return r;
        redactedRows++;
        return { ...r, data, redactionSeal: seal };
      })
    : stored.records;
  return sealBundle({
    format: AUDIT_BUNDLE_FORMAT,
    version: AUDIT_BUNDLE_VERSION,
    exportedAt: now.toISOString(),
    caseId,
    case: withhold ? withholdFreeText(stored.row) : stored.row,
    events: records.map(viewFromRecord),
    policy,
    temporal: {
      namespace: deps.client.options.namespace,
      workflowId: stored.facts.workflowId,
      runs: runs.map((r) => ({ runId: r.runId, history: JSON.parse(historyToJSON(r.history)) as unknown })),
      ...(unavailable ? { unavailable } : {}),
    },
    ...(withhold ? { withheld: { freeText: true, rows: redactedRows, history: true } as const } : {}),
  });
}

export interface BundleCheck {
  readonly name: 'format' | 'digest' | 'chain' | 'policy' | 'history' | 'replay';
  readonly ok: boolean;
  /** What was found: the problems when not ok, a summary otherwise. */
  readonly details: readonly string[];
}

export interface BundleVerification {
  readonly ok: boolean;
  readonly caseId?: string;
  readonly checks: readonly BundleCheck[];
  /** The full replay report of the included history against the local code (when the bundle could be read). */
  readonly report?: CaseReplayReport;
  /**
   * The bundle withheld free text and the history (an auditor's, ADR 0019): the history and replay checks were not
   * run (they say so), and the withheld rows were checked against their redaction seals.
   */
  readonly partial?: true;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function shapeProblems(b: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (b.format !== AUDIT_BUNDLE_FORMAT)
    problems.push(`format is ${JSON.stringify(b.format)}, not ${AUDIT_BUNDLE_FORMAT}`);
  if (b.version !== AUDIT_BUNDLE_VERSION) {
    problems.push(
      `version ${JSON.stringify(b.version)} is not supported (this verifier reads ${AUDIT_BUNDLE_VERSION})`,
    );
  }
  if (typeof b.caseId !== 'string' || !isCaseId(b.caseId)) problems.push('caseId is missing or not a case id');
  if (!isObject(b.case)) problems.push('case (the case row) is missing');
  if (!Array.isArray(b.events)) problems.push('events is missing');
  const t = b.temporal;
  if (!isObject(t) || typeof t.workflowId !== 'string' || !Array.isArray(t.runs)) {
    problems.push('temporal (workflowId, runs) is missing');
  }
  const d = b.digest;
  if (!isObject(d) || d.algorithm !== 'sha256' || typeof d.value !== 'string') {
    problems.push('digest (sha256) is missing');
  }
  return problems;
}

function readRun(run: unknown): CaseRun {
  if (!isObject(run) || typeof run.runId !== 'string') throw new Error('a run without a runId');
  return { runId: run.runId, history: historyFromJSON(run.history) };
}

/**
 * Verifies an export bundle offline against the local workflow code: every check is run and reported, `ok` only when
 * all pass. Never throws for a bad bundle (a bundle that cannot even be read fails `format`).
 */
export async function verifyAuditBundle(bundle: unknown, code: WorkflowCode): Promise<BundleVerification> {
  if (!isObject(bundle)) {
    return { ok: false, checks: [{ name: 'format', ok: false, details: ['the bundle is not a JSON object'] }] };
  }
  const shape = shapeProblems(bundle);
  if (shape.length) return { ok: false, checks: [{ name: 'format', ok: false, details: shape }] };
  const b = bundle as unknown as AuditBundle;
  const checks: BundleCheck[] = [
    { name: 'format', ok: true, details: [`${b.format} v${b.version}, case ${b.caseId}, exported ${b.exportedAt}`] },
  ];

  let computed: string;
  try {
    computed = bundleDigest(b);
  } catch (err) {
    computed = `(cannot be computed: ${(err as Error).message})`;
  }
  checks.push(
    computed === b.digest.value
      ? { name: 'digest', ok: true, details: [`sha256 ${computed}`] }
      : {
          name: 'digest',
          ok: false,
          details: [`the bundle's digest ${b.digest.value} does not match its content (${computed}): it was altered`],
        },
  );

  let records;
  try {
    records = b.events.map(recordFromView);
  } catch (err) {
    checks.push({ name: 'chain', ok: false, details: [`the events cannot be read: ${(err as Error).message}`] });
    return { ok: false, caseId: b.caseId, checks };
  }
  const lastSeq = Number(b.case.last_seq);
  let runs: CaseRun[];
  try {
    runs = b.temporal.runs.map(readRun);
  } catch (err) {
    checks.push({ name: 'replay', ok: false, details: [`the history cannot be read: ${(err as Error).message}`] });
    return { ok: false, caseId: b.caseId, checks };
  }

  let report: CaseReplayReport | undefined;
  for await (const r of replayEvidence(code, [b], async (x) => ({
    caseId: x.caseId,
    workflowId: x.temporal.workflowId,
    records,
    ...(Number.isInteger(lastSeq) ? { expectedLastSeq: lastSeq } : {}),
    runs,
    ...(x.temporal.unavailable || runs.length === 0
      ? { historyUnavailable: x.temporal.unavailable ?? 'the bundle holds no Temporal history' }
      : {}),
  }))) {
    report = r;
  }
  if (!report) throw new Error('replay produced no report');

  checks.push(
    report.auditChainVerified
      ? { name: 'chain', ok: true, details: [`${report.caseEventsStored} events, head hash ${report.headHash}`] }
      : { name: 'chain', ok: false, details: report.chainProblems.map((p) => p.message) },
  );

  const first = b.events.find((e) => e.data?.type === 'case.received');
  const hashedPolicy = first?.data.type === 'case.received' ? first.data.policy : undefined;
  checks.push(
    hashedPolicy !== undefined && canonicalJson(hashedPolicy) === canonicalJson(b.policy)
      ? {
          name: 'policy',
          ok: true,
          details: [`policy ${b.policy?.version} is the one the case.received event carries`],
        }
      : {
          name: 'policy',
          ok: false,
          details: ["the bundle's policy document is not the one its (hashed) case.received event carries"],
        },
  );

  if (b.withheld?.history) {
    const why = `not checked: ${b.temporal.unavailable ?? HISTORY_WITHHELD}`;
    checks.push({ name: 'history', ok: true, details: [why] }, { name: 'replay', ok: true, details: [why] });
    return { ok: checks.every((c) => c.ok), caseId: b.caseId, checks, report, partial: true };
  }
  const historyMismatches = report.mismatches.filter((m) => m.kind !== 'nondeterminism' && m.kind !== 'replay_failed');
  checks.push(
    historyMismatches.length === 0
      ? {
          name: 'history',
          ok: true,
          details: [
            `${report.caseEventsInHistory} events recorded by the workflow match the rows` +
              (report.pendingWrites ? ` (${report.pendingWrites} not yet written when exported)` : ''),
          ],
        }
      : { name: 'history', ok: false, details: historyMismatches.map((m) => m.message) },
  );
  const replayFailures = report.mismatches.filter((m) => m.kind === 'nondeterminism' || m.kind === 'replay_failed');
  checks.push(
    report.deterministic
      ? {
          name: 'replay',
          ok: true,
          details: [`${report.runs.length} run(s), ${report.eventsReplayed} history events replayed deterministically`],
        }
      : {
          name: 'replay',
          ok: false,
          details: replayFailures.length ? replayFailures.map((m) => m.message) : ['no history was replayed'],
        },
  );
  return { ok: checks.every((c) => c.ok), caseId: b.caseId, checks, report };
}
