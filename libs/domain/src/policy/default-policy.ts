/**
 * The shipped policy documents. `DEFAULT_POLICY` is identical to `config/policy/default.json` and
 * `FAST_POLICY` to `config/policy/fast.json` (a test asserts both).
 */
import type { PolicyDocument } from './types';

/**
 * The default policy (version 2026.1): the seeds' deadlines (R-SLA-1..7), contact retries (R-CON-1) and the
 * approval, compensation, repeat and escalation defaults.
 *
 * Business calendar: headquarters' complaint department (客户投诉部) works 09:00–18:00 Beijing time, Monday to
 * Friday, with the State Council's public holidays and make-up working days (调休).
 *
 * Calendar or working time, deadline by deadline:
 * - `classify` (R-SLA-1): 1 working hour — recording and classifying is desk work; a complaint filed at night
 *   is classified within the first hour of the next working day. Urgent and major: 5 calendar minutes — the
 *   seed's "within 5 minutes" only makes sense around the clock (duty staff; R-FLOW-3 sends such cases to a
 *   supervisor at once).
 * - `forward` (R-SLA-2): 2 working hours; `department_response` (R-SLA-2): 1 working hour — internal hand-offs
 *   between staffed desks.
 * - `investigation_start` (R-SLA-2, "within 24 hours"): 1 working day. On a working day this is the same
 *   instant as 24 hours (Monday 10:00 → Tuesday 10:00) but it does not expire over a weekend or a holiday.
 *   Safety complaints (damage, shortage, loss, data leak) start within 1 working hour: R-CAT-5 says "start an
 *   internal investigation at once".
 * - `evidence_request` (R-SLA-3): 3 working hours.
 * - `investigation` (findings recorded; no seed figure, R-FLOW-6 needs one): 3 working days — time to gather
 *   scans, handover records, CCTV and statements (R-INV-2, R-INV-3) from outlets that also work office days.
 * - `plan` (R-SLA-4): 2 working hours.
 * - `approval` (waiting for an approver; no seed figure, R-FLOW-6): 4 working hours — half a working day, after
 *   which the case escalates rather than stalls.
 * - `reply_after_approval` (R-SLA-5): 1 working hour; urgent and major 30 calendar minutes (as for classify).
 * - `execution` (R-HDL-3, "carried out promptly"; no seed figure, R-FLOW-6 needs one): 1 working day from the
 *   moment the plan may be carried out (agreed, or an approved floor offer).
 * - `confirmation` (R-RES-2; no seed figure, R-FLOW-6): 48 calendar hours from the result notice — the window the
 *   contact rule (R-CON-1) gives for reaching the customer.
 * - `first_reply` (R-SLA-6): 48 calendar hours — an external promise to the customer (对外承诺), which the
 *   customer counts on the clock, weekends included.
 * - `archive` (R-SLA-7): 2 working hours; `analysis` (R-SLA-7, "within 1 week"): 5 working days, a working
 *   week, so that a week containing a holiday does not cut the analysts' time.
 * - `statutory_reply`: 7 calendar days, `statutory: true`. Under the postal regulator's appeal rules
 *   (邮政业消费者申诉处理办法) a customer whose complaint is unanswered 7 days after filing may appeal, and the
 *   appeal can then be found valid (R-CH-2). Calendar days are the stricter reading (some local guidance says
 *   7 working days); internal pauses do not stop it.
 */
