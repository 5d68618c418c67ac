/**
 * The Temporal side of the audit: a case workflow's history (every run of its continue-as-new chain) and what it says
 * the workflow persisted. Each `recordCaseEvents` activity the workflow scheduled carries the events it decided as its
 * input (ActivityTaskScheduled), and each completion carries the head hash the writer returned (ActivityTaskCompleted)
 * — a record of the case independent of PostgreSQL, which `crossCheckHistory` compares with `case_events`.
 */
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import type { CaseEvent, CaseState } from '@complaintflow/domain/case';
import { decodePayloadsIn } from '@complaintflow/contracts/decode-payloads';

export type History = temporal.api.history.v1.IHistory;

/** The activity that appends to `case_events` (its name is part of the workflow's recorded history). */
export const RECORD_CASE_EVENTS_ACTIVITY = 'recordCaseEvents';

/** One run of a case workflow and its full history. */
export interface CaseRun {
  readonly runId: string;
  readonly history: History;
}

/** Thrown when Temporal has no history for a workflow (never started, or deleted after its retention period). */
export class HistoryUnavailableError extends Error {
  constructor(
    readonly workflowId: string,
    readonly runId: string | undefined,
    cause: unknown,
  ) {
    super(
      `no Temporal history for workflow ${workflowId}${runId ? ` run ${runId}` : ''}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = 'HistoryUnavailableError';
  }
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; code?: number; cause?: { code?: number } };
  return e?.name === 'WorkflowNotFoundError' || e?.code === 5 || e?.cause?.code === 5;
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return Number(v);
  if (v && typeof (v as { toNumber?: unknown }).toNumber === 'function')
    return (v as { toNumber(): number }).toNumber();
  return Number(v);
}

function startedAttributes(history: History) {
  return history.events?.[0]?.workflowExecutionStartedEventAttributes ?? undefined;
}

/**
 * Every run of a workflow's current continue-as-new chain, first run first: the latest run, then back through each
 * run's `continuedExecutionRunId` to the first. (A run of an earlier chain under the same workflow id — the id reused
 * after the case closed — is not part of the case and is left out.) Each history comes decoded with the client's
 * payload codecs (the server stores it encrypted, docs/adr/0017-payload-encryption.md), so what follows reads it.
 * @throws HistoryUnavailableError when Temporal has no history for the workflow or one of its runs.
 */
export async function fetchCaseRuns(client: Client, workflowId: string): Promise<CaseRun[]> {
  const runs: CaseRun[] = [];
  let runId: string | undefined;
  const seen = new Set<string>();
  for (;;) {
    let history: History;
    let actualRunId: string;
    try {
      const handle = client.workflow.getHandle(workflowId, runId);
      if (runId) {
        actualRunId = runId;
        history = await handle.fetchHistory();
      } else {
        // The latest run: its id from describe(), then the history of exactly that run.
        actualRunId = (await handle.describe()).runId;
        history = await client.workflow.getHandle(workflowId, actualRunId).fetchHistory();
      }
    } catch (err) {
      if (isNotFound(err)) throw new HistoryUnavailableError(workflowId, runId, err);
      throw err;
    }
    await decodePayloadsIn(history, client.options.loadedDataConverter.payloadCodecs);
    runs.push({ runId: actualRunId, history });
    seen.add(actualRunId);
    const previous = startedAttributes(history)?.continuedExecutionRunId;
    if (!previous || seen.has(previous)) break;
    runId = previous;
  }
  return runs.reverse();
}

/** One `recordCaseEvents` call as the history records it. */
export interface RecordedBatch {
  readonly runId: string;
  readonly scheduledEventId: number;
  readonly events: readonly CaseEvent[];
  /** The case state the workflow sent with the batch (its policy version is the rows'). */
  readonly state?: CaseState;
  /** Whether the history shows the activity completed (the rows must then exist). */
  readonly completed: boolean;
  /** The head hash the writer returned, when it completed. */
  readonly lastHash?: string;
}

interface RecordInput {
  readonly events?: readonly CaseEvent[];
  readonly state?: CaseState;
}

function decode<T>(payload: unknown): T | undefined {
  if (!payload) return undefined;
  return defaultPayloadConverter.fromPayload<T>(payload as Payload);
}

/** The `recordCaseEvents` calls of one run, in the order the workflow scheduled them. */
export function recordedBatches(run: CaseRun): RecordedBatch[] {
  const scheduled = new Map<number, { events: readonly CaseEvent[]; state?: CaseState }>();
  const results = new Map<number, { lastHash?: string }>();
  for (const e of run.history.events ?? []) {
    const s = e.activityTaskScheduledEventAttributes;
    if (s && s.activityType?.name === RECORD_CASE_EVENTS_ACTIVITY) {
      const input = decode<RecordInput>(s.input?.payloads?.[0]);
      scheduled.set(toNumber(e.eventId), { events: input?.events ?? [], state: input?.state });
      continue;
    }
    const c = e.activityTaskCompletedEventAttributes;
    if (c) {
      const result = decode<{ lastHash?: unknown }>(c.result?.payloads?.[0]);
      results.set(toNumber(c.scheduledEventId), {
        lastHash: typeof result?.lastHash === 'string' ? result.lastHash : undefined,
      });
    }
  }
  return [...scheduled.entries()].map(([scheduledEventId, s]) => {
    const result = results.get(scheduledEventId);
    return {
      runId: run.runId,
      scheduledEventId,
      events: s.events,
      ...(s.state ? { state: s.state } : {}),
      completed: result !== undefined,
      ...(result?.lastHash ? { lastHash: result.lastHash } : {}),
    };
  });
}

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

function isClosing(e: HistoryEvent): boolean {
  return Boolean(
    e.workflowExecutionCompletedEventAttributes ||
    e.workflowExecutionFailedEventAttributes ||
    e.workflowExecutionTerminatedEventAttributes ||
    e.workflowExecutionTimedOutEventAttributes ||
    e.workflowExecutionCanceledEventAttributes ||
    e.workflowExecutionContinuedAsNewEventAttributes,
  );
}

/** Events a workflow task's completion writes (its commands and accepted/completed Updates). */
function isCommandEvent(e: HistoryEvent): boolean {
  return Boolean(
    e.activityTaskScheduledEventAttributes ||
    e.activityTaskCancelRequestedEventAttributes ||
    e.timerStartedEventAttributes ||
    e.timerCanceledEventAttributes ||
    e.markerRecordedEventAttributes ||
    e.upsertWorkflowSearchAttributesEventAttributes ||
    e.workflowPropertiesModifiedEventAttributes ||
    e.workflowExecutionUpdateAcceptedEventAttributes ||
    e.workflowExecutionUpdateCompletedEventAttributes ||
    e.startChildWorkflowExecutionInitiatedEventAttributes ||
    e.signalExternalWorkflowExecutionInitiatedEventAttributes ||
    e.requestCancelExternalWorkflowExecutionInitiatedEventAttributes ||
    isClosing(e),
  );
}

/**
 * The part of a run's history the workflow code has already acted on, which is what a replay can check: a closed
 * run whole; an open run up to its last completed workflow task and the commands that task wrote (what came after —
 * a task not yet completed, or only the start of a run just continued — the code has not run on yet, and a replay
 * of it would wait for a task that never comes). `undefined` when the code has not completed a task at all.
 */
export function replayableHistory(history: History): History | undefined {
  const events = history.events ?? [];
  const last = events[events.length - 1];
  if (last && isClosing(last)) return history;
  let end = -1;
  for (let i = events.length - 1; i >= 0; i--) {
    if (events[i].workflowTaskCompletedEventAttributes) {
      end = i;
      break;
    }
  }
  if (end < 0) return undefined;
  while (end + 1 < events.length && isCommandEvent(events[end + 1])) end++;
  return end === events.length - 1 ? history : { ...history, events: events.slice(0, end + 1) };
}

/** Whether the chain of runs has ended: its last run closed other than by continuing as new. */
export function runsClosed(runs: readonly CaseRun[]): boolean {
  const events = runs[runs.length - 1]?.history.events ?? [];
  const last = events[events.length - 1];
  if (!last) return false;
  return Boolean(
    last.workflowExecutionCompletedEventAttributes ||
    last.workflowExecutionFailedEventAttributes ||
    last.workflowExecutionTerminatedEventAttributes ||
    last.workflowExecutionTimedOutEventAttributes ||
    last.workflowExecutionCanceledEventAttributes,
  );
}
