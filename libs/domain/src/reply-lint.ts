/**
 * R-REG-2: a reply to the regulator about a case where the company is not at fault must state the facts and must not
 * contain wording that reads as an admission — "已道歉、已赔款、已退运费" (seed 000) — or the regulator will find the
 * company at fault (a valid appeal, 1000 CNY per parcel, R-REG-1). This lint finds such wording, however it is phrased.
 *
 * Design: the structure of an admission, not a list of phrases.
 * - An admission *term* names one of the three groups: `apology` (道歉, 致歉, 赔礼, 表示歉意 …), `compensation`
 *   (赔偿, 赔付, 补偿, 赔款, 赔偿金, 理赔, 赔了 …) or `freight_refund` (退款, 退费, 退还/退回/返还/减免 + 运费, 费用,
 *   邮费 … or + 客户账户). A term that names a procedure rather than a payment (赔偿标准, 理赔部门, 退款申请 …) is
 *   not a term. A bare 退还/退回/返还/减免 is a refund only when the money is named in the same clause
 *   (已将运费退回 …), so "快件已退回寄件人" is not one.
 * - A term is only an admission when something in its sentence says it was done (a *licence*):
 *   1. a completed-action marker 已/已经 earlier in the clause, at most `MAX_GAP` characters before it (dates and
 *      times not counted), the gap free of negations, requests, reported speech, questions and conditions
 *      (已按保价金额赔付, 已为客户办理理赔, 已致电客户致歉, 我司已将运费退回客户账户); a conjunction in the gap starts
 *      afresh (已解释清楚并道歉); a lone 未/没/不 in the gap negates the verb unless a relative clause closes after it
 *      (已确认未向客户道歉 is negated, 已对未收到快件的客户道歉 is not);
 *   2. a completion after it: 赔付了, 道歉过, 退款完毕;
 *   3. the company turned towards a party: 向客户道歉, 为客户退还运费, 对客户的损失进行补偿; for compensation and
 *      refunds also a light verb (给予客户200元补偿, 办理退款) or the party after it (赔偿客户200元);
 *   4. joined to the term just before it: 已道歉并赔偿, 已道歉、赔款、退运费;
 *   5. a term that is an admission on its own: 深表歉意, 赔礼道歉, 退还运费, 运费已退, 赔偿金已到账.
 * - Context that makes it no admission: a negation or request shortly before it (`LOOK_BACK`), in its clause
 *   (未道歉, 没有赔偿, 不予赔偿, 无需退还运费, 并未退款, 不存在已赔付, 客户要求赔偿, 客户提出退款, 客户已放弃赔偿); a
 *   question (是否已退还运费?, 已经赔偿了吗); a condition (如属我司责任将依规赔偿, 如已赔偿请告知). Licences 2–5 are
 *   checked together, before the earliest of them (未通过电话向对方赔礼道歉), and are also undone by a condition
 *   earlier in the sentence (若确属我司原因,将为客户退还运费) or a statement of policy (依规, 按规定, 可以 …). A term
 *   joined to one that was negated is negated with it (客户要求我司赔礼道歉并赔偿). A clause boundary (punctuation) or
 *   a turn word (但, 却, 可是, 然而, 不过) ends every look-back, so "虽未查明原因,但已向客户道歉" is still flagged, and
 *   so is "不慎丢失后已赔偿" (不慎, 不便, 不周 … are no negations). Erring on the side of flagging is deliberate: a
 *   false alarm costs an edit, a miss costs a valid appeal.
 * - Chinese only: the reply to the regulator is written in Chinese; English text is not linted.
 * - Traditional characters (賠款, 運費 …) are read as their simplified forms, one character for one, so positions
 *   stay those of the original text.
 * - Each finding is the span from its licence (the marker, the party, the conjunction) to the end of the term (with a
 *   trailing 了 …); `index`/`length` are JavaScript string indices into the original text. Findings never overlap: a
 *   later one starts at its earliest licence after the earlier one, else right after it (已赔偿并道歉 → "已赔偿",
 *   "道歉"), so each names one thing to change, with its group (`canonical`).
 * - When the company is not liable the result also offers the closing the seed recommends (`suggestion`).
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

/** The closing offered to the writer of a reply where the company is not at fault (R-REG-2). */
export interface ReplySuggestion {
  readonly zh: string;
  readonly en: string;
}

