/**
 * `GET /auth/dev-users` — the staff directory's active people (id, name, roles, outlet: no contact data) for the
 * console's development sign-in, only when AUTH_MODE=dev (404 otherwise, like `POST /auth/dev-token`).
 */
import { Controller, Get, HttpStatus, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AppConfig } from '@complaintflow/config';
import { StaffDirectoryRepository } from '@complaintflow/persistence/repositories/staff-directory';
import { Public } from '../auth/decorators';
import { ApiError } from '../common/api-error';
import { APP_CONFIG } from '../tokens';

@ApiTags('auth')
@Controller('auth')
export class DevUsersController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly staff: StaffDirectoryRepository,
  ) {}

  @Public()
  @Get('dev-users')
  @ApiOperation({ summary: '开发用登录的员工列表(仅 AUTH_MODE=dev)/ Staff to sign in as (AUTH_MODE=dev only)' })
  async list(): Promise<{ items: { id: string; name: string; roles: string[]; outlet: string | null }[] }> {
    if (this.config.AUTH_MODE !== 'dev') throw new ApiError(HttpStatus.NOT_FOUND, 'RESOURCE.NOT_FOUND', 'Not found.');
    const users = await this.staff.list();
    return {
      items: users
        .filter((u) => u.active)
        .map((u) => ({ id: u.id, name: u.name, roles: [...u.roles], outlet: u.outlet })),
    };
  }
}
