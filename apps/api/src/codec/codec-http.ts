/**
 * The HTTP edges of the codec endpoint (docs/adr/0017-payload-encryption.md), mounted by apps/api/src/app.ts:
 * - CORS: the Temporal UI calls `/codec/*` from its own origin, so those routes answer the origins in
 *   `CODEC_CORS_ORIGINS` (with credentials and the `Authorization`, `Content-Type` and `X-Namespace` headers the UI
 *   sends); every other route keeps the API's own `CORS_ORIGINS` (unset: CORS off). Both through Nest's `enableCors`
 *   (the `cors` package), chosen per request.
 * - The body: a page of history payloads is larger than the API's 64 KiB, so `/codec/*` reads JSON up to
 *   `CODEC_BODY_LIMIT` (the API's JSON parser then lets the parsed body through).
 */
import type { CorsOptions, CorsOptionsDelegate } from '@nestjs/common/interfaces/external/cors-options.interface';
import { json, type NextFunction, type Request, type Response } from 'express';
import { errorBody } from '../common/api-error';

export const CODEC_BODY_LIMIT = '4mb';
const CODEC_ROUTE = /^\/codec(\/|$)/;

const list = (value: string | undefined) => (value ? value.split(',') : false);

/** The CORS options of each request: the codec's origins on `/codec/*`, the API's elsewhere. */
export function corsPerRoute(config: {
  readonly CORS_ORIGINS?: string;
  readonly CODEC_CORS_ORIGINS?: string;
}): CorsOptionsDelegate<Request> {
  const api: CorsOptions = { origin: list(config.CORS_ORIGINS), credentials: false, maxAge: 600 };
  const codec: CorsOptions = {
    origin: list(config.CODEC_CORS_ORIGINS),
    methods: ['POST'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Namespace'],
    credentials: true,
    maxAge: 600,
  };
  return (req, callback) => callback(null, CODEC_ROUTE.test(req.path ?? req.url) ? codec : api);
}

/** JSON bodies of `/codec/*` up to CODEC_BODY_LIMIT, refusals in the API error shape. */
export function codecBody() {
  const parse = json({ limit: CODEC_BODY_LIMIT, strict: true, type: ['application/json'] });
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'POST' || !CODEC_ROUTE.test(req.path)) return next();
    parse(req, res, (err?: unknown) => {
      if (!err) return next();
      const e = err as { type?: string };
      if (e.type === 'entity.too.large') {
        res.status(413).json(errorBody('REQUEST.TOO_LARGE', `The body is larger than ${CODEC_BODY_LIMIT}.`));
      } else {
        res
          .status(400)
          .json(errorBody('REQUEST.MALFORMED_JSON', 'The body is not valid JSON (a JSON object is expected).'));
      }
    });
  };
}