/** R-REG-2: the seed's closing, in Chinese (as sent) and English. */
export const CLOSING_SUGGESTION: ReplySuggestion = Object.freeze({ zh: STANDARD_CLOSING, en: STANDARD_CLOSING_EN });

export interface ReplyLintResult {
  readonly ok: boolean;
  readonly findings: ReplyFinding[];
  /** R-REG-2: present when the company is not liable — the closing to use instead of any admission. */
  readonly suggestion?: ReplySuggestion;
}

/** The `details` entry of an R-REG-2 refusal: the findings, the closing to use, and the reason in both languages. */
export interface ReplyRefusalDetail {
  readonly findings: ReplyFinding[];
  readonly suggestion: ReplySuggestion;
  readonly message: { readonly zh: string; readonly en: string };
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
  帳: '账',
  賬: '账',
  郵: '邮',
  遞: '递',
  務: '务',
  項: '项',
  後: '后',
  發: '发',
  規: '规',
  則: '则',
  條: '条',
  嗎: '吗',
  屬: '属',
  認: '认',
  責: '责',
  關: '关',
  門: '门',
  審: '审',
  調: '调',
  轉: '转',
  辦: '办',
  處: '处',
  資: '资',
  續: '续',
  電: '电',
  話: '话',
  寶: '宝',
  實: '实',
  決: '决',
  問: '问',
  題: '题',
  絕: '绝',
};

function toSimplified(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    out += TRADITIONAL[ch] ?? ch;
  }
  return out;
}

// ---- Building blocks (simplified characters) ----

const PARTY =
  '(?:该|此|这位|本)?(?:客户|顾客|用户|寄件人|收件人|寄件方|收件方|发件人|消费者|当事人|申诉人|投诉人|您|你|其|对方|他们|他|她)';
/** Money a refund gives back. */
const MONEY = '(?:运费|邮费|快递费|寄递费|保价费用|保价费|服务费|费用|资费|款项|钱款|钱)';
const MONEY_RE = new RegExp(MONEY);
/** Where a refund goes. */
const ACCOUNT = '(?:银行账户|账户|账号|银行卡|支付宝|微信)';
const ADV =
  '(?:第一时间|及时|主动|当面|当场|通过电话|电话|郑重地?|诚恳地?|真诚地?|全额|足额|如数|全部|一次性|立即|马上|先行|作出|做出|进行了?|给予了?)';
/** A short stretch within a clause with no negation in it (for the inverted 运费已于昨日退还). */
const SHORT = '[^,，。;；!！?？、:：\\s未没无不非拒否]{0,8}?';
/** Procedure words: 赔偿标准, 理赔部门, 退款申请 name a procedure, not a payment. */
const NOT_A_CLAIM =
  '(?!的?(?:申请|请求|要求|诉求|标准|规定|规则|条款|政策|调查|核实|审核|部门|专员|资料|材料|事宜|范围|条件|途径|渠道|时效|热线))';

/** How a term needs to be licensed: `self` is an admission on its own, `money` a refund verb whose money is named
 *  before it (已将运费退回), `verb` anything else. */
type TermKind = 'self' | 'verb' | 'money';

