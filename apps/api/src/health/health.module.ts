/** `/health` on @nestjs/terminus (the indicators use the API's data source and Temporal client). */
import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { PostgresHealthIndicator, TemporalHealthIndicator } from './health.indicators';

@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
  controllers: [HealthController],
  providers: [PostgresHealthIndicator, TemporalHealthIndicator],
})
export class HealthModule {}
