/**
 * The console's words in Simplified Chinese (default) and English; the choice is kept in localStorage. The labels of
 * stages, roles, categories and actions follow libs/domain/src/vocabulary.ts and libs/domain/src/stages.ts (the console
 * reaches the API over HTTP only and imports none of our packages).
 */
import { createContext, useContext } from 'react';

export type Lang = 'zh' | 'en';
const LANG_KEY = 'cf.lang';

export function storedLang(): Lang {
  return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';
}
export function storeLang(lang: Lang): void {
  localStorage.setItem(LANG_KEY, lang);
}

type Label = readonly [zh: string, en: string];

export const STAGES: Record<string, Label> = {
  acceptance: ['受理', 'Acceptance'],
  investigation: ['调查', 'Investigation'],
  handling: ['处理', 'Handling'],
  resolution: ['解决', 'Resolution'],
  review: ['总结与改进', 'Review'],
  closed: ['已归档', 'Closed'],
  closed_inadmissible: ['不予受理', 'Closed as inadmissible'],
  closed_on_the_spot: ['现场解决', 'Resolved on the spot'],
};
export const FIVE_STAGES = ['acceptance', 'investigation', 'handling', 'resolution', 'review'] as const;

export const ROLES: Record<string, Label> = {
  agent: ['客服专员', 'Agent'],
  team_lead: ['组长', 'Team lead'],
  investigator: ['调查员', 'Investigator'],
  supervisor: ['主管', 'Supervisor'],
  manager: ['经理', 'Manager'],
  auditor: ['审计员', 'Auditor'],
  admin: ['管理员', 'Administrator'],
};

export const CATEGORIES: Record<string, Label> = {
  delay: ['延误', 'Delay'],
  service_attitude: ['服务态度', 'Service attitude'],
  late_compensation: ['未及时赔付', 'Late compensation'],
  overcharge: ['多收费', 'Overcharge'],
  damage: ['破损', 'Damage'],
  shortage: ['短少', 'Shortage'],
  loss: ['遗失', 'Loss'],
  non_recipient_signature: ['非本人签收', 'Signed by someone else'],
  out_of_area: ['超区件', 'Out-of-area parcel'],
  tracking_info: ['信息不准确/未及时更新', 'Wrong or stale tracking'],
  privacy: ['个人信息泄露', 'Personal data leak'],
  other: ['其他', 'Other'],
};

export const URGENCIES: Record<string, Label> = {
  normal: ['一般', 'Normal'],
  urgent: ['紧急', 'Urgent'],
  major: ['重大', 'Major'],
};

export const ACTIONS: Record<string, Label> = {
  accept: ['受理', 'Accept'],
  'reject-inadmissible': ['不予受理', 'Close as inadmissible'],
  'resolve-on-the-spot': ['现场解决', 'Resolve on the spot'],
  assign: ['分派', 'Assign'],
  'record-findings': ['记录调查结论', 'Record findings'],
  'propose-plan': ['提出处理方案', 'Propose a handling plan'],
  'decide-approval': ['审批处理方案', 'Decide on approval'],
  'contact-attempt': ['联系客户', 'Contact attempt'],
  'customer-response': ['客户答复', 'Customer response'],
  'execute-plan': ['执行处理方案', 'Carry out the plan'],
  'regulator-reply': ['回复邮政管理局', 'Reply to the regulator'],
  survey: ['满意度调查', 'Satisfaction survey'],
  'pause-sla': ['暂停时限', 'Pause deadlines'],
  'resume-sla': ['恢复时限', 'Resume deadlines'],
  escalate: ['升级', 'Escalate'],
  reopen: ['重新开启', 'Reopen'],
  'request-evidence': ['向客户索取证据', 'Request evidence'],
  'consult-hq': ['咨询总部', 'Consult headquarters'],
  'hq-answer': ['总部答复', 'Headquarters answer'],
  'arbitration-claim': ['提出内部仲裁申请', 'Internal arbitration claim'],
  'arbitration-ruling': ['内部仲裁裁决', 'Internal arbitration ruling'],
  'sign-off-reply': ['书面回复审核', 'Sign off a written reply'],
};

