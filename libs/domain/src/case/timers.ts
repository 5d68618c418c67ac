/**
 * What time alone does to a case (R-SLA-*, R-CON-1): the events due at `now`, and when to wake next. Pure — the
 * workflow sleeps until `nextWakeAt`, then emits `dueTimers` as the system actor. A case never stalls (R-FLOW-6):
 * every open deadline either is met, or warns, breaches and escalates.
 */
import { businessCalendarFor } from '../calendar';
import { contactRuleStatus } from '../contact';
import { deadlineState, durationMs, type DeadlineStatus } from '../deadlines';
import { escalateOverdueApproval, escalateTier } from '../escalation';
import { nextProgressNoticeAt } from '../progress';
import { TERMINAL_STAGES } from '../vocabulary';
import { escalationEvents, followUpEvents } from './decide';
import type { CaseEventData } from './events';
import { rulesOf, type CaseState, type DeadlineRecord } from './state';

function evaluate(s: CaseState, d: DeadlineRecord, now: number): DeadlineStatus {
  const calendar = businessCalendarFor(s.policy);
  const input = {
    kind: d.kind,
    startedAt: d.startedAt,
    duration: d.duration,
    pauses: s.pauses,
    now,
    statutory: d.statutory,
  };
  // R-SLA-9 (2026-12 rules): no internal clock falls due after the statutory one (docs/adr/0010-clocks-around-the-clock.md).
  const statutory = s.deadlines.statutory_reply;
  if (rulesOf(s) === 2 && !d.statutory && statutory !== undefined && statutory.metAt === undefined) {
    const notAfter = evaluate(s, statutory, now).dueAt;
    return deadlineState({ ...input, notAfter }, calendar, s.policy.warningFraction);
  }
  return deadlineState(input, calendar, s.policy.warningFraction);
}

/** R-SLA-6/10: when the customer is next told how far the case has come (2026-12 rules), if at all. */
function progressNoticeAt(s: CaseState): number | null {
  if (rulesOf(s) === 1 || TERMINAL_STAGES.includes(s.stage)) return null;
  // A solution exists once the customer agreed a plan or it was carried out (or the case closed).
  const hasSolution = s.executedAt !== undefined || s.plan?.customer === 'accepted';
  return nextProgressNoticeAt(
    { receivedAt: s.receivedAt, lastNoticeAt: s.lastProgressNoticeAt, hasSolution },
    s.policy,
  );
}

/** Open clocks the timers watch. `analysis` is not watched: it only bounds how long a closed case stays reopenable. */
function watched(s: CaseState): DeadlineRecord[] {
  return Object.values(s.deadlines).filter(
    (d): d is DeadlineRecord =>
      d !== undefined &&
      d.kind !== 'analysis' &&
      d.metAt === undefined &&
      d.cancelledAt === undefined &&
      d.breachedAt === undefined,
  );
}

/** Whether a closed case's reopen window (until the archive analysis falls due, R-SLA-7) is over: the workflow may end. */
export function caseFinished(s: CaseState, now: number): boolean {
  if (!TERMINAL_STAGES.includes(s.stage)) return false;
  const analysis = s.deadlines.analysis;
  return analysis === undefined || now >= evaluate(s, analysis, now).dueAt;
}

