/**
 * Intake (docs/api.md `POST /complaints`): checks the complaint (R-ACC-1, R-ACC-2, R-CH-1), flags repeats (R-CAT-4) and a
 * standing floor offer (R-CMP-4), stores the complainant encrypted (R-SEC-1) and starts the case's workflow with
 * update-with-start on `sync`, so the answer comes once the case row and its first events are in PostgreSQL.
 *
 * Order of writes: the encrypted complainant row first, then the workflow. If the start fails and the workflow does not
 * exist, the row is removed again; if the workflow may exist (a timeout), the row stays and the client retries (with the
 * same Idempotency-Key the retry reaches the same case). Never one without the other.
 */
import { createHash, randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  type Client,
  NamespaceNotFoundError,
  WithStartWorkflowOperation,
  WorkflowNotFoundError,
} from '@temporalio/client';
import type { AppConfig, Logger } from '@complaintflow/config';
import type { CaseIntake, CaseState } from '@complaintflow/domain/case';
import { normalizeWaybillNo } from '@complaintflow/domain/intake';
import type { PolicyDocument } from '@complaintflow/domain/policy/types';
import { isRepeatComplaint } from '@complaintflow/domain/repeat';
import { COMPLAINT_CASE_WORKFLOW } from '@complaintflow/temporal/constants';
import { caseWorkflowId, syncUpdate, type StartCaseInput } from '@complaintflow/contracts';
import { CaseComplainantsRepository } from '@complaintflow/persistence/repositories/case-complainants';
import { ComplaintCasesRepository } from '@complaintflow/persistence/repositories/complaint-cases';
import type { Principal } from '../auth/principal';
import { IdempotencyStore, keyReused, requestHash } from '../common/idempotency';
import { invalid } from '../common/validation';
import { intakeRuleProblems } from './intake-rules';
import { APP_CONFIG, LOGGER, PII_CIPHER, POLICY_DOCUMENT, TEMPORAL_CLIENT } from '../tokens';
import { CaseReads } from './case-reads';
import { intakeResponse } from './case-view';
import type { IntakeDto } from './dto/intake.dto';
import {
  blankContactData,
  normaliseSearchText,
  PiiCipher,
  type ComplainantSecret,
} from '@complaintflow/persistence/pii';
import { temporalToApiError } from './temporal-errors';

const DAY_MS = 86_400_000;
/** How long the API waits for the workflow's first answer before answering 503 (retry with the same key). */
export const START_TIMEOUT_MS = 30_000;
const ORPHAN_AFTER_MS = 15 * 60_000;
const SWEEP_EVERY_MS = 10 * 60_000;

export type IntakeResult = {
  readonly status: HttpStatus.CREATED | HttpStatus.OK;
  readonly body: ReturnType<typeof intakeResponse>;
  readonly replayed: boolean;
};

