import {
  chooseRecipients,
  coversCase,
  RECIPIENT_CHAIN,
  requestedOf,
  tiersFor,
  type RecipientCase,
  type RecipientEntry,
} from './recipients';
import type { Role } from './vocabulary';

const CASE: RecipientCase = {
  originOutlet: 'SH-001',
  deliveryOutlet: 'BJ-007',
  department: '北京派件中心',
  ownerId: 'agent-sh',
};

function entry(id: string, roles: Role[], scope: { outlet?: string; department?: string } = {}, active = true) {
  return {
    id,
    roles,
    outlet: scope.outlet ?? null,
    department: scope.department ?? null,
    active,
  } satisfies RecipientEntry;
}

describe('coversCase: the outlet, the department, or the whole network', () => {
  it('R-FLOW-6: an entry with neither outlet nor department is headquarters and covers every case', () => {
    expect(coversCase({ outlet: null, department: null }, CASE)).toBe(true);
  });
  it('R-FLOW-6: the origin or the delivery outlet covers the case, another outlet does not', () => {
    expect(coversCase({ outlet: 'SH-001', department: null }, CASE)).toBe(true);
    expect(coversCase({ outlet: 'BJ-007', department: null }, CASE)).toBe(true);
    expect(coversCase({ outlet: 'GZ-003', department: null }, CASE)).toBe(false);
  });
  it("R-FLOW-6: the case's department covers it, another department does not; either match is enough", () => {
    expect(coversCase({ outlet: null, department: '北京派件中心' }, CASE)).toBe(true);
    expect(coversCase({ outlet: null, department: '上海客服部' }, CASE)).toBe(false);
    expect(coversCase({ outlet: 'GZ-003', department: '北京派件中心' }, CASE)).toBe(true);
    expect(coversCase({ outlet: null, department: '北京派件中心' }, { ...CASE, department: null })).toBe(false);
  });
});

describe('the audience and the tiers it climbs (R-SLA-8)', () => {
  it('R-SLA-8: owner and tier:handler ask for the owner; roles and tiers ask for the role', () => {
    expect(requestedOf('owner')).toBe('owner');
    expect(requestedOf('tier:handler')).toBe('owner');
    expect(requestedOf('tier:team_lead')).toBe('team_lead');
    expect(requestedOf('tier:admin')).toBe('admin');
    expect(requestedOf('role:supervisor')).toBe('supervisor');
  });
  it('R-SLA-8: team lead → supervisor → manager → admin, from where the request stands', () => {
    expect(RECIPIENT_CHAIN).toEqual(['team_lead', 'supervisor', 'manager', 'admin']);
    expect(tiersFor('owner')).toEqual(['owner', 'team_lead', 'supervisor', 'manager', 'admin']);
    expect(tiersFor('supervisor')).toEqual(['supervisor', 'manager', 'admin']);
    expect(tiersFor('admin')).toEqual(['admin']);
    expect(tiersFor('agent')).toEqual(['agent', 'team_lead', 'supervisor', 'manager', 'admin']);
    expect(tiersFor('auditor')).toEqual(['auditor', 'admin']);
  });
});

describe('chooseRecipients: the holders of the tier for the case', () => {
  it("R-FLOW-6: the supervisors of the case's outlets and department and headquarters' — not another outlet's", () => {
    const directory = [
      entry('sup-sh', ['supervisor'], { outlet: 'SH-001' }),
      entry('sup-bj', ['supervisor', 'investigator'], { outlet: 'BJ-007' }),
      entry('sup-dept', ['supervisor'], { department: '北京派件中心' }),
      entry('sup-hq', ['supervisor']),
      entry('sup-gz', ['supervisor'], { outlet: 'GZ-003' }),
      entry('sup-old', ['supervisor'], { outlet: 'SH-001' }, false),
      entry('mgr-sh', ['manager'], { outlet: 'SH-001' }),
    ];
    const r = chooseRecipients({ audience: 'role:supervisor', case: CASE, directory });
    expect(r).toEqual({
      userIds: ['sup-bj', 'sup-dept', 'sup-hq', 'sup-sh'],
      requested: 'supervisor',
      tier: 'supervisor',
      fellBack: false,
      outOfScope: false,
      skipped: [],
      reason: 'role:supervisor (SH-001, BJ-007, 北京派件中心): supervisor',
    });
    expect(r.ruleId).toBeUndefined();
  });

  it('R-FLOW-6: tier:team_lead is the team_lead role', () => {
    const directory = [entry('tl-sh', ['team_lead'], { outlet: 'SH-001' })];
    expect(chooseRecipients({ audience: 'tier:team_lead', case: CASE, directory }).userIds).toEqual(['tl-sh']);
  });

  it('R-FLOW-6: an agent notice goes to the agents of the case when there are some', () => {
    const directory = [entry('agent-bj', ['agent'], { outlet: 'BJ-007' }), entry('tl-hq', ['team_lead'])];
    const r = chooseRecipients({ audience: 'role:agent', case: CASE, directory });
    expect([r.tier, r.userIds, r.fellBack]).toEqual(['agent', ['agent-bj'], false]);
  });
});

