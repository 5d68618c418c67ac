/**
 * For the personal-data tests (ADR 0019): a complainant name no other test uses, and one case walked through the real
 * API from intake to the archive with that name typed into every kind of staff free text.
 */
import { randomInt } from 'node:crypto';
import { intakeBody, newPhone, type ApiHarness } from './api';

const HAN = '春夏秋冬梅兰竹菊琴棋书画风花雪月山川河海星辰云霞';

/** A two-character given name after a rare surname, e.g. `司马秋月`, unique enough to search the database for. */
export function uniqueName(): string {
  const pick = () => HAN[randomInt(HAN.length)];
  return `司马${pick()}${pick()}${pick()}`;
}

export interface WalkedCase {
  readonly id: string;
  readonly name: string;
  readonly phone: string;
  readonly outlet: string;
}

/** The free text each action carries, every one naming the complainant. */
export function freeTexts(name: string) {
  return {
    accept: { note: `${name}来电,情绪激动` },
    findings: {
      summary: `${name}称快件被放在门口`,
      rootCause: 'human_error',
      companyLiable: true,
      evidence: [{ kind: 'tracking_scan', ref: `${name}的签收单` }],
      partiesHeard: [`投诉人${name}`, '派件员'],
    },
    plan: { remedies: ['apology'], compensationFen: 0, note: `向${name}致歉` },
    approval: { approve: true, comment: `同意,已知会${name}` },
    agreed: { accepted: true, comment: `${name}同意方案` },
    executed: { note: `已电话向${name}致歉` },
    confirmed: { accepted: true, comment: `${name}确认` },
    survey: { speed: 5, effectiveness: 5, attitude: 5, transparency: 5, suggestion: `${name}希望更快` },
  };
}

/**
 * Intake → accept → assign → findings → plan → approval → agreement → execution → confirmation → survey: the case
 * is archived (closed with a survey). Every step's free text names the complainant. Throws on any refusal.
 */
export async function walkToArchive(api: ApiHarness, opts: { outlet: string; name?: string; phone?: string }) {
  const name = opts.name ?? uniqueName();
  const phone = opts.phone ?? newPhone();
  const agent = api.token(`priv-agent-${opts.outlet}`, ['agent']);
  const investigator = `priv-inv-${opts.outlet}`;
  const inv = api.token(investigator, ['investigator']);
  const lead = api.token(`priv-lead-${opts.outlet}`, ['team_lead']);
  const t = freeTexts(name);
  const body = intakeBody({
    complainant: { name, phone, party: 'recipient', preferredChannel: 'phone' },
    description: `我是${name},电话 ${phone},快件五天没有更新`,
    expectedOutcome: `请联系${name}本人`,
    shipment: {
      originOutlet: opts.outlet,
      deliveryOutlet: 'BJ-007',
      freightFen: 1800,
      chargedFen: 1800,
      insured: false,
      declaredValueFen: 0,
    },
  });
  const created = await api.call<{ id: string }>('POST', '/complaints', { token: agent, body });
  if (created.status !== 201) throw new Error(`intake: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.id;
  const steps: [string, string, unknown][] = [
    [agent, 'accept', t.accept],
    [agent, 'assign', { assignee: investigator }],
    [inv, 'record-findings', t.findings],
    [inv, 'propose-plan', t.plan],
    [lead, 'decide-approval', t.approval],
    [agent, 'customer-response', t.agreed],
    [agent, 'execute-plan', t.executed],
    [agent, 'customer-response', t.confirmed],
    [agent, 'survey', t.survey],
  ];
  for (const [token, action, input] of steps) {
    const res = await api.call<{ stage: string }>('POST', `/complaints/${id}/actions/${action}`, {
      token,
      body: input,
    });
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
  }
  return { id, name, phone, outlet: opts.outlet } satisfies WalkedCase;
}