/** A UUID (v8 layout) derived from a hash: a retried keyed intake names the same case. */
function uuidFrom(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

@Injectable()
export class IntakeService implements OnModuleInit, OnModuleDestroy {
  private sweeper?: NodeJS.Timeout;

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(POLICY_DOCUMENT) private readonly policy: PolicyDocument,
    @Inject(PII_CIPHER) private readonly cipher: PiiCipher,
    private readonly store: CaseReads,
    private readonly cases: ComplaintCasesRepository,
    private readonly complainants: CaseComplainantsRepository,
    private readonly idempotency: IdempotencyStore,
  ) {}

  async intake(principal: Principal, dto: IntakeDto, key: string | undefined): Promise<IntakeResult> {
    const rules = intakeRuleProblems(dto);
    if (rules.length > 0) throw invalid(rules);

    const scope = `intake:${principal.sub}`;
    const hash = requestHash(dto);
    if (key !== undefined) {
      const claim = await this.idempotency.claim(scope, key, hash);
      if (claim.kind === 'mismatch') throw keyReused();
      if (claim.kind === 'replay') {
        return { status: HttpStatus.OK, body: claim.response as IntakeResult['body'], replayed: true };
      }
    }
    try {
      const result = await this.run(
        principal,
        dto,
        key === undefined ? randomUUID() : uuidFrom(`${scope}\n${key}\n${hash}`),
      );
      if (key !== undefined) await this.idempotency.complete(scope, key, result.status, result.body);
      return result;
    } catch (err) {
      if (key !== undefined) await this.idempotency.release(scope, key).catch(() => undefined);
      throw err;
    }
  }

  private async run(principal: Principal, dto: IntakeDto, caseId: string): Promise<IntakeResult> {
    const now = Date.now();
    const waybillNo = normalizeWaybillNo(dto.waybillNo);
    const externalRef = dto.externalRef?.trim() || undefined;

    // R-CH-2: an appeal (or any channel reference) already on file is that case, not a new one.
    if (externalRef) {
      const existing = await this.complainants.caseIdByExternalRef(dto.channel, externalRef);
      if (existing && existing !== caseId) return this.existingCase(existing);
    }

    const complainantKey = this.cipher.complainantKey(dto.complainant);
    // R-CAT-4: the same waybill, or the same complainant about the same category within the policy window.
    const prior = await this.cases.priorCases(
      waybillNo,
      complainantKey,
      dto.category,
      now - this.policy.repeat.windowDays * DAY_MS,
    );
    const repeat = isRepeatComplaint(
      { caseId, waybillNo, complainantKey, category: dto.category, receivedAt: now },
      prior,
      this.policy.repeat,
    );
    // R-CMP-4: a floor offer standing on the same matter of the same complainant carries over (a new complaint or
    // appeal never raises it): the same waybill, complainant and category — a sender's delay floor does not cap a
    // recipient's loss claim.
    const floors = prior
      .filter(
        (p) =>
          p.waybillNo === waybillNo &&
          p.complainantKey === complainantKey &&
          p.category === dto.category &&
          p.floorOfferFen !== null,
      )
      .map((p) => p.floorOfferFen as number);
    const priorFloorOfferFen = floors.length > 0 ? Math.min(...floors) : undefined;

    const secret: ComplainantSecret = {
      name: dto.complainant.name.trim(),
      ...(dto.complainant.phone?.trim() ? { phone: dto.complainant.phone.trim() } : {}),
      ...(dto.complainant.email?.trim() ? { email: dto.complainant.email.trim() } : {}),
      description: dto.description,
      expectedOutcome: dto.expectedOutcome,
    };
    const written = await this.complainants.insert({
      caseId,
      channel: dto.channel,
      externalRef: externalRef ?? null,
      waybillNo,
      complainantKey,
      sealed: this.cipher.seal(secret, caseId),
      keyId: this.cipher.keyId,
      searchText: normaliseSearchText(blankContactData(dto.description)),
      receivedBy: principal.sub,
    });
    if (!written.inserted && written.caseId !== caseId) return this.existingCase(written.caseId);

    const intake: CaseIntake = {
      caseId,
      channel: dto.channel,
      ...(externalRef ? { externalRef } : {}),
      waybillNo,
      category: dto.category,
      urgency: dto.urgency ?? 'normal',
      claimedFen: dto.claimedFen ?? 0,
      shipment: {
        originOutlet: dto.shipment.originOutlet,
        deliveryOutlet: dto.shipment.deliveryOutlet,
        freightFen: dto.shipment.freightFen,
        chargedFen: dto.shipment.chargedFen,
        insured: dto.shipment.insured,
        declaredValueFen: dto.shipment.declaredValueFen,
      },
      complainantKey,
      preferredChannel: dto.complainant.preferredChannel ?? (secret.phone ? 'phone' : 'email'),
      ...(dto.complainant.contactAtNight === true ? { contactAtNight: true } : {}),
      party: dto.complainant.party,
      ...(dto.subjectEmployeeId ? { subjectEmployeeId: dto.subjectEmployeeId } : {}),
      priorContact: dto.priorContact
        ? { outlet: dto.priorContact.outlet, handledByRules: dto.priorContact.handledByRules }
        : { outlet: 'none', handledByRules: false },
      isRepeat: repeat.repeat,
      ...(priorFloorOfferFen !== undefined ? { priorFloorOfferFen } : {}),
      receivedBy: principal.sub,
      receivedAt: now,
    };
    const workflowId = caseWorkflowId(caseId);
    let state: CaseState;
    try {
      state = await this.startCase(workflowId, { intake, policy: this.policy });
    } catch (err) {
      await this.undo(caseId, workflowId, written.inserted, err);
      throw temporalToApiError(err);
    }
    this.log.info(
      { caseId, workflowId, channel: dto.channel, category: dto.category, isRepeat: repeat.repeat, by: principal.sub },
      'case received',
    );
    return {
      status: written.inserted ? HttpStatus.CREATED : HttpStatus.OK,
      body: intakeResponse(state, workflowId, Date.now()),
      replayed: false,
    };
  }

  private async startCase(workflowId: string, input: StartCaseInput): Promise<CaseState> {
    const startWorkflowOperation = new WithStartWorkflowOperation(COMPLAINT_CASE_WORKFLOW, {
      workflowId,
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    return this.temporal.withDeadline(Date.now() + START_TIMEOUT_MS, async () => {
      const state = await this.temporal.workflow.executeUpdateWithStart(syncUpdate, { startWorkflowOperation });
      // The answer must come after the case row and its first events are in PostgreSQL. When the start's sync ran
      // in the very activation that started the workflow, it may have answered before the first write; a second
      // sync (a later activation) waits for it.
      if (await this.cases.recorded(input.intake.caseId, state.lastSeq)) return state;
      return this.temporal.workflow.getHandle(workflowId).executeUpdate(syncUpdate);
    });
  }

  /** After a failed start: remove the complainant row unless the workflow exists (then a retry completes it). */
  private async undo(caseId: string, workflowId: string, inserted: boolean, cause: unknown): Promise<void> {
    const exists = await this.workflowMayExist(workflowId);
    this.log.warn(
      { caseId, workflowId, err: cause instanceof Error ? cause.message : String(cause), workflowExists: exists },
      'case start failed',
    );
    if (inserted && !exists) await this.complainants.delete(caseId).catch(() => undefined);
  }

  /** False only when Temporal says the workflow does not exist (unknown counts as maybe: keep the row). */
  private async workflowMayExist(workflowId: string): Promise<boolean> {
    try {
      await this.temporal.withDeadline(Date.now() + 5_000, () =>
        this.temporal.workflow.getHandle(workflowId).describe(),
      );
      return true;
    } catch (err) {
      return !(err instanceof WorkflowNotFoundError || err instanceof NamespaceNotFoundError);
    }
  }

  /**
   * Removes complainant rows left without a case: older than `ORPHAN_AFTER_MS`, no `complaint_cases` row, and a
   * workflow Temporal says does not exist (a start that failed while Temporal was unreachable). R-SEC-1: personal data
   * is kept only for a case.
   */
  async sweepOrphans(): Promise<number> {
    const caseIds = await this.complainants.orphans(ORPHAN_AFTER_MS);
    let removed = 0;
    for (const caseId of caseIds) {
      if (await this.workflowMayExist(caseWorkflowId(caseId))) continue;
      await this.complainants.delete(caseId);
      removed++;
    }
    if (removed > 0) this.log.warn({ removed }, 'removed complainant rows of cases that never started');
    return removed;
  }

  onModuleInit(): void {
    this.sweeper = setInterval(() => void this.sweepOrphans().catch(() => undefined), SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }

  /** The answer for a case already on file: its current state (from the workflow, else the read model). */
  private async existingCase(caseId: string): Promise<IntakeResult> {
    const workflowId = caseWorkflowId(caseId);
    const row = await this.store.caseRow(caseId);
    let state = row?.state;
    // A concurrent intake of the same reference may still be starting its workflow: give it a moment.
    for (let attempt = 0; !state; attempt++) {
      try {
        state = await this.temporal.withDeadline(Date.now() + START_TIMEOUT_MS, () =>
          this.temporal.workflow.getHandle(workflowId).executeUpdate(syncUpdate),
        );
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError) || attempt >= 10) throw temporalToApiError(err);
        await new Promise((r) => setTimeout(r, 300));
      }
    }
    return {
      status: HttpStatus.OK,
      body: intakeResponse(state, row?.workflowId ?? workflowId, Date.now()),
      replayed: false,
    };
  }
}
