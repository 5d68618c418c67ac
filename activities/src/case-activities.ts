/**
 * Activities that write the case record: the projection row and the append-only, hash-chained `case_events`.
 * Idempotent by (case id, seq): a retried call writes nothing twice. Non-deterministic work (I/O, hashing, clock)
 * lives here, never in the workflow; the SQL is in `@complaintflow/persistence`, the hash chain in the audit library.
 */
import type { DataSource } from 'typeorm';
import { GENESIS_HASH, actorColumns, eventHash } from '@complaintflow/audit/hash';
import { CaseStreamError } from '@complaintflow/domain/case/state';
import { overdueAt } from '@complaintflow/domain/case/view';
import { inCaseRecordTransaction } from '@complaintflow/persistence/repositories/case-record';
import { caseRecordOf } from '@complaintflow/persistence/repositories/complaint-cases';
import type { CaseActivities, RecordCaseEventsInput, RecordCaseEventsResult } from '@complaintflow/contracts';
import { markStartedRelays, type RelayStarter } from './notify/start';

/**
 * `relay`: starts each enqueued message's notification relay right after the commit (docs/adr/0011); without it (or
 * when the start fails) the relay's sweeper starts it.
 */
export function createCaseActivities(ds: DataSource, relay?: RelayStarter): CaseActivities {
  return {
    /**
     * Appends events to the audit trail and refreshes the case row, in one transaction. A batch that would leave a
     * gap after the stored head fails with `CaseStreamError` (the failure type the workflow does not retry).
     */
    async recordCaseEvents(input: RecordCaseEventsInput): Promise<RecordCaseEventsResult> {
      const { state, events } = input;
      const recorded = await inCaseRecordTransaction(ds, async (tx) => {
        // Upsert the row first (FK target, and its row lock serialises writers of the same case). `next_due_at` is
        // read at the state's own instant, so a retried attempt writes the same row.
        await tx.cases.upsert(
          caseRecordOf(state, {
            workflowId: input.workflowId,
            overdue: input.overdue ?? false,
            nextDueAt: overdueAt(state, state.updatedAt),
          }),
        );
        const head = await tx.events.head(state.caseId);
        let prevSeq = head?.seq ?? 0;
        let prevHash = head?.hash ?? GENESIS_HASH;
        let written = 0;
        for (const event of events) {
          if (event.seq <= prevSeq) continue; // already recorded by an earlier attempt
          if (event.seq !== prevSeq + 1) {
            throw new CaseStreamError(`case ${state.caseId}: event ${event.seq} would leave a gap after ${prevSeq}`);
          }
          const hash = eventHash(state.caseId, state.policyVersion, event, prevHash);
          const actor = actorColumns(event.actor);
          await tx.events.append({
            caseId: state.caseId,
            seq: event.seq,
            at: event.at,
            actorId: actor.id,
            actorRole: actor.role,
            data: event.data,
            policyVersion: state.policyVersion,
            prevHash,
            hash,
          });
          if (event.data.type === 'notification.requested') {
            // Transactional outbox: the message exists if and only if the event does.
            const n = event.data.notification;
            await tx.outbox.enqueue({
              caseId: state.caseId,
              seq: event.seq,
              kind: n.kind,
              audience: n.audience,
              channel: n.channel,
              payload: { about: event.data.about, stage: state.stage },
            });
          }
          prevSeq = event.seq;
          prevHash = hash;
          written++;
        }
        return { written, lastHash: prevHash };
      });
      // After the commit: the relay of every message of the batch (a retried batch's too; starting twice is a no-op).
      const messages = events.filter((e) => e.data.type === 'notification.requested');
      if (relay && messages.length > 0) {
        await markStartedRelays(
          relay,
          ds,
          messages.map((e) => ({ caseId: state.caseId, seq: e.seq })),
        );
      }
      return recorded;
    },
  };
}
