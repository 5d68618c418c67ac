import { errorLanguage, localiseError, translateReason } from '@complaintflow/api/common/error-language';

describe('error text in the caller language (docs/api.md Errors)', () => {
  it('Simplified Chinese unless the first language the caller lists is English', () => {
    expect(errorLanguage(undefined)).toBe('zh-CN');
    expect(errorLanguage('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(errorLanguage('en-GB,en;q=0.9')).toBe('en');
    expect(errorLanguage('fr-FR')).toBe('zh-CN');
  });

  it('translates each known part of a field reason and keeps what it does not know', () => {
    expect(translateReason('is required')).toBe('为必填项');
    expect(translateReason('must be one of the following values: phone, sms')).toBe('必须是以下值之一:phone, sms');
    expect(translateReason('must not be blank; must be shorter than or equal to 64 characters')).toBe(
      '不能为空白;长度不能超过 64 个字符',
    );
    expect(translateReason('each value must not be blank')).toBe('每一项不能为空白');
    expect(translateReason('something new')).toBe('something new');
  });

  it('replaces an English message by its code, keeps a Chinese one, and leaves English bodies alone', () => {
    const body = {
      error: { code: 'STAGE.NOT_ALLOWED', message: 'accept is not allowed in stage closed', details: [] },
    };
    expect(localiseError(body, 'zh-CN').error).toEqual({
      code: 'STAGE.NOT_ALLOWED',
      message: '案件当前阶段不允许此操作。',
      messageEn: 'accept is not allowed in stage closed',
      details: [],
    });
    expect(localiseError(body, 'en')).toBe(body);
    const rule = { error: { code: 'RULE.R-APR-2', message: 'this plan needs approval by a manager', details: [] } };
    expect(localiseError(rule, 'zh-CN').error.message).toBe('不符合业务规则 R-APR-2。');
    const chinese = { error: { code: 'RULE.R-CMP-4', message: '底限方案须在协商未果后提出。', details: ['x', 1] } };
    expect(localiseError(chinese, 'zh-CN').error).toEqual({ ...chinese.error });
    const unknown = { error: { code: 'WHATEVER', message: 'Odd', details: [{ field: 'a', reason: '已是中文' }] } };
    expect(localiseError(unknown, 'zh-CN').error).toEqual({ ...unknown.error });
  });
});
