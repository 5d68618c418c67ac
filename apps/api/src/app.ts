/** Builds the Nest application (used by main.ts and by the HTTP tests, so both run the same stack). */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { AppModule, type AppDeps } from './app.module';
import { ErrorFilter } from './common/error.filter';
import { requestContext } from './common/request-context';
import { PinoNestLogger } from './common/nest-logger';

export const BODY_LIMIT = '64kb';

export async function createApp(deps: AppDeps): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(deps), {
    logger: new PinoNestLogger(deps.logger),
    bodyParser: false,
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(requestContext(deps.logger));
  app.use(helmet());
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.useGlobalFilters(new ErrorFilter(deps.logger));

  const doc = new DocumentBuilder()
    .setTitle('complaintflow')
    .setDescription('快递投诉工单管理 API / Complaint case management for express-delivery networks')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'docs-json' });
  return app;
}
