/**
 * `POST /complaints/:id/actions/<name>` (API.md Actions): one route per action, each with its body DTO. The door
 * refuses (403) a caller holding none of the roles the action allows (`ACTION_PERMISSIONS`, plus admin; auditors never
 * act); everything finer (stage, owner, tier, rules) is the workflow's decision.
 */
import {
  applyDecorators,
  Body,
  Controller,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Res,
  UsePipes,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { ActionInputs } from '@complaintflow/domain/case/actions';
import { ACTION_PERMISSIONS, ACTIONS, ADMIN_ROLE, type ActionName } from '@complaintflow/domain/stages';
import type { Role } from '@complaintflow/domain/vocabulary';
import { CurrentPrincipal, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { idempotencyKeyFrom } from '../common/idempotency';
import { StrictValidationPipe } from '../common/validation';
import { ActionsService } from './actions.service';
import {
  AcceptDto,
  ACTION_BODIES,
  AssignDto,
  ContactAttemptDto,
  CustomerResponseDto,
  DecideApprovalDto,
  ExecutePlanDto,
  ProposePlanDto,
  ReasonDto,
  RecordFindingsDto,
  RegulatorReplyDto,
  RejectInadmissibleDto,
  ResolveOnTheSpotDto,
  SurveyDto,
} from './dto/actions.dto';
import { ApiErrors, CaseViewDoc, IDEMPOTENCY_HEADER } from './openapi';

/** The roles admitted at the door for an action: those `ACTION_PERMISSIONS` lists, and admin. */
export function doorRoles(name: ActionName): Role[] {
  return [...new Set<Role>([...ACTION_PERMISSIONS[name].roles, ADMIN_ROLE])];
}

const RULES: Partial<Record<ActionName, string>> = {
  accept: 'R-CAT-*, R-SLA-1',
  'reject-inadmissible': 'R-ADM-1',
  'resolve-on-the-spot': 'R-FLOW-2',
  assign: 'R-FLOW-1, R-FLOW-4(被投诉员工不得承办:422)',
  'record-findings': 'R-INV-*,责任按 R-LIA-* 认定',
  'propose-plan': 'R-CMP-* 校验赔偿,R-APR-2 确定审批层级',
  'decide-approval': 'R-APR-1/2:层级相符,且不得审批自己的方案',
  'contact-attempt': 'R-CON-1',
  'customer-response': 'R-RES-2, R-CMP-4',
  'execute-plan': 'R-HDL-3',
  'regulator-reply': 'R-REG-2(含“已道歉”“已赔款”等措辞时 422 RULE.R-REG-2)',
  survey: 'R-REV-1',
  'pause-sla': '暂停须说明理由,全程留痕',
  'resume-sla': '恢复须说明理由',
  escalate: 'R-FLOW-3, R-FLOW-6',
  reopen: '重新开启调查',
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
    ApiBody({ type: ACTION_BODIES[name] }),
    ApiOkResponse({ type: CaseViewDoc }),
    ApiErrors(400, 401, 403, 404, 409, 422, 429, 503),
  );
}

@ApiTags('actions')
@ApiBearerAuth()
@UsePipes(StrictValidationPipe)
@Controller('complaints/:id/actions')
export class ActionsController {
  constructor(private readonly actions: ActionsService) {}

  private async run<A extends ActionName>(
    principal: Principal,
    id: string,
    name: A,
    body: ActionInputs[A],
    keyHeader: string | undefined,
    res: Response,
  ) {
    const key = idempotencyKeyFrom(keyHeader);
    // The DTO instance is copied to a plain object: the workflow receives exactly the validated fields.
    const input = JSON.parse(JSON.stringify(body)) as ActionInputs[A];
    const result = await this.actions.act(principal, id, name, input, key);
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return result.view;
  }

  @Action('accept')
  accept(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: AcceptDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(p, id, 'accept', body, key, res);
  }

  @Action('reject-inadmissible')
  rejectInadmissible(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: RejectInadmissibleDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(p, id, 'reject-inadmissible', body, key, res);
  }

  @Action('resolve-on-the-spot')
  resolveOnTheSpot(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: ResolveOnTheSpotDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(p, id, 'resolve-on-the-spot', body, key, res);
  }

  @Action('assign')
  assign(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: AssignDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(p, id, 'assign', body, key, res);
  }

  @Action('record-findings')
  recordFindings(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: RecordFindingsDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(p, id, 'record-findings', body, key, res);
  }

  @Action('propose-plan')
  proposePlan(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: ProposePlanDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(p, id, 'propose-plan', body, key, res);
  }

  @Action('decide-approval')
  decideApproval(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: DecideApprovalDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(p, id, 'decide-approval', body, key, res);
  }

  @Action('contact-attempt')
  contactAttempt(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: ContactAttemptDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(p, id, 'contact-attempt', body, key, res);
  }

  @Action('customer-response')
  customerResponse(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: CustomerResponseDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(p, id, 'customer-response', body, key, res);
  }

  @Action('execute-plan')
  executePlan(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: ExecutePlanDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(p, id, 'execute-plan', body, key, res);
  }

  @Action('regulator-reply')
  regulatorReply(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: RegulatorReplyDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(p, id, 'regulator-reply', body, key, res);
  }

  @Action('survey')
  survey(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: SurveyDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(p, id, 'survey', body, key, res);
  }

  @Action('pause-sla')
  pauseSla(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: ReasonDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(p, id, 'pause-sla', body, key, res);
  }

  @Action('resume-sla')
  resumeSla(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: ReasonDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(p, id, 'resume-sla', body, key, res);
  }

  @Action('escalate')
  escalate(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: ReasonDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(p, id, 'escalate', body, key, res);
  }

  @Action('reopen')
  reopen(
    @CurrentPrincipal() p: Principal,
    @Param('id') id: string,
    @Body() body: ReasonDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(p, id, 'reopen', body, key, res);
  }
}
