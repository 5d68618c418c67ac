import fc from 'fast-check';
import {
  ADMISSION_GROUPS,
  checkRegulatorReply,
  CLOSING_SUGGESTION,
  lintRegulatorReply,
  STANDARD_CLOSING,
  STANDARD_CLOSING_EN,
} from './reply-lint';

type Found = [phrase: string, canonical: string, index: number];
const found = (text: string): Found[] =>
  lintRegulatorReply(text, false).findings.map((f) => {
    // index/length always describe the phrase in the original text.
    expect(text.slice(f.index, f.index + f.length)).toBe(f.phrase);
    return [f.phrase, f.canonical, f.index];
  });

describe('R-REG-2: the standard closing (seed 000)', () => {
  it('R-REG-2: is the seed sentence, with its ASCII commas and full stop', () => {
    expect(STANDARD_CLOSING).toBe('经向客户沟通解释,对方表示理解和认可,不再追究有关此票快件的任何责任。');
    expect(STANDARD_CLOSING_EN).toMatch(/understanding and acceptance/);
  });

  it('R-REG-2: passes the lint itself', () => {
    expect(lintRegulatorReply(STANDARD_CLOSING, false)).toEqual({
      ok: true,
      findings: [],
      suggestion: CLOSING_SUGGESTION,
    });
  });

  it('labels the three admissions of the seed', () => {
    expect(Object.values(ADMISSION_GROUPS).map((g) => g.zh)).toEqual(['已道歉', '已赔款', '已退运费']);
  });
});

