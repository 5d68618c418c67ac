/**
 * OpenAPI pieces shared by the complaint controllers: the error shape, the case shape, common headers, and the body
 * of every action, generated from its schema in libs/domain (`z.toJSONSchema`).
 */
import { applyDecorators } from '@nestjs/common';
import {
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  type ApiHeaderOptions,
  type OpenAPIObject,
} from '@nestjs/swagger';
import { z } from 'zod';
import { ACTION_SCHEMAS } from '@complaintflow/domain/case/actions';
import { ACTION_NAMES, type ActionName } from '@complaintflow/domain/stages';

export class ErrorInnerDoc {
  @ApiProperty({ example: 'REQUEST.INVALID' }) code!: string;
  @ApiProperty({ example: '请求无效:waybillNo must be 8–32 letters and digits' }) message!: string;
  @ApiProperty({
    example: [{ field: 'waybillNo', reason: 'must be 8–32 letters and digits', ruleId: 'R-ACC-1' }],
    type: 'array',
    items: { type: 'object' },
  })
  details!: unknown[];
}

export class ErrorDoc {
  @ApiProperty({ type: () => ErrorInnerDoc }) error!: ErrorInnerDoc;
}

const ERROR_TEXT: Record<number, string> = {
  400: '请求格式或字段校验失败(details 逐项列出字段与原因)',
  401: '缺少或无效的令牌',
  403: '角色不允许此操作',
  404: '工单不存在或不在可见范围内',
  409: '操作与工单当前阶段或状态不符',
  413: '请求体超过 64 KiB',
  422: '业务规则拒绝(code 为规则编号,如 RULE.R-REG-2)',
  429: '请求过于频繁',
  503: '流程引擎暂不可用,请用同一 Idempotency-Key 重试',
};

/** Documents the listed error statuses with the API error shape. */
export const ApiErrors = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, type: ErrorDoc, description: ERROR_TEXT[status] })),
  );

export const IDEMPOTENCY_HEADER: ApiHeaderOptions = {
  name: 'Idempotency-Key',
  required: false,
  description: '幂等键(1–255 个字符):重试返回第一次的结果',
  example: 'c1f2e3d4-intake-0001',
};

export class DeadlineDoc {
  @ApiProperty({ example: '2026-11-24T03:00:00.000Z' }) dueAt!: string;
  @ApiProperty({ enum: ['running', 'paused', 'met', 'breached', 'cancelled'], example: 'running' }) state!: string;
  @ApiProperty({ example: false, description: '法定时限(不受内部暂停影响)' }) statutory!: boolean;
  @ApiProperty({ example: '2026-11-24T02:00:00.000Z' }) startedAt!: string;
  @ApiProperty({ example: '2026-11-24T02:45:00.000Z' }) warnAt!: string;
  @ApiPropertyOptional({ example: '2026-11-24T02:20:00.000Z' }) metAt?: string;
}

