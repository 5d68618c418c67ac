/**
 * Every error leaves in the docs/api.md shape with a stable code. Nothing a client sends yields a 500: unexpected
 * failures are logged with the request id and answered without internals (no stack traces in responses).
 */
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from '@complaintflow/config';
import { errorBody, type ErrorBody } from './api-error';
import { errorLanguage, localiseError } from './error-language';

const STATUS_CODES: Record<number, string> = {
  400: 'REQUEST.INVALID',
  401: 'AUTH.UNAUTHENTICATED',
  403: 'AUTH.FORBIDDEN',
  404: 'RESOURCE.NOT_FOUND',
  405: 'REQUEST.METHOD_NOT_ALLOWED',
  409: 'STATE.CONFLICT',
  413: 'REQUEST.TOO_LARGE',
  415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  422: 'RULE.REFUSED',
  429: 'RATE.LIMITED',
  503: 'SERVICE.UNAVAILABLE',
};

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * A backing service that cannot be reached (PostgreSQL down or restarting: connection errors, SQLSTATE class 08,
 * 57P01–57P03, 53300 too many connections): 503, the client may retry — not a 500.
 */
export function isUnavailable(err: unknown): boolean {
  type Cause = { code?: unknown; driverError?: unknown; cause?: unknown; message?: unknown };
  let e = err as Cause | undefined;
  for (let i = 0; e && typeof e === 'object' && i < 4; i++) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (UNAVAILABLE_CODES.has(code) || /^08|^57P0[123]$|^53300$/.test(code)) return true;
    const message = typeof e.message === 'string' ? e.message : '';
    if (/Connection terminated|timeout exceeded when trying to connect/i.test(message)) return true;
    e = (e.driverError ?? e.cause) as Cause | undefined;
  }
  return false;
}

function isErrorBody(x: unknown): x is ErrorBody {
  return typeof x === 'object' && x !== null && 'error' in x && typeof (x as ErrorBody).error?.code === 'string';
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(private readonly log: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    let status = HttpStatus.INTERNAL_SERVER_ERROR;
    let body: ErrorBody;
    // body-parser errors (malformed JSON, too large) carry a `status` and a `type`.
    const parserError = exception as { status?: number; type?: string; message?: string };
    if (exception instanceof HttpException) {
      status = exception.getStatus();
      const response = exception.getResponse();
      body = isErrorBody(response)
        ? response
        : errorBody(
            STATUS_CODES[status] ?? `HTTP.${status}`,
            typeof response === 'string' ? response : exception.message,
          );
    } else if (typeof parserError?.status === 'number' && parserError.status >= 400 && parserError.status < 500) {
      status = parserError.status;
      const code =
        parserError.type === 'entity.too.large'
          ? 'REQUEST.TOO_LARGE'
          : parserError.type === 'entity.parse.failed'
            ? 'REQUEST.MALFORMED_JSON'
            : (STATUS_CODES[status] ?? `HTTP.${status}`);
      body = errorBody(
        code,
        code === 'REQUEST.MALFORMED_JSON' ? 'The body is not valid JSON.' : (parserError.message ?? 'Bad request'),
      );
    } else if (isUnavailable(exception)) {
      status = HttpStatus.SERVICE_UNAVAILABLE;
      this.log.warn({ err: exception, requestId: req.id }, 'backing service unavailable');
      body = errorBody(
        'SERVICE.UNAVAILABLE',
        `A backing service is unavailable; retry shortly (request id ${req.id ?? 'n/a'}).`,
      );
    } else {
      this.log.error({ err: exception, requestId: req.id }, 'unhandled error');
      body = errorBody('INTERNAL', `Something went wrong on our side; quote request id ${req.id ?? 'n/a'}.`);
    }
    // Simplified Chinese by default, English when the caller prefers it (error-language.ts).
    res.status(status).json(localiseError(body, errorLanguage(req.header('accept-language'))));
  }
}
