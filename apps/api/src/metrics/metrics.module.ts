/** `GET /metrics` and the request timing middleware (apps/api/src/metrics/metrics.ts). */
import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiMetrics } from './metrics';
import { MetricsController } from './metrics.controller';

@Module({
  controllers: [MetricsController],
  providers: [{ provide: ApiMetrics, inject: [DataSource], useFactory: (ds: DataSource) => new ApiMetrics(ds) }],
})
export class MetricsModule implements NestModule {
  constructor(private readonly metrics: ApiMetrics) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(this.metrics.middleware()).forRoutes('*');
  }
}
