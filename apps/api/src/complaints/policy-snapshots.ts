/**
 * Policy snapshots by version, for the deadline views of list rows (they carry a case's deadlines and pauses, not its
 * policy). A version never changes, so each is read once — from any case row that runs under it — and kept.
 */
import { Injectable } from '@nestjs/common';
import type { CaseState } from '@complaintflow/domain/case/state';
import type { PolicyDocument } from '@complaintflow/domain/policy/types';
import { ComplaintCasesRepository } from '@complaintflow/persistence/repositories/complaint-cases';

@Injectable()
export class PolicySnapshots {
  private readonly known = new Map<string, PolicyDocument>();

  constructor(private readonly cases: ComplaintCasesRepository) {}

  /** Keeps the snapshot of a state already read. */
  remember(state: Pick<CaseState, 'policy' | 'policyVersion'> | undefined): void {
    if (state?.policy && !this.known.has(state.policyVersion)) this.known.set(state.policyVersion, state.policy);
  }

  async get(version: string): Promise<PolicyDocument | undefined> {
    const known = this.known.get(version);
    if (known) return known;
    const policy = await this.cases.policySnapshot(version);
    if (policy) this.known.set(version, policy);
    return policy;
  }
}
