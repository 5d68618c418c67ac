/**
 * `GET /metrics`: Prometheus text exposition (apps/api/src/metrics/metrics.ts). Public like `/health`, for the
 * scraper on the internal network; it carries counts and timings only, no personal data. Not rate limited.
 */
import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { Public } from '../auth/decorators';
import { ApiMetrics } from './metrics';

@Public()
@SkipThrottle()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: ApiMetrics) {}

  @Get()
  @ApiExcludeEndpoint()
  async metricsText(@Res() res: Response): Promise<void> {
    const body = await this.metrics.render();
    res.status(200).type(this.metrics.contentType).send(body);
  }
}