/** The case as `GET /complaints/:id` and every action answer it (see case-view.ts). */
export class CaseViewDoc {
  @ApiProperty({ example: '0f8e6a52-4c1e-4d8a-9a57-6f1f6c1d2e3b' }) id!: string;
  @ApiProperty({ example: 'complaint-0f8e6a52-4c1e-4d8a-9a57-6f1f6c1d2e3b' }) workflowId!: string;
  @ApiProperty({ example: 'handling' }) stage!: string;
  @ApiProperty({ enum: ['open', 'closed'], example: 'open' }) status!: string;
  @ApiProperty({ example: true }) classified!: boolean;
  @ApiProperty({ example: 'regulator' }) channel!: string;
  @ApiProperty({ example: 'YZ-2026-11-000123', nullable: true, type: String }) externalRef!: string | null;
  @ApiProperty({ example: 'ZT123456789' }) waybillNo!: string;
  @ApiProperty({ example: 'loss' }) category!: string;
  @ApiProperty({ example: 'urgent' }) urgency!: string;
  @ApiProperty({ example: 2 }) escalationLevel!: number;
  @ApiProperty({ example: 'supervisor' }) tier!: string;
  @ApiProperty({ example: { id: 'inv-007', department: '北京派件中心' } }) owner!: Record<string, unknown>;
  @ApiProperty({
    example: { name: '张三', phone: '13812345678', email: null, preferredChannel: 'phone', party: 'recipient' },
    description: '审计员看到脱敏信息:张*、138****5678',
  })
  complainant!: Record<string, unknown>;
  @ApiProperty({ example: '快件已经五天没有更新物流信息。', nullable: true, type: String }) description!: string | null;
  @ApiProperty({ example: '尽快派送并说明原因', nullable: true, type: String }) expectedOutcome!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object' },
    description: '各时限,按种类(classify、forward、investigation、plan、approval、statutory_reply …)',
    example: {
      classify: {
        dueAt: '2026-11-24T03:00:00.000Z',
        state: 'met',
        statutory: false,
        startedAt: '2026-11-24T02:00:00.000Z',
        warnAt: '2026-11-24T02:45:00.000Z',
        metAt: '2026-11-24T02:20:00.000Z',
      },
    },
  })
  deadlines!: Record<string, DeadlineDoc>;
  @ApiProperty({ example: false, description: '按实时时限计算是否超时' }) overdue!: boolean;
  @ApiProperty({
    example: { external: 'SH-001', internal: 'BJ-007', companyLiable: true, ruleId: 'R-LIA-4' },
    nullable: true,
  })
  liability!: Record<string, unknown> | null;
  @ApiProperty({ example: 2400, nullable: true, type: Number, description: '按 R-CMP-* 建议的赔偿(分)' })
  suggestedCompensationFen!: number | null;
  @ApiProperty({
    example: {
      remedies: ['apology', 'compensation'],
      compensationFen: 2400,
      floorOffer: false,
      requiredApproval: 'supervisor',
      approval: 'pending',
      customer: 'pending',
      proposedBy: 'inv-007',
      proposedAt: '2026-11-25T02:00:00.000Z',
    },
    nullable: true,
  })
  plan!: Record<string, unknown> | null;
  @ApiProperty({ example: [], type: 'array', items: { type: 'object' } }) approvals!: unknown[];
  @ApiProperty({ example: [], type: 'array', items: { type: 'object' } }) contactAttempts!: unknown[];
  @ApiProperty({ example: [], type: 'array', items: { type: 'object' } }) negotiationRounds!: unknown[];
  @ApiProperty({ example: { fen: 2400 }, nullable: true, description: '底限方案(R-CMP-4)' })
  floorOffer!: Record<string, unknown> | null;
  @ApiProperty({ example: null, nullable: true, description: '满意度调查(R-REV-1)' }) survey!: Record<
    string,
    unknown
  > | null;
  @ApiProperty({ example: ['propose-plan', 'escalate'], description: '当前用户可执行的操作' }) actions!: string[];
  @ApiProperty({ example: '2026-11-24T02:00:00.000Z' }) receivedAt!: string;
  @ApiProperty({ example: '2026-11-25T02:00:00.000Z' }) updatedAt!: string;
}

type Schemas = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>;

/**
 * The component name of an action's body: `AcceptDto`, `RecordFindingsDto`, …; actions sharing one schema share its
 * component, named by the schema's title (`ReasonDto` for pause-sla, resume-sla, escalate and reopen).
 */
export function actionBodyName(action: ActionName): string {
  const title = (ACTION_SCHEMAS[action] as z.ZodType).meta()?.title;
  return `${title ?? action.replace(/(?:^|-)([a-z])/g, (_, c: string) => c.toUpperCase())}Dto`;
}

/** `@ApiBody({ schema: actionBodyRef('assign') })`: the action's body component (added by `withActionBodies`). */
export function actionBodyRef(action: ActionName): { $ref: string } {
  return { $ref: `#/components/schemas/${actionBodyName(action)}` };
}

/** The OpenAPI schema of an action's body: its domain schema as JSON Schema, with the Chinese examples. */
export function actionBodySchema(action: ActionName): Schemas[string] {
  return z.toJSONSchema(ACTION_SCHEMAS[action], { target: 'openapi-3.0', io: 'input' }) as Schemas[string];
}

/** The document with every action's body among its components (where the document is built: app.ts). */
export function withActionBodies(document: OpenAPIObject): OpenAPIObject {
  const schemas: Schemas = { ...document.components?.schemas };
  for (const action of ACTION_NAMES) schemas[actionBodyName(action)] ??= actionBodySchema(action);
  return { ...document, components: { ...document.components, schemas } };
}
