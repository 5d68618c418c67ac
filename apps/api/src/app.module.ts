import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Client } from '@temporalio/client';
import type { AppConfig, Logger } from '../../../libs/config/src';
import { postgresOptions } from '../../../libs/persistence/src';
import { HealthController } from './health/health.controller';
import { APP_CONFIG, LOGGER, TEMPORAL_CLIENT } from './tokens';

export interface AppDeps {
  readonly config: AppConfig & { DATABASE_URL: string; TEMPORAL_ADDRESS: string };
  readonly temporal: Client;
  readonly logger: Logger;
}

@Module({})
export class AppModule {
  static register(deps: AppDeps): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot({
          ...postgresOptions({
            url: deps.config.DATABASE_URL,
            poolSize: deps.config.DATABASE_POOL_SIZE,
            applicationName: 'complaintflow-api',
          }),
          retryAttempts: 3,
          retryDelay: 1000,
        }),
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_CONFIG, useValue: deps.config },
        { provide: TEMPORAL_CLIENT, useValue: deps.temporal },
        { provide: LOGGER, useValue: deps.logger },
      ],
    };
  }
}
