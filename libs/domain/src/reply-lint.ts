/**
 * R-REG-2: a reply to the regulator about a case where the company is not at fault must state the facts and must not
 * contain wording that reads as an admission — "已道歉、已赔款、已退运费" (seed 000) — or the regulator will find the
 * company at fault (a valid appeal, 1000 CNY per parcel, R-REG-1). This lint finds such wording.
 *
 * Design:
 * - Three canonical groups: `apology` (已道歉), `compensation` (已赔款), `freight_refund` (已退运费).
 * - Each group has a verb list and a few shapes: "已/已经 + small fillers + verb" (已向客户道歉, 已经于3月5日向客户
 *   全额赔付, 已核实并退还运费); "verb + 了" (道歉了, 赔付了); "向/为/给/对 + party + verb" (向您道歉, 为客户退还运费);
 *   the second of two joined admissions (已道歉并赔偿 → two findings); the verb standing on its own where it can only
 *   be an admission (表示歉意, 退还运费, 减免运费); the inverted "运费已退", "赔偿款已支付"; and "已收到赔偿款/退款".
 *   Fillers are a closed list (a date, 第一时间/主动/全额…, a party such as 客户/您/其, "…并"), so
 *   "已告知客户赔偿标准", "已转交理赔部门" or "已收到客户的赔偿申请" do not match.
 * - Negation and requests: a match is ignored when the few characters before it, within the same clause, contain a
 *   negation or a request (未, 没, 无需, 无法, 不予, 不会, 不必, 不再, 并非, 拒, 否, 要求, 希望, 请求, 申请, 索要,
 *   索赔, 提出, 诉求…, or a bare 不 right before the match): "我司未赔款", "未向客户道歉", "无需道歉",
 *   "客户要求退还运费", "不再要求赔偿了", "我司不向客户道歉" state that nothing was done or that the customer asked,
 *   which is exactly what a truthful reply may say. A clause boundary (punctuation) or a turn word (但, 却, 可是, 然而,
 *   不过) ends the look-back, so "虽未查明原因,但已向客户道歉" is still flagged, and so is "不慎丢失后已赔偿" (a bare 不
 *   further back is not a negation). Erring on the side of flagging is deliberate: a false alarm costs an edit, a
 *   miss costs a valid appeal.
 * - Traditional characters (賠款, 運費 …) are read as their simplified forms, one character for one, so positions
 *   stay those of the original text.
 * - `index`/`length` are JavaScript string indices into the original text; overlapping matches are merged and
 *   reported once, with the group of the earliest (longest) match.
 */

import { ALLOWED, type Decision, refuse, ruleCode } from './result';

/** The closing sentence the seed suggests for a reply where the company is not at fault (seed 000, R-REG-2). */
export const STANDARD_CLOSING = '经向客户沟通解释,对方表示理解和认可,不再追究有关此票快件的任何责任。';

/** An English gloss of `STANDARD_CLOSING` (for English-language users; the reply itself is sent in Chinese). */
export const STANDARD_CLOSING_EN =
  'Having communicated with the customer and explained the matter, the customer expressed understanding and ' +
  'acceptance and will not pursue any liability concerning this parcel.';

/** The kinds of admission R-REG-2 names. */
export const ADMISSION_GROUPS = {
  apology: { zh: '已道歉', en: 'Apologised' },
  compensation: { zh: '已赔款', en: 'Compensated' },
  freight_refund: { zh: '已退运费', en: 'Freight refunded' },
} as const;
export type AdmissionGroup = keyof typeof ADMISSION_GROUPS;

/** One piece of offending wording. */
export interface ReplyFinding {
  /** The text as found (a slice of the original). */
  readonly phrase: string;
  readonly canonical: AdmissionGroup;
  /** JavaScript string index of the first character in the original text. */
  readonly index: number;
  readonly length: number;
}

export interface ReplyLintResult {
  readonly ok: boolean;
  readonly findings: ReplyFinding[];
}