export const DEFAULT_POLICY: PolicyDocument = {
  version: '2026.1',
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
      unit: 'working_hours',
      byUrgency: { urgent: { amount: 5, unit: 'minutes' }, major: { amount: 5, unit: 'minutes' } },
    },
    forward: { amount: 2, unit: 'working_hours' },
    department_response: { amount: 1, unit: 'working_hours' },
    investigation_start: {
      amount: 1,
      unit: 'working_days',
      byCategory: {
        damage: { amount: 1, unit: 'working_hours' },
        shortage: { amount: 1, unit: 'working_hours' },
        loss: { amount: 1, unit: 'working_hours' },
        privacy: { amount: 1, unit: 'working_hours' },
      },
    },
    evidence_request: { amount: 3, unit: 'working_hours' },
    investigation: { amount: 3, unit: 'working_days' },
    plan: { amount: 2, unit: 'working_hours' },
    approval: { amount: 4, unit: 'working_hours' },
    reply_after_approval: {
      amount: 1,
      unit: 'working_hours',
      byUrgency: { urgent: { amount: 30, unit: 'minutes' }, major: { amount: 30, unit: 'minutes' } },
    },
    execution: { amount: 1, unit: 'working_days' },
    confirmation: { amount: 48, unit: 'hours' },
    first_reply: { amount: 48, unit: 'hours' },
    archive: { amount: 2, unit: 'working_hours' },
    analysis: { amount: 5, unit: 'working_days' },
    statutory_reply: { amount: 7, unit: 'days', statutory: true },
  },
  warningFraction: 0.75,
  contact: {
    minRetries: 3,
    retrySpacing: { amount: 3, unit: 'hours' },
    retryWindow: { amount: 48, unit: 'hours' },
  },
  approval: {
    noApprovalUpToFen: 50000,
    supervisorUpToFen: 200000,
    urgentMinimum: 'supervisor',
    majorMinimum: 'manager',
    appealMinimum: 'supervisor',
  },
  compensation: { uninsuredFreightMultiple: 3 },
  repeat: { windowDays: 30 },
  escalation: { normalStartTier: 'handler', urgentStartTier: 'supervisor' },
};

/**
 * The fast test policy (version fast-1): every hour of the default is a second, so integration tests and
 * demo runs see every timer fire in real time. Calendar `always` (24/7, no holidays). Each deadline is the
 * default's length in hours, as seconds (working days count 9 working hours, as in the default calendar):
 * investigation 27 s, analysis 45 s, statutory reply 168 s. Minute-scale deadlines (urgent classify 5 min,
 * urgent reply 30 min) would be fractions of a second; they are floored at 1 s so the timer stays observable.
 * Contact retries: 3 s apart within 48 s.
 */
export const FAST_POLICY: PolicyDocument = {
  version: 'fast-1',
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
      amount: 9,
      unit: 'seconds',
      byCategory: {
        damage: { amount: 1, unit: 'seconds' },
        shortage: { amount: 1, unit: 'seconds' },
        loss: { amount: 1, unit: 'seconds' },
        privacy: { amount: 1, unit: 'seconds' },
      },
    },
    evidence_request: { amount: 3, unit: 'seconds' },
    investigation: { amount: 27, unit: 'seconds' },
    plan: { amount: 2, unit: 'seconds' },
    approval: { amount: 4, unit: 'seconds' },
    reply_after_approval: {
      amount: 1,
      unit: 'seconds',
      byUrgency: { urgent: { amount: 1, unit: 'seconds' }, major: { amount: 1, unit: 'seconds' } },
    },
    execution: { amount: 9, unit: 'seconds' },
    confirmation: { amount: 48, unit: 'seconds' },
    first_reply: { amount: 48, unit: 'seconds' },
    archive: { amount: 2, unit: 'seconds' },
    analysis: { amount: 45, unit: 'seconds' },
    statutory_reply: { amount: 168, unit: 'seconds', statutory: true },
  },
  warningFraction: 0.75,
  contact: {
    minRetries: 3,
    retrySpacing: { amount: 3, unit: 'seconds' },
    retryWindow: { amount: 48, unit: 'seconds' },
  },
  approval: {
    noApprovalUpToFen: 50000,
    supervisorUpToFen: 200000,
    urgentMinimum: 'supervisor',
    majorMinimum: 'manager',
    appealMinimum: 'supervisor',
  },
  compensation: { uninsuredFreightMultiple: 3 },
  repeat: { windowDays: 30 },
  escalation: { normalStartTier: 'handler', urgentStartTier: 'supervisor' },
};