const TERM_PATTERNS: readonly { group: AdmissionGroup; kind: TermKind; regex: RegExp }[] = (
  [
    [
      'apology',
      'self',
      '(?:赔礼道歉|赔不是|特此致歉|深感抱歉|深表抱歉|(?:表示|致以|表达|深表|为表|聊表)了?(?:深深的|诚挚的|真诚的|深切的|万分的)?歉意)',
    ],
    ['apology', 'verb', '(?:道歉|致歉|赔礼)'],
    [
      'compensation',
      'self',
      `(?:赔偿|赔付|补偿|赔款)(?:款|金)?(?:均|也|都)?已(?:经)?${SHORT}(?:支付|到账|发放|付清|给付|打款|汇出|转账|汇款|转给|打给|付给)`,
    ],
    [
      'compensation',
      'verb',
      `(?:(?:赔偿|补偿)(?:款|金)?|赔付|理赔(?:款)?|赔款|赔钱|赔(?=了|给|[0-9０-９一二两三四五六七八九十百千万]))${NOT_A_CLAIM}`,
    ],
    [
      'freight_refund',
      'self',
      `(?:退(?:还|回)?了?|返(?:还|回)了?|(?:减免|免除|免收)了?)给?${PARTY}?的?(?:多收|多扣|多付|多缴)?取?的?(?:全部|全额|部分)?(?:${MONEY}|${ACCOUNT})${NOT_A_CLAIM}`,
    ],
    ['freight_refund', 'self', `${MONEY}(?:均|也|都)?已(?:经)?${SHORT}(?:退还|退回|返还|退|减免|免除|返)`],
    ['freight_refund', 'verb', `(?:退款|退费)${NOT_A_CLAIM}`],
    ['freight_refund', 'money', '(?:退还|退回|返还|减免|免除|免收)'],
  ] as const
).map(([group, kind, source]) => ({ group, kind, regex: new RegExp(source, 'g') }));

// ---- Context ----

/** Punctuation ends a clause (a colon between digits, as in 14:30, does not), and so does a turn word. */
const CLAUSE_END = /[,，。;；!！?？、：\n\r]|:(?!\d)|(?<!\d):|但是?|却|可是|然而|不过/g;
const SENTENCE_END = /[。;；!！?？\n\r]/g;
/** Words with 不 that are no negation (不便, 不慎, 服务不周, 不仅 …): masked before the negation checks. */
const NOT_NEGATION = /不(?:便|慎|满|适|周|妥|当|足|快|仅|但|久|少|断|同)/g;
const NEGATION_WORDS =
  /无需|无须|无法|无责|无过错|不予|不会|不必|不用|不需|不曾|不再|不愿|不能|不应|不存在|不属|不承担|并非|拒|否|放弃|撤回|撤销|撤诉|驳回|免于|豁免/;
const REQUEST = /要求|希望|请求|申请|索要|索赔|提出|诉求|主张|想要|期望/;
/** Reported speech: what the writer told the customer is not what the company did (已告知客户赔偿事宜). */
const REPORTED = /告知|告诉|说明|解释|通知|答复|回复|提醒|建议|询问|咨询|介绍|转告|转达|解答/;
const QUESTION = /是否|能否|可否|有无|是不是|会不会|要不要|何时|为何|为什么|怎么|如何|多少/;
const CONDITION = /如果|如已|如属|如系|如经|如确|如为|如是|如有|如需|如因|如遇|若|倘|假如|假使|一旦|万一|凡是|凡属/;
const POLICY =
  /依规|依法|依据|依照|按规定|按照规定|根据规定|相关规定|有关规定|可以|可按|可依|可申请|可予|可获|应当|应予/;
/** Conjunctions that start a new verb phrase after 已 (已核实并退款); 一并 is an adverb. */
const CONJUNCTION = /(?<!一)并且?|且|同时|随即|然后|之后|后/g;
/** What may stand between two joined admissions (已道歉并赔偿, 已道歉、赔款). The ADV part belongs to the second. */
const JOIN = new RegExp(`^(?:了)?(?:[,，]?(?:并且|并|且|同时|随即|以及|及|又|还|也)(?:已经|已)?|、)(${ADV}{0,2})$`);
/** The connector at the start of a span that begins right after an earlier finding. */
const CONNECTOR = /^(?:[,，、]?(?:并且|并|且|同时|随即|以及|及|又|还|也))?/;
const PARTY_BEFORE = new RegExp(`(?:向|为|给|对|替)${PARTY}.{0,6}$`);
const PARTY_AFTER = new RegExp(`^给?${PARTY}`);
/** A light verb that carries a compensation or refund noun: 给予客户200元补偿, 办理退款. */
const LIGHT_BEFORE = /(?:给予|作出|做出|进行|办理|支付|发放)了?.{0,8}$/;
/** Dates and times do not count towards `MAX_GAP` (已于2026年3月5日14:30致电客户道歉). */
const DATE_CHARS = /[0-9０-９年月日号时点分:：.\-/]/g;
const SUFFIX = /^(?:了|过|完毕|完成|成功)/;
const QUESTION_AFTER = /^[^。;；!！\n\r?？]*[?？吗]/;
/** How far back (in characters, dates and times not counted) a negation or request reaches. */
const LOOK_BACK = 8;
/** How much of the text around a term its clause and sentence are looked for in (keeps long replies linear). */
const CONTEXT = 160;
/** The most characters between 已 and the term it marks (我司已于3月5日向客户全额赔付: 10). */
const MAX_GAP = 12;

