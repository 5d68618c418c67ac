/**
 * Terminus health indicators for what the API cannot work without: PostgreSQL (`SELECT 1` on the API's own pool)
 * and Temporal (the case namespace described through the API's client connection). Each reports how long it took
 * (`ms`) and, when down, the first line of the error; a check that takes longer than 3 s is down.
 */
import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@complaintflow/config';
import { APP_CONFIG, TEMPORAL_CLIENT } from '../tokens';
import { pingDatabase } from '@complaintflow/persistence/repositories/db';

export const HEALTH_CHECK_TIMEOUT_MS = 3000;

/** What each check reports (the `/health` body's `checks.<name>`). */
export interface CheckResult {
  status: 'up' | 'down';
  ms: number;
  error?: string;
}

async function probe<const K extends string>(
  health: HealthIndicatorService,
  key: K,
  fn: () => Promise<unknown>,
): Promise<HealthIndicatorResult<K>> {
  const check = health.check(key);
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`timed out after ${HEALTH_CHECK_TIMEOUT_MS} ms`)),
          HEALTH_CHECK_TIMEOUT_MS,
        );
        timer.unref();
      }),
    ]);
    return check.up({ ms: Date.now() - started });
  } catch (err) {
    const error = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    return check.down({ ms: Date.now() - started, error });
  } finally {
    clearTimeout(timer);
  }
}

@Injectable()
export class PostgresHealthIndicator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly health: HealthIndicatorService,
  ) {}

  isHealthy<const K extends string>(key: K): Promise<HealthIndicatorResult<K>> {
    return probe(this.health, key, () => pingDatabase(this.dataSource));
  }
}

@Injectable()
export class TemporalHealthIndicator {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly health: HealthIndicatorService,
  ) {}

  isHealthy<const K extends string>(key: K): Promise<HealthIndicatorResult<K>> {
    return probe(this.health, key, () =>
      this.temporal.workflowService.describeNamespace({ namespace: this.config.TEMPORAL_NAMESPACE }),
    );
  }
}
