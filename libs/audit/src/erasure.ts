/**
 * The retention erasure of one case (issue 15, docs/adr/0019-personal-data-free-text-retention.md), in one
 * transaction: every audit row whose data holds free text gets that text withheld and a `redactionSeal` (the chain's
 * `hash`/`prev_hash` stay, so the chain still verifies: `verifyChain` checks a redacted row against its seal); the case
 * row's state loses its free text too, the complainant row (name, phone, e-mail, the customer's own words) is deleted
 * and the complainant key cut. What remains is the case's non-personal record: stages, times, codes, amounts,
 * outlets, deadlines — everything the reports count.
 */
import type { DataSource } from 'typeorm';
import { canonicalJson } from '@complaintflow/domain/case';
import { withholdFreeText } from '@complaintflow/domain/free-text';
import { CaseEventsRepository } from '@complaintflow/persistence/repositories/case-events';
import { PersonalDataRepository } from '@complaintflow/persistence/repositories/personal-data';
import { redactEvent } from './hash';
import { eventFromRecord, loadAuditRecords } from './records';

export interface ErasureResult {
  readonly caseId: string;
  /** Audit rows whose free text was withheld. */
  readonly rowsRedacted: number;
}

/** Erases one case's personal data; `undefined` when the case is unknown or was already erased. */
export async function eraseCasePersonalData(ds: DataSource, caseId: string): Promise<ErasureResult | undefined> {
  return ds.transaction(async (m) => {
    const personal = new PersonalDataRepository(m);
    if (!(await personal.lockForErasure(caseId))) return undefined;
    const events = new CaseEventsRepository(m);
    let rowsRedacted = 0;
    for (const r of await loadAuditRecords(m, caseId)) {
      if (r.redactionSeal !== undefined) continue;
      const event = eventFromRecord(r);
      const { data, seal } = redactEvent(caseId, r.policyVersion, event, r.hash);
      if (canonicalJson(data) === canonicalJson(r.data)) continue; // no free text in this row
      await events.redact(caseId, r.seq, data, seal);
      rowsRedacted++;
    }
    await personal.eraseCase(caseId, withholdFreeText(await personal.caseState(caseId)));
    return { caseId, rowsRedacted };
  });
}
