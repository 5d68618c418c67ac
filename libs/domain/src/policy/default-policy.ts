/**
 * The shipped policy documents. `DEFAULT_POLICY` is identical to `config/policy/default.json` and
 * `FAST_POLICY` to `config/policy/fast.json` (a test asserts both).
 */
import type { CurrentPolicyDocument } from './types';

/**
 * The default policy (version 2026.2): the seeds' deadlines (R-SLA-1..7), the refund (R-CMP-2), progress notices
 * (R-SLA-10), contact retries (R-CON-1) and the approval, compensation, repeat and escalation defaults.
 *
 * Around the clock (R-SLA-9, docs/adr/0010): the seeds give every limit in plain hours and require the complaint
 * lines to be answered (一定要做到有人接听,专人受理, seed 000), so every clock runs in calendar time, nights,
 * weekends and public holidays included. Version 2026.1 ran the internal clocks on the working calendar: a
 * complaint filed Friday 18:05 was due for classifying on Monday at 10:00, and one filed on 30 September at 17:00
 * was due for forwarding on 8 October, after its 7-day statutory reply. Cases started under 2026.1 keep that
 * snapshot.
 *
 * Business calendar (`calendar`): headquarters' complaint department (客户投诉部) keeps service hours 09:00–18:00
 * Beijing time, Monday to Friday, with the State Council's public holidays and make-up working days (调休). No
 * clock of this document follows it. A network whose desk keeps service hours puts an internal clock on it by
 * giving that clock a `working_hours`/`working_days` unit; customer-facing and statutory clocks
 * (`CALENDAR_ONLY_DEADLINE_KINDS`) never stop for it (`validatePolicy` refuses a working unit there). Whatever its
 * unit, an internal clock never falls due after the statutory reply: the caller caps it (`deadlineState`'s
 * `notAfter`, from `statutoryDueAt`).
 *
 * Deadline by deadline (where a seed gives no figure, R-FLOW-6 still needs one so that no case stalls):
 * - `classify` (R-SLA-1): 1 hour; urgent and major 5 minutes.
 * - `forward` (R-SLA-2): 2 hours; `department_response` (R-SLA-2): 1 hour.
 * - `investigation_start` (R-SLA-2): 24 hours. Safety complaints (damage, shortage, loss, data leak) start
 *   within 1 hour: R-CAT-5 says "start an internal investigation at once".
 * - `evidence_request` (R-SLA-3): 3 hours.
 * - `investigation` (findings recorded; no seed figure): 3 days — time to gather scans, handover records, CCTV and
 *   statements (R-INV-2, R-INV-3) from the outlets; with the 1 + 2 + 1 + 24 hours before it and the plan,
 *   approval and reply (2 + 4 + 1 hours) after it the whole chain still ends inside the statutory 7 days.
 * - `plan` (R-SLA-4): 2 hours.
 * - `approval` (waiting for an approver; no seed figure): 4 hours, after which the case escalates rather than
 *   stalls (R-SLA-8).
 * - `reply_after_approval` (R-SLA-5): 1 hour; urgent and major 30 minutes.
 * - `execution` (R-HDL-3, "carried out promptly"; no seed figure): 24 hours from the moment the plan may be
 *   carried out (agreed, or an approved floor offer) — a day to book a payment or a re-shipment.
 * - `confirmation` (R-RES-2; no seed figure): 48 hours from the result notice — the window the contact rule
 *   (R-CON-1) gives for reaching the customer.
 * - `first_reply` (R-SLA-6): 48 hours — an external promise to the customer (对外承诺).
 * - `archive` (R-SLA-7): 2 hours; `analysis` (R-SLA-7, "within 1 week"): 7 days.
 * - `statutory_reply`: 7 days, `statutory: true`. Under the postal regulator's appeal rules
 *   (邮政业消费者申诉处理办法) a customer whose complaint is unanswered 7 days after filing may appeal, and the
 *   appeal can then be found valid (R-CH-2). Calendar days are the stricter reading (some local guidance says
 *   7 working days); internal pauses do not stop it.
 * - `refund` (R-CMP-2; seed 002 says only "在规定时间内", within the time set): 24 hours from the moment the refund
 *   may be made (the double refund verified and agreed). An account adjustment or top-up (调账/充值) goes through
 *   at once, so a day leaves time for a transfer and for telling the customer it has gone through.
 *
 * Progress notices (R-SLA-6, R-SLA-10; no seed figure — seed 002 says to tell a customer without a solution how
 * far the case has come, seed 004 to report progress regularly, 定期反馈处理进度): every 24 hours from receipt
 * and from the last notice, until a solution exists. The customer hears from the case within a day of filing and
 * daily after that; the first reply (48 hours) remains the outer limit for the first substantive answer.
 */
