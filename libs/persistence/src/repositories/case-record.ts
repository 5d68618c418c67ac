/**
 * The write of a case's record: the case row, its new `case_events` rows and their outbox messages, in one
 * transaction. Callers upsert the case row first — it is the FK target, and its row lock serialises the writers of
 * one case, so two attempts never chain from the same head.
 */
import type { DataSource } from 'typeorm';
import { CaseEventsRepository } from './case-events';
import { ComplaintCasesRepository } from './complaint-cases';
import { NotificationOutboxRepository } from './notification-outbox';

/** The repositories of one case-record transaction, bound to its entity manager. */
export interface CaseRecordWriters {
  readonly cases: ComplaintCasesRepository;
  readonly events: CaseEventsRepository;
  readonly outbox: NotificationOutboxRepository;
}

/** Runs `work` in one transaction (committed when it resolves, rolled back when it throws). */
export function inCaseRecordTransaction<T>(ds: DataSource, work: (w: CaseRecordWriters) => Promise<T>): Promise<T> {
  return ds.transaction((m) =>
    work({
      cases: new ComplaintCasesRepository(m),
      events: new CaseEventsRepository(m),
      outbox: new NotificationOutboxRepository(m),
    }),
  );
}
