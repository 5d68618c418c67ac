/**
 * A data-subject access request (issue 15, docs/adr/0019-personal-data-free-text-retention.md): everything held about
 * one person, found by their phone or e-mail through the keyed hash intake stores (`complainantKey`, the same as
 * `GET /complaints?q=`), never by contact data in clear: each of their cases as the case view shows it to an admin
 * (personal data and free text in clear), with its audit rows. Every request is recorded in
 * `personal_data_requests` (kind `access`: who, when, the person's keyed hash, the cases, the stated reason) and
 * logged without the contact data.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Logger } from '@complaintflow/config';
import { caseHistoryView, loadCaseAudit, type AuditEventView } from '@complaintflow/audit';
import { normaliseEmail, PiiCipher } from '@complaintflow/persistence/pii';
import { PersonalDataRepository } from '@complaintflow/persistence/repositories/personal-data';
import type { Principal } from '../auth/principal';
import { ActionsService } from '../complaints/actions.service';
import type { CaseView } from '../complaints/case-view';
import { LOGGER, PII_CIPHER } from '../tokens';
import type { SubjectAccessRequest } from './schemas';

export interface SubjectAccessExport {
  readonly format: 'complaintflow.subject-access';
  readonly version: 1;
  readonly generatedAt: string;
  /** The person's keyed hashes searched (`ck_…`), one per contact given. */
  readonly subjectKeys: readonly string[];
  readonly cases: readonly {
    readonly case: CaseView;
    readonly events: readonly AuditEventView[];
    /** Whether the complainant's record is still on file (false once the retention policy erased it). */
    readonly complainantOnFile: boolean;
  }[];
}

@Injectable()
export class SubjectAccessService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly actions: ActionsService,
    @Inject(PII_CIPHER) private readonly cipher: PiiCipher,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async export(principal: Principal, req: SubjectAccessRequest): Promise<SubjectAccessExport> {
    const keys = [
      ...(req.phone ? [this.cipher.complainantKey({ phone: req.phone })] : []),
      ...(req.email ? [this.cipher.complainantKey({ email: normaliseEmail(req.email) })] : []),
    ];
    const repo = new PersonalDataRepository(this.dataSource);
    const ids = [...new Set((await Promise.all(keys.map((k) => repo.casesOfSubject(k)))).flat())];
    const cases: SubjectAccessExport['cases'][number][] = [];
    for (const id of ids) {
      const row = await this.actions.visibleCase(principal, id).catch(() => undefined);
      if (!row) continue; // R-FLOW-4: never the requester's own case as its subject employee
      const audit = await loadCaseAudit(this.dataSource, id);
      const history = audit ? caseHistoryView(id, audit.records, { expectedLastSeq: audit.facts.lastSeq }) : undefined;
      const view = await this.actions.view(principal, row, row.state);
      cases.push({ case: view, events: history?.events ?? [], complainantOnFile: view.complainant.name !== null });
    }
    await repo.record({
      kind: 'access',
      actorId: principal.sub,
      actorRole: principal.roles.join(','),
      subjectKey: keys.join(','),
      caseIds: cases.map((c) => c.case.id),
      detail: { reason: req.reason, contacts: { phone: req.phone !== undefined, email: req.email !== undefined } },
    });
    this.log.info(
      { actor: principal.sub, subjectKeys: keys, cases: cases.length },
      'personal data: subject access export',
    );
    return {
      format: 'complaintflow.subject-access',
      version: 1,
      generatedAt: new Date().toISOString(),
      subjectKeys: keys,
      cases,
    };
  }
}
