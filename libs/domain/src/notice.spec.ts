import {
  checkResultNotice,
  composeAcknowledgement,
  composeProgressNotice,
  composeResultNotice,
  composeUnreachableSms,
  formatInstant,
  type ResultNoticeInput,
} from './notice';

const at = (iso: string): number => Date.parse(iso);

const notice: ResultNoticeInput = {
  caseRef: 'CF-2024-000123',
  complaint: '快件延误三天未派送',
  steps: [
    { action: '查询运单轨迹', reason: '核实快件所在位置' },
    { action: '联系派件网点优先派送。', reason: '客户急需该快件' },
  ],
  result: '快件已于5月3日送达,并退还运费',
  basis: ['《快递服务》国家标准', '公司赔偿规定'],
  furtherHelp: { hotline: '95311', url: 'https://example.com/help' },
};

const enNotice: ResultNoticeInput = {
  ...notice,
  complaint: 'The parcel was three days late',
  steps: [{ action: 'Traced the waybill', reason: 'to find where the parcel was.' }],
  result: 'The parcel was delivered on 3 May and the freight refunded',
  basis: ['Express Service national standard'],
};

function textOf(result: ReturnType<typeof composeResultNotice>): string {
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result.text;
}

describe('result notice', () => {
  it('R-RES-1: the Chinese notice states the complaint, the steps and reasons, the result, the basis and further help', () => {
    const result = composeResultNotice(notice);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.subject).toBe('投诉处理结果通知(编号:CF-2024-000123)');
    const text = result.text;
    expect(text).toContain('尊敬的客户:');
    expect(text).toContain('一、投诉事项:快件延误三天未派送。');
    expect(text).toContain('1. 查询运单轨迹。原因:核实快件所在位置。');
    // Caller text that already ends in a full stop gets exactly one.
    expect(text).toContain('2. 联系派件网点优先派送。原因:客户急需该快件。');
    expect(text).toContain('三、处理结果:快件已于5月3日送达,并退还运费。');
    expect(text).toContain('四、处理依据:《快递服务》国家标准;公司赔偿规定。');
    expect(text).toContain(
      '五、后续帮助:如您对处理结果有疑问或需要进一步协助,可随时拨打客服热线95311或访问https://example.com/help联系我们。',
    );
    expect(text).toContain('投诉编号:CF-2024-000123');
    expect(text.endsWith('客户投诉部')).toBe(true);
    expect(text).not.toContain('。。');
  });

  it('R-RES-1: the English notice states the same five parts', () => {
    const text = textOf(composeResultNotice(enNotice, 'en'));
    expect(text).toContain('Dear customer,');
    expect(text).toContain('(ref. CF-2024-000123)');
    expect(text).toContain('1. Your complaint: The parcel was three days late.');
    expect(text).toContain('   - Traced the waybill. Reason: to find where the parcel was.');
    expect(text).toContain('3. Result: The parcel was delivered on 3 May and the freight refunded.');
    expect(text).toContain('4. Basis: Express Service national standard.');
    expect(text).toContain('please call 95311 or visit https://example.com/help.');
    expect(text.endsWith('Customer Complaints Department')).toBe(true);
    expect(text).not.toContain('..');
  });

  it('R-RES-1: a confirmation link and a sender are included when given; no case number, no reference', () => {
    const zh = composeResultNotice({
      ...notice,
      caseRef: undefined,
      furtherHelp: { hotline: '95311' },
      responseUrl: 'https://example.com/p/tok',
      sender: '某某快递客户投诉部',
    });
    expect(zh.ok && zh.subject).toBe('投诉处理结果通知');
    const zhText = textOf(zh);
    expect(zhText).toContain('请通过以下链接确认并参与满意度评价:https://example.com/p/tok');
    expect(zhText).toContain('可随时拨打客服热线95311联系我们');
    expect(zhText).not.toContain('编号');
    expect(zhText.endsWith('某某快递客户投诉部')).toBe(true);
    const en = composeResultNotice(
      { ...enNotice, caseRef: '', furtherHelp: { url: 'https://example.com/help' }, responseUrl: 'https://x.test/t' },
      'en',
    );
    expect(en.ok && en.subject).toBe('Result of your complaint');
    const enText = textOf(en);
    expect(enText).toContain('please visit https://example.com/help.');
    expect(enText).toContain('confirm it and tell us how we did: https://x.test/t');
    expect(enText).not.toContain('ref.');
  });

  it('R-RES-1: a notice missing parts is refused, naming each missing part', () => {
    const decision = checkResultNotice({
      complaint: '  ',
      steps: [{ action: '查询', reason: '' }],
      result: '已送达',
      basis: [' '],
      furtherHelp: { hotline: ' ', url: '' },
    });
    expect(decision).toEqual({
      ok: false,
      code: 'RULE.R-RES-1',
      reason:
        'The result notice lacks the complaint, the handling steps and their reasons, the rule or law it rests on, how to get further help.',
      details: ['complaint', 'steps', 'basis', 'furtherHelp'],
    });
  });

  it('R-RES-1: an empty draft lacks all five parts', () => {
    const decision = checkResultNotice({});
    expect(decision.ok === false && decision.details).toEqual(['complaint', 'steps', 'result', 'basis', 'furtherHelp']);
    expect(checkResultNotice({ ...notice, steps: [] })).toEqual(
      expect.objectContaining({ ok: false, details: ['steps'] }),
    );
  });

  it('R-RES-1: a complete notice passes the check, and composing an incomplete one is refused', () => {
    expect(checkResultNotice(notice)).toEqual({ ok: true });
    expect(composeResultNotice({ ...notice, result: '' })).toEqual(
      expect.objectContaining({ ok: false, code: 'RULE.R-RES-1', details: ['result'] }),
    );
  });
});