/** The events time has made due at `now`, in order. Applying them and asking again yields none. */
export function dueTimers(s: CaseState, now: number): CaseEventData[] {
  if (TERMINAL_STAGES.includes(s.stage)) return [];
  const events: CaseEventData[] = [];
  let tier = s.tier;
  for (const d of watched(s)) {
    const st = evaluate(s, d, now);
    if (st.state === 'breached') {
      // R-SLA-7: archiving after completion is the system's own step: it archives (without a survey) when due.
      if (d.kind === 'archive' && s.stage === 'review')
        return [
          { type: 'case.archived', withSurvey: false },
          ...(rulesOf(s) === 2 ? followUpEvents(s, false) : []), // R-RES-4
        ];
      events.push({ type: 'deadline.breached', kind: d.kind, dueAt: st.dueAt });
      // R-SLA-8: each breach escalates one tier and the new tier is told (at the top, the manager is told again).
      // R-FLOW-6 (2026-12 rules): an overdue approval goes at least to a tier that may approve the plan, never down.
      // The escalation records `no_authority` when the case had to jump to that tier.
      const step =
        rulesOf(s) === 2 && d.kind === 'approval' && s.plan
          ? escalateOverdueApproval(tier, s.plan.requiredApproval, s.policy.escalation)
          : { ...escalateTier(tier, 'deadline_breached', s.policy.escalation), reason: 'deadline_breached' as const };
      events.push(...escalationEvents({ ...s, tier }, step.tier, step.reason, d.kind));
      tier = step.tier;
    } else if (st.warned && d.warnedAt === undefined && st.state === 'running') {
      events.push({ type: 'deadline.warning', kind: d.kind, dueAt: st.dueAt });
      events.push({
        type: 'notification.requested',
        notification: { kind: 'deadline_warning', audience: 'owner', channel: 'inbox' },
        about: d.kind,
      });
    }
  }
  events.push(...contactTimers({ ...s, tier }, now));
  const progress = progressNoticeAt(s);
  if (progress !== null && progress <= now)
    events.push({
      type: 'notification.requested',
      notification: { kind: 'progress_notice', audience: 'customer', channel: s.intake.preferredChannel },
      about: 'R-SLA-6',
    });
  return events;
}

/** R-CON-1: remind the agent when the next retry is due; when the round ends, proceed or escalate. */
function contactTimers(s: CaseState, now: number): CaseEventData[] {
  if (s.contactAttempts.length === 0 || s.contactExhausted !== undefined) return [];
  const c = contactRuleStatus(s.contactAttempts, now, s.policy);
  if (
    c.status === 'retrying' &&
    c.nextAttemptAt !== undefined &&
    c.nextAttemptAt <= now &&
    s.contactReminderFor !== c.nextAttemptAt
  ) {
    return [
      { type: 'contact.reminder', nextAttemptAt: c.nextAttemptAt },
      {
        type: 'notification.requested',
        notification: { kind: 'contact_reminder', audience: 'owner', channel: 'inbox' },
        about: 'R-CON-1',
      },
    ];
  }
  if (c.status === 'satisfied') {
    // Unreachable after the retries the rule asks for: the case proceeds by written notice.
    return [
      { type: 'contact.exhausted', outcome: 'satisfied' },
      {
        type: 'notification.requested',
        notification: { kind: 'written_notice', audience: 'customer', channel: 'email' },
        about: 'R-CON-1',
      },
    ];
  }
  if (c.status === 'failed') {
    const to = escalateTier(s.tier, 'contact_failed', s.policy.escalation).tier;
    return [{ type: 'contact.exhausted', outcome: 'failed' }, ...escalationEvents(s, to, 'contact_failed')];
  }
  return [];
}

/** The next instant something is due (a warning, a breach, a contact step, the end of the reopen window), if any. */
export function nextWakeAt(s: CaseState, now: number): number | null {
  const candidates: number[] = [];
  if (TERMINAL_STAGES.includes(s.stage)) {
    const analysis = s.deadlines.analysis;
    if (analysis) candidates.push(evaluate(s, analysis, now).dueAt);
  } else {
    for (const d of watched(s)) {
      const st = evaluate(s, d, now);
      if (st.state === 'paused' && !d.statutory) continue; // resumes re-plan the wake-up
      if (d.warnedAt === undefined && st.warnAt > now) candidates.push(st.warnAt);
      candidates.push(st.dueAt);
    }
    if (s.contactAttempts.length > 0 && s.contactExhausted === undefined) {
      const c = contactRuleStatus(s.contactAttempts, now, s.policy);
      if (c.nextAttemptAt !== undefined && c.nextAttemptAt > now) candidates.push(c.nextAttemptAt);
      if (c.windowEndsAt !== undefined && c.windowEndsAt >= now) candidates.push(c.windowEndsAt + 1);
      // The round fails as soon as the remaining retries can no longer fit in the window: wake then too.
      if (c.windowEndsAt !== undefined) {
        const remaining = c.requiredRetries - c.retries;
        const spacing = durationMs(s.policy.contact.retrySpacing, businessCalendarFor(s.policy));
        candidates.push(c.windowEndsAt - Math.max(0, remaining - 1) * spacing + 1);
      }
    }
  }
  const progress = progressNoticeAt(s);
  if (progress !== null) candidates.push(progress);
  const future = candidates.filter((t) => t > now);
  return future.length ? Math.min(...future) : null;
}
