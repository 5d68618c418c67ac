/**
 * `POST /complaints` body (docs/api.md Complaints). Types, enums, lengths and unknown properties are checked here; the
 * completeness rules (R-ACC-1, R-ACC-2, R-CH-1: phone or e-mail, waybill format, blank text) by
 * `checkIntakeCompleteness` in libs/domain/src/intake.ts.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CATEGORY_IDS,
  CHANNEL_IDS,
  CONTACT_CHANNELS,
  PARTIES,
  URGENCY_IDS,
  type Category,
  type Channel,
  type ContactChannel,
  type Party,
  type PriorContactOutlet,
  type Urgency,
} from '@complaintflow/domain/vocabulary';
import type { FieldProblem } from '../../common/validation';
import { intakeRuleProblems } from '../intake-rules';
import { MAX_FEN, OUTLET_CODE, SAFE_ID } from './common';

const PRIOR_CONTACT_OUTLETS: PriorContactOutlet[] = ['origin', 'delivery', 'none'];

export class ComplainantDto {
  @ApiProperty({ example: '张三', maxLength: 100, description: '投诉人姓名(加密保存,R-SEC-1)' })
  @IsDefined()
  @IsString()
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({ example: '13812345678', maxLength: 40, description: '联系电话(电话或邮箱至少一项)' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string;

  @ApiPropertyOptional({ example: 'zhang.san@example.com', maxLength: 254 })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({
    enum: Object.keys(CONTACT_CHANNELS),
    example: 'phone',
    description: '客户希望的联系方式(R-CON-2);缺省为电话,无电话则为邮件',
  })
  @IsOptional()
  @IsIn(Object.keys(CONTACT_CHANNELS))
  preferredChannel?: ContactChannel;

  @ApiPropertyOptional({
    example: false,
    description: '客户同意在夜间(北京时间 21:00–08:00)接收短信和邮件;缺省为否,夜间的消息等到 08:00 再发',
  })
  @IsOptional()
  @IsBoolean()
  contactAtNight?: boolean;

  @ApiProperty({ enum: Object.keys(PARTIES), example: 'recipient', description: '寄件人或收件人(R-ACC-2)' })
  @IsDefined()
  @IsIn(Object.keys(PARTIES))
  party!: Party;
}

export class ShipmentDto {
  @ApiProperty({ example: 'SH-001', description: '发件网点' })
  @IsDefined()
  @IsString()
  @Matches(OUTLET_CODE, { message: 'must be an outlet code (letters, digits, ._-; up to 32)' })
  originOutlet!: string;

  @ApiProperty({ example: 'BJ-007', description: '派件网点' })
  @IsDefined()
  @IsString()
  @Matches(OUTLET_CODE, { message: 'must be an outlet code (letters, digits, ._-; up to 32)' })
  deliveryOutlet!: string;

  @ApiProperty({ example: 1800, description: '应收运费(分)' })
  @IsDefined()
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  freightFen!: number;

  @ApiProperty({ example: 3000, description: '实收费用(分)' })
  @IsDefined()
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  chargedFen!: number;

  @ApiProperty({ example: false, description: '是否保价' })
  @IsDefined()
  @IsBoolean()
  insured!: boolean;

  @ApiProperty({ example: 0, description: '声明价值(分)' })
  @IsDefined()
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  declaredValueFen!: number;
}

export class PriorContactDto {
  @ApiProperty({ enum: PRIOR_CONTACT_OUTLETS, example: 'origin', description: '投诉前联系过的网点' })
  @IsDefined()
  @IsIn(PRIOR_CONTACT_OUTLETS)
  outlet!: PriorContactOutlet;

  @ApiProperty({ example: false, description: '该网点是否按规定处理(R-LIA-2)' })
  @IsDefined()
  @IsBoolean()
  handledByRules!: boolean;
}

export class IntakeDto {
  /** R-ACC-1, R-ACC-2, R-CH-1 (libs/domain/src/intake.ts), reported with the field problems in one 400. */
  static extraProblems(raw: unknown, reported: readonly FieldProblem[]): FieldProblem[] {
    return intakeRuleProblems(raw, reported);
  }

  @ApiProperty({ enum: CHANNEL_IDS, example: 'phone', description: '受理渠道(R-CH-1)' })
  @IsDefined()
  @IsIn(CHANNEL_IDS)
  channel!: Channel;

  @ApiPropertyOptional({ example: 'YZ-2026-11-000123', description: '渠道编号,如邮政管理局申诉编号' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._:/-]{1,64}$/, { message: 'must be 1–64 letters, digits or ._:/-' })
  externalRef?: string;

  @ApiProperty({ example: 'ZT123456789', description: '快递单号' })
  @IsDefined()
  @IsString()
  @MaxLength(64)
  waybillNo!: string;

  @ApiProperty({ type: () => ComplainantDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ComplainantDto)
  complainant!: ComplainantDto;

  @ApiProperty({ enum: CATEGORY_IDS, example: 'delay', description: '投诉类别(R-CAT-1)' })
  @IsDefined()
  @IsIn(CATEGORY_IDS)
  category!: Category;

  @ApiPropertyOptional({ enum: URGENCY_IDS, example: 'normal', default: 'normal', description: '紧急程度(R-CAT-4)' })
  @IsOptional()
  @IsIn(URGENCY_IDS)
  urgency?: Urgency;

  @ApiProperty({
    example: '快件已经五天没有更新物流信息,客服电话一直打不通。',
    maxLength: 5000,
    description: '客户原话(加密保存)',
  })
  @IsDefined()
  @IsString()
  @MaxLength(5000)
  description!: string;

  @ApiProperty({ example: '尽快派送并说明原因', maxLength: 1000, description: '客户期望结果' })
  @IsDefined()
  @IsString()
  @MaxLength(1000)
  expectedOutcome!: string;

  @ApiPropertyOptional({ example: 0, description: '客户主张金额(分)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  claimedFen?: number;

  @ApiProperty({ type: () => ShipmentDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ShipmentDto)
  shipment!: ShipmentDto;

  @ApiPropertyOptional({ example: 'courier-1024', description: '被投诉员工(R-FLOW-4 回避)' })
  @IsOptional()
  @IsString()
  @Matches(SAFE_ID, { message: 'must be an id (letters, digits, ._:@-; up to 128)' })
  subjectEmployeeId?: string;

  @ApiPropertyOptional({ type: () => PriorContactDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PriorContactDto)
  priorContact?: PriorContactDto;
}

export class IntakeResponseDto {
  @ApiProperty({ example: '0f8e6a52-4c1e-4d8a-9a57-6f1f6c1d2e3b' })
  id!: string;
  @ApiProperty({ example: 'complaint-0f8e6a52-4c1e-4d8a-9a57-6f1f6c1d2e3b' })
  workflowId!: string;
  @ApiProperty({ example: 'acceptance' })
  stage!: string;
  @ApiProperty({ example: '2026.1' })
  policyVersion!: string;
  @ApiProperty({
    description: '各时限,按种类:到期时间与当前状态(running|paused|met|breached|cancelled)',
    example: {
      classify: { dueAt: '2026-11-24T03:00:00.000Z', state: 'running', statutory: false },
      statutory_reply: { dueAt: '2026-12-01T02:00:00.000Z', state: 'running', statutory: true },
    },
  })
  deadlines!: Record<string, unknown>;
  @ApiProperty({ example: false, description: '重复投诉(R-CAT-4)' })
  isRepeat!: boolean;
}
