import { INITIAL_RESPONSES, initialResponseFor, initialResponseForGroup } from './initial-response';
import { CATEGORIES, CATEGORY_GROUPS, CATEGORY_IDS, type CategoryGroup } from './vocabulary';

describe('initial response per group', () => {
  it('R-CAT-5: a service complaint (delay) starts with looking the waybill up at once', () => {
    const response = initialResponseFor('delay');
    expect(response).toEqual(expect.objectContaining({ group: 'service', action: 'lookup_waybill', immediate: true }));
    expect(response.label.zh).toContain('立即查询');
    expect(response.label.en).toBe('Look the waybill up at once to establish what happened');
  });

  it('R-CAT-5: a fee complaint (overcharge) starts with checking the charging basis and payment', () => {
    const response = initialResponseFor('overcharge');
    expect(response).toEqual(
      expect.objectContaining({ group: 'fee', action: 'check_charging_basis', immediate: false }),
    );
    expect(response.label.zh).toContain('核实收费依据和客户支付情况');
  });

  it('R-CAT-5: a safety complaint (loss, damage, data leak) starts an internal investigation at once', () => {
    for (const category of ['loss', 'damage', 'shortage', 'privacy'] as const) {
      expect(initialResponseFor(category)).toEqual(
        expect.objectContaining({ group: 'safety', action: 'start_internal_investigation', immediate: true }),
      );
    }
    expect(initialResponseFor('loss').label.zh).toContain('立即启动内部调查程序');
  });

  it('R-CAT-5: an information complaint starts with verifying and correcting the information', () => {
    expect(initialResponseFor('tracking_info')).toEqual(
      expect.objectContaining({ group: 'information', action: 'verify_and_correct_information' }),
    );
  });

  it('R-CAT-5: any other complaint is routed to the relevant department', () => {
    const response = initialResponseFor('other');
    expect(response).toEqual(expect.objectContaining({ group: 'other', action: 'route_to_department' }));
    expect(response.label.en).toContain('relevant department');
  });

  it('R-CAT-2, R-CAT-5: every category has the initial response of its group, in Chinese and English', () => {
    for (const category of CATEGORY_IDS) {
      const response = initialResponseFor(category);
      expect(response.group).toBe(CATEGORIES[category].group);
      expect(response.label.zh).not.toBe('');
      expect(response.label.en).not.toBe('');
    }
    for (const group of Object.keys(CATEGORY_GROUPS) as CategoryGroup[]) {
      expect(initialResponseForGroup(group)).toBe(INITIAL_RESPONSES[group]);
      expect(INITIAL_RESPONSES[group].group).toBe(group);
    }
  });
});