/** What follows the last match of `re` in `text` (`re` global). */
function after(re: RegExp, text: string): string {
  let end = 0;
  for (const m of text.matchAll(re)) end = m.index + m[0].length;
  return text.slice(end);
}

/** A single negation in a gap negates the verb unless a relative clause closes after it: 已确认未向客户道歉 is
 *  negated, 已对未收到快件的客户道歉 and 已就未按时派送一事向客户致歉 are not. */
const OWN_NEGATION = /[未没无不非](?!.*(?:的|一事|之事|问题|情况))/;

/** A stretch between 已 (or a party) and the term that stops it being a statement of what was done. */
function gapBlocked(gap: string): boolean {
  const tail = after(CONJUNCTION, gap);
  return [NEGATION_WORDS, REQUEST, REPORTED, QUESTION, CONDITION, OWN_NEGATION].some((re) => re.test(tail));
}

interface Term {
  readonly group: AdmissionGroup;
  readonly kind: TermKind;
  readonly start: number;
  readonly end: number;
}

/** All terms, earliest first; of two that overlap the earlier (then the longer) is kept. */
function findTerms(s: string): Term[] {
  const all: Term[] = [];
  for (const { group, kind, regex } of TERM_PATTERNS) {
    for (const m of s.matchAll(regex)) all.push({ group, kind, start: m.index, end: m.index + m[0].length });
  }
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const terms: Term[] = [];
  for (const t of all) {
    const last = terms[terms.length - 1];
    if (last === undefined || t.start >= last.end) terms.push(t);
  }
  return terms;
}

/**
 * R-REG-2: finds wording in a regulator reply that admits fault (apologised, compensated, freight or fees refunded,
 * claim paid) when the company is not liable, and offers the recommended closing. When `companyLiable` is true the
 * reply may say so, and the result is always ok. See the module comment for the design.
 */
