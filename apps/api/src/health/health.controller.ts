import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Client } from '@temporalio/client';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@complaintflow/config';
import { Public } from '../auth/decorators';
import { APP_CONFIG, TEMPORAL_CLIENT } from '../tokens';

export interface HealthReport {
  status: 'ok' | 'degraded';
  checks: { postgres: CheckResult; temporal: CheckResult };
}
interface CheckResult {
  status: 'up' | 'down';
  ms: number;
  error?: string;
}

async function timed(fn: () => Promise<unknown>, timeoutMs = 3000): Promise<CheckResult> {
  const started = Date.now();
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs).unref(),
      ),
    ]);
    return { status: 'up', ms: Date.now() - started };
  } catch (err) {
    return { status: 'down', ms: Date.now() - started, error: (err as Error).message.split('\n')[0] };
  }
}

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'PostgreSQL 与 Temporal 可达性 / PostgreSQL and Temporal reachability' })
  @ApiResponse({ status: 200, description: '全部可达 / all reachable' })
  @ApiResponse({ status: 503, description: '至少一项不可达 / at least one is down' })
  async health(@Res() res: Response): Promise<void> {
    const [postgres, temporal] = await Promise.all([
      timed(() => this.dataSource.query('SELECT 1')),
      timed(() => this.temporal.workflowService.describeNamespace({ namespace: this.config.TEMPORAL_NAMESPACE })),
    ]);
    const ok = postgres.status === 'up' && temporal.status === 'up';
    const report: HealthReport = { status: ok ? 'ok' : 'degraded', checks: { postgres, temporal } };
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(report);
  }
}
