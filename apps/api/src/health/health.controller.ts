/**
 * `GET /health`: PostgreSQL and Temporal reachability through @nestjs/terminus, in the body the API always gave —
 * `{ status: 'ok' | 'degraded', checks: { postgres, temporal } }` with each check's `status` (`up`/`down`), `ms`
 * and, when down, `error` — 200 when both are up, 503 when one is down (or the app is shutting down).
 */
import { Controller, Get, HttpStatus, ServiceUnavailableException, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { Public } from '../auth/decorators';
import { PostgresHealthIndicator, TemporalHealthIndicator, type CheckResult } from './health.indicators';

export interface HealthReport {
  status: 'ok' | 'degraded';
  checks: { postgres: CheckResult; temporal: CheckResult };
}

/** A check as the body always showed it: `status` first, `error` only when there is one. */
function asCheck({ status, ms, error }: CheckResult): CheckResult {
  return error === undefined ? { status, ms } : { status, ms, error };
}

@ApiTags('operations')
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly checks: HealthCheckService,
    private readonly postgres: PostgresHealthIndicator,
    private readonly temporal: TemporalHealthIndicator,
  ) {}

  @Get()
  @ApiOperation({ summary: 'PostgreSQL 与 Temporal 可达性 / PostgreSQL and Temporal reachability' })
  @ApiResponse({ status: 200, description: '全部可达 / all reachable' })
  @ApiResponse({ status: 503, description: '至少一项不可达 / at least one is down' })
  async health(@Res() res: Response): Promise<void> {
    let result: HealthCheckResult;
    try {
      result = await this.checks.check([
        () => this.postgres.isHealthy('postgres'),
        () => this.temporal.isHealthy('temporal'),
      ]);
    } catch (err) {
      // Terminus answers a failed check with a 503 exception carrying the same result.
      if (!(err instanceof ServiceUnavailableException)) throw err;
      result = err.getResponse() as HealthCheckResult;
    }
    const ok = result.status === 'ok';
    const details = result.details as Record<'postgres' | 'temporal', CheckResult>;
    const report: HealthReport = {
      status: ok ? 'ok' : 'degraded',
      checks: { postgres: asCheck(details.postgres), temporal: asCheck(details.temporal) },
    };
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(report);
  }
}
