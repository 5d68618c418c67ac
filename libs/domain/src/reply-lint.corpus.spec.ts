/**
 * R-REG-2 corpus (issue 10, item 5): phrasings both ways. Every admission must be flagged with the span a writer has
 * to change and its group; every non-admission (negations, requests, questions, conditions and policy, plain facts)
 * must pass. The module lints Chinese replies only (the reply to the regulator is sent in Chinese), so the corpus is
 * Chinese; a few cases use traditional characters.
 */
import { checkRegulatorReply, lintRegulatorReply, STANDARD_CLOSING, STANDARD_CLOSING_EN } from './reply-lint';

type Group = 'apology' | 'compensation' | 'freight_refund';
type Expected = readonly (readonly [phrase: string, group: Group])[];

/** [name, reply, the findings as (phrase, group), in order]. */
const ADMISSIONS: readonly (readonly [string, string, Expected])[] = [
  // issue 10, item 5: the eight phrasings that passed before
  ['freight returned to the customer', '已退还客户运费', [['已退还客户运费', 'freight_refund']]],
  ['compensation given to the customer', '已给予客户补偿', [['已给予客户补偿', 'compensation']]],
  ['claim settled for the customer', '已为客户办理理赔', [['已为客户办理理赔', 'compensation']]],
  ['refund processed', '已做退款处理', [['已做退款', 'freight_refund']]],
  ['apology by phone', '已致电客户致歉', [['已致电客户致歉', 'apology']]],
  ['paid at the insured value', '已按保价金额赔付客户', [['已按保价金额赔付', 'compensation']]],
  ['freight back to the account', '我司已将运费退回客户账户', [['已将运费退回客户账户', 'freight_refund']]],
  ['compensation money paid', '已支付赔偿金', [['已支付赔偿金', 'compensation']]],
  // the seed's own three
  ['seed: apologised', '已道歉', [['已道歉', 'apology']]],
  ['seed: compensated', '已赔款', [['已赔款', 'compensation']]],
  ['seed: freight refunded', '已退运费', [['已退运费', 'freight_refund']]],
  // apology
  ['formal apology to the recipient', '已向收件人赔礼道歉', [['已向收件人赔礼道歉', 'apology']]],
  ['regret expressed after a call', '已经电话联系客户并表示歉意', [['已经电话联系客户并表示歉意', 'apology']]],
  ['courier apologised in person', '快递员已登门致歉', [['已登门致歉', 'apology']]],
  ['sincere regret to the other party', '已向对方表达诚挚的歉意', [['已向对方表达诚挚的歉意', 'apology']]],
  ['apologised, with 了, no 已', '网点向客户道歉了', [['向客户道歉了', 'apology']]],
  ['traditional characters', '已經向客戶致歉', [['已經向客戶致歉', 'apology']]],
  // compensation
  ['transfer by WeChat', '已通过微信向客户转账补偿200元', [['已通过微信向客户转账补偿', 'compensation']]],
  ['compensation money arrived (inverted)', '赔偿金已于昨日到账', [['赔偿金已于昨日到账', 'compensation']]],
  ['compensated the loss', '我司已赔偿客户损失200元', [['已赔偿', 'compensation']]],
  ['paid the goods loss', '已向客户赔付货款损失', [['已向客户赔付', 'compensation']]],
  ['agreed, then paid', '已与客户协商一致并赔偿300元', [['已与客户协商一致并赔偿', 'compensation']]],
  ['advanced the compensation', '已先行垫付赔偿款', [['已先行垫付赔偿款', 'compensation']]],
  ['compensated the loss, with 进行了', '我司已对客户的损失进行了补偿', [['已对客户的损失进行了补偿', 'compensation']]],
  ['paid, with a date and 了, no 已', '我司于3月5日向客户赔付了200元', [['向客户赔付了', 'compensation']]],
  ['paid according to the rules (completed)', '已按规定向客户赔偿', [['已按规定向客户赔偿', 'compensation']]],
  ['compensation into the account', '已将赔款打入客户账户', [['已将赔款', 'compensation']]],
  ['customer received the compensation', '客户已收到赔偿款', [['已收到赔偿款', 'compensation']]],
  // freight and fees
  [
    'all freight returned to the sender',
    '网点已于3月5日将全部运费返还寄件人',
    [['已于3月5日将全部运费返还', 'freight_refund']],
  ],
  ['fee refunded for the sender', '已为寄件人办理退费', [['已为寄件人办理退费', 'freight_refund']]],
  ['freight returned in full (inverted)', '运费已全额退还给客户', [['运费已全额退还', 'freight_refund']]],
  ['freight waived', '已主动为客户减免运费', [['已主动为客户减免运费', 'freight_refund']]],
  ['refund received from us', '对方已收到我司退款', [['已收到我司退款', 'freight_refund']]],
  ['insurance fee returned', '已退还保价费用', [['已退还保价费用', 'freight_refund']]],
  ['freight reduction granted', '已给予寄件人运费减免', [['已给予寄件人运费减免', 'freight_refund']]],
  ['refund procedure carried out', '已为客户办理了退款手续', [['已为客户办理了退款', 'freight_refund']]],
  ['the customer says the refund arrived', '客户称已收到退款', [['已收到退款', 'freight_refund']]],
  ['refunded, plain', '已退款', [['已退款', 'freight_refund']]],
  // several in one reply
  [
    'apology and compensation in one sentence, freight after',
    '经核实,网点已向客户道歉并全额赔付200元,运费已退。',
    [
      ['已向客户道歉', 'apology'],
      ['全额赔付', 'compensation'],
      ['运费已退', 'freight_refund'],
    ],
  ],
  [
    'apology, then freight after a comma',
    '已经道歉,并退还了运费',
    [
      ['已经道歉', 'apology'],
      ['退还了运费', 'freight_refund'],
    ],
  ],
  [
    'the seed three as a list',
    '已道歉、赔款、退运费',
    [
      ['已道歉', 'apology'],
      ['赔款', 'compensation'],
      ['退运费', 'freight_refund'],
    ],
  ],
  [
    'an admission after a truthful sentence',
    '经核实,快件已按时派送。网点已向客户致歉并退还运费。',
    [
      ['已向客户致歉', 'apology'],
      ['退还运费', 'freight_refund'],
    ],
  ],
];

