import { CHANNEL_NAMES, type ChannelName, type MessageLanguage } from './channel';
import {
  CUSTOMER_KINDS,
  MESSAGE_KINDS,
  type MessageContext,
  type MessageKind,
  renderMessage,
  type RenderedMessage,
  SMS_SINGLE_SEGMENT,
} from './templates';

const AT = Date.UTC(2025, 4, 3, 6, 5); // 3 May 2025 14:05 Beijing time
const CASE_NUMBER = 'CF-2025-000123';
const CASE_ID = '3f2a1c9e-8b7d-4e6f-a5b4-c3d2e1f0a9b8';
const LINK = 'https://kf.example.com/p/eyJhbGciOiJIUzI1NiJ9.c2lnbmVk';
const LANGUAGES: MessageLanguage[] = ['zh-CN', 'en'];

/** Personal data the customer typed into free text (the complaint, the progress): written notices may need it. */
const WORDS = { name: '李四海', phone: '13912345678', email: 'sihai.li@example.org' };
/** Personal data a caller might leave on the context (for the transport): no template may ever show it. */
const EXTRA = { name: '张三丰', phone: '13800138000', email: 'zhang.sanfeng@example.com' };

function context(kind: MessageKind, channel: ChannelName, language: MessageLanguage): MessageContext {
  const free = `${WORDS.name}的快件延误三天,电话${WORDS.phone},邮箱${WORDS.email}`;
  const all = {
    kind,
    channel,
    language,
    caseNumber: CASE_NUMBER,
    caseId: CASE_ID,
    contact: { hotline: '95311' },
    expectedReplyBy: AT,
    receivedAt: AT,
    stage: 'investigation',
    progress: `已联系派件网点。${free}`,
    nextUpdateBy: AT,
    notice: {
      complaint: free,
      steps: [{ action: '联系派件网点', reason: '核实延误原因' }],
      result: '已优先派送并减免运费',
      basis: ['《快递服务》国家标准'],
    },
    responseUrl: LINK,
    surveyUrl: LINK,
    attempts: 3,
    nextAttemptAt: AT,
    deadline: 'first_reply',
    dueAt: AT,
    tier: 'supervisor',
    reason: 'deadline_breached',
    approver: 'supervisor',
    amountFen: 80_000,
    // what a careless caller might pass along: never shown
    customerName: EXTRA.name,
    recipientPhone: EXTRA.phone,
    recipientEmail: EXTRA.email,
    to: EXTRA.phone,
  };
  return all as unknown as MessageContext;
}

function render(c: MessageContext): RenderedMessage {
  const r = renderMessage(c);
  if (!r.ok) throw new Error(`refused: ${r.code} ${r.reason}`);
  return r;
}

const MATRIX = MESSAGE_KINDS.flatMap((kind) =>
  CHANNEL_NAMES.flatMap((channel) => LANGUAGES.map((language) => [kind, channel, language] as const)),
);

