/** Builds the Nest application (used by main.ts and by the HTTP tests, so both run the same stack). */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { AppModule, type AppDeps } from './app.module';
import { codecBody, corsPerRoute } from './codec/codec-http';
import { errorBody } from './common/api-error';
import { ErrorFilter } from './common/error.filter';
import { requestContext } from './common/request-context';
import { PinoNestLogger } from './common/nest-logger';
import { withActionBodies } from './complaints/openapi';
import { isRawUpload, reconciliationUpload } from './reports/regulator-upload';

export const BODY_LIMIT = '64kb';

/** A request with a body must send it as JSON (415 otherwise): a text body never reaches an action as `{}`. */
function jsonBodiesOnly(req: Request, res: Response, next: NextFunction): void {
  const hasBody = Number(req.header('content-length') ?? 0) > 0 || req.header('transfer-encoding') !== undefined;
  if (!hasBody || isRawUpload(req) || req.is('application/json') || req.is('application/*+json')) return next();
  res
    .status(415)
    .json(errorBody('REQUEST.UNSUPPORTED_MEDIA_TYPE', 'Send the body as JSON (Content-Type: application/json).'));
}

/**
 * JSON bodies up to BODY_LIMIT, parse errors answered here in the API error shape: malformed JSON 400
 * `REQUEST.MALFORMED_JSON`, too large 413 `REQUEST.TOO_LARGE`, other parser refusals (charset, encoding) with their
 * own 4xx status. Only objects and arrays are accepted at the top level (strict).
 */
function jsonBody() {
  const parse = json({ limit: BODY_LIMIT, strict: true, type: ['application/json', 'application/*+json'] });
  return (req: Request, res: Response, next: NextFunction): void => {
    parse(req, res, (err?: unknown) => {
      if (!err) return next();
      const e = err as { status?: number; type?: string };
      const status = typeof e.status === 'number' && e.status >= 400 && e.status < 500 ? e.status : 400;
      const [code, message] =
        e.type === 'entity.too.large'
          ? ['REQUEST.TOO_LARGE', `The body is larger than ${BODY_LIMIT}.`]
          : e.type === 'entity.parse.failed'
            ? ['REQUEST.MALFORMED_JSON', 'The body is not valid JSON (a JSON object is expected).']
            : ['REQUEST.INVALID', 'The body could not be read.'];
      res.status(status).json(errorBody(code, message));
    });
  };
}

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
  // CORS stays off unless CORS_ORIGINS names the origins allowed; `/codec/*` answers CODEC_CORS_ORIGINS (the Temporal UI).
  app.enableCors(corsPerRoute(deps.config));
  app.use(codecBody());
  // The regulator list upload's raw CSV/XLSX body (2 MB), on its route only (apps/api/src/reports/regulator-upload.ts).
  app.use(reconciliationUpload());
  app.use(jsonBodiesOnly);
  app.use(jsonBody());
  app.useGlobalFilters(new ErrorFilter(deps.logger));

  const doc = new DocumentBuilder()
    .setTitle('complaintflow')
    .setDescription(
      '快递投诉工单管理 API / Complaint case management for express-delivery networks。' +
        '错误统一为 { error: { code, message, details } };金额单位为分(fen);时间为 ISO-8601 UTC。',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => withActionBodies(SwaggerModule.createDocument(app, doc)), {
    jsonDocumentUrl: 'docs-json',
  });
  return app;
}
