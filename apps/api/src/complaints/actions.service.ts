/**
 * Case actions (docs/api.md Actions): each is a workflow Update (`actionUpdates[name]`) carrying the actor from the
 * verified token — never from the body — and the validated input. The workflow decides (stage, role, rules) and
 * answers with the case after the action; a refusal is mapped to 403/409/422/400 by `temporalToApiError`.
 *
 * Idempotency-Key: the Temporal update id is derived from the case id and the key, so a retry while the first call is
 * still running is deduplicated by Temporal and gets the first answer; the answer is also stored under the key
 * (`idempotency_keys`, scope `action:<case id>`), so a retry after completion replays it without touching the case.
 */
import { createHash, randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { Logger } from '@complaintflow/config';
import type { ActionEnvelope, ActionInputs } from '@complaintflow/domain/case/actions';
import type { CaseState } from '@complaintflow/domain/case/state';
import type { ActionName, Actor } from '@complaintflow/domain/stages';
import { actionUpdates, type ActionUpdate } from '@complaintflow/contracts';
import type { Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { assertCanViewCase } from '../common/case-access';
import { IdempotencyStore, keyReused, requestHash } from '../common/idempotency';
import type { IdempotentAnswer } from '../common/idempotency.interceptor';
import { NotificationsService } from '../notifications/notifications.service';
import { LOGGER, TEMPORAL_CLIENT } from '../tokens';
import { CaseReads, type CaseRow } from './case-reads';
import { caseView, type CaseView } from './case-view';
import { PiiCipher, type ComplainantSecret } from '@complaintflow/persistence/pii';
import { temporalToApiError } from './temporal-errors';
import { PII_CIPHER } from '../tokens';

/** How long the API waits for an action's answer before answering 503 (retry with the same key). */
export const ACTION_TIMEOUT_MS = 30_000;

/** The case after the action, or the first answer replayed for a retried `Idempotency-Key`. */
export type ActionResult = IdempotentAnswer<CaseView>;

/** The Temporal update id of a keyed action: the same case and key give the same id (Temporal dedupes by it). */
export function actionUpdateId(caseId: string, key: string): string {
  return `idem-${createHash('sha256').update(`${caseId}\n${key}`).digest('hex').slice(0, 48)}`;
}

@Injectable()
export class ActionsService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(PII_CIPHER) private readonly cipher: PiiCipher,
    private readonly store: CaseReads,
    private readonly idempotency: IdempotencyStore,
    private readonly notifications: NotificationsService,
  ) {}

  /** The case `principal` may see, or 404 (R-FLOW-4, outlet scoping: case-access.ts). */
  async visibleCase(principal: Principal, caseId: string): Promise<CaseRow> {
    const row = await this.store.caseRow(caseId);
    assertCanViewCase(principal, row, caseId);
    return row as CaseRow;
  }

  async secretOf(caseId: string): Promise<ComplainantSecret | undefined> {
    const row = await this.store.complainant(caseId);
    return row ? this.cipher.open<ComplainantSecret>(row.sealed, caseId) : undefined;
  }

  async view(principal: Principal, row: Pick<CaseRow, 'workflowId'>, state: CaseState): Promise<CaseView> {
    return caseView(state, {
      workflowId: row.workflowId,
      secret: await this.secretOf(state.caseId),
      principal,
      now: Date.now(),
      // docs/api.md v2: what was sent for the case, to whom (masked), on which channel, and its delivery state.
      notifications: await this.notifications.forCase(state.caseId),
    });
  }

  /** A staff action on a case. */
  async act<A extends ActionName>(
    principal: Principal,
    caseId: string,
    name: A,
    input: ActionInputs[A],
    key: string | undefined,
  ): Promise<ActionResult> {
    const row = await this.visibleCase(principal, caseId);
    const actor: Actor = { kind: 'staff', id: principal.sub, roles: principal.roles };
    const scope = `action:${caseId}`;
    if (key === undefined) {
      const state = await this.update(row.workflowId, name, { actor, input }, randomUUID());
      return { body: await this.view(principal, row, state), replayed: false };
    }
    const hash = requestHash({ action: name, input, by: principal.sub });
    const claim = await this.idempotency.claim(scope, key, hash);
    if (claim.kind === 'mismatch') throw keyReused();
    if (claim.kind === 'replay') return { body: claim.response as CaseView, replayed: true };
    try {
      const state = await this.update(row.workflowId, name, { actor, input }, actionUpdateId(caseId, key));
      const view = await this.view(principal, row, state);
      await this.idempotency.complete(scope, key, HttpStatus.OK, view);
      return { body: view, replayed: false };
    } catch (err) {
      await this.idempotency.release(scope, key).catch(() => undefined);
      throw err;
    }
  }

  /** An action by the customer through a signed link (R-RES-2 confirmation, R-REV-1 survey). */
  async actAsCustomer<A extends 'customer-response' | 'survey'>(
    caseId: string,
    name: A,
    input: ActionInputs[A],
    updateId: string,
  ): Promise<CaseState> {
    const row = await this.store.caseRow(caseId);
    if (!row) throw new ApiError(HttpStatus.NOT_FOUND, 'CASE.NOT_FOUND', 'No such case.');
    return this.update(row.workflowId, name, { actor: { kind: 'customer' }, input }, updateId);
  }

  private async update<A extends ActionName>(
    workflowId: string,
    name: A,
    envelope: ActionEnvelope<A>,
    updateId: string,
  ): Promise<CaseState> {
    const def = actionUpdates[name] as ActionUpdate<A>;
    try {
      return await this.temporal.withDeadline(Date.now() + ACTION_TIMEOUT_MS, () =>
        this.temporal.workflow.getHandle(workflowId).executeUpdate(def, { args: [envelope], updateId }),
      );
    } catch (err) {
      const mapped = temporalToApiError(err);
      if (mapped.getStatus() >= 500) {
        this.log.warn(
          { workflowId, action: name, err: err instanceof Error ? err.message : String(err) },
          'action failed',
        );
      }
      throw mapped;
    }
  }
}