describe('R-REG-2: admission wording is found when the company is not liable', () => {
  it.each([
    // the seed's three phrases
    ['已道歉', [['已道歉', 'apology', 0]]],
    ['已赔款', [['已赔款', 'compensation', 0]]],
    ['已退运费', [['已退运费', 'freight_refund', 0]]],
    // apology variants
    ['我司道歉了', [['道歉了', 'apology', 2]]],
    ['网点已经道歉', [['已经道歉', 'apology', 2]]],
    ['在此向您道歉', [['向您道歉', 'apology', 2]]],
    ['网点已向客户道歉', [['已向客户道歉', 'apology', 2]]],
    ['网点已经向客户道歉了', [['已经向客户道歉了', 'apology', 2]]],
    ['已当面向该客户郑重道歉', [['已当面向该客户郑重道歉', 'apology', 0]]],
    ['已向对方致歉', [['已向对方致歉', 'apology', 0]]],
    ['网点对此深表歉意', [['深表歉意', 'apology', 4]]],
    ['已解释清楚并道歉', [['已解释清楚并道歉', 'apology', 0]]],
    // compensation variants
    ['已经赔偿', [['已经赔偿', 'compensation', 0]]],
    ['网点已赔偿', [['已赔偿', 'compensation', 2]]],
    ['已赔付', [['已赔付', 'compensation', 0]]],
    ['网点赔付了', [['赔付了', 'compensation', 2]]],
    ['赔款了', [['赔款了', 'compensation', 0]]],
    ['网点已经向客户赔偿了200元', [['已经向客户赔偿了', 'compensation', 2]]],
    ['我司已于3月5日向客户全额赔付200元', [['已于3月5日向客户全额赔付', 'compensation', 2]]],
    ['赔偿款已支付', [['赔偿款已支付', 'compensation', 0]]],
    ['客户已收到赔偿款', [['已收到赔偿款', 'compensation', 2]]],
    ['我司已理赔', [['已理赔', 'compensation', 2]]],
    ['网点将向客户补偿', [['向客户补偿', 'compensation', 3]]],
    // freight refund variants
    ['退还运费', [['退还运费', 'freight_refund', 0]]],
    ['网点已退还运费', [['已退还运费', 'freight_refund', 2]]],
    ['运费已退', [['运费已退', 'freight_refund', 0]]],
    ['运费已经全额退还', [['运费已经全额退还', 'freight_refund', 0]]],
    ['网点退了运费', [['退了运费', 'freight_refund', 2]]],
    ['已为客户退还运费', [['已为客户退还运费', 'freight_refund', 0]]],
    ['已减免运费', [['已减免运费', 'freight_refund', 0]]],
    ['客户已收到退款', [['已收到退款', 'freight_refund', 2]]],
    // traditional characters, positions unchanged
    ['我司已賠款', [['已賠款', 'compensation', 2]]],
    ['運費已退', [['運費已退', 'freight_refund', 0]]],
  ] as [string, Found[]][])('R-REG-2: %s', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it('R-REG-2: several admissions in one reply, each with its position', () => {
    const text = '经核实,网点已向客户道歉并全额赔付200元,运费已退。';
    expect(found(text)).toEqual([
      ['已向客户道歉', 'apology', 6],
      ['全额赔付', 'compensation', 13],
      ['运费已退', 'freight_refund', 22],
    ]);
  });

  it('R-REG-2: joined admissions are separate findings', () => {
    expect(found('我们已经道歉并赔偿了')).toEqual([
      ['已经道歉', 'apology', 2],
      ['赔偿了', 'compensation', 7],
    ]);
    expect(found('已赔偿并道歉')).toEqual([
      ['已赔偿', 'compensation', 0],
      ['道歉', 'apology', 4],
    ]);
  });

  it('R-REG-2: a term licensed several ways is reported once, as the widest span', () => {
    // 已经 … (marker), 向客户 … (party) and … 了 (completion) all license the one 赔偿.
    const { findings } = lintRegulatorReply('已经向客户赔偿了', false);
    expect(findings).toEqual([{ phrase: '已经向客户赔偿了', canonical: 'compensation', index: 0, length: 8 }]);
  });

  it('R-REG-2: positions are JavaScript string indices, also after characters outside the BMP', () => {
    const text = '😀客户满意,已道歉';
    expect(lintRegulatorReply(text, false).findings).toEqual([
      { phrase: '已道歉', canonical: 'apology', index: 7, length: 3 },
    ]);
  });

  it('R-REG-2: a negation earlier in another clause does not hide an admission', () => {
    expect(found('虽未查明原因,但已向客户道歉')).toEqual([['已向客户道歉', 'apology', 8]]);
    expect(found('虽未查明原因但已向客户道歉')).toEqual([['已向客户道歉', 'apology', 7]]);
    expect(found('快件不慎丢失后已赔偿')).toEqual([['已赔偿', 'compensation', 7]]);
    expect(found('我司不仅已向客户道歉,还已退还运费')).toEqual([
      ['已向客户道歉', 'apology', 4],
      ['已退还运费', 'freight_refund', 12],
    ]);
  });
});

describe('R-REG-2: the structure of an admission (marker, gap, party, term), not a list of phrases', () => {
  it.each([
    // 已 … term: dates and times do not count towards the gap, and a colon between digits is no clause boundary
    ['我司已于2026年3月5日14:30致电客户道歉', [['已于2026年3月5日14:30致电客户道歉', 'apology', 2]]],
    // a bare refund verb is a refund when the money is named after 已 …
    ['已将运费退回', [['已将运费退回', 'freight_refund', 0]]],
    ['已将运费及快件一并退回', [['已将运费及快件一并退回', 'freight_refund', 0]]],
    // … or right after it, with the party and what was overcharged
    ['已向客户退回多收的运费', [['已向客户退回多收的运费', 'freight_refund', 0]]],
    ['运费已于昨日退还', [['运费已于昨日退还', 'freight_refund', 0]]],
    // a light verb carries the noun; the party after the verb licenses it
    ['网点给予客户200元补偿', [['给予客户200元补偿', 'compensation', 2]]],
    ['网点为寄件人办理退款', [['为寄件人办理退款', 'freight_refund', 2]]],
    ['网点主动赔偿客户200元', [['赔偿', 'compensation', 4]]],
    // the second of two joined terms is an admission even when the first stands bare (as before)
    ['网点道歉并赔偿', [['赔偿', 'compensation', 5]]],
    // two terms under one 已 with nothing between them: two findings, the second after the first
    [
      '已道歉赔偿',
      [
        ['已道歉', 'apology', 0],
        ['赔偿', 'compensation', 3],
      ],
    ],
    // … and when there is something between them, the second starts at its own licence
    [
      '网点已向客户赔偿快件损失200元并退还运费12元',
      [
        ['已向客户赔偿', 'compensation', 2],
        ['退还运费', 'freight_refund', 17],
      ],
    ],
    // a single negation in the gap negates the verb, unless a relative clause closes after it
    ['已就未按时派送一事向客户致歉', [['已就未按时派送一事向客户致歉', 'apology', 0]]],
    ['为表歉意,网点已赠送客户小礼品', [['为表歉意', 'apology', 0]]],
    // 不便, 不周 … are no negations
    ['已为给客户带来的不便致歉', [['已为给客户带来的不便致歉', 'apology', 0]]],
    ['服务不周,已道歉', [['已道歉', 'apology', 5]]],
    // a colon that is not between digits ends the clause: 已 does not reach past it
    ['已核实:道歉了', [['道歉了', 'apology', 4]]],
    // a negation far back is not the verb's (对未收到快件的客户)
    ['已对未收到快件的客户道歉', [['已对未收到快件的客户道歉', 'apology', 0]]],
  ] as [string, Found[]][])('R-REG-2: %s', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it.each([
    ['the parcel (not money) returned', '已将快件退回'],
    ['the money named before a conjunction belongs to the other verb', '已收取运费并退回快件'],
    ['a refund verb without money', '运费已确认不退'],
    ['a marker too far away licenses nothing', '快件已妥投签收人本人当面确认无误网点道歉'],
    ['a policy on a light verb', '可以给予客户补偿'],
    ['a condition on a light verb', '如属实将给予补偿'],
    ['a bare 不 before the party-after verb', '网点不赔偿客户'],
    ['a term joined to a negated one is negated with it', '我司未向客户道歉并赔偿了'],
    ['a condition on 已', '如已赔偿请告知'],
    ['a question with 吗', '已道歉了吗'],
    ['a question word', '客户问是否已道歉'],
    ['reported speech after 已', '已告知客户我司将赔偿'],
    ['the customer gave it up', '客户已放弃赔偿'],
    ['a claim dismissed', '已驳回赔偿'],
    ['a single negation in the gap, no relative clause', '已确认未向客户道歉'],
    ['a negation before the party negates the self-standing term too', '我司未通过电话向对方赔礼道歉'],
    ['a refusal a few characters back', '我司拒绝按保价金额返还运费'],
    ['a request with a date between', '客户要求于3月5日退还运费'],
  ])('R-REG-2: passes: %s (%s)', (_name, text) => {
    expect(found(text)).toEqual([]);
  });

  const GAPS = ['', '向客户', '为寄件人', '于3月5日', '第一时间', '通过电话向对方', '按保价金额'];
  const TERMS: [string, string][] = [
    ['道歉', 'apology'],
    ['致歉', 'apology'],
    ['赔礼道歉', 'apology'],
    ['表示歉意', 'apology'],
    ['赔偿', 'compensation'],
    ['赔付', 'compensation'],
    ['补偿', 'compensation'],
    ['理赔', 'compensation'],
    ['赔偿金', 'compensation'],
    ['退款', 'freight_refund'],
    ['退费', 'freight_refund'],
    ['退还运费', 'freight_refund'],
    ['返还运费', 'freight_refund'],
  ];

  it("R-REG-2: 已/已经 + any gap + any term is one admission, the whole of it, in the term's group", () => {
    fc.assert(
      fc.property(
        fc.constantFrom('已', '已经'),
        fc.constantFrom(...GAPS),
        fc.constantFrom(...TERMS),
        (m, gap, [t, g]) => {
          const text = `网点${m}${gap}${t}。`;
          expect(found(text)).toEqual([[`${m}${gap}${t}`, g, 2]]);
        },
      ),
    );
  });

  it('R-REG-2: a negation, a request or a condition before any gap + term makes it no admission', () => {
    const BEFORE = [
      '未',
      '没有',
      '无需',
      '不予',
      '并未',
      '尚未',
      '不会',
      '拒绝',
      '客户要求',
      '客户希望',
      '客户提出',
      '如属我司责任,将',
      '若经核实属实,',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...BEFORE), fc.constantFrom(...GAPS), fc.constantFrom(...TERMS), (b, gap, [t]) => {
        expect(found(`${b}${gap}${t}`)).toEqual([]);
      }),
    );
  });
});

