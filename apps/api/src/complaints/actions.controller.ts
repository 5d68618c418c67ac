/**
 * `POST /complaints/:id/actions/<name>` (docs/api.md Actions): one route per action of the domain's registry
 * (`ACTION_NAMES`), generated below with its roles, its body validated against the action's schema
 * (`ActionBodyPipe`) and its OpenAPI entry. An action added to the domain (stage table, schema, decider) gets its route
 * without an edit here. The door refuses (403) a caller holding none of the roles the action allows
 * (`ACTION_PERMISSIONS`, plus admin; auditors never act); everything finer (stage, owner, tier, rules) is the
 * workflow's decision. `Idempotency-Key` is read by the `IdempotencyInterceptor`.
 */
import { applyDecorators, Body, Controller, HttpCode, HttpStatus, Param, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { ActionInputs } from '@complaintflow/domain/case/actions';
import { ACTION_NAMES, ACTION_PERMISSIONS, ACTIONS, ADMIN_ROLE, type ActionName } from '@complaintflow/domain/stages';
import type { Role } from '@complaintflow/domain/vocabulary';
import { CurrentPrincipal, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { IdempotencyInterceptor, IdempotencyKey } from '../common/idempotency.interceptor';
import { ActionBodyPipe } from '../common/validation';
import { ActionsService } from './actions.service';
import { actionBodyRef, ApiErrors, CaseViewDoc, IDEMPOTENCY_HEADER } from './openapi';

/** The roles admitted at the door for an action: those `ACTION_PERMISSIONS` lists, and admin. */
export function doorRoles(name: ActionName): Role[] {
  return [...new Set<Role>([...ACTION_PERMISSIONS[name].roles, ADMIN_ROLE])];
}

/** The rules an action applies, for its OpenAPI description. */
const RULES: Partial<Record<ActionName, string>> = {
  accept: 'R-CAT-*, R-SLA-1',
  'reject-inadmissible': 'R-ADM-1',
  'resolve-on-the-spot': 'R-FLOW-2',
  assign: 'R-FLOW-1, R-FLOW-4(被投诉员工不得承办:422)',
  'record-findings': 'R-INV-*,责任按 R-LIA-* 依调查事实认定',
  'propose-plan': 'R-CMP-* 校验赔偿(R-CMP-2 双倍退还、R-CMP-4 底限方案),R-APR-1/2 确定审批层级,超出建议金额须说明理由',
  'decide-approval': 'R-APR-1/2:层级相符,且不得审批自己的方案',
  'contact-attempt': 'R-CON-1',
  'customer-response': 'R-RES-2, R-CMP-4',
  'execute-plan': 'R-HDL-3(赔偿、退款须有支付凭证 paymentRef)',
  'regulator-reply': 'R-REG-2(含“已道歉”“已赔款”等措辞时 422 RULE.R-REG-2)',
  survey: 'R-REV-1',
  'pause-sla': '暂停须说明理由,全程留痕',
  'resume-sla': '恢复须说明理由',
  escalate: 'R-FLOW-3, R-FLOW-6',
  reopen: '重新开启调查',
  'request-evidence': 'R-SLA-3(满足调查启动与取证时限)',
  'consult-hq': 'R-REG-5',
  'hq-answer': 'R-REG-5',
  'arbitration-claim': 'R-LIA-13',
  'arbitration-ruling': 'R-LIA-13',
  'sign-off-reply': 'R-CON-3',
};

/** Route, roles and OpenAPI of one action. */
function Action(name: ActionName) {
  const roles = doorRoles(name);
  return applyDecorators(
    Post(name),
    Roles(...roles),
    HttpCode(HttpStatus.OK),
    ApiOperation({
      summary: `${ACTIONS[name].zh} / ${ACTIONS[name].en}`,
      description: `角色:${roles.join('、')}。规则:${RULES[name] ?? '—'}。返回执行后的工单。`,
    }),
    ApiParam({ name: 'id', example: '0f8e6a52-4c1e-4d8a-9a57-6f1f6c1d2e3b' }),
    ApiHeader(IDEMPOTENCY_HEADER),
    ApiBody({ schema: actionBodyRef(name) }),
    ApiOkResponse({ type: CaseViewDoc }),
    ApiErrors(400, 401, 403, 404, 409, 422, 429, 503),
  );
}

@ApiTags('actions')
@ApiBearerAuth()
@UseInterceptors(IdempotencyInterceptor)
@Controller('complaints/:id/actions')
export class ActionsController {
  constructor(private readonly actions: ActionsService) {}

  /** What every action route does: one delegation. */
  act<A extends ActionName>(p: Principal, id: string, name: A, input: ActionInputs[A], key: string | undefined) {
    return this.actions.act(p, id, name, input, key);
  }
}

/**
 * One route per action: the handler `reopen`, `pauseSla`, … (the OpenAPI operation ids stay
 * `ActionsController_<handler>`) with the parameters principal, `:id`, the validated body and the key.
 */
for (const name of ACTION_NAMES) {
  const handler = name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const proto = ActionsController.prototype as unknown as Record<string, unknown>;
  // A method named after the handler (its `name` is the operation id's second half).
  const { [handler]: value } = {
    [handler](this: ActionsController, p: Principal, id: string, input: never, key: string | undefined) {
      return this.act(p, id, name, input, key);
    },
  };
  const descriptor: PropertyDescriptor = { value, writable: true, configurable: true };
  Object.defineProperty(proto, handler, descriptor);
  Reflect.defineMetadata('design:paramtypes', [Object, String, Object, String], proto, handler);
  CurrentPrincipal()(proto, handler, 0);
  Param('id')(proto, handler, 1);
  Body(new ActionBodyPipe(name))(proto, handler, 2);
  IdempotencyKey()(proto, handler, 3);
  Action(name)(proto, handler, descriptor);
}
