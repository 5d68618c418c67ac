/** `POST /auth/dev-token` — only when AUTH_MODE=dev (refused at boot in production); 404 otherwise. */
import { Body, Controller, HttpCode, HttpStatus, Inject, Post } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AppConfig } from '@complaintflow/config';
import { ApiError } from '../common/api-error';
import { APP_CONFIG } from '../tokens';
import { Public } from './decorators';
import { signWith } from './jwt';
import { principalFromClaims } from './principal';

export const DEV_TOKEN_TTL_SECONDS = 12 * 3600;

@ApiTags('auth')
@Controller('auth')
export class DevTokenController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
  ) {}

  @Public()
  @Post('dev-token')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '开发用令牌(仅 AUTH_MODE=dev)/ Development token (AUTH_MODE=dev only)' })
  @ApiBody({ schema: { example: { sub: 'sup1', roles: ['supervisor'], name: '王主管', outlet: 'SH-001' } } })
  issue(@Body() body: unknown): { token: string } {
    if (this.config.AUTH_MODE !== 'dev') throw new ApiError(HttpStatus.NOT_FOUND, 'RESOURCE.NOT_FOUND', 'Not found.');
    const claims =
      typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    const principal = principalFromClaims(claims);
    if (!principal) {
      throw new ApiError(HttpStatus.BAD_REQUEST, 'REQUEST.INVALID', 'Give sub (an id) and roles (known roles).', [
        { field: 'sub', reason: 'required: letters, digits and ._:@- up to 128' },
        { field: 'roles', reason: 'a non-empty list of: agent, investigator, supervisor, manager, auditor, admin' },
      ]);
    }
    return { token: signWith(this.jwt, { ...principal }, DEV_TOKEN_TTL_SECONDS) };
  }
}