describe('R-REG-2: wording that must NOT be flagged', () => {
  it.each([
    '我司未赔款',
    '网点尚未赔偿',
    '网点未向客户道歉',
    '经核实我司无责,无需道歉',
    '我司没有向客户赔偿',
    '我司并非已赔偿',
    '我司不向客户道歉',
    '客户要求道歉',
    '客户要求退还运费',
    '客户要求道歉并赔偿',
    '客户提出退款并赔偿',
    '运费不予退还,不予退还运费',
    '对方表示理解,不再要求赔偿了',
    '已告知客户赔偿标准',
    '已转交理赔部门处理',
    '已进行理赔调查',
    '已收到客户的赔偿申请',
    '已核实无需赔偿',
    '客户称未收到赔偿',
    '快件已于3月5日妥投,签收人为收件人本人',
    STANDARD_CLOSING,
    '',
  ])('R-REG-2: "%s" passes', (text) => {
    expect(lintRegulatorReply(text, false)).toEqual({ ok: true, findings: [], suggestion: CLOSING_SUGGESTION });
  });
});

describe('R-REG-2: when the company is liable', () => {
  it('R-REG-2: the reply may say it apologised and paid: always ok', () => {
    expect(lintRegulatorReply('已道歉,已赔款,已退运费', true)).toEqual({ ok: true, findings: [] });
    expect(checkRegulatorReply('已道歉', true)).toEqual({ ok: true });
  });
});

