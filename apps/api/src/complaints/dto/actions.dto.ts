/**
 * Bodies of `POST /complaints/:id/actions/<name>` (API.md Actions), one class per action, mirroring `ActionInputs`
 * of libs/domain/src/case/actions.ts. The workflow checks them again (a workflow never trusts its caller).
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { ActionInputs } from '@complaintflow/domain/case/actions';
import type { ActionName } from '@complaintflow/domain/stages';
import {
  CATEGORY_IDS,
  CONTACT_CHANNELS,
  INADMISSIBLE_REASONS,
  REMEDY_IDS,
  ROOT_CAUSE_IDS,
  URGENCY_IDS,
  type Category,
  type ContactChannel,
  type InadmissibleReason,
  type Remedy,
  type RootCause,
  type Urgency,
} from '@complaintflow/domain/vocabulary';
import { IsText, MAX_FEN, OUTLET_CODE, SAFE_ID } from './common';

const NOTE = 2000;

export class AcceptDto implements Readonly<ActionInputs['accept']> {
  @ApiPropertyOptional({ enum: CATEGORY_IDS, example: 'loss', description: '核定类别(R-CAT-1)' })
  @IsOptional()
  @IsIn(CATEGORY_IDS)
  category?: Category;

  @ApiPropertyOptional({ enum: URGENCY_IDS, example: 'urgent', description: '核定紧急程度(R-CAT-4)' })
  @IsOptional()
  @IsIn(URGENCY_IDS)
  urgency?: Urgency;

  @ApiPropertyOptional({ example: '客户称快件疑似丢失,升级为紧急', maxLength: NOTE })
  @IsOptional()
  @IsText(NOTE)
  note?: string;
}

export class RejectInadmissibleDto implements Readonly<ActionInputs['reject-inadmissible']> {
  @ApiProperty({ enum: Object.keys(INADMISSIBLE_REASONS), example: 'settled', description: '不予受理理由(R-ADM-1)' })
  @IsDefined()
  @IsIn(Object.keys(INADMISSIBLE_REASONS))
  reason!: InadmissibleReason;

  @ApiProperty({ example: '同一事项已于11月20日达成和解并已赔付', maxLength: NOTE })
  @IsDefined()
  @IsText(NOTE)
  note!: string;
}

export class ResolveOnTheSpotDto implements Readonly<ActionInputs['resolve-on-the-spot']> {
  @ApiProperty({ example: '现场核实派送时间并当场致歉,客户表示认可', maxLength: NOTE, description: 'R-FLOW-2' })
  @IsDefined()
  @IsText(NOTE)
  explanation!: string;
}

export class AssignDto implements Readonly<ActionInputs['assign']> {
  @ApiProperty({ example: 'inv-007', description: '承办人(R-FLOW-1;不得为被投诉员工,R-FLOW-4)' })
  @IsDefined()
  @IsString()
  @Matches(SAFE_ID, { message: 'must be a user id (letters, digits, ._:@-; up to 128)' })
  assignee!: string;

  @ApiPropertyOptional({ example: '北京派件中心', maxLength: 64 })
  @IsOptional()
  @IsText(64)
  department?: string;
}

export class EvidenceDto {
  @ApiProperty({ example: 'tracking_scan', maxLength: 64, description: '证据种类,如物流扫描、监控、交接记录' })
  @IsDefined()
  @IsText(64)
  kind!: string;

  @ApiProperty({ example: 'SCAN-20261124-0012', maxLength: 500 })
  @IsDefined()
  @IsText(500)
  ref!: string;
}

export class RecordFindingsDto implements Readonly<ActionInputs['record-findings']> {
  @ApiProperty({ example: '派件网点因人手不足延误两天,已核实扫描记录', maxLength: 4000 })
  @IsDefined()
  @IsText(4000)
  summary!: string;

  @ApiProperty({ enum: ROOT_CAUSE_IDS, example: 'human_error', description: '根本原因(R-INV-4)' })
  @IsDefined()
  @IsIn(ROOT_CAUSE_IDS)
  rootCause!: RootCause;

  @ApiProperty({ example: true, description: '公司是否有责(R-LIA-10)' })
  @IsDefined()
  @IsBoolean()
  companyLiable!: boolean;

  @ApiProperty({ type: () => [EvidenceDto], description: '证据(R-INV-2:至少一项)' })
  @IsDefined()
  @IsArray()
  @ArrayMinSize(1, { message: 'at least one item of evidence (R-INV-2)' })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => EvidenceDto)
  evidence!: EvidenceDto[];

  @ApiPropertyOptional({ example: 'BJ-007', description: '过错网点(R-LIA-4)' })
  @IsOptional()
  @IsString()
  @Matches(OUTLET_CODE, { message: 'must be an outlet code (letters, digits, ._-; up to 32)' })
  faultOutlet?: string;

  @ApiPropertyOptional({ example: ['投诉人', '派件员'], description: '已听取意见的各方(R-INV-3)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(/\S/, { each: true, message: 'each entry must not be blank' })
  @MaxLength(100, { each: true })
  partiesHeard?: string[];

  @ApiPropertyOptional({ example: 12000, description: '实际损失(分)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  actualLossFen?: number;
}

export class ProposePlanDto implements Readonly<ActionInputs['propose-plan']> {
  @ApiProperty({ enum: REMEDY_IDS, isArray: true, example: ['apology', 'compensation'], description: 'R-HDL-1' })
  @IsDefined()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(REMEDY_IDS.length)
  @ArrayUnique()
  @IsIn(REMEDY_IDS, { each: true })
  remedies!: Remedy[];

  @ApiProperty({ example: 5000, description: '赔偿金额(分),由 R-CMP-* 校验' })
  @IsDefined()
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  compensationFen!: number;

  @ApiPropertyOptional({ example: false, description: '底限方案(R-CMP-4)' })
  @IsOptional()
  @IsBoolean()
  floorOffer?: boolean;

  @ApiPropertyOptional({ example: '按运费三倍赔付并致歉', maxLength: NOTE })
  @IsOptional()
  @IsText(NOTE)
  note?: string;
}

export class DecideApprovalDto implements Readonly<ActionInputs['decide-approval']> {
  @ApiProperty({ example: true, description: '是否批准(R-APR-1/2)' })
  @IsDefined()
  @IsBoolean()
  approve!: boolean;

  @ApiPropertyOptional({ example: '同意按方案执行', maxLength: NOTE })
  @IsOptional()
  @IsText(NOTE)
  comment?: string;
}

export class ContactAttemptDto implements Readonly<ActionInputs['contact-attempt']> {
  @ApiProperty({ example: false, description: '是否联系上客户(R-CON-1)' })
  @IsDefined()
  @IsBoolean()
  reached!: boolean;

  @ApiProperty({ enum: Object.keys(CONTACT_CHANNELS), example: 'phone' })
  @IsDefined()
  @IsIn(Object.keys(CONTACT_CHANNELS))
  channel!: ContactChannel;

  @ApiPropertyOptional({ example: '电话关机,已发短信告知', maxLength: NOTE })
  @IsOptional()
  @IsText(NOTE)
  note?: string;
}

export class CustomerResponseDto implements Readonly<ActionInputs['customer-response']> {
  @ApiProperty({ example: true, description: '客户是否接受方案(R-RES-2)' })
  @IsDefined()
  @IsBoolean()
  accepted!: boolean;

  @ApiPropertyOptional({ example: '同意,谢谢', maxLength: NOTE })
  @IsOptional()
  @IsText(NOTE)
  comment?: string;
}

export class ExecutePlanDto implements Readonly<ActionInputs['execute-plan']> {
  @ApiPropertyOptional({ example: 'PAY-20261125-88', maxLength: 128, description: '付款凭证号(R-HDL-3)' })
  @IsOptional()
  @IsText(128)
  paymentRef?: string;

  @ApiPropertyOptional({ example: '已通过账户余额退款', maxLength: NOTE })
  @IsOptional()
  @IsText(NOTE)
  note?: string;
}

export class RegulatorReplyDto implements Readonly<ActionInputs['regulator-reply']> {
  @ApiProperty({
    example: '经核实,快件已于11月22日妥投。经向客户沟通解释,对方表示理解和认可,不再追究有关此票快件的任何责任。',
    maxLength: 10000,
    description: '回复邮政管理局的文本(R-REG-2)',
  })
  @IsDefined()
  @IsText(10000)
  text!: string;
}

export class SurveyDto implements Readonly<ActionInputs['survey']> {
  @ApiProperty({ minimum: 1, maximum: 5, example: 4, description: '处理速度' })
  @IsDefined()
  @IsInt()
  @Min(1)
  @Max(5)
  speed!: number;

  @ApiProperty({ minimum: 1, maximum: 5, example: 5, description: '处理效果' })
  @IsDefined()
  @IsInt()
  @Min(1)
  @Max(5)
  effectiveness!: number;

  @ApiProperty({ minimum: 1, maximum: 5, example: 5, description: '客服态度' })
  @IsDefined()
  @IsInt()
  @Min(1)
  @Max(5)
  attitude!: number;

  @ApiProperty({ minimum: 1, maximum: 5, example: 4, description: '信息透明度' })
  @IsDefined()
  @IsInt()
  @Min(1)
  @Max(5)
  transparency!: number;

  @ApiPropertyOptional({ example: '希望能更早告知处理进度', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  suggestion?: string;
}

export class ReasonDto {
  @ApiProperty({ example: '等待客户补充证据', maxLength: NOTE })
  @IsDefined()
  @IsText(NOTE)
  reason!: string;
}

/** The body class of each action (used by the controller's routes and the OpenAPI document). */
export const ACTION_BODIES: { readonly [A in ActionName]: new () => object } = {
  accept: AcceptDto,
  'reject-inadmissible': RejectInadmissibleDto,
  'resolve-on-the-spot': ResolveOnTheSpotDto,
  assign: AssignDto,
  'record-findings': RecordFindingsDto,
  'propose-plan': ProposePlanDto,
  'decide-approval': DecideApprovalDto,
  'contact-attempt': ContactAttemptDto,
  'customer-response': CustomerResponseDto,
  'execute-plan': ExecutePlanDto,
  'regulator-reply': RegulatorReplyDto,
  survey: SurveyDto,
  'pause-sla': ReasonDto,
  'resume-sla': ReasonDto,
  escalate: ReasonDto,
  reopen: ReasonDto,
};