export function lintRegulatorReply(text: string, companyLiable: boolean): ReplyLintResult {
  if (companyLiable) return { ok: true, findings: [] };
  const s = toSimplified(text);
  const ctx = s.replace(NOT_NEGATION, '··');

  /** The text before `i` that a look-back reads: at most `CONTEXT` characters (a clause is shorter). */
  const upTo = (i: number): string => ctx.slice(Math.max(0, i - CONTEXT), i);
  /** Whether the context before `start` (and after the term) undoes the licence that starts there. */
  const undone = (start: number, termEnd: number, weak: boolean): boolean => {
    const clause = after(CLAUSE_END, upTo(start));
    const sentence = after(SENTENCE_END, upTo(start));
    const near = clause.replace(DATE_CHARS, '').slice(-LOOK_BACK);
    return (
      NEGATION_WORDS.test(near) ||
      REQUEST.test(near) ||
      /[未没]/.test(near) ||
      /[不无非]$/.test(near) ||
      QUESTION.test(clause) ||
      // (with the licence's own first character: 如已赔偿 is a condition)
      CONDITION.test((weak ? sentence : clause) + ctx.charAt(start)) ||
      (weak && POLICY.test(near)) ||
      QUESTION_AFTER.test(ctx.slice(termEnd, termEnd + CONTEXT))
    );
  };

  const findings: ReplyFinding[] = [];
  let lastEnd = 0;
  let prev: { term: Term; negated: boolean } | undefined;
  for (const t of findTerms(s)) {
    const end = t.end + (SUFFIX.exec(s.slice(t.end, t.end + 2))?.[0].length ?? 0);
    const clause = after(CLAUSE_END, upTo(t.start));
    const clauseStart = t.start - clause.length;
    const starts: number[] = [];

    // 1. 已/已经 … term
    const marker = clause.lastIndexOf('已');
    const gap = clause.slice(marker + (clause.charAt(marker + 1) === '经' ? 2 : 1));
    if (marker >= 0 && gap.replace(DATE_CHARS, '').length <= MAX_GAP) {
      const at = clauseStart + marker;
      const moneyOk = t.kind !== 'money' || MONEY_RE.test(after(CONJUNCTION, gap));
      if (moneyOk && !gapBlocked(gap) && !undone(at, t.end, false)) starts.push(at);
    }
    // 4. joined to the term before (已道歉并赔偿): negated with it when it is negated (客户要求道歉并赔偿).
    const joined = prev === undefined ? null : JOIN.exec(s.slice(prev.term.end, t.start));
    const negatedWithPrev = joined !== null && prev?.negated === true;
    if (t.kind !== 'money') {
      // The weaker licences; a negation before the earliest of them negates them all (未通过电话向对方赔礼道歉).
      const weak: number[] = [];
      let blocked = false;
      // 2. term 了/过/完毕
      if (end > t.end) weak.push(t.start);
      // 3. 向/为/给/对 + party … term
      const party = PARTY_BEFORE.exec(clause);
      if (party !== null) {
        weak.push(clauseStart + party.index);
        blocked ||= gapBlocked(clause.slice(party.index + 1));
      }
      // 3b. compensation or refund carried by a light verb (给予客户200元补偿) or with the party after it (赔偿客户)
      if (t.group !== 'apology') {
        const light = LIGHT_BEFORE.exec(clause);
        if (light !== null) {
          weak.push(clauseStart + light.index);
          blocked ||= gapBlocked(clause.slice(light.index + 2));
        }
        if (PARTY_AFTER.test(s.slice(t.end, t.end + 8))) weak.push(t.start);
      }
      // 4. joined to an admission, or to a term that is not negated
      if (joined !== null) weak.push(t.start - (joined[1] as string).length);
      // 5. an admission on its own
      if (t.kind === 'self') weak.push(t.start);
      const at = Math.min(...weak);
      if (weak.length > 0 && !blocked && !undone(at, t.end, true)) starts.push(at);
    }

    const flagged = starts.length > 0 && !negatedWithPrev;
    const negated = negatedWithPrev || (!flagged && undone(t.start, t.end, true));
    prev = { term: t, negated };
    if (!flagged) continue;
    // A finding starts after the one before: at its earliest licence that does, else right after it (and its
    // connector): 已赔偿并道歉 → "已赔偿", "道歉"; 已向客户赔偿快件损失并退还运费 → …, "退还运费".
    const later = starts.filter((at) => at >= lastEnd);
    const start =
      later.length > 0
        ? Math.min(...later)
        : lastEnd + (CONNECTOR.exec(s.slice(lastEnd, lastEnd + 3)) as RegExpExecArray)[0].length;
    findings.push({ phrase: text.slice(start, end), canonical: t.group, index: start, length: end - start });
    lastEnd = end;
  }
  return { ok: findings.length === 0, findings, suggestion: CLOSING_SUGGESTION };
}

/**
 * R-REG-2 as a Decision for the `regulator-reply` action: refused with `RULE.R-REG-2` when the company is not liable
 * and the reply contains admission wording. The reason (Chinese, as user-facing text is) names the phrases and the
 * closing to use; `details` holds one `ReplyRefusalDetail`: the findings with their positions and groups, the
 * suggested closing, and the message in Chinese and English.
 */
export function checkRegulatorReply(text: string, companyLiable: boolean): Decision {
  const { ok, findings } = lintRegulatorReply(text, companyLiable);
  if (ok) return ALLOWED;
  const zhPhrases = findings.map((f) => `“${f.phrase}”`).join('、');
  const enPhrases = findings.map((f) => `"${f.phrase}"`).join(', ');
  const message = {
    zh: `公司无责任,回复监管部门时不得使用承认过错的措辞:${zhPhrases}。建议结束语:${STANDARD_CLOSING}`,
    en: `The company is not at fault: the reply must not contain ${enPhrases}. Suggested closing: ${STANDARD_CLOSING} (${STANDARD_CLOSING_EN})`,
  };
  const detail: ReplyRefusalDetail = { findings, suggestion: CLOSING_SUGGESTION, message };
  return refuse(ruleCode('R-REG-2'), message.zh, [detail]);
}
