/**
 * The customer's own endpoints through a signed link (docs/api.md Identity: the customer never logs in):
 * `POST /public/cases/:token/response` (R-RES-2 confirmation, R-CMP-4) and `POST /public/cases/:token/survey`
 * (R-REV-1). Each is the workflow Update of the same name with actor `{ kind: 'customer' }`. A `response` link is
 * single use; both are idempotent per link (the Temporal update id is derived from the token id). The answer tells the
 * customer only what they need: the case's stage, never its internals.
 */
import { Body, Controller, HttpCode, HttpStatus, Inject, Param, Post, UsePipes } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import { PublicLinkUsesRepository } from '@complaintflow/persistence/repositories/public-link-uses';
import { Public } from '../auth/decorators';
import { ApiError } from '../common/api-error';
import { ActionBodyPipe, StrictValidationPipe } from '../common/validation';
import { AUTH_SECRET } from '../tokens';
import { ActionsService } from './actions.service';
import type { ActionInputs } from '@complaintflow/domain/case/actions';
import { actionBodyRef, ApiErrors } from './openapi';
import {
  verifyPublicLink,
  type PublicLinkClaims,
  type PublicLinkPurpose,
} from '@complaintflow/integrations/public-link';

export class PublicAnswerDto {
  @ApiProperty({ example: 'review', description: '工单当前阶段' }) stage!: string;
  @ApiProperty({ example: '感谢您的确认,我们将尽快完成后续处理。' }) message!: string;
}

const THANKS: Record<PublicLinkPurpose, string> = {
  response: '感谢您的答复,我们已记录。/ Thank you, your answer is recorded.',
  survey: '感谢您参与满意度调查。/ Thank you for taking the survey.',
};

@ApiTags('public')
@Public()
@UsePipes(StrictValidationPipe)
@Controller('public/cases')
export class PublicController {
  constructor(
    private readonly actions: ActionsService,
    private readonly linkUses: PublicLinkUsesRepository,
    @Inject(AUTH_SECRET) private readonly secret: string,
  ) {}

  private check(token: string, purpose: PublicLinkPurpose): PublicLinkClaims {
    const result = verifyPublicLink(token, purpose, this.secret);
    if (result.ok) return result.claims;
    if (result.reason === 'expired') {
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'LINK.EXPIRED', '链接已过期 / The link has expired.');
    }
    throw new ApiError(HttpStatus.UNAUTHORIZED, 'LINK.INVALID', '链接无效 / The link is not valid.');
  }

  @Post(':token/response')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '客户确认处理结果 / The customer accepts or declines the result (R-RES-2)' })
  @ApiParam({ name: 'token', description: '结果通知中的签名链接令牌' })
  @ApiBody({ schema: actionBodyRef('customer-response') })
  @ApiOkResponse({ type: PublicAnswerDto })
  @ApiErrors(400, 401, 404, 409, 422, 429)
  async response(
    @Param('token') token: string,
    @Body(new ActionBodyPipe('customer-response')) body: ActionInputs['customer-response'],
  ): Promise<PublicAnswerDto> {
    const claims = this.check(token, 'response');
    // Single use: the token id is recorded before the Update; if the case refuses, the record is withdrawn.
    if (!(await this.linkUses.spend(claims))) {
      throw new ApiError(HttpStatus.CONFLICT, 'LINK.USED', '此链接已使用 / This link has already been used.');
    }
    try {
      const input = { accepted: body.accepted, ...(body.comment !== undefined ? { comment: body.comment } : {}) };
      const state = await this.actions.actAsCustomer(
        claims.caseId,
        'customer-response',
        input,
        `link-${claims.tokenId}`,
      );
      return { stage: state.stage, message: THANKS.response };
    } catch (err) {
      await this.linkUses.unspend(claims.tokenId).catch(() => undefined);
      throw err;
    }
  }

  @Post(':token/survey')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "客户满意度调查 / The customer's satisfaction survey (R-REV-1)" })
  @ApiParam({ name: 'token', description: '结果通知中的签名链接令牌' })
  @ApiBody({ schema: actionBodyRef('survey') })
  @ApiOkResponse({ type: PublicAnswerDto })
  @ApiErrors(400, 401, 404, 409, 422, 429)
  async survey(
    @Param('token') token: string,
    @Body(new ActionBodyPipe('survey')) body: ActionInputs['survey'],
  ): Promise<PublicAnswerDto> {
    const claims = this.check(token, 'survey');
    const state = await this.actions.actAsCustomer(claims.caseId, 'survey', body, `link-${claims.tokenId}`);
    return { stage: state.stage, message: THANKS.survey };
  }
}
