/**
 * Replay of a case (issue 6): its Temporal history (every run of the continue-as-new chain) is replayed against the
 * deployed workflow code — any change to the command sequence surfaces as a `DeterminismViolationError` — and what
 * the history says the workflow persisted is checked against `case_events`, whose own chain is verified too. Shared
 * by `POST /complaints/:id/replay`, `npm run audit -- replay` and the offline check of an export bundle.
 */
import type { Client, HistoryAndWorkflowId } from '@temporalio/client';
import { Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import type { WorkflowCode } from '@complaintflow/contracts';
import { ComplaintCasesRepository } from '@complaintflow/persistence/repositories/complaint-cases';
import { crossCheckHistory, type ReplayMismatch } from './cross-check';
import {
  fetchCaseRuns,
  HistoryUnavailableError,
  recordedBatches,
  replayableHistory,
  runsClosed,
  type CaseRun,
  type History,
} from './history';
import { loadCaseAudit, type AuditRecord } from './records';
import { verifyChain, type ChainProblem } from './verify';

export type { WorkflowCode };

export function replayWorkerOptions(code: WorkflowCode, replayName = 'audit-replay'): ReplayWorkerOptions {
  return {
    replayName,
    workflowBundle: 'bundlePath' in code ? { codePath: code.bundlePath } : { code: code.code },
  };
}

/** The outcome of replaying one run. */
export interface RunReplay {
  readonly runId: string;
  readonly historyEvents: number;
  readonly deterministic: boolean;
  /** `DeterminismViolationError` or `ReplayError` (the workflow code failed on the history) and its message. */
  readonly error?: { readonly name: string; readonly message: string };
}

/** Everything a replay established about one case. */
export interface CaseReplayReport {
  readonly caseId: string;
  readonly workflowId: string;
  /** Every run replayed without a determinism violation or failure (false when the history is unavailable). */
  readonly deterministic: boolean;
  /** Temporal history events replayed, over every run. */
  readonly eventsReplayed: number;
  readonly auditChainVerified: boolean;
  /** Nondeterminism, and every difference between the history and `case_events`. Empty when all is well. */
  readonly mismatches: readonly ReplayMismatch[];
  /** The chain verifier's findings on `case_events` (empty when `auditChainVerified`). */
  readonly chainProblems: readonly ChainProblem[];
  readonly runs: readonly RunReplay[];
  /** Case events the history hands to the writer, and case events stored. */
  readonly caseEventsInHistory: number;
  readonly caseEventsStored: number;
  /** Events the history shows scheduled for writing but not yet written (a running case). */
  readonly pendingWrites: number;
  /** The stored head hash (compare with an export bundle or a published copy). */
  readonly headHash: string;
}

/** What a case's assessment needs: its stored rows, its runs and how each replayed. */
export interface CaseEvidence {
  readonly caseId: string;
  readonly workflowId: string;
  readonly records: readonly AuditRecord[];
  /** The case row's `last_seq`, for the truncated-tail check. */
  readonly expectedLastSeq?: number;
  readonly runs: readonly CaseRun[];
  /** Set when the history could not be fetched (the runs are then empty). */
  readonly historyUnavailable?: string;
}

/** Combines the chain verification, the history cross-check and the replay outcomes into one report. Pure. */
export function assessCase(evidence: CaseEvidence, replays: readonly RunReplay[]): CaseReplayReport {
  const chain = verifyChain(evidence.caseId, evidence.records, { expectedLastSeq: evidence.expectedLastSeq });
  const batches = evidence.runs.flatMap((run) => recordedBatches(run));
  // A closed workflow writes nothing more: every write it shows completed must be stored. While it runs, writes
  // completed after the rows were read (the history is read later) are not yet in them.
  const knownUpTo = runsClosed(evidence.runs) ? undefined : evidence.expectedLastSeq;
  const cross = crossCheckHistory(batches, evidence.records, knownUpTo);
  const mismatches: ReplayMismatch[] = [];
  if (evidence.historyUnavailable !== undefined) {
    mismatches.push({ kind: 'history_unavailable', message: evidence.historyUnavailable });
  }
  for (const r of replays) {
    if (r.error) {
      mismatches.push({
        kind: r.error.name === 'DeterminismViolationError' ? 'nondeterminism' : 'replay_failed',
        runId: r.runId,
        message: `run ${r.runId}: ${r.error.message}`,
      });
    }
  }
  // The history witnesses the rows only when it is there at all.
  if (evidence.historyUnavailable === undefined) mismatches.push(...cross.mismatches);
  return {
    caseId: evidence.caseId,
    workflowId: evidence.workflowId,
    deterministic:
      evidence.historyUnavailable === undefined &&
      replays.length === evidence.runs.length &&
      replays.every((r) => r.deterministic),
    eventsReplayed: replays.reduce((n, r) => n + r.historyEvents, 0),
    auditChainVerified: chain.verified,
    mismatches,
    chainProblems: chain.problems,
    runs: replays,
    caseEventsInHistory: cross.eventsInHistory,
    caseEventsStored: evidence.records.length,
    pendingWrites: cross.pending,
    headHash: chain.headHash,
  };
}

function runReplayOf(run: CaseRun, replayed: History, error: Error | undefined): RunReplay {
  return {
    runId: run.runId,
    historyEvents: replayed.events?.length ?? 0,
    deterministic: error === undefined,
    ...(error ? { error: { name: error.name, message: error.message } } : {}),
  };
}

/**
 * Replays many cases' runs with one replay worker (the bundle is loaded once), yielding each case's report as soon
 * as its last run has replayed, in the order of `items`. `prepare` loads a case's evidence (`undefined` skips it).
 * A run the workflow code has not completed a task in yet has nothing to check and counts as replayed (0 events).
 */
export async function* replayEvidence<T>(
  code: WorkflowCode,
  items: Iterable<T> | AsyncIterable<T>,
  prepare: (item: T) => Promise<CaseEvidence | undefined>,
): AsyncGenerator<CaseReplayReport> {
  interface Pending {
    readonly evidence: CaseEvidence;
    /** Per run: the history to replay (undefined: nothing to replay), and its outcome once known. */
    readonly plan: { readonly run: CaseRun; readonly history?: History }[];
    readonly replays: (RunReplay | undefined)[];
  }
  const queue: Pending[] = [];
  const histories = async function* (): AsyncGenerator<HistoryAndWorkflowId> {
    for await (const item of items) {
      const evidence = await prepare(item);
      if (!evidence) continue;
      const plan = evidence.runs.map((run) => ({ run, history: replayableHistory(run.history) }));
      const replays = plan.map((p) =>
        p.history ? undefined : { runId: p.run.runId, historyEvents: 0, deterministic: true },
      );
      queue.push({ evidence, plan, replays });
      for (const p of plan) if (p.history) yield { workflowId: evidence.workflowId, history: p.history };
    }
  };
  const ready = function* (): Generator<CaseReplayReport> {
    while (queue.length && queue[0].replays.every((r) => r !== undefined)) {
      const done = queue.shift() as Pending;
      yield assessCase(done.evidence, done.replays as RunReplay[]);
    }
  };
  for await (const result of Worker.runReplayHistories(replayWorkerOptions(code), histories())) {
    yield* ready(); // cases with nothing to replay, ahead of this one
    const head = queue[0];
    const index = head ? head.replays.findIndex((r) => r === undefined) : -1;
    if (!head || index < 0) throw new Error(`replay result for ${result.workflowId} matches no pending case`);
    head.replays[index] = runReplayOf(head.plan[index].run, head.plan[index].history as History, result.error);
    yield* ready();
  }
  yield* ready();
}

/** Loads a case's stored rows and Temporal runs; `undefined` for an unknown case. */
export async function loadCaseEvidence(
  deps: { readonly dataSource: DataSource; readonly client: Client },
  caseId: string,
): Promise<CaseEvidence | undefined> {
  const stored = await loadCaseAudit(deps.dataSource, caseId);
  if (!stored) return undefined;
  const base = {
    caseId,
    workflowId: stored.facts.workflowId,
    records: stored.records,
    expectedLastSeq: stored.facts.lastSeq,
  };
  try {
    return { ...base, runs: await fetchCaseRuns(deps.client, stored.facts.workflowId) };
  } catch (err) {
    if (err instanceof HistoryUnavailableError) return { ...base, runs: [], historyUnavailable: err.message };
    throw err;
  }
}

export interface ReplayDeps {
  readonly dataSource: DataSource;
  readonly client: Client;
  readonly workflowCode: WorkflowCode;
}

/** Replays one case against the workflow code and checks it against `case_events`; `undefined` for an unknown case. */
export async function replayCase(deps: ReplayDeps, caseId: string): Promise<CaseReplayReport | undefined> {
  for await (const report of replayEvidence(deps.workflowCode, [caseId], (id) => loadCaseEvidence(deps, id))) {
    return report;
  }
  return undefined;
}

/** Replays many cases with one replay worker, yielding each report in order (unknown ids are skipped). */
export function replayCases(
  deps: ReplayDeps,
  caseIds: Iterable<string> | AsyncIterable<string>,
): AsyncGenerator<CaseReplayReport> {
  return replayEvidence(deps.workflowCode, caseIds, (id) => loadCaseEvidence(deps, id));
}

/** The ids of the cases received at or after `since` (all cases without it), oldest first. */
export async function caseIdsReceivedSince(ds: DataSource, since?: Date): Promise<string[]> {
  return new ComplaintCasesRepository(ds).idsReceivedSince(since);
}

/** Replays bare histories (e.g. committed ones) against the workflow code; one outcome per history. */
export async function replayHistories(
  code: WorkflowCode,
  histories: readonly { readonly workflowId: string; readonly history: History | unknown }[],
): Promise<{ workflowId: string; runId: string; error?: Error }[]> {
  const out: { workflowId: string; runId: string; error?: Error }[] = [];
  for await (const r of Worker.runReplayHistories(replayWorkerOptions(code), histories)) {
    out.push({ workflowId: r.workflowId, runId: r.runId, ...(r.error ? { error: r.error } : {}) });
  }
  return out;
}
