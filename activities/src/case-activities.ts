/**
 * Activities that write the case record: the projection row and the append-only, hash-chained `case_events`.
 * Idempotent by (case id, seq): a retried call writes nothing twice. Non-deterministic work (I/O, hashing, clock)
 * lives here, never in the workflow.
 */
import type { DataSource } from 'typeorm';
import { GENESIS_HASH, actorColumns, eventHash } from '@complaintflow/audit/hash';
import type { CaseActivities, RecordCaseEventsInput, RecordCaseEventsResult } from '@complaintflow/contracts';

export function createCaseActivities(ds: DataSource): CaseActivities {
  return {
    /** Appends events to the audit trail and refreshes the case row, in one transaction. */
    async recordCaseEvents(input: RecordCaseEventsInput): Promise<RecordCaseEventsResult> {
      const { state, events } = input;
      return ds.transaction(async (m) => {
        // Upsert the row first (FK target, and its row lock serialises writers of the same case).
        await m.query(
          `INSERT INTO complaint_cases (id, workflow_id, stage, channel, category, urgency, escalation_level, owner_id,
             origin_outlet, delivery_outlet, waybill_no, external_ref, subject_employee_id, complainant_key, is_repeat,
             is_appeal, policy_version, last_seq, state, received_at, updated_at, department, overdue, closed_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,to_timestamp($20/1000.0),
             to_timestamp($21/1000.0),$22,$23,to_timestamp($24/1000.0))
           ON CONFLICT (id) DO UPDATE SET stage = EXCLUDED.stage, category = EXCLUDED.category, urgency = EXCLUDED.urgency,
             escalation_level = EXCLUDED.escalation_level, owner_id = EXCLUDED.owner_id, last_seq = EXCLUDED.last_seq,
             state = EXCLUDED.state, updated_at = EXCLUDED.updated_at, department = EXCLUDED.department,
             overdue = EXCLUDED.overdue, closed_at = EXCLUDED.closed_at
           WHERE complaint_cases.last_seq < EXCLUDED.last_seq`,
          [
            state.caseId,
            input.workflowId,
            state.stage,
            state.channel,
            state.category,
            state.urgency,
            state.escalationLevel,
            state.ownerId,
            state.intake.shipment.originOutlet,
            state.intake.shipment.deliveryOutlet,
            state.intake.waybillNo,
            state.intake.externalRef ?? null,
            state.intake.subjectEmployeeId ?? null,
            state.intake.complainantKey,
            state.intake.isRepeat,
            state.channel === 'regulator',
            state.policyVersion,
            state.lastSeq,
            JSON.stringify(state),
            state.receivedAt,
            state.updatedAt,
            state.department ?? null,
            input.overdue ?? false,
            state.closure?.at ?? null,
          ],
        );
        const last: { seq: number; hash: string }[] = await m.query(
          'SELECT seq, hash FROM case_events WHERE case_id = $1 ORDER BY seq DESC LIMIT 1',
          [state.caseId],
        );
        let prevSeq = last[0]?.seq ?? 0;
        let prevHash = last[0]?.hash ?? GENESIS_HASH;
        let written = 0;
        for (const event of events) {
          if (event.seq <= prevSeq) continue; // already recorded by an earlier attempt
          if (event.seq !== prevSeq + 1) {
            throw new Error(`case ${state.caseId}: event ${event.seq} would leave a gap after ${prevSeq}`);
          }
          const hash = eventHash(state.caseId, state.policyVersion, event, prevHash);
          const actor = actorColumns(event.actor);
          await m.query(
            `INSERT INTO case_events (case_id, seq, type, at, actor_id, actor_role, data, policy_version, prev_hash, hash)
             VALUES ($1,$2,$3,to_timestamp($4/1000.0),$5,$6,$7,$8,$9,$10)`,
            [
              state.caseId,
              event.seq,
              event.data.type,
              event.at,
              actor.id,
              actor.role,
              JSON.stringify(event.data),
              state.policyVersion,
              prevHash,
              hash,
            ],
          );
          if (event.data.type === 'notification.requested') {
            // Transactional outbox: the message exists if and only if the event does.
            const n = event.data.notification;
            await m.query(
              `INSERT INTO notification_outbox (case_id, seq, kind, audience, channel, payload)
               VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT DO NOTHING`,
              [
                state.caseId,
                event.seq,
                n.kind,
                n.audience,
                n.channel,
                JSON.stringify({ about: event.data.about, stage: state.stage }),
              ],
            );
          }
          prevSeq = event.seq;
          prevHash = hash;
          written++;
        }
        return { written, lastHash: prevHash };
      });
    },
  };
}
