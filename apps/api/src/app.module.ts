import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Client } from '@temporalio/client';
import type { AppConfig, Logger } from '@complaintflow/config';
import type { PolicyDocument } from '@complaintflow/domain/policy/types';
import { postgresOptions } from '@complaintflow/persistence';
import { PostgresThrottlerStorage } from '@complaintflow/persistence/throttler-storage';
import { DataSource } from 'typeorm';
import { AuditModule } from './audit/audit.module';
import { CodecModule } from './codec/codec.module';
import { AuthGuard } from './auth/auth.guard';
import { Authenticator } from './auth/authentication';
import { DevTokenController } from './auth/dev-token.controller';
import { jwtModuleOptions } from './auth/jwt';
import { RateLimitGuard, rateLimitOptions } from './common/rate-limit';
import { ComplaintsModule } from './complaints/complaints.module';
import { ConsoleModule } from './console/console.module';
import { DirectoryModule } from './directory/directory.module';
import { loadPolicyFile } from './complaints/policy-file';
import { PiiCipher, piiRootKey } from '@complaintflow/persistence/pii';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { NotificationsModule } from './notifications/notifications.module';
import { ReportsModule } from './reports/reports.module';
import { PrivacyModule } from './privacy/privacy.module';
import { APP_CONFIG, AUTH_SECRET, LOGGER, PII_CIPHER, POLICY_DOCUMENT, TEMPORAL_CLIENT } from './tokens';

export interface AppDeps {
  readonly config: AppConfig & { DATABASE_URL: string; TEMPORAL_ADDRESS: string };
  readonly temporal: Client;
  readonly logger: Logger;
  /** HMAC secret for bearer tokens (JWT_SECRET; in dev a per-data-folder secret from npm start). */
  readonly authSecret: string;
  /** The policy in force for new cases; default: POLICY_FILE, validated (a bad file stops the boot). */
  readonly policy?: PolicyDocument;
}

@Global()
@Module({})
export class AppModule {
  static register(deps: AppDeps): DynamicModule {
    const policy = deps.policy ?? loadPolicyFile(deps.config.POLICY_FILE);
    // R-SEC-1: PII_KEY (required in production), else a key derived from the auth secret.
    const cipher = new PiiCipher(piiRootKey(deps.config.PII_KEY, deps.authSecret));
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
        JwtModule.register(jwtModuleOptions(deps.authSecret)),
        // Counts in PostgreSQL, shared by every replica (docs/adr/0007-infrastructure-libraries.md).
        ThrottlerModule.forRootAsync({
          inject: [DataSource],
          useFactory: (dataSource: DataSource) =>
            rateLimitOptions(deps.config.RATE_LIMIT_PER_MINUTE, new PostgresThrottlerStorage(dataSource)),
        }),
        HealthModule,
        MetricsModule,
        AuditModule,
        ComplaintsModule,
        DirectoryModule,
        NotificationsModule,
        ReportsModule,
        CodecModule,
        ConsoleModule,
        PrivacyModule,
      ],
      controllers: [DevTokenController],
      providers: [
        Authenticator,
        // In this order: the rate limit counts every call, the refused ones (401, 403) too.
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: AUTH_SECRET, useValue: deps.authSecret },
        { provide: APP_CONFIG, useValue: deps.config },
        { provide: TEMPORAL_CLIENT, useValue: deps.temporal },
        { provide: LOGGER, useValue: deps.logger },
        { provide: POLICY_DOCUMENT, useValue: policy },
        { provide: PII_CIPHER, useValue: cipher },
      ],
      exports: [APP_CONFIG, TEMPORAL_CLIENT, LOGGER, AUTH_SECRET, POLICY_DOCUMENT, PII_CIPHER],
    };
  }
}