describe('progress notice', () => {
  it('R-SLA-6: without a solution yet, the customer is told how far the case has come and when to expect news', () => {
    const result = composeProgressNotice({
      caseRef: 'CF-1',
      stage: 'investigation',
      progress: '已联系派件网点核实快件位置',
      nextUpdateBy: at('2024-05-03T06:05:00Z'),
      contact: { hotline: '95311' },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.subject).toBe('投诉处理进度通知(编号:CF-1)');
    expect(result.text).toContain('目前处于“调查”阶段');
    expect(result.text).toContain('目前进展:已联系派件网点核实快件位置。');
    expect(result.text).toContain('我们将于2024年5月3日 14:05(北京时间)前再次向您通报处理进展');
    expect(result.text).toContain('请拨打客服热线95311联系我们');
  });

  it('R-SLA-6: without a next-update time the notice promises news as soon as there is a result (zh and en)', () => {
    const zh = composeProgressNotice({ stage: 'handling', progress: '方案协商中', contact: { url: 'https://x.test' } });
    expect(zh.ok && zh.text).toContain('一有结果我们将第一时间告知您');
    expect(zh.ok && zh.subject).toBe('投诉处理进度通知');
    const en = composeProgressNotice(
      { stage: 'handling', progress: 'We are agreeing a plan', contact: { url: 'https://x.test' }, sender: 'Acme' },
      'en',
    );
    expect(en.ok && en.subject).toBe('Progress of your complaint');
    expect(en.ok && en.text).toContain('it is now at the handling stage.');
    expect(en.ok && en.text).toContain('we will tell you as soon as we do');
    expect(en.ok && en.text).toContain('please visit https://x.test.');
    expect(en.ok && en.text.endsWith('Acme')).toBe(true);
  });

  it('R-SLA-6: the English notice gives the next-update time and the reference', () => {
    const en = composeProgressNotice(
      {
        caseRef: 'CF-2',
        stage: 'investigation',
        progress: 'Checked the tracking scans.',
        nextUpdateBy: at('2024-05-03T06:05:00Z'),
        offsetMinutes: 0,
        contact: { hotline: '95311' },
      },
      'en',
    );
    expect(en.ok && en.subject).toBe('Progress of your complaint CF-2');
    expect(en.ok && en.text).toContain('(ref. CF-2)');
    expect(en.ok && en.text).toContain('Progress so far: Checked the tracking scans.');
    expect(en.ok && en.text).toContain('update you again by 3 May 2024, 06:05 (UTC+00:00)');
  });

  it('R-SLA-6: a progress notice without progress or contact is refused', () => {
    expect(composeProgressNotice({ stage: 'investigation', progress: ' ', contact: {} })).toEqual(
      expect.objectContaining({ ok: false, code: 'RULE.R-SLA-6', details: ['progress', 'contact'] }),
    );
  });
});

describe('SMS to an unreachable customer', () => {
  it('R-CON-1: the SMS says we could not reach the customer, that we will try again, and how to reach us', () => {
    const sms = composeUnreachableSms({ caseRef: 'CF-9', contact: { hotline: '95311' }, signature: '某某快递' });
    expect(sms).toEqual({
      ok: true,
      text: '【某某快递】尊敬的客户,您好!我们就您反映的问题(编号CF-9)致电您未能接通,稍后将再次与您联系。您也可拨打客服热线95311联系我们。',
    });
  });

  it('R-CON-1: the English SMS, with the default signature and no reference', () => {
    const sms = composeUnreachableSms({ contact: { hotline: '95311', url: 'https://x.test' } }, 'en');
    expect(sms).toEqual({
      ok: true,
      text: '[Customer Service] Dear customer, we called you about your complaint but could not reach you. We will try again later. You can also call 95311 or visit https://x.test.',
    });
    const zh = composeUnreachableSms({ contact: { hotline: '95311' } });
    expect(zh.ok && zh.text.startsWith('【客户服务】')).toBe(true);
    expect(zh.ok && zh.text).toContain('我们就您反映的问题致电您未能接通');
    const enRef = composeUnreachableSms({ caseRef: 'CF-9', contact: { hotline: '95311' } }, 'en');
    expect(enRef.ok && enRef.text).toContain('your complaint (ref. CF-9) but');
  });

  it('R-CON-1: an SMS without a way to reach us is refused', () => {
    expect(composeUnreachableSms({ contact: {} })).toEqual(
      expect.objectContaining({ ok: false, code: 'RULE.R-CON-1' }),
    );
  });

  it('R-SEC-1: the texts never carry the complainant name or phone; they address "dear customer"', () => {
    const sms = composeUnreachableSms({ contact: { hotline: '95311' } });
    expect(sms.ok && sms.text).not.toMatch(/1\d{10}/);
    expect(textOf(composeResultNotice(notice))).toMatch(/^尊敬的客户:/);
  });
});

describe('acceptance acknowledgement', () => {
  const input = {
    caseRef: 'CF-7',
    receivedAt: at('2024-05-01T01:00:00Z'),
    expectedReplyBy: at('2024-05-03T01:00:00Z'),
    contact: { hotline: '95311', url: 'https://x.test' },
  };

  it('R-ACC-3: the acknowledgement tells the customer the process, the expected time and how to reach us', () => {
    const ack = composeAcknowledgement(input);
    expect(ack.ok).toBe(true);
    if (!ack.ok) return;
    expect(ack.subject).toBe('投诉受理通知(编号:CF-7)');
    expect(ack.text).toContain('您的投诉已于2024年5月1日 09:00(北京时间)受理,投诉编号为CF-7');
    expect(ack.text).toContain('处理流程:受理登记 → 调查核实 → 制定并协商处理方案 → 告知处理结果 → 满意度回访。');
    expect(ack.text).toContain('我们将于2024年5月3日 09:00(北京时间)前答复您');
    expect(ack.text).toContain('请拨打客服热线95311或访问https://x.test联系我们');
  });

  it('R-ACC-3: the English acknowledgement carries the same three parts', () => {
    const ack = composeAcknowledgement(input, 'en');
    expect(ack.ok && ack.subject).toBe('Your complaint CF-7 has been registered');
    expect(ack.ok && ack.text).toContain(
      'registered your complaint on 1 May 2024, 09:00 (Beijing time) under reference CF-7',
    );
    expect(ack.ok && ack.text).toContain('How we handle it: registration → investigation →');
    expect(ack.ok && ack.text).toContain('You will hear from us by 3 May 2024, 09:00 (Beijing time)');
    expect(ack.ok && ack.text).toContain('please call 95311 or visit https://x.test.');
  });

  it('R-ACC-3: the receipt time is optional', () => {
    const { receivedAt: _omit, ...rest } = input;
    const zh = composeAcknowledgement(rest);
    expect(zh.ok && zh.text).toContain('您的投诉已受理');
    const en = composeAcknowledgement(rest, 'en');
    expect(en.ok && en.text).toContain('We have registered your complaint under reference CF-7');
  });

  it('R-ACC-3: an acknowledgement without a case number or a way to reach us is refused', () => {
    expect(composeAcknowledgement({ ...input, caseRef: '', contact: {} })).toEqual(
      expect.objectContaining({ ok: false, code: 'RULE.R-ACC-3', details: ['caseRef', 'contact'] }),
    );
  });
});

describe('formatInstant', () => {
  it('R-ACC-3: times are shown in Beijing time by default and with a UTC offset otherwise', () => {
    const instant = at('2024-12-31T16:30:00Z');
    expect(formatInstant(instant, 480, 'zh')).toBe('2025年1月1日 00:30(北京时间)');
    expect(formatInstant(instant, 480, 'en')).toBe('1 Jan 2025, 00:30 (Beijing time)');
    expect(formatInstant(instant, -330, 'en')).toBe('31 Dec 2024, 11:00 (UTC-05:30)');
  });
});