export const DEFAULT_POLICY: CurrentPolicyDocument = {
  version: '2026.2',
  name: { zh: '默认投诉处理策略', en: 'Default complaint handling policy' },
  timezone: { utcOffsetMinutes: 480 },
  calendar: {
    id: 'cn',
    workingHours: { start: '09:00', end: '18:00' },
    workingWeekdays: [1, 2, 3, 4, 5],
    holidaySet: 'cn',
  },
  deadlines: {
    classify: {
      amount: 1,
      unit: 'hours',
      byUrgency: { urgent: { amount: 5, unit: 'minutes' }, major: { amount: 5, unit: 'minutes' } },
    },
    forward: { amount: 2, unit: 'hours' },
    department_response: { amount: 1, unit: 'hours' },
    investigation_start: {
      amount: 24,
      unit: 'hours',
      byCategory: {
        damage: { amount: 1, unit: 'hours' },
        shortage: { amount: 1, unit: 'hours' },
        loss: { amount: 1, unit: 'hours' },
        privacy: { amount: 1, unit: 'hours' },
      },
    },
    evidence_request: { amount: 3, unit: 'hours' },
    investigation: { amount: 3, unit: 'days' },
    plan: { amount: 2, unit: 'hours' },
    approval: { amount: 4, unit: 'hours' },
    reply_after_approval: {
      amount: 1,
      unit: 'hours',
      byUrgency: { urgent: { amount: 30, unit: 'minutes' }, major: { amount: 30, unit: 'minutes' } },
    },
    execution: { amount: 24, unit: 'hours' },
    confirmation: { amount: 48, unit: 'hours' },
    first_reply: { amount: 48, unit: 'hours' },
    archive: { amount: 2, unit: 'hours' },
    analysis: { amount: 7, unit: 'days' },
    statutory_reply: { amount: 7, unit: 'days', statutory: true },
    refund: { amount: 24, unit: 'hours' },
  },
  progressNotice: { every: { amount: 24, unit: 'hours' } },
  warningFraction: 0.75,
  contact: {
    minRetries: 3,
    retrySpacing: { amount: 3, unit: 'hours' },
    retryWindow: { amount: 48, unit: 'hours' },
  },
  approval: {
    noApprovalUpToFen: 50000,
    teamLeadUpToFen: 50000,
    supervisorUpToFen: 200000,
    minimum: 'team_lead',
    urgentMinimum: 'supervisor',
    majorMinimum: 'manager',
    appealMinimum: 'supervisor',
  },
  compensation: { uninsuredFreightMultiple: 3 },
  appeal: { finePerParcelFen: 100000 },
  repeat: { windowDays: 30 },
  escalation: { normalStartTier: 'handler', urgentStartTier: 'supervisor' },
};

/**
 * The fast test policy (version 2026.2-fast): every hour of the default is a second, so integration tests and
 * demo runs see every timer fire in real time. Calendar `always` (24/7, no holidays). Each deadline is the
 * default's length in hours, as seconds: investigation start, execution and refund 24 s, investigation 72 s,
 * analysis and statutory reply 168 s. Minute-scale deadlines (urgent classify 5 min, urgent reply 30 min) would
 * be fractions of a second; they are floored at 1 s so the timer stays observable. Contact retries: 3 s apart
 * within 48 s; progress notices every 24 s.
 */
export const FAST_POLICY: CurrentPolicyDocument = {
  version: '2026.2-fast',
  name: { zh: '快速测试策略(1小时=1秒)', en: 'Fast test policy (1 hour = 1 second)' },
  timezone: { utcOffsetMinutes: 480 },
  calendar: {
    id: 'always',
    workingHours: { start: '00:00', end: '24:00' },
    workingWeekdays: [1, 2, 3, 4, 5, 6, 7],
    holidaySet: 'none',
  },
  deadlines: {
    classify: {
      amount: 1,
      unit: 'seconds',
      byUrgency: { urgent: { amount: 1, unit: 'seconds' }, major: { amount: 1, unit: 'seconds' } },
    },
    forward: { amount: 2, unit: 'seconds' },
    department_response: { amount: 1, unit: 'seconds' },
    investigation_start: {
      amount: 24,
      unit: 'seconds',
      byCategory: {
        damage: { amount: 1, unit: 'seconds' },
        shortage: { amount: 1, unit: 'seconds' },
        loss: { amount: 1, unit: 'seconds' },
        privacy: { amount: 1, unit: 'seconds' },
      },
    },
    evidence_request: { amount: 3, unit: 'seconds' },
    investigation: { amount: 72, unit: 'seconds' },
    plan: { amount: 2, unit: 'seconds' },
    approval: { amount: 4, unit: 'seconds' },
    reply_after_approval: {
      amount: 1,
      unit: 'seconds',
      byUrgency: { urgent: { amount: 1, unit: 'seconds' }, major: { amount: 1, unit: 'seconds' } },
    },
    execution: { amount: 24, unit: 'seconds' },
    confirmation: { amount: 48, unit: 'seconds' },
    first_reply: { amount: 48, unit: 'seconds' },
    archive: { amount: 2, unit: 'seconds' },
    analysis: { amount: 168, unit: 'seconds' },
    statutory_reply: { amount: 168, unit: 'seconds', statutory: true },
    refund: { amount: 24, unit: 'seconds' },
  },
  progressNotice: { every: { amount: 24, unit: 'seconds' } },
  warningFraction: 0.75,
  contact: {
    minRetries: 3,
    retrySpacing: { amount: 3, unit: 'seconds' },
    retryWindow: { amount: 48, unit: 'seconds' },
  },
  approval: {
    noApprovalUpToFen: 50000,
    teamLeadUpToFen: 50000,
    supervisorUpToFen: 200000,
    minimum: 'team_lead',
    urgentMinimum: 'supervisor',
    majorMinimum: 'manager',
    appealMinimum: 'supervisor',
  },
  compensation: { uninsuredFreightMultiple: 3 },
  appeal: { finePerParcelFen: 100000 },
  repeat: { windowDays: 30 },
  escalation: { normalStartTier: 'handler', urgentStartTier: 'supervisor' },
};
