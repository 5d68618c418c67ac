/**
 * `GET /public/cases/:token` — what the customer page shows for a signed link (docs/api.md Identity: the token is the
 * authority, the customer never logs in): the link's purpose and expiry, the case number and stage, what the company
 * found and will do (the result notice's own content, R-RES-1), and whether the link is still to be answered. No
 * personal data: nothing the customer did not tell us or that the result notice does not already say.
 */
import { Controller, Get, Header, HttpStatus, Inject, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { PUBLIC_LINK_PURPOSES, verifyPublicLink, type PublicLinkClaims } from '@complaintflow/integrations/public-link';
import { Public } from '../auth/decorators';
import { ApiError } from '../common/api-error';
import { CaseReads } from '../complaints/case-reads';
import { ApiErrors } from '../complaints/openapi';
import { AUTH_SECRET } from '../tokens';

export class PublicNoticeDto {
  @ApiProperty({ enum: PUBLIC_LINK_PURPOSES, example: 'response' }) purpose!: string;
  @ApiProperty({ example: '0F8E6A52', description: '工单编号(与结果通知中的编号相同)' }) caseNumber!: string;
  @ApiProperty({ example: 'resolution' }) stage!: string;
  @ApiProperty({ example: 'delay' }) category!: string;
  @ApiProperty({ example: 'ZT123456789' }) waybillNo!: string;
  @ApiPropertyOptional({ example: '核实扫描记录,快件在派件网点滞留三天', nullable: true, type: String })
  findings!: string | null;
  @ApiProperty({ example: true, nullable: true, type: Boolean }) companyLiable!: boolean | null;
  @ApiProperty({ example: ['apology', 'compensation'], type: [String] }) remedies!: string[];
  @ApiProperty({ example: 5000, description: '赔偿金额(分)' }) compensationFen!: number;
  @ApiProperty({ example: false, description: '客户是否已答复处理结果' }) answered!: boolean;
  @ApiProperty({ example: false, description: '满意度调查是否已完成' }) surveyed!: boolean;
  @ApiProperty({ example: '2026-12-08T02:00:00.000Z' }) expiresAt!: string;
}

@ApiTags('public')
@Public()
@Controller('public/cases')
export class PublicNoticeController {
  constructor(
    private readonly cases: CaseReads,
    @Inject(AUTH_SECRET) private readonly secret: string,
  ) {}

  private claims(token: string): PublicLinkClaims {
    let reason = 'malformed';
    for (const purpose of PUBLIC_LINK_PURPOSES) {
      const r = verifyPublicLink(token, purpose, this.secret);
      if (r.ok) return r.claims;
      if (r.reason !== 'wrong_purpose') reason = r.reason;
    }
    if (reason === 'expired')
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'LINK.EXPIRED', '链接已过期 / The link has expired.');
    throw new ApiError(HttpStatus.UNAUTHORIZED, 'LINK.INVALID', '链接无效 / The link is not valid.');
  }

  @Get(':token')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: '客户链接的处理结果 / The result notice behind a customer link (R-RES-1)' })
  @ApiParam({ name: 'token', description: '结果通知中的签名链接令牌' })
  @ApiOkResponse({ type: PublicNoticeDto })
  @ApiErrors(401, 404, 429)
  async notice(@Param('token') token: string): Promise<PublicNoticeDto> {
    const claims = this.claims(token);
    const row = await this.cases.caseRow(claims.caseId);
    if (!row) throw new ApiError(HttpStatus.NOT_FOUND, 'CASE.NOT_FOUND', '工单不存在 / No such case.');
    const s = row.state;
    return {
      purpose: claims.purpose,
      caseNumber: s.caseId.replace(/-/g, '').slice(0, 8).toUpperCase(),
      stage: s.stage,
      category: s.category,
      waybillNo: s.intake.waybillNo,
      findings: s.findings?.summary ?? null,
      companyLiable: s.liability ? s.liability.companyLiable : null,
      remedies: [...(s.plan?.remedies ?? [])],
      compensationFen: s.plan?.compensationFen ?? 0,
      answered: s.customerConfirmation !== undefined,
      surveyed: s.survey !== undefined,
      expiresAt: new Date(claims.expiresAt).toISOString(),
    };
  }
}
