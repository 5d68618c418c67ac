/**
 * The outlet directory (docs/api.md v2, R-CH-4): each outlet's published complaint line and complaint handler, with
 * the history of changes; a change to the line or the handler is reported to headquarters (pending until the relay
 * delivers it: `GET /outlets/changes/pending`). Admin only.
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
import { bodySchema, DirectoryErrors, OutletChangeListDoc, OutletListDoc, OutletWithHistoryDoc } from './openapi';
import { assertSameKey, CREATE_OUTLET, PATCH_OUTLET, parseBody, parseParam, reasonLanguage } from './schemas';
import { ACCEPT_LANGUAGE } from './users.controller';

@ApiTags('directory')
@ApiBearerAuth()
@Roles('admin')
@Controller('outlets')
export class OutletsController {
  constructor(private readonly directory: DirectoryService) {}

  @Get()
  @ApiOperation({
    summary: '网点目录 / The outlet directory',
    description: '全部网点及其投诉电话、投诉处理人(R-CH-4)。',
  })
  @ApiOkResponse({ type: OutletListDoc })
  @DirectoryErrors(401, 403, 429)
  list() {
    return this.directory.listOutlets();
  }

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: '登记网点 / Put an outlet on record',
    description: '登记投诉电话与投诉处理人(R-CH-4),并记入变更记录、报总部。编码已存在时 409。',
  })
  @ApiHeader(ACCEPT_LANGUAGE)
  @ApiBody({ schema: bodySchema(CREATE_OUTLET) })
  @ApiResponse({ status: 201, type: OutletWithHistoryDoc })
  @DirectoryErrors(400, 401, 403, 409, 429)
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: unknown,
    @Headers('accept-language') acceptLanguage?: string,
  ) {
    const lang = reasonLanguage(acceptLanguage);
    return this.directory.createOutlet(principal, parseBody(CREATE_OUTLET, body, lang), lang);
  }

  @Get('changes/pending')
  @ApiOperation({
    summary: '待报总部的变更 / Changes not yet reported to headquarters',
    description: '投诉电话或投诉处理人的变更须立即报总部(R-CH-4);此处列出尚未送达的报告,最早的在前。',
  })
  @ApiOkResponse({ type: OutletChangeListDoc })
  @DirectoryErrors(401, 403, 429)
  pending() {
    return this.directory.pendingOutletReports();
  }

  @Get(':code')
  @ApiOperation({ summary: '网点及其变更记录 / An outlet and its history', description: '变更记录按时间先后排列。' })
  @ApiParam({ name: 'code', example: 'SH-001' })
  @ApiOkResponse({ type: OutletWithHistoryDoc })
  @DirectoryErrors(400, 401, 403, 404, 429)
  get(@Param('code') code: string, @Headers('accept-language') acceptLanguage?: string) {
    const lang = reasonLanguage(acceptLanguage);
    return this.directory.outlet(parseParam('code', code, lang), lang);
  }

  @Patch(':code')
  @ApiOperation({
    summary: '修改网点 / Change an outlet',
    description:
      '只修改给出且有变化的字段,每项变更记入变更记录;投诉电话或投诉处理人的变更报总部(R-CH-4)。' +
      '返回网点及本次变更。',
  })
  @ApiParam({ name: 'code', example: 'SH-001' })
  @ApiHeader(ACCEPT_LANGUAGE)
  @ApiBody({ schema: bodySchema(PATCH_OUTLET) })
  @ApiOkResponse({ type: OutletWithHistoryDoc })
  @DirectoryErrors(400, 401, 403, 404, 429)
  patch(
    @CurrentPrincipal() principal: Principal,
    @Param('code') code: string,
    @Body() body: unknown,
    @Headers('accept-language') acceptLanguage?: string,
  ) {
    const lang = reasonLanguage(acceptLanguage);
    const outletCode = parseParam('code', code, lang);
    const patch = parseBody(PATCH_OUTLET, body, lang);
    assertSameKey('code', patch.code, outletCode, lang);
    return this.directory.patchOutlet(principal, outletCode, patch, lang);
  }
}