// Traditional → simplified, one character for one (positions are preserved).
const TRADITIONAL: Readonly<Record<string, string>> = {
  賠: '赔',
  償: '偿',
  運: '运',
  費: '费',
  還: '还',
  經: '经',
  禮: '礼',
  補: '补',
  給: '给',
  對: '对',
  為: '为',
  戶: '户',
  額: '额',
  們: '们',
  減: '减',
  於: '于',
  時: '时',
  點: '点',
  當: '当',
  動: '动',
  誠: '诚',
  懇: '恳',
  並: '并',
  隨: '随',
  錢: '钱',
  該: '该',
  這: '这',
  稱: '称',
  沒: '没',
  無: '无',
  須: '须',
  請: '请',
  與: '与',
  過: '过',
  聯: '联',
  繫: '系',
  說: '说',
};

function toSimplified(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    out += TRADITIONAL[ch] ?? ch;
  }
  return out;
}

// Building blocks (simplified characters).
const PARTY =
  '(?:该|此|这位|本)?(?:客户|顾客|用户|寄件人|收件人|寄件方|收件方|消费者|当事人|申诉人|投诉人|您|你|其|对方|他们|他|她)';
const DATE = '(?:于|在)[0-9０-９一二三四五六七八九十〇零年月日号时点分:：./\\- 上下午当天今昨前]{1,14}?';
const ADV =
  '(?:第一时间|及时|主动|当面|当场|通过电话|电话|郑重地?|诚恳地?|真诚地?|全额|足额|如数|全部|一次性|立即|马上|先行|作出|做出|进行了?|给予了?)';
const FILL = `(?:${DATE})?(?:${ADV}){0,2}(?:(?:向|为|给|对)${PARTY})?(?:${ADV}){0,2}`;
// A short run of non-punctuation, non-negation characters ending in a conjunction: 已核实并…, 已解释清楚后….
// It never runs over another admission verb (歉, 赔, 偿, 退), so "已经道歉并赔偿了" is two findings, not one.
const CHAIN = '(?:[^,，。;；!！?？\\s、:：未没无不非拒否歉赔偿退]{0,8}?(?:并且|并|且|后|同时|随即))?';
// The second of two joined admissions: "已向客户道歉并赔偿", "已道歉,并退还运费".
const JOINED = '(?<=并且|并|且|同时|随即)';
const NOT_A_CLAIM = '(?!申请|请求|要求|诉求|标准|规定|条款|流程|程序|手续|调查|核实|审核|部门|专员|资料|材料)';

const VERBS: Readonly<Record<AdmissionGroup, string>> = {
  apology: '(?:赔礼道歉|道歉|致歉|赔不是|(?:表示|致以|表达|深表)了?(?:深深的|诚挚的|真诚的|深切的)?歉意)',
  compensation: `(?:赔偿|赔付|赔款|赔钱|补偿|理赔)${NOT_A_CLAIM}`,
  freight_refund: `(?:退(?:还|回|了)?(?:全部|全额)?运费|返还了?运费|减免了?运费|免(?:除|收)了?运费|退款|退费)${NOT_A_CLAIM}`,
};

