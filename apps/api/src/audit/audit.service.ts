/**
 * The audit endpoints' work (issue 6), on the shared audit library: object-level access first (the subject employee
 * and foreign-outlet users get 404, as for every case read), then the history view, the replay or the export bundle.
 */
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import type { Logger } from '@complaintflow/config';
import {
  buildAuditBundle,
  caseHistoryView,
  loadCaseAudit,
  loadCaseFacts,
  replayCase,
  type AuditBundle,
  type CaseHistoryView,
  type CaseReplayReport,
} from '@complaintflow/audit';
import { freeTextForRoles, seesFreeText } from '@complaintflow/domain/free-text';
import { ApiError } from '../common/api-error';
import { assertCanViewCase } from '../common/case-access';
import type { Principal } from '../auth/principal';
import { LOGGER, TEMPORAL_CLIENT } from '../tokens';
import { AUDIT_WORKFLOW_CODE, type WorkflowCodeSource } from './audit.tokens';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Parses the `asOf` query parameter: absent → undefined; an ISO-8601 date or instant → epoch ms; else 400. */
export function parseAsOf(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const ms = typeof raw === 'string' && ISO_INSTANT.test(raw) ? Date.parse(raw) : NaN;
  if (Number.isNaN(ms)) {
    throw new ApiError(HttpStatus.BAD_REQUEST, 'REQUEST.INVALID', 'asOf must be an ISO-8601 instant.', [
      {
        field: 'asOf',
        reason: 'must be one ISO-8601 date or instant, e.g. 2026-11-24T02:00:00Z',
        ...(typeof raw === 'string' ? { value: raw.slice(0, 64) } : {}),
      },
    ]);
  }
  return ms;
}

function isTemporalUnavailable(err: unknown): boolean {
  const e = err as { name?: string; code?: unknown };
  return e?.name === 'ServiceError' || e?.name === 'ConnectionError' || (typeof e?.code === 'number' && e.code === 14);
}

@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(AUDIT_WORKFLOW_CODE) private readonly workflowCode: WorkflowCodeSource,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async history(principal: Principal, caseId: string, asOfRaw: unknown): Promise<CaseHistoryView> {
    const asOfMs = parseAsOf(asOfRaw);
    const stored = await loadCaseAudit(this.dataSource, caseId);
    assertCanViewCase(principal, stored?.facts, caseId);
    const { facts, records } = stored as NonNullable<typeof stored>;
    const view = caseHistoryView(caseId, records, { asOfMs, expectedLastSeq: facts.lastSeq });
    // Staff free text in the rows' data and the folded state: withheld for roles that do not see it (ADR 0019). The
    // chain was verified on the stored rows above.
    if (seesFreeText(principal.roles)) return view;
    return {
      ...view,
      events: view.events.map((e) => ({ ...e, data: freeTextForRoles(e.data, principal.roles) })),
      state: freeTextForRoles(view.state, principal.roles),
    };
  }

  async replay(principal: Principal, caseId: string): Promise<CaseReplayReport> {
    await this.assertVisible(principal, caseId);
    const report = await this.withTemporal(async () =>
      replayCase(
        { dataSource: this.dataSource, client: this.temporal, workflowCode: await this.workflowCode() },
        caseId,
      ),
    );
    if (!report) throw new ApiError(HttpStatus.NOT_FOUND, 'CASE.NOT_FOUND', `No case ${caseId} that you may see.`);
    if (!report.deterministic || !report.auditChainVerified || report.mismatches.length) {
      this.log.warn(
        {
          caseId,
          deterministic: report.deterministic,
          auditChainVerified: report.auditChainVerified,
          mismatches: report.mismatches.length,
        },
        'audit replay found problems',
      );
    }
    return report;
  }

  async export(principal: Principal, caseId: string): Promise<AuditBundle> {
    await this.assertVisible(principal, caseId);
    const bundle = await this.withTemporal(() =>
      // An auditor's bundle withholds the free text (and the Temporal history that holds it), ADR 0019.
      buildAuditBundle({ dataSource: this.dataSource, client: this.temporal }, caseId, new Date(), {
        withholdFreeText: !seesFreeText(principal.roles),
      }),
    );
    if (!bundle) throw new ApiError(HttpStatus.NOT_FOUND, 'CASE.NOT_FOUND', `No case ${caseId} that you may see.`);
    return bundle;
  }

  private async assertVisible(principal: Principal, caseId: string): Promise<void> {
    assertCanViewCase(principal, await loadCaseFacts(this.dataSource, caseId), caseId);
  }

  private async withTemporal<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (!isTemporalUnavailable(err)) throw err;
      this.log.error({ err }, 'audit: Temporal unavailable');
      throw new ApiError(
        HttpStatus.SERVICE_UNAVAILABLE,
        'SERVICE.UNAVAILABLE',
        'Temporal could not be reached to read the case history; try again later.',
      );
    }
  }
}
