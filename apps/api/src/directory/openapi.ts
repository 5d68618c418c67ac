/** OpenAPI pieces of the directory endpoints: the answers' shapes (Chinese examples) and the bodies from the schemas. */
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiResponse, type OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { ErrorDoc } from '../complaints/openapi';

type Schema = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];

/** A body schema for `@ApiBody({ schema })`: the zod schema as JSON Schema, with its examples. */
export function bodySchema(schema: z.ZodType): Schema {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as Schema;
}

const ERROR_TEXT: Record<number, string> = {
  400: '字段校验失败(details 逐项列出字段与原因,原因默认为中文)',
  401: '缺少或无效的令牌,或该用户已在员工目录中停用(AUTH.USER_INACTIVE)',
  403: '仅管理员可操作',
  404: '员工目录中没有该用户,或没有登记该网点',
  409: '用户 id 或网点编码已存在',
  422: '不能停用自己或取消自己的管理员角色(DIRECTORY.SELF_LOCKOUT)',
  429: '请求过于频繁',
};

export const DirectoryErrors = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, type: ErrorDoc, description: ERROR_TEXT[status] })),
  );

export class StaffUserDoc {
  @ApiProperty({ example: 'sup-sh-01', description: '令牌中的 sub' }) id!: string;
  @ApiProperty({ example: '王主管' }) name!: string;
  @ApiProperty({ example: ['supervisor'], type: [String] }) roles!: string[];
  @ApiProperty({ example: 'SH-001', nullable: true, type: String }) outlet!: string | null;
  @ApiProperty({ example: '上海客服部', nullable: true, type: String }) department!: string | null;
  @ApiProperty({ example: 'wang.zhuguan@example.com', nullable: true, type: String }) email!: string | null;
  @ApiProperty({ example: '13812345678', nullable: true, type: String }) phone!: string | null;
  @ApiProperty({ enum: ['zh-CN', 'en'], example: 'zh-CN' }) language!: string;
  @ApiProperty({
    example: { channels: { escalation: ['inbox', 'sms'] }, quietHours: { start: '18:00', end: '09:00' } },
    description: '按通知种类的渠道;免打扰时段(北京时间)',
  })
  preferences!: Record<string, unknown>;
  @ApiProperty({ example: true }) active!: boolean;
  @ApiProperty({ example: '2026-11-24T02:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ example: '2026-11-24T02:00:00.000Z' }) updatedAt!: string;
}

export class MeDoc extends StaffUserDoc {
  @ApiProperty({ example: true, description: 'false:员工目录中没有该用户,以上内容来自令牌' }) listed!: boolean;
}

export class StaffUserListDoc {
  @ApiProperty({ type: [StaffUserDoc] }) items!: StaffUserDoc[];
}

export class OutletChangeDoc {
  @ApiProperty({ example: '42' }) id!: string;
  @ApiProperty({ example: 'SH-001' }) code!: string;
  @ApiProperty({ example: '2026-11-24T02:00:00.000Z' }) changedAt!: string;
  @ApiProperty({ example: 'admin-hq' }) changedBy!: string;
  @ApiProperty({ enum: ['name', 'complaintPhone', 'complaintHandler'], example: 'complaintPhone' }) field!: string;
  @ApiProperty({ example: '021-58881234', nullable: true, type: String, description: '新建网点时为 null' })
  old!: string | null;
  @ApiProperty({ example: '021-58889999' }) new!: string;
  @ApiProperty({
    example: false,
    nullable: true,
    type: Boolean,
    description: '是否已报总部(R-CH-4):false 待报,true 已报,null 无需上报(网点名称)',
  })
  reported!: boolean | null;
  @ApiProperty({ example: null, nullable: true, type: String }) reportedAt!: string | null;
}

export class OutletDoc {
  @ApiProperty({ example: 'SH-001' }) code!: string;
  @ApiProperty({ example: '上海浦东网点' }) name!: string;
  @ApiProperty({ example: '021-58889999', description: '对外公布的投诉电话' }) complaintPhone!: string;
  @ApiProperty({ example: '李经理', description: '投诉处理负责人' }) complaintHandler!: string;
  @ApiProperty({ example: '2026-11-24T02:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ example: '2026-11-25T02:00:00.000Z' }) updatedAt!: string;
}

export class OutletWithHistoryDoc extends OutletDoc {
  @ApiProperty({ type: [OutletChangeDoc], description: '变更记录(新建与修改时为本次变更)' })
  history!: OutletChangeDoc[];
}

export class OutletListDoc {
  @ApiProperty({ type: [OutletDoc] }) items!: OutletDoc[];
}

export class OutletChangeListDoc {
  @ApiProperty({ type: [OutletChangeDoc] }) items!: OutletChangeDoc[];
}