describe('chooseRecipients: the owner', () => {
  it("R-FLOW-6: the owner's own notice reaches the owner", () => {
    const directory = [entry('agent-sh', ['agent'], { outlet: 'SH-001' }), entry('tl-sh', ['team_lead'])];
    const r = chooseRecipients({ audience: 'owner', case: CASE, directory });
    expect([r.tier, r.userIds, r.fellBack, r.skipped]).toEqual(['owner', ['agent-sh'], false, []]);
  });

  it('R-FLOW-6: an owner the directory does not list (a token-only identity) still gets it in their inbox', () => {
    const r = chooseRecipients({ audience: 'tier:handler', case: CASE, directory: [] });
    expect([r.tier, r.userIds, r.requested]).toEqual(['owner', ['agent-sh'], 'owner']);
  });

  it('R-SLA-8: a case without owner goes to the team lead', () => {
    const directory = [entry('tl-sh', ['team_lead'], { outlet: 'SH-001' })];
    const r = chooseRecipients({ audience: 'owner', case: { ...CASE, ownerId: null }, directory });
    expect(r).toMatchObject({
      userIds: ['tl-sh'],
      tier: 'team_lead',
      fellBack: true,
      outOfScope: false,
      ruleId: 'R-FLOW-6',
      skipped: [{ tier: 'owner', reason: 'no_owner' }],
    });
    expect(r.reason).toBe(
      'owner (SH-001, BJ-007, 北京派件中心) went to team_lead: owner: the case has no owner (R-FLOW-6)',
    );
  });

  it('R-FLOW-6: an inactive owner is passed over for the team lead', () => {
    const directory = [entry('agent-sh', ['agent'], { outlet: 'SH-001' }, false), entry('tl-hq', ['team_lead'])];
    const r = chooseRecipients({ audience: 'owner', case: CASE, directory });
    expect([r.tier, r.userIds, r.skipped]).toEqual([
      'team_lead',
      ['tl-hq'],
      [{ tier: 'owner', reason: 'owner_inactive' }],
    ]);
  });

  it('R-FLOW-4: an excluded owner (the employee complained about) is passed over', () => {
    const directory = [entry('agent-sh', ['agent']), entry('tl-hq', ['team_lead'])];
    const r = chooseRecipients({ audience: 'owner', case: CASE, directory, exclude: ['agent-sh'] });
    expect([r.tier, r.skipped]).toEqual(['team_lead', [{ tier: 'owner', reason: 'only_excluded' }]]);
  });
});

