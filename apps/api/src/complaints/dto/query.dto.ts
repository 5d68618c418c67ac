/** Query of `GET /complaints`, the public-link request and the responses of the read side (OpenAPI shapes). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  CATEGORY_IDS,
  STAGE_IDS,
  URGENCY_IDS,
  type Category,
  type Stage,
  type Urgency,
} from '@complaintflow/domain/vocabulary';
import { OUTLET_CODE } from './common';
import { CASE_LIST_SORTS, type CaseListSort } from '@complaintflow/persistence/repositories/case-list';

/** The list orders, as the case repository defines them. */
export const SORTS = CASE_LIST_SORTS;
export type Sort = CaseListSort;
export const MAX_PAGE_SIZE = 200;

/** Query strings are text: numbers are parsed here, and only whole decimal numbers pass. */
const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;

export class ListComplaintsQuery {
  @ApiPropertyOptional({ enum: STAGE_IDS, example: 'investigation' })
  @IsOptional()
  @IsIn(STAGE_IDS)
  stage?: Stage;

  @ApiPropertyOptional({ enum: CATEGORY_IDS, example: 'delay' })
  @IsOptional()
  @IsIn(CATEGORY_IDS)
  category?: Category;

  @ApiPropertyOptional({ example: 'BJ-007', description: '网点(发件或派件)' })
  @IsOptional()
  @IsString()
  @Matches(OUTLET_CODE, { message: 'must be an outlet code' })
  outlet?: string;

  @ApiPropertyOptional({ enum: URGENCY_IDS, example: 'urgent' })
  @IsOptional()
  @IsIn(URGENCY_IDS)
  urgency?: Urgency;

  @ApiPropertyOptional({ minimum: 0, maximum: 3, example: 2, description: '升级层级:0 经办人 … 3 经理' })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number' })
  @Min(0)
  @Max(3)
  escalationLevel?: number;

  @ApiPropertyOptional({ enum: ['true', 'false'], example: 'true', description: '只看已超时(按实时时限计算)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ example: 'ZT123456789', maxLength: 100, description: '全文检索:运单号、渠道编号、投诉描述' })
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'must not be blank' })
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ minimum: 1, example: 1, default: 1 })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(100_000)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, example: 50, default: 50 })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;

  @ApiPropertyOptional({ enum: SORTS, example: '-receivedAt', default: '-receivedAt', description: '前缀 - 为倒序' })
  @IsOptional()
  @IsIn(SORTS)
  sort?: Sort;
}

export class CaseSummaryDto {
  @ApiProperty({ example: '0f8e6a52-4c1e-4d8a-9a57-6f1f6c1d2e3b' }) id!: string;
  @ApiProperty({ example: 'complaint-0f8e6a52-4c1e-4d8a-9a57-6f1f6c1d2e3b' }) workflowId!: string;
  @ApiProperty({ example: 'investigation' }) stage!: string;
  @ApiProperty({ example: 'open', enum: ['open', 'closed'] }) status!: string;
  @ApiProperty({ example: 'phone' }) channel!: string;
  @ApiProperty({ example: 'delay' }) category!: string;
  @ApiProperty({ example: 'normal' }) urgency!: string;
  @ApiProperty({ example: 0 }) escalationLevel!: number;
  @ApiProperty({ example: 'inv-007' }) ownerId!: string;
  @ApiProperty({ example: 'SH-001' }) originOutlet!: string;
  @ApiProperty({ example: 'BJ-007' }) deliveryOutlet!: string;
  @ApiProperty({ example: 'ZT123456789' }) waybillNo!: string;
  @ApiProperty({ example: null, nullable: true, type: String }) externalRef!: string | null;
  @ApiProperty({ example: false }) isRepeat!: boolean;
  @ApiProperty({ example: false }) isAppeal!: boolean;
  @ApiProperty({ example: false, description: '按实时时限计算' }) overdue!: boolean;
  @ApiProperty({ example: '2026-11-24T03:00:00.000Z', nullable: true, type: String }) nextDueAt!: string | null;
  @ApiProperty({ example: '2026.1' }) policyVersion!: string;
  @ApiProperty({ example: '2026-11-24T02:00:00.000Z' }) receivedAt!: string;
  @ApiProperty({ example: '2026-11-24T02:10:00.000Z' }) updatedAt!: string;
}

export class CaseListDto {
  @ApiProperty({ type: () => [CaseSummaryDto] }) items!: CaseSummaryDto[];
  @ApiProperty({ example: 1 }) total!: number;
}

export class PublicLinkRequestDto {
  @ApiProperty({ enum: ['response', 'survey'], example: 'response', description: '链接用途:确认处理结果或满意度调查' })
  @IsDefined()
  @IsIn(['response', 'survey'])
  purpose!: 'response' | 'survey';
}

export class PublicLinkDto {
  @ApiProperty({ example: 'eyJjIjoiMGY4ZTZhNTIiLCJwIjoicmVzcG9uc2UifQ.c2lnbmF0dXJl' }) token!: string;
  @ApiProperty({ example: 'https://kf.example.com/public/cases/eyJj…/response' }) url!: string;
  @ApiProperty({ example: '2026-12-01T02:00:00.000Z' }) expiresAt!: string;
}

export class ApprovalItemDto {
  @ApiProperty({ example: '0f8e6a52-4c1e-4d8a-9a57-6f1f6c1d2e3b' }) caseId!: string;
  @ApiProperty({ example: 'handling' }) stage!: string;
  @ApiProperty({ example: 'loss' }) category!: string;
  @ApiProperty({ example: 'urgent' }) urgency!: string;
  @ApiProperty({ example: 'supervisor', enum: ['supervisor', 'manager'] }) requiredApproval!: string;
  @ApiProperty({
    example: {
      remedies: ['apology', 'compensation'],
      compensationFen: 80000,
      floorOffer: false,
      note: '按声明价值赔付',
    },
  })
  plan!: Record<string, unknown>;
  @ApiProperty({ example: 'inv-007' }) proposedBy!: string;
  @ApiProperty({ example: '2026-11-25T02:00:00.000Z' }) proposedAt!: string;
  @ApiProperty({ example: '2026-11-25T10:00:00.000Z', nullable: true, type: String }) approvalDueAt!: string | null;
  @ApiProperty({ example: false, description: '本人提出的方案(R-APR-2:不能自行审批)' }) mine!: boolean;
}

export class ApprovalListDto {
  @ApiProperty({ type: () => [ApprovalItemDto] }) items!: ApprovalItemDto[];
  @ApiProperty({ example: 1 }) total!: number;
}
