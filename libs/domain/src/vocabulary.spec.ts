import {
  CATEGORIES,
  CATEGORY_GROUPS,
  CATEGORY_IDS,
  CHANNEL_IDS,
  ESCALATION_TIERS,
  EXTERNAL_CHANNELS,
  STAGES,
  TERMINAL_STAGES,
  categoryGroup,
  label,
} from './vocabulary';

describe('vocabulary', () => {
  it('R-CAT-1: the twelve complaint categories of the digest', () => {
    expect(CATEGORY_IDS).toEqual([
      'delay',
      'service_attitude',
      'late_compensation',
      'overcharge',
      'damage',
      'shortage',
      'loss',
      'non_recipient_signature',
      'out_of_area',
      'tracking_info',
      'privacy',
      'other',
    ]);
  });

  it('R-CAT-2: every category sits in one of the five top-level groups', () => {
    for (const id of CATEGORY_IDS) expect(Object.keys(CATEGORY_GROUPS)).toContain(categoryGroup(id));
    expect(categoryGroup('overcharge')).toBe('fee');
    expect(categoryGroup('loss')).toBe('safety');
    expect(categoryGroup('tracking_info')).toBe('information');
  });

  it('R-CH-1: ten intake channels, three of them transfers from outside bodies', () => {
    expect(CHANNEL_IDS).toHaveLength(10);
    expect(EXTERNAL_CHANNELS).toEqual(['regulator', 'consumer_association', 'media']);
  });

  it('labels are Simplified Chinese by default and English on request', () => {
    expect(label(CATEGORIES.delay)).toBe('延误');
    expect(label(CATEGORIES.delay, 'en')).toBe('Delay');
    expect(label(STAGES.acceptance, 'zh')).toBe('受理');
  });

  it('R-SLA-8: escalation tiers rise handler → team lead → supervisor → manager', () => {
    const ordered = Object.entries(ESCALATION_TIERS)
      .sort((a, b) => a[1].level - b[1].level)
      .map(([k]) => k);
    expect(ordered).toEqual(['handler', 'team_lead', 'supervisor', 'manager']);
    expect(TERMINAL_STAGES).toContain('closed_inadmissible');
  });
});