describe('chooseRecipients: climbing when nobody holds the tier (R-FLOW-6, R-SLA-8)', () => {
  it('R-SLA-8: no team lead for the case → the supervisor; a team lead of another outlet does not count', () => {
    const directory = [
      entry('tl-gz', ['team_lead'], { outlet: 'GZ-003' }),
      entry('sup-bj', ['supervisor'], { outlet: 'BJ-007' }),
    ];
    const r = chooseRecipients({ audience: 'tier:team_lead', case: CASE, directory });
    expect(r).toMatchObject({
      tier: 'supervisor',
      userIds: ['sup-bj'],
      fellBack: true,
      skipped: [{ tier: 'team_lead', reason: 'none_in_scope' }],
    });
  });

  it('R-SLA-8: no team lead and no supervisor → the manager', () => {
    const directory = [entry('mgr-hq', ['manager']), entry('admin-hq', ['admin'])];
    const r = chooseRecipients({ audience: 'role:team_lead', case: CASE, directory });
    expect([r.tier, r.userIds, r.skipped.map((s) => s.tier)]).toEqual([
      'manager',
      ['mgr-hq'],
      ['team_lead', 'supervisor'],
    ]);
  });

  it('R-FLOW-6: no leader at all for the case → an admin covering it', () => {
    const directory = [
      entry('admin-sh', ['admin'], { outlet: 'SH-001' }),
      entry('admin-gz', ['admin'], { outlet: 'GZ-003' }),
    ];
    const r = chooseRecipients({ audience: 'role:manager', case: CASE, directory });
    expect(r).toMatchObject({ tier: 'admin', userIds: ['admin-sh'], fellBack: true, outOfScope: false });
  });

  it('R-FLOW-6: no admin covers the case → any active admin, marked out of scope (the last resort)', () => {
    const directory = [
      entry('admin-gz', ['admin'], { outlet: 'GZ-003' }),
      entry('admin-off', ['admin'], {}, false),
      entry('sup-gz', ['supervisor'], { outlet: 'GZ-003' }),
    ];
    const r = chooseRecipients({ audience: 'role:supervisor', case: CASE, directory });
    expect(r).toMatchObject({ tier: 'admin', userIds: ['admin-gz'], fellBack: true, outOfScope: true });
    expect(r.skipped.map((s) => s.tier)).toEqual(['supervisor', 'manager', 'admin']);
    expect(r.reason).toContain('went to admin outside the case scope');
  });

  it('R-FLOW-6: an admin notice nobody in scope holds → an admin elsewhere, not a fall back but out of scope', () => {
    const directory = [entry('admin-gz', ['admin'], { outlet: 'GZ-003' })];
    const r = chooseRecipients({ audience: 'tier:admin', case: CASE, directory });
    expect(r).toMatchObject({ tier: 'admin', userIds: ['admin-gz'], fellBack: false, outOfScope: true });
    expect(r.ruleId).toBeUndefined();
  });

  it('R-FLOW-6: no active admin anywhere → tier none with nobody, the reason says so (the relay alarms)', () => {
    const directory = [entry('admin-off', ['admin'], {}, false), entry('agent-gz', ['agent'], { outlet: 'GZ-003' })];
    const r = chooseRecipients({ audience: 'role:agent', case: CASE, directory });
    expect(r).toMatchObject({ tier: 'none', userIds: [], fellBack: true, outOfScope: true, ruleId: 'R-FLOW-6' });
    expect(r.skipped.map((s) => s.tier)).toEqual(['agent', 'team_lead', 'supervisor', 'manager', 'admin']);
    expect(r.reason).toMatch(/^nobody can receive role:agent .*no active admin in the directory \(R-FLOW-6\)$/);
  });

  it('R-FLOW-6: an auditor notice with no auditor goes to an admin', () => {
    const directory = [entry('admin-hq', ['admin'])];
    const r = chooseRecipients({ audience: 'role:auditor', case: CASE, directory });
    expect([r.tier, r.userIds]).toEqual(['admin', ['admin-hq']]);
  });

  it('R-APR-2: the proposer alone holding the tier does not stop the case: the next tier gets it', () => {
    const directory = [
      entry('sup-sh', ['supervisor'], { outlet: 'SH-001' }),
      entry('mgr-sh', ['manager'], { outlet: 'SH-001' }),
    ];
    const r = chooseRecipients({ audience: 'role:supervisor', case: CASE, directory, exclude: ['sup-sh'] });
    expect([r.tier, r.userIds, r.skipped]).toEqual([
      'manager',
      ['mgr-sh'],
      [{ tier: 'supervisor', reason: 'only_excluded' }],
    ]);
    expect(r.reason).toContain('only people excluded from this notice hold it');
  });

  it('R-FLOW-6: excluded admins are not the last resort either', () => {
    const directory = [entry('admin-gz', ['admin'], { outlet: 'GZ-003' })];
    const r = chooseRecipients({ audience: 'tier:admin', case: CASE, directory, exclude: ['admin-gz'] });
    expect([r.tier, r.userIds]).toEqual(['none', []]);
  });

  it('R-FLOW-6: a case with no outlet and no department is covered by headquarters only', () => {
    const bare: RecipientCase = { originOutlet: null, deliveryOutlet: null, department: null, ownerId: null };
    const directory = [entry('tl-sh', ['team_lead'], { outlet: 'SH-001' }), entry('sup-hq', ['supervisor'])];
    const r = chooseRecipients({ audience: 'tier:team_lead', case: bare, directory });
    expect([r.tier, r.userIds]).toEqual(['supervisor', ['sup-hq']]);
    expect(r.reason).toContain('(no outlet or department)');
  });

  it('R-FLOW-6: a user listed twice or holding several roles is notified once', () => {
    const directory = [entry('lead', ['team_lead', 'supervisor']), entry('lead', ['team_lead'])];
    expect(chooseRecipients({ audience: 'tier:team_lead', case: CASE, directory }).userIds).toEqual(['lead']);
  });
});