/** The shapes of admission per group; each is matched separately, then overlaps are merged. */
const PATTERNS: readonly { group: AdmissionGroup; regex: RegExp }[] = (
  [
    // apology
    ['apology', `已(?:经)?${CHAIN}${FILL}${VERBS.apology}`],
    ['apology', `(?:(?:向|对)${PARTY})?(?:${ADV}){0,2}(?:道歉|致歉)了`],
    ['apology', `(?:向|对)${PARTY}(?:${ADV}){0,2}${VERBS.apology}`],
    [
      'apology',
      '(?:赔礼道歉|特此致歉|深感抱歉|深表抱歉|(?:表示|致以|表达|深表)了?(?:深深的|诚挚的|真诚的|深切的)?歉意)',
    ],
    ['apology', `${JOINED}(?:${ADV}){0,2}${VERBS.apology}`],
    // compensation
    ['compensation', `已(?:经)?${CHAIN}${FILL}${VERBS.compensation}`],
    ['compensation', `(?:(?:向|为|给)${PARTY})?(?:${ADV}){0,2}(?:赔偿|赔付|赔款|补偿)了`],
    ['compensation', `(?:向|为|给)${PARTY}(?:${ADV}){0,2}${VERBS.compensation}`],
    ['compensation', '(?:赔偿|赔付|赔款|补偿)(?:款|金)?(?:已经|已|均已|也已)(?:支付|到账|发放|付清|给付|打款|汇出)'],
    ['compensation', `(?:已经|已)?收到了?(?:我司|公司|网点)?的?(?:赔偿|赔付|赔款|补偿)(?:款|金)?${NOT_A_CLAIM}`],
    ['compensation', `${JOINED}(?:${ADV}){0,2}${VERBS.compensation}`],
    // freight refund
    ['freight_refund', `已(?:经)?${CHAIN}${FILL}${VERBS.freight_refund}`],
    ['freight_refund', `(?:向|为|给)${PARTY}(?:${ADV}){0,2}${VERBS.freight_refund}`],
    ['freight_refund', '(?:退(?:还|回|了)|返还了?|减免了?|免(?:除|收)了?)(?:全部|全额)?运费'],
    ['freight_refund', '运费(?:已经|已|均已|也已)(?:全额|全部)?(?:退还|退回|返还|退|减免|免除)'],
    ['freight_refund', '(?:已经|已)?收到了?(?:我司|公司|网点)?(?:退还|退回)?的?(?:退款|退费|运费退款)'],
    ['freight_refund', `${JOINED}(?:${ADV}){0,2}${VERBS.freight_refund}`],
  ] as const
).map(([group, source]) => ({ group, regex: new RegExp(source, 'g') }));

const CLAUSE_END = /[,，。;；!！?？、:：\n\r]|但是?|却|可是|然而|不过/g;
const NEGATION =
  /未|没|无需|无须|无法|不予|不会|不必|不用|不需|不曾|不再|不愿|不能|不应|并非|拒|否|要求|希望|请求|申请|索要|索赔|提出|诉求/;
const LOOK_BACK = 6;

/** Whether the characters just before `index`, within its clause, negate or merely request what follows. */
function negated(simplified: string, index: number): boolean {
  let before = simplified.slice(Math.max(0, index - LOOK_BACK), index);
  let end = 0;
  for (const m of before.matchAll(CLAUSE_END)) end = m.index + m[0].length;
  before = before.slice(end);
  // A bare 不 counts only right before the match ("不向客户道歉"); further back it is too often part of something
  // else ("不慎丢失后已赔偿" admits it).
  return NEGATION.test(before) || before.endsWith('不');
}

interface Span {
  group: AdmissionGroup;
  start: number;
  end: number;
}

/**
 * R-REG-2: finds wording in a regulator reply that admits fault (apologised, compensated, freight refunded) when the
 * company is not liable. When `companyLiable` is true the reply may say so, and the result is always ok. See the
 * module comment for the patterns, the handling of negation and how positions are reported.
 */
export function lintRegulatorReply(text: string, companyLiable: boolean): ReplyLintResult {
  if (companyLiable) return { ok: true, findings: [] };
  const simplified = toSimplified(text);
  const spans: Span[] = [];
  for (const { group, regex } of PATTERNS) {
    for (const m of simplified.matchAll(regex)) {
      if (!negated(simplified, m.index)) spans.push({ group, start: m.index, end: m.index + m[0].length });
    }
  }
  // Earliest first, the longer of two that start together first: it names the group of a merged span.
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last !== undefined && span.start < last.end) {
      last.end = Math.max(last.end, span.end);
    } else {
      merged.push({ ...span });
    }
  }
  const findings = merged.map((s) => ({
    phrase: text.slice(s.start, s.end),
    canonical: s.group,
    index: s.start,
    length: s.end - s.start,
  }));
  return { ok: findings.length === 0, findings };
}

/**
 * R-REG-2 as a Decision for the `regulator-reply` action: refused with `RULE.R-REG-2`, the findings in `details`, when
 * the company is not liable and the reply contains admission wording.
 */
export function checkRegulatorReply(text: string, companyLiable: boolean): Decision {
  const { ok, findings } = lintRegulatorReply(text, companyLiable);
  if (ok) return ALLOWED;
  return refuse(
    ruleCode('R-REG-2'),
    `the company is not at fault: the reply must not contain ${findings.map((f) => `"${f.phrase}"`).join(', ')}`,
    findings,
  );
}