/** The clocks of a case (libs/domain/src/policy/types.ts DEADLINE_KINDS). */
export const DEADLINE_KINDS: Record<string, Label> = {
  classify: ['分类定级', 'Classify'],
  forward: ['转派', 'Forward'],
  department_response: ['部门响应', 'Department response'],
  investigation_start: ['开始调查', 'Investigation start'],
  evidence_request: ['索取证据', 'Evidence request'],
  investigation: ['调查', 'Investigation'],
  plan: ['制定方案', 'Plan'],
  approval: ['审批', 'Approval'],
  reply_after_approval: ['审批后答复', 'Reply after approval'],
  execution: ['执行方案', 'Execution'],
  confirmation: ['客户确认', 'Confirmation'],
  first_reply: ['首次答复', 'First reply'],
  archive: ['归档', 'Archive'],
  analysis: ['分析总结', 'Analysis'],
  statutory_reply: ['法定答复时限', 'Statutory reply'],
  refund: ['退款', 'Refund'],
};

export const DEADLINE_STATES: Record<string, Label> = {
  running: ['进行中', 'Running'],
  paused: ['已暂停', 'Paused'],
  met: ['已达成', 'Met'],
  breached: ['已超时', 'Breached'],
  cancelled: ['已取消', 'Cancelled'],
};

