/**
 * Every error leaves in the API.md shape with a stable code. Nothing a client sends yields a 500: unexpected
 * failures are logged with the request id and answered without internals (no stack traces in responses).
 */
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from '../../../../libs/config/src';
import { errorBody, type ErrorBody } from './api-error';

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
    } else {
      this.log.error({ err: exception, requestId: req.id }, 'unhandled error');
      body = errorBody('INTERNAL', `Something went wrong on our side; quote request id ${req.id ?? 'n/a'}.`);
    }
    res.status(status).json(body);
  }
}