describe('checkRegulatorReply (the regulator-reply action)', () => {
  it('R-REG-2: refuses with the offending phrases, their positions and the suggested closing in details', () => {
    expect(checkRegulatorReply('网点已道歉,运费已退', false)).toEqual({
      ok: false,
      code: 'RULE.R-REG-2',
      reason: `公司无责任,回复监管部门时不得使用承认过错的措辞:“已道歉”、“运费已退”。建议结束语:${STANDARD_CLOSING}`,
      details: [
        {
          findings: [
            { phrase: '已道歉', canonical: 'apology', index: 2, length: 3 },
            { phrase: '运费已退', canonical: 'freight_refund', index: 6, length: 4 },
          ],
          suggestion: { zh: STANDARD_CLOSING, en: STANDARD_CLOSING_EN },
          message: {
            zh: `公司无责任,回复监管部门时不得使用承认过错的措辞:“已道歉”、“运费已退”。建议结束语:${STANDARD_CLOSING}`,
            en: `The company is not at fault: the reply must not contain "已道歉", "运费已退". Suggested closing: ${STANDARD_CLOSING} (${STANDARD_CLOSING_EN})`,
          },
        },
      ],
    });
  });

  it('R-REG-2: accepts a truthful reply', () => {
    expect(checkRegulatorReply(`快件已于3月5日妥投。${STANDARD_CLOSING}`, false)).toEqual({ ok: true });
  });
});

describe('R-REG-2 (properties)', () => {
  it('R-REG-2: findings are sorted, disjoint and slices of the original text, for any text', () => {
    const alphabet = fc.constantFrom(...'已经向客户您道歉赔偿付款退还运费了并未不要求,。3月日全额賠運費😀a '.split(''));
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 40 }).map((cs) => cs.join('')),
        (text) => {
          const { ok, findings } = lintRegulatorReply(text, false);
          expect(ok).toBe(findings.length === 0);
          let end = 0;
          for (const f of findings) {
            expect(f.index).toBeGreaterThanOrEqual(end);
            expect(f.length).toBeGreaterThan(0);
            expect(text.slice(f.index, f.index + f.length)).toBe(f.phrase);
            end = f.index + f.length;
          }
        },
      ),
    );
  });

  it('R-REG-2: an admission is found wherever it sits between neutral sentences', () => {
    fc.assert(
      fc.property(fc.constantFrom('已道歉', '已赔款', '已退运费'), fc.nat(3), fc.nat(3), (phrase, before, after) => {
        const neutral = '快件已妥投。';
        const text = `${neutral.repeat(before)}${phrase}。${neutral.repeat(after)}`;
        expect(found(text)).toEqual([[phrase, expect.any(String), before * neutral.length]]);
      }),
    );
  });
});