const WORDS = {
  appTitle: ['投诉工单控制台', 'Complaint console'],
  signIn: ['登录', 'Sign in'],
  signOut: ['退出', 'Sign out'],
  devSignIn: ['开发环境登录', 'Development sign-in'],
  pickUser: ['选择员工', 'Pick a staff member'],
  userId: ['员工编号', 'Staff id'],
  name: ['姓名', 'Name'],
  roles: ['角色', 'Roles'],
  outlet: ['网点', 'Outlet'],
  tokenSignIn: ['使用令牌登录', 'Sign in with a token'],
  bearerToken: ['访问令牌(统一身份认证签发)', 'Bearer token (from the identity provider)'],
  myWork: ['我的工作', 'My work'],
  approvals: ['审批待办', 'Approval inbox'],
  cases: ['工单列表', 'Cases'],
  newCase: ['登记投诉', 'New complaint'],
  escalations: ['升级工单', 'Escalations'],
  dashboard: ['数据看板', 'Dashboard'],
  audit: ['审计', 'Audit'],
  stage: ['阶段', 'Stage'],
  category: ['类别', 'Category'],
  urgency: ['紧急程度', 'Urgency'],
  escalationLevel: ['升级级别', 'Escalation level'],
  overdueOnly: ['仅看超时', 'Overdue only'],
  search: ['搜索(运单号、电话、邮箱、姓名)', 'Search (waybill, phone, e-mail, name)'],
  searchButton: ['查询', 'Search'],
  saveFilter: ['保存筛选', 'Save filter'],
  savedFilters: ['已保存的筛选', 'Saved filters'],
  filterName: ['筛选名称', 'Filter name'],
  waybill: ['运单号', 'Waybill'],
  nextDue: ['下一时限', 'Next deadline'],
  owner: ['负责人', 'Owner'],
  receivedAt: ['受理时间', 'Received'],
  open: ['打开', 'Open'],
  overdue: ['已超时', 'Overdue'],
  left: ['剩余', 'left'],
  ago: ['已超', 'over by'],
  deadlines: ['时限', 'Deadlines'],
  dueAt: ['到期时间', 'Due'],
  state: ['状态', 'State'],
  timeline: ['处理记录', 'Timeline'],
  who: ['操作人', 'Who'],
  what: ['事项', 'What'],
  when: ['时间', 'When'],
  contactAttempts: ['联系记录', 'Contact attempts'],
  negotiation: ['协商轮次', 'Negotiation rounds'],
  plan: ['处理方案', 'Plan'],
  approvalsOfCase: ['审批', 'Approvals'],
  notifications: ['通知与送达', 'Notifications and delivery'],
  actions: ['可执行操作', 'Actions'],
  noActions: ['当前没有您可执行的操作', 'Nothing for you to do on this case now'],
  submit: ['提交', 'Submit'],
  done: ['操作成功', 'Done'],
  liability: ['责任认定', 'Liability'],
  suggested: ['建议赔偿', 'Suggested compensation'],
  amount: ['金额', 'Amount'],
  reason: ['依据', 'Why'],
  rule: ['规则', 'Rule'],
  approve: ['同意', 'Approve'],
  reject: ['驳回', 'Reject'],
  comment: ['审批意见', 'Comment'],
  ownProposal: ['本人提出的方案,不能自行审批(R-APR-2)', 'Your own proposal: you may not decide it (R-APR-2)'],
  noPending: ['没有待审批的方案', 'Nothing waiting for approval'],
  unread: ['未读', 'unread'],
  live: ['实时', 'live'],
  myCases: ['我负责的工单', 'My cases'],
  dueNext: ['即将到期', 'Due next'],
  myNotifications: ['我的通知', 'My notifications'],
  nothing: ['暂无', 'None'],
  escalatedSince: ['升级时间', 'Escalated since'],
  why: ['原因', 'Why'],
  categoryShares: ['投诉类别占比', 'Category shares'],
  compliance: ['时限达成率', 'Deadline compliance'],
  perOutlet: ['各网点工单数', 'Cases per outlet'],
  alerts: ['预警', 'Alerts'],
  caseId: ['工单编号', 'Case id'],
  load: ['加载', 'Load'],
  history: ['历史记录', 'History'],
  chainVerified: ['审计链校验通过', 'Audit chain verified'],
  chainBroken: ['审计链校验失败', 'Audit chain broken'],
  asOf: ['查看某一时刻的状态', 'State as of'],
  replay: ['重放校验', 'Replay'],
  replayResult: ['重放结果', 'Replay result'],
  deterministic: ['确定性', 'Deterministic'],
  eventsReplayed: ['重放事件数', 'Events replayed'],
  export: ['导出', 'Export'],
  customerTitle: ['投诉处理结果', 'Your complaint'],
  caseNumber: ['工单编号', 'Case number'],
  accept: ['接受处理结果', 'I accept the result'],
  decline: ['不接受', 'I do not accept'],
  yourComment: ['您的意见(可选)', 'Your comment (optional)'],
  surveyTitle: ['满意度调查', 'Satisfaction survey'],
  speed: ['处理速度', 'Speed'],
  effectiveness: ['处理效果', 'Effectiveness'],
  attitude: ['服务态度', 'Attitude'],
  transparency: ['过程透明', 'Transparency'],
  suggestion: ['意见建议(可选)', 'Suggestions (optional)'],
  linkProblem: ['链接无法使用', 'This link cannot be used'],
  waybillNo: ['运单号', 'Waybill number'],
  complainantName: ['投诉人姓名', 'Complainant name'],
  phone: ['电话', 'Phone'],
  email: ['邮箱', 'E-mail'],
  party: ['投诉人身份', 'Party'],
  sender: ['寄件人', 'Sender'],
  recipient: ['收件人', 'Recipient'],
  preferredChannel: ['回复方式', 'Preferred channel'],
  channel: ['渠道', 'Channel'],
  description: ['投诉内容', 'Description'],
  expectedOutcome: ['诉求', 'Expected outcome'],
  claimedFen: ['索赔金额(元)', 'Claimed (CNY)'],
  originOutlet: ['寄件网点', 'Origin outlet'],
  deliveryOutlet: ['派件网点', 'Delivery outlet'],
  freight: ['运费(元)', 'Freight (CNY)'],
  charged: ['实收(元)', 'Charged (CNY)'],
  created: ['已登记', 'Registered'],
  total: ['合计', 'Total'],
  openCase: ['查看工单', 'Open case'],
  closure: ['结案', 'Closure'],
  customerLink: ['客户链接', 'Customer link'],
  makeLink: ['生成客户链接', 'Make a customer link'],
  delivery: ['送达状态', 'Delivery'],
  language: ['English', '中文'],
} as const satisfies Record<string, Label>;

export type Word = keyof typeof WORDS;

export interface I18n {
  readonly lang: Lang;
  t(word: Word): string;
  label(table: Record<string, Label>, key: string | null | undefined): string;
  setLang(lang: Lang): void;
}

export function makeI18n(lang: Lang, setLang: (l: Lang) => void): I18n {
  const i = lang === 'zh' ? 0 : 1;
  return {
    lang,
    t: (word) => WORDS[word][i],
    label: (table, key) => (key == null ? '' : (table[key]?.[i] ?? key)),
    setLang,
  };
}

export const I18nContext = createContext<I18n>(makeI18n('zh', () => undefined));
export const useI18n = (): I18n => useContext(I18nContext);