describe('renderMessage: every kind × language × channel', () => {
  it.each(MATRIX)('%s over %s in %s renders with the case number', (kind, channel, language) => {
    const r = render(context(kind, channel, language));
    expect(r.subject.trim()).not.toBe('');
    expect(r.text.trim()).not.toBe('');
    expect(r.text).toContain(CASE_NUMBER);
    expect(r.subject).toContain(CASE_NUMBER);
    // Chinese texts are Chinese, English ones carry no Chinese of their own (only what the caller wrote).
    const own = r.text
      .split(WORDS.name)[0]!
      .replace(/《快递服务》国家标准|已优先派送并减免运费|联系派件网点|核实延误原因|已联系派件网点。/g, '');
    if (language === 'zh-CN') expect(own).toMatch(/[\u4e00-\u9fff]/);
    else expect(own).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('covers all ten kinds, including the survey invitation', () => {
    expect(new Set(MESSAGE_KINDS).size).toBe(10);
    expect(MESSAGE_KINDS).toContain('survey_invitation');
  });
});

describe('personal data (R-SEC-1): no template shows what its channel does not need', () => {
  it.each(MATRIX)('%s over %s in %s never shows personal data left on the context', (kind, channel, language) => {
    const r = render(context(kind, channel, language));
    for (const value of Object.values(EXTRA)) {
      expect(r.text).not.toContain(value);
      expect(r.subject).not.toContain(value);
    }
  });

  const smsOrStaff = MATRIX.filter(([kind, channel]) => channel === 'sms' || !CUSTOMER_KINDS.includes(kind));
  it.each(smsOrStaff)('%s over %s in %s shows none of the free text the customer wrote', (kind, channel, language) => {
    const r = render(context(kind, channel, language));
    for (const value of Object.values(WORDS)) expect(r.text).not.toContain(value);
  });

  it('the written result notice states the complaint (R-RES-1), the SMS does not', () => {
    expect(render(context('result_notice', 'email', 'zh-CN')).text).toContain(WORDS.phone);
    expect(render(context('result_notice', 'sms', 'zh-CN')).text).not.toContain(WORDS.phone);
  });

  it('the written progress notice states the progress (R-SLA-6), the SMS only the stage', () => {
    expect(render(context('progress_notice', 'email', 'zh-CN')).text).toContain('已联系派件网点');
    const sms = render(context('progress_notice', 'sms', 'zh-CN')).text;
    expect(sms).not.toContain('已联系派件网点');
    expect(sms).toContain('调查');
  });

  it('no staff message addresses the customer or carries a customer salutation', () => {
    for (const [kind, channel, language] of MATRIX.filter(([k]) => !CUSTOMER_KINDS.includes(k))) {
      const r = render(context(kind, channel, language));
      expect(r.text).not.toMatch(/尊敬的客户|Dear customer/);
    }
  });
});

describe('SMS length', () => {
  it.each(['acknowledgement', 'progress_notice'] as const)(
    'the Chinese %s SMS fits one UCS-2 segment (R-ACC-3, R-SLA-6)',
    (kind) => {
      const text = render(context(kind, 'sms', 'zh-CN')).text;
      expect(text.length).toBeLessThanOrEqual(SMS_SINGLE_SEGMENT);
    },
  );

  it('every Chinese SMS fits two UCS-2 segments, even with a signed link or the console path', () => {
    for (const kind of MESSAGE_KINDS) {
      expect(render(context(kind, 'sms', 'zh-CN')).text.length).toBeLessThanOrEqual(2 * 67);
    }
  });

  it('every SMS starts with the SMS signature; a custom one replaces the default', () => {
    for (const kind of MESSAGE_KINDS) {
      expect(render(context(kind, 'sms', 'zh-CN')).text.startsWith('【客户服务】')).toBe(true);
      expect(render({ ...context(kind, 'sms', 'zh-CN'), signature: '速达快递' }).text.startsWith('【速达快递】')).toBe(
        true,
      );
    }
  });
});

describe('signed links and console paths', () => {
  it.each(CHANNEL_NAMES)('the result notice over %s carries the signed link (R-RES-1)', (channel) => {
    expect(render(context('result_notice', channel, 'zh-CN')).text).toContain(LINK);
    expect(render(context('result_notice', channel, 'en')).text).toContain(LINK);
  });

  it.each(CHANNEL_NAMES)('the survey invitation over %s carries the signed link (R-REV-1)', (channel) => {
    expect(render(context('survey_invitation', channel, 'zh-CN')).text).toContain(LINK);
    expect(render(context('survey_invitation', channel, 'en')).text).toContain(LINK);
  });

  it('the written survey invitation names the four dimensions (R-REV-1)', () => {
    const text = render(context('survey_invitation', 'email', 'zh-CN')).text;
    for (const word of ['速度', '效果', '态度', '透明度']) expect(text).toContain(word);
  });

  const staff = MATRIX.filter(([kind]) => !CUSTOMER_KINDS.includes(kind));
  it.each(staff)('%s over %s in %s carries the console path /cases/<id>', (kind, channel, language) => {
    expect(render(context(kind, channel, language)).text).toContain(`/cases/${CASE_ID}`);
  });

  it('with the console origin the path becomes a link', () => {
    const c = { ...context('escalation', 'email', 'zh-CN'), consoleBaseUrl: 'https://kf.example.com/' };
    expect(render(c).text).toContain(`https://kf.example.com/cases/${CASE_ID}`);
  });
});

describe('staff messages name what is due', () => {
  it('the escalation names the tier, the reason and the stage (R-SLA-8)', () => {
    const zh = render(context('escalation', 'inbox', 'zh-CN'));
    expect(zh.subject).toContain('主管');
    expect(zh.text).toContain('超出处理时限');
    expect(zh.text).toContain('首次回复');
    expect(zh.text).toContain('调查');
    const en = render(context('escalation', 'email', 'en'));
    expect(en.text).toContain('supervisor');
    expect(en.text).toContain('Deadline breached');
  });

  it('the deadline warning names the deadline and when it falls due, in Beijing time by default (R-SLA-8)', () => {
    const zh = render(context('deadline_warning', 'inbox', 'zh-CN')).text;
    expect(zh).toContain('首次回复');
    expect(zh).toContain('2025年5月3日 14:05(北京时间)');
    expect(render(context('deadline_warning', 'sms', 'zh-CN')).text).toContain('5月3日14:05');
    const utc = render({ ...context('deadline_warning', 'inbox', 'en'), offsetMinutes: 0 }).text;
    expect(utc).toContain('3 May 2025, 06:05 (UTC+00:00)');
  });

  it('the approval request names the approving tier and the amount (R-APR-1, R-APR-2)', () => {
    const zh = render(context('approval_needed', 'inbox', 'zh-CN')).text;
    expect(zh).toContain('主管');
    expect(zh).toContain('800.00元');
    const noAmount = {
      ...context('approval_needed', 'inbox', 'en'),
      amountFen: undefined,
      dueAt: undefined,
    } as MessageContext;
    expect(render(noAmount).text).not.toContain('CNY');
  });

  it('the contact reminder names the next attempt and the attempts so far (R-CON-1)', () => {
    const zh = render(context('contact_reminder', 'inbox', 'zh-CN')).text;
    expect(zh).toContain('已尝试3次');
    expect(zh).toContain('2025年5月3日 14:05');
    expect(
      render({ ...context('contact_reminder', 'inbox', 'zh-CN'), attempts: 0 } as MessageContext).text,
    ).not.toContain('已尝试');
  });
});

describe('refusals: a notice that lacks what its rule requires is not rendered', () => {
  const noContact = { contact: {} };
  it.each([
    ['acknowledgement', 'email', noContact, 'RULE.R-ACC-3'],
    ['acknowledgement', 'sms', noContact, 'RULE.R-ACC-3'],
    ['unreachable_sms', 'sms', noContact, 'RULE.R-CON-1'],
    ['written_notice', 'email', noContact, 'RULE.R-CON-1'],
    ['written_notice', 'sms', noContact, 'RULE.R-CON-1'],
    ['progress_notice', 'email', { progress: '  ' }, 'RULE.R-SLA-6'],
    ['progress_notice', 'sms', noContact, 'RULE.R-SLA-6'],
    ['result_notice', 'email', { notice: { complaint: 'x', steps: [], result: 'y', basis: ['z'] } }, 'RULE.R-RES-1'],
    ['result_notice', 'sms', { notice: { complaint: '', steps: [], result: '', basis: [] } }, 'RULE.R-RES-1'],
    ['result_notice', 'sms', { responseUrl: ' ' }, 'RULE.R-RES-1'],
    ['survey_invitation', 'email', { surveyUrl: '' }, 'RULE.R-REV-1'],
    ['escalation', 'inbox', { caseNumber: ' ' }, 'INPUT.INVALID'],
  ] as const)('%s over %s with %j is refused %s', (kind, channel, change, code) => {
    const r = renderMessage({ ...context(kind, channel, 'zh-CN'), ...change } as MessageContext);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe(code);
  });

  it('a contact point given only as a URL is enough, and the SMS then points to it', () => {
    const c = { ...context('acknowledgement', 'sms', 'zh-CN'), contact: { url: 'https://kf.example.com' } };
    expect(render(c).text).toContain('详询https://kf.example.com');
    const en = { ...context('written_notice', 'email', 'en'), contact: { url: 'https://kf.example.com' } };
    expect(render(en).text).toContain('visit https://kf.example.com');
  });

  it('the written notice without a link or a count still tells how to reach us (R-CON-1)', () => {
    const c = {
      ...context('written_notice', 'email', 'zh-CN'),
      responseUrl: undefined,
      attempts: undefined,
    } as MessageContext;
    const text = render(c).text;
    expect(text).toContain('拨打客服热线95311');
    expect(text).not.toContain('https://');
    expect(text).not.toContain('共');
  });
});
