/** The docs/api.md error body: `{ error: { code, message, details } }` with a stable code. */
import { HttpException, type HttpStatus } from '@nestjs/common';

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details: readonly unknown[] };
}

export class ApiError extends HttpException {
  constructor(status: HttpStatus, code: string, message: string, details: readonly unknown[] = []) {
    super({ error: { code, message, details } } satisfies ErrorBody, status);
  }
}

export function errorBody(code: string, message: string, details: readonly unknown[] = []): ErrorBody {
  return { error: { code, message, details } };
}