/** [name, reply]: none of these admits anything. */
const NON_ADMISSIONS: readonly (readonly [string, string])[] = [
  // issue 10, item 4: the committed workflow history replays this reply (workflows/histories/regulator-reply.json)
  [
    'the replayed reply of the committed history',
    '经核实,快件已按时派送。经向客户沟通解释,对方表示理解和认可,不再追究有关此票快件的任何责任。',
  ],
  ['delivered on time', '快件已按时派送'],
  ['contacted the customer to explain', '已联系客户说明情况'],
  ['explained to the customer', '已向客户解释'],
  ['the standard closing', STANDARD_CLOSING],
  ['delivered, signed by the recipient', '快件已于3月5日妥投,签收人为收件人本人'],
  ['checked with the customer', '已向客户核实,快件外包装完好'],
  ['parcel returned to the sender (not a refund)', '快件已退回寄件人'],
  ['parcel returned, freight borne by the sender', '已将快件退回寄件人,运费由寄件人承担'],
  // negations
  ['not apologised', '未道歉'],
  ['no compensation', '我司没有赔偿'],
  ['compensation refused', '不予赔偿'],
  ['no need to refund freight', '无需退还运费'],
  ['no refund made', '并未退款'],
  ['no payment exists', '不存在赔付'],
  ['no record of a payment', '经调查不存在已赔付的情况'],
  ['did not apologise to the customer', '我司并未向客户道歉'],
  ['no need to apologise to the customer', '我司无需向客户道歉'],
  ['did not refund freight to the customer', '网点并未向客户退还运费'],
  ['not at fault, no freight refund', '经核实我司无责,不予退还运费'],
  ['never promised compensation', '我司从未承诺赔偿'],
  ['refused the refund request', '已拒绝客户的退款要求'],
  ['checked: no compensation due', '已核实无需赔偿'],
  // requests by the customer
  ['customer asks for compensation', '客户要求赔偿'],
  ['customer asks for the freight back', '客户要求退还运费'],
  ['customer asks for an apology and compensation', '客户要求我司赔礼道歉并赔偿全部损失'],
  ['customer raises refund and compensation', '客户提出退款并赔偿'],
  ['request within a longer reply', '快件已按时派送,客户要求退运费,经解释后客户表示认可'],
  ['no claim raised', '客户已签收,未提出赔偿要求'],
  ['no longer asks for compensation', '对方表示理解,不再要求赔偿了'],
  // questions
  ['was the freight refunded?', '是否已退还运费?'],
  ['customer asks whether a refund is possible', '客户询问能否退款'],
  ['compensated already? (吗)', '已经赔偿了吗'],
  // conditions and policy
  ['if at fault, compensation by the rules', '如属我司责任将依规赔偿'],
  ['if confirmed, compensation by the rules', '如经核实属我司责任,我司将按规定赔偿'],
  ['if our fault, freight back to the customer', '若确属我司原因,将为客户退还运费'],
  ['policy: insured parcels are paid at the insured value', '按照规定,保价快件损坏可按保价金额赔偿'],
  ['policy: compensation to the customer by the rules', '网点将依规向客户道歉并赔偿'],
  // procedures and reported speech
  ['told the customer the compensation standard', '已告知客户赔偿标准'],
  ['passed to the claims department', '已转交理赔部门处理'],
  ['received the claim application', '已收到客户的赔偿申请'],
  ['explained the claim procedure', '网点已向客户说明理赔流程'],
  ['told the customer how to apply', '已告知客户可按规定申请理赔'],
  ['the customer says nothing was received', '客户称未收到赔偿'],
];

describe('R-REG-2 corpus: admissions are flagged, however phrased', () => {
  it('R-REG-2: the corpus is large enough both ways', () => {
    expect(ADMISSIONS.length).toBeGreaterThanOrEqual(30);
    expect(NON_ADMISSIONS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(ADMISSIONS)('R-REG-2: flags %s: %s', (_name, reply, expected) => {
    const result = lintRegulatorReply(reply, false);
    expect(result.ok).toBe(false);
    expect(result.findings.map((f) => [f.phrase, f.canonical])).toEqual(expected);
    for (const f of result.findings) expect(reply.slice(f.index, f.index + f.length)).toBe(f.phrase);
    expect(result.suggestion).toEqual({ zh: STANDARD_CLOSING, en: STANDARD_CLOSING_EN });
    // The regulator-reply action refuses it, naming each phrase.
    const decision = checkRegulatorReply(reply, false);
    expect(decision.ok).toBe(false);
    for (const [phrase] of expected) expect(JSON.stringify(decision)).toContain(phrase);
    // When the company is liable, the same words may be said.
    expect(lintRegulatorReply(reply, true)).toEqual({ ok: true, findings: [] });
  });
});

describe('R-REG-2 corpus: non-admissions pass', () => {
  it.each(NON_ADMISSIONS)('R-REG-2: passes %s: %s', (_name, reply) => {
    expect(lintRegulatorReply(reply, false).findings).toEqual([]);
    expect(checkRegulatorReply(reply, false)).toEqual({ ok: true });
  });
});
