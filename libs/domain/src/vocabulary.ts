/**
 * The trade's vocabulary as typed constants, each with a Simplified Chinese and an English label.
 * Everything else in complaintflow speaks these words; nothing here depends on anything outside `libs/domain`.
 */

/** A pair of user-facing labels: Simplified Chinese is the default language, English is available. */
export interface Label {
  readonly zh: string;
  readonly en: string;
}

/** Languages user-facing text is available in (Simplified Chinese by default). */
export const LANGUAGES = ['zh', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Intake channels (R-CH-1). The last three are transfers from outside bodies. */
export const CHANNELS = {
  phone: { zh: '电话', en: 'Phone' },
  sms: { zh: '短信', en: 'SMS' },
  email: { zh: '电子邮件', en: 'E-mail' },
  web: { zh: '网站', en: 'Website' },
  app: { zh: '手机应用', en: 'Mobile app' },
  social: { zh: '微博/社交媒体', en: 'Weibo / social media' },
  onsite: { zh: '现场(快递员或柜台)', en: 'In person (courier or counter)' },
  regulator: { zh: '邮政管理局申诉', en: 'Postal regulator appeal' },
  consumer_association: { zh: '消费者协会', en: 'Consumer association' },
  media: { zh: '媒体', en: 'Media' },
} as const satisfies Record<string, Label>;
export type Channel = keyof typeof CHANNELS;
export const CHANNEL_IDS = Object.keys(CHANNELS) as Channel[];

/** Channels that transfer a complaint from an outside body (R-CH-1); a regulator appeal is an escalated complaint (R-CH-2). */
export const EXTERNAL_CHANNELS: readonly Channel[] = ['regulator', 'consumer_association', 'media'];

/** Top-level complaint groups (R-CAT-2). */
export const CATEGORY_GROUPS = {
  service: { zh: '服务类', en: 'Service' },
  fee: { zh: '费用类', en: 'Fees' },
  safety: { zh: '安全类', en: 'Safety' },
  information: { zh: '信息类', en: 'Information' },
  other: { zh: '其他', en: 'Other' },
} as const satisfies Record<string, Label>;
export type CategoryGroup = keyof typeof CATEGORY_GROUPS;

/** Complaint categories (R-CAT-1), each in its group (R-CAT-2). */
export const CATEGORIES = {
  delay: { zh: '延误', en: 'Delay', group: 'service' },
  service_attitude: { zh: '服务态度', en: 'Service attitude', group: 'service' },
  late_compensation: { zh: '未及时赔付', en: 'Late compensation', group: 'fee' },
  overcharge: { zh: '多收费', en: 'Overcharge', group: 'fee' },
  damage: { zh: '破损', en: 'Damage', group: 'safety' },
  shortage: { zh: '短少', en: 'Shortage', group: 'safety' },
  loss: { zh: '遗失', en: 'Loss', group: 'safety' },
  non_recipient_signature: { zh: '非本人签收', en: 'Signed by someone other than the addressee', group: 'service' },
  out_of_area: { zh: '超区件', en: 'Out-of-area parcel', group: 'service' },
  tracking_info: { zh: '信息不准确/未及时更新', en: 'Wrong or stale tracking information', group: 'information' },
  privacy: { zh: '个人信息泄露', en: 'Personal data leak', group: 'safety' },
  other: { zh: '其他(合同纠纷等)', en: 'Other (contract disputes etc.)', group: 'other' },
} as const satisfies Record<string, Label & { group: CategoryGroup }>;
export type Category = keyof typeof CATEGORIES;
export const CATEGORY_IDS = Object.keys(CATEGORIES) as Category[];

/** The group a category belongs to (R-CAT-2). */
export function categoryGroup(category: Category): CategoryGroup {
  return CATEGORIES[category].group;
}

/** Urgency levels (R-CAT-4). */
export const URGENCIES = {
  normal: { zh: '一般', en: 'Normal' },
  urgent: { zh: '紧急', en: 'Urgent' },
  major: { zh: '重大', en: 'Major' },
} as const satisfies Record<string, Label>;
export type Urgency = keyof typeof URGENCIES;
export const URGENCY_IDS = Object.keys(URGENCIES) as Urgency[];

/** The five stages of a case (seed 001, 004) and the terminal states. */
export const STAGES = {
  acceptance: { zh: '受理', en: 'Acceptance' },
  investigation: { zh: '调查', en: 'Investigation' },
  handling: { zh: '处理', en: 'Handling' },
  resolution: { zh: '解决', en: 'Resolution' },
  review: { zh: '总结与改进', en: 'Review' },
  closed: { zh: '已归档', en: 'Closed' },
  closed_inadmissible: { zh: '不予受理', en: 'Closed as inadmissible' },
  closed_on_the_spot: { zh: '现场解决', en: 'Resolved on the spot' },
} as const satisfies Record<string, Label>;
export type Stage = keyof typeof STAGES;
export const STAGE_IDS = Object.keys(STAGES) as Stage[];
/** Stages in which a case is finished (a reopen may bring a closed case back). */
export const TERMINAL_STAGES: readonly Stage[] = ['closed', 'closed_inadmissible', 'closed_on_the_spot'];

/** Root causes recorded by the investigation (R-INV-4). */
export const ROOT_CAUSES = {
  human_error: { zh: '人为失误', en: 'Human error' },
  handoff: { zh: '信息传递', en: 'Information hand-off' },
  process_defect: { zh: '流程缺陷', en: 'Process defect' },
  force_majeure: { zh: '不可抗力', en: 'Force majeure' },
  customer_misunderstanding: { zh: '客户误解', en: 'Customer misunderstanding' },
} as const satisfies Record<string, Label>;
export type RootCause = keyof typeof ROOT_CAUSES;
export const ROOT_CAUSE_IDS = Object.keys(ROOT_CAUSES) as RootCause[];

/** Remedies a handling plan may contain (R-HDL-1, R-CMP-5). */
export const REMEDIES = {
  apology: { zh: '道歉', en: 'Apology' },
  search: { zh: '查找快件', en: 'Parcel search' },
  compensation: { zh: '赔偿', en: 'Compensation' },
  freight_refund: { zh: '减免/退还运费', en: 'Freight waiver or refund' },
  reship: { zh: '重新派送/补寄', en: 'Re-delivery or re-shipment' },
  improvement: { zh: '改进承诺', en: 'Improvement promise' },
  /** A not-liable case explains why (seed 004: 若投诉不涉及公司责任…解释原因), rather than pretending to apologise. */
  explanation: { zh: '解释说明', en: 'Explanation' },
} as const satisfies Record<string, Label>;
export type Remedy = keyof typeof REMEDIES;
export const REMEDY_IDS = Object.keys(REMEDIES) as Remedy[];

/** Staff roles (docs/api.md Identity). */
export const ROLES = {
  agent: { zh: '客服专员', en: 'Agent' },
  /** The lowest approval tier (R-APR-1: every plan is approved by a leader) and the team-lead escalation tier. */
  team_lead: { zh: '组长', en: 'Team lead' },
  investigator: { zh: '调查员', en: 'Investigator' },
  supervisor: { zh: '主管', en: 'Supervisor' },
  manager: { zh: '经理', en: 'Manager' },
  auditor: { zh: '审计员', en: 'Auditor' },
  admin: { zh: '管理员', en: 'Administrator' },
} as const satisfies Record<string, Label>;
export type Role = keyof typeof ROLES;
export const ROLE_IDS = Object.keys(ROLES) as Role[];

/** Escalation tiers, lowest first (R-SLA-8, R-FLOW-3): handler → team lead → supervisor → manager. */
export const ESCALATION_TIERS = {
  handler: { zh: '经办人', en: 'Handler', level: 0 },
  team_lead: { zh: '组长', en: 'Team lead', level: 1 },
  supervisor: { zh: '主管', en: 'Supervisor', level: 2 },
  manager: { zh: '经理', en: 'Manager', level: 3 },
} as const satisfies Record<string, Label & { level: number }>;
export type EscalationTier = keyof typeof ESCALATION_TIERS;
export const ESCALATION_TIER_IDS = Object.keys(ESCALATION_TIERS) as EscalationTier[];

/** The party to the shipment the complainant is (R-ACC-2). */
export const PARTIES = {
  sender: { zh: '寄件人', en: 'Sender' },
  recipient: { zh: '收件人', en: 'Recipient' },
} as const satisfies Record<string, Label>;
export type Party = keyof typeof PARTIES;

/** Contact channels a customer may prefer (R-CON-2). */
export const CONTACT_CHANNELS = {
  phone: { zh: '电话', en: 'Phone' },
  sms: { zh: '短信', en: 'SMS' },
  email: { zh: '电子邮件', en: 'E-mail' },
} as const satisfies Record<string, Label>;
export type ContactChannel = keyof typeof CONTACT_CHANNELS;

/** Reasons a complaint is not accepted again (R-ADM-1). */
export const INADMISSIBLE_REASONS = {
  settled: { zh: '已就同一事项达成和解并履行', en: 'A settlement on the same matter was reached and carried out' },
  court_or_arbitration: {
    zh: '法院、仲裁机构或消费者组织已处理',
    en: 'Concluded by a court, arbitration body or consumer organisation',
  },
  regulator_mediated: {
    zh: '邮政管理部门已调解并出具调解意见',
    en: 'Mediated by the regulator with a mediation opinion',
  },
  legal_other: { zh: '法律法规另有规定', en: 'Law provides otherwise' },
} as const satisfies Record<string, Label>;
export type InadmissibleReason = keyof typeof INADMISSIBLE_REASONS;

/** Which outlet the customer contacted before complaining (R-LIA-2, R-LIA-5, R-LIA-9). */
export type PriorContactOutlet = 'origin' | 'delivery' | 'none';

/** The label of a vocabulary entry in the requested language (Simplified Chinese by default). */
export function label(entry: Label, language: Language = 'zh'): string {
  return entry[language];
}
