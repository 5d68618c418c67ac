/**
 * The staff directory (docs/api.md v2): `GET/POST /users`, `PATCH /users/:id` (admin), and `GET /me` (every staff
 * member: their own entry). An active entry decides the roles and scope of the token whose `sub` is its id; an
 * inactive one is refused (auth/authentication.ts).
 */
import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { DirectoryService } from './directory.service';
import { bodySchema, DirectoryErrors, MeDoc, StaffUserDoc, StaffUserListDoc } from './openapi';
import { assertSameKey, CREATE_USER, PATCH_USER, parseBody, parseParam, reasonLanguage } from './schemas';

export const ACCEPT_LANGUAGE = {
  name: 'Accept-Language',
  required: false,
  description: '错误原因的语言:默认简体中文,en 为英文',
  example: 'zh-CN',
};

@ApiTags('directory')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly directory: DirectoryService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: '员工目录 / The staff directory', description: '全部员工条目,按 id 排序。' })
  @ApiOkResponse({ type: StaffUserListDoc })
  @DirectoryErrors(401, 403, 429)
  list() {
    return this.directory.listUsers();
  }

  @Post()
  @Roles('admin')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: '新增员工 / Add a staff member',
    description: 'id 为令牌中的 sub;登记后该用户的角色与网点、部门以员工目录为准。id 已存在时 409。',
  })
  @ApiHeader(ACCEPT_LANGUAGE)
  @ApiBody({ schema: bodySchema(CREATE_USER) })
  @ApiResponse({ status: 201, type: StaffUserDoc })
  @DirectoryErrors(400, 401, 403, 409, 429)
  create(@Body() body: unknown, @Headers('accept-language') acceptLanguage?: string) {
    const lang = reasonLanguage(acceptLanguage);
    return this.directory.createUser(parseBody(CREATE_USER, body, lang), lang);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary: '修改员工 / Change a staff member',
    description:
      '只修改给出的字段(null 清空可选字段);preferences 中给出的键替换原值。active=false 停用:其令牌一律 401。' +
      '不能停用自己或取消自己的管理员角色(422)。',
  })
  @ApiParam({ name: 'id', example: 'sup-sh-01' })
  @ApiHeader(ACCEPT_LANGUAGE)
  @ApiBody({ schema: bodySchema(PATCH_USER) })
  @ApiOkResponse({ type: StaffUserDoc })
  @DirectoryErrors(400, 401, 403, 404, 422, 429)
  patch(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('accept-language') acceptLanguage?: string,
  ) {
    const lang = reasonLanguage(acceptLanguage);
    const userId = parseParam('id', id, lang);
    const patch = parseBody(PATCH_USER, body, lang);
    assertSameKey('id', patch.id, userId, lang);
    return this.directory.patchUser(principal, userId, patch, lang);
  }
}

@ApiTags('directory')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly directory: DirectoryService) {}

  @Get()
  @ApiOperation({
    summary: '我的员工目录条目 / My staff directory entry',
    description: '员工目录中没有当前用户时,返回令牌中的身份(listed: false)。',
  })
  @ApiOkResponse({ type: MeDoc })
  @DirectoryErrors(401, 429)
  me(@CurrentPrincipal() principal: Principal) {
    return this.directory.me(principal);
  }
}
