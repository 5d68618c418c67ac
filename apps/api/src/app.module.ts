import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Client } from '@temporalio/client';
import type { AppConfig, Logger } from '../../../libs/config/src';
import { postgresOptions } from '../../../libs/persistence/src';
import { HealthController } from './health/health.controller';
import { AuditModule } from './audit/audit.module';
import { AuthGuard } from './auth/auth.guard';
import { DevTokenController } from './auth/dev-token.controller';
import { APP_CONFIG, AUTH_SECRET, LOGGER, TEMPORAL_CLIENT } from './tokens';

export interface AppDeps {
  readonly config: AppConfig & { DATABASE_URL: string; TEMPORAL_ADDRESS: string };
  readonly temporal: Client;
  readonly logger: Logger;
  /** HMAC secret for bearer tokens (JWT_SECRET; in dev a per-data-folder secret from npm start). */
  readonly authSecret: string;
}

@Global()
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
        AuditModule,
      ],
      controllers: [HealthController, DevTokenController],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: AUTH_SECRET, useValue: deps.authSecret },
        { provide: APP_CONFIG, useValue: deps.config },
        { provide: TEMPORAL_CLIENT, useValue: deps.temporal },
        { provide: LOGGER, useValue: deps.logger },
      ],
      exports: [APP_CONFIG, TEMPORAL_CLIENT, LOGGER, AUTH_SECRET],
    };
  }
}
