/** Request id (from `X-Request-Id` when sane, else generated) and one JSON log line per request. */
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '@complaintflow/config';

const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The path as logged: a customer's signed link token is a credential and never reaches the logs. */
export function loggablePath(path: string): string {
  return path.replace(/^\/public\/cases\/[^/]+/, '/public/cases/:token');
}

export function requestContext(log: Logger) {
  return (req: Request & { id?: string }, res: Response, next: NextFunction): void => {
    const incoming = req.header('x-request-id');
    const id = incoming && SANE_ID.test(incoming) ? incoming : randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log.info(
        {
          requestId: id,
          method: req.method,
          path: loggablePath(req.path),
          status: res.statusCode,
          ms: Math.round(ms * 10) / 10,
        },
        'request',
      );
    });
    next();
  };
}
