/**
 * The retention policy (R-SEC-1), enforced by the running service (issue 15,
 * docs/adr/0019-personal-data-free-text-retention.md): `PII_RETENTION_DAYS` after a case is closed (`closed_at`: archived, closed as inadmissible, resolved on the spot),
 * its complainant's personal data and the staff free text are erased (`eraseCasePersonalData` of @complaintflow/audit),
 * the audit chain still verifying and the non-personal record kept for the reports.
 *
 * Every API process sweeps every `PII_RETENTION_SWEEP_MINUTES` (the first sweep a minute after boot); replicas may
 * sweep at once, since each case is erased under its row lock and only once. `POST /admin/retention/run` sweeps now.
 * Each sweep that erased something is recorded in `personal_data_requests` (kind `erasure`, actor `system`).
 */
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig, Logger } from '@complaintflow/config';
import { eraseCasePersonalData } from '@complaintflow/audit';
import { PersonalDataRepository } from '@complaintflow/persistence/repositories/personal-data';
import { APP_CONFIG, LOGGER } from '../tokens';

const DAY_MS = 86_400_000;
/** Cases erased per batch, and batches per sweep: a sweep is bounded, the next one goes on. */
const BATCH = 100;
const MAX_BATCHES = 50;

export interface RetentionRun {
  /** The closure instant before which cases were due (ISO). */
  readonly closedBefore: string;
  readonly retentionDays: number;
  readonly erased: readonly string[];
  readonly rowsRedacted: number;
}

@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  get retentionDays(): number {
    return this.config.PII_RETENTION_DAYS;
  }

  onApplicationBootstrap(): void {
    const minutes = this.config.PII_RETENTION_SWEEP_MINUTES;
    if (!minutes) return;
    const sweep = () => {
      this.running ??= this.run()
        .catch((err: unknown) => this.log.error({ err }, 'retention sweep failed; the next one retries'))
        .finally(() => (this.running = undefined));
    };
    const first = setTimeout(() => {
      sweep();
      this.timer = setInterval(sweep, minutes * 60_000);
      this.timer.unref();
    }, 60_000);
    first.unref();
    this.timer = first;
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    clearInterval(this.timer);
    await this.running;
  }

  /** Erases every case closed more than the retention period before `now`. */
  async run(now: number = Date.now()): Promise<RetentionRun> {
    const closedBefore = new Date(now - this.retentionDays * DAY_MS);
    const repo = new PersonalDataRepository(this.dataSource);
    const erased: string[] = [];
    let rowsRedacted = 0;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const due = await repo.dueForErasure(closedBefore, BATCH);
      for (const caseId of due) {
        const done = await eraseCasePersonalData(this.dataSource, caseId);
        if (!done) continue;
        erased.push(caseId);
        rowsRedacted += done.rowsRedacted;
      }
      if (due.length < BATCH) break;
    }
    if (erased.length > 0) {
      await repo.record({
        kind: 'erasure',
        actorId: 'system',
        actorRole: 'system',
        subjectKey: null,
        caseIds: erased,
        detail: { retentionDays: this.retentionDays, closedBefore: closedBefore.toISOString(), rowsRedacted },
      });
      this.log.info({ cases: erased.length, rowsRedacted }, 'retention: personal data erased');
    }
    return { closedBefore: closedBefore.toISOString(), retentionDays: this.retentionDays, erased, rowsRedacted };
  }
}
