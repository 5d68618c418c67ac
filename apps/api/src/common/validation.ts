/**
 * Strict request validation. An action's body (`POST /complaints/:id/actions/<name>`, the customer's link) is checked
 * against the action's zod schema in libs/domain (`validateAction`, `ActionBodyPipe`): the very check the workflow
 * makes again, so the two accept the same inputs (docs/adr/0006-action-schemas.md). Other bodies and queries are
 * turned into their DTO class and checked with class-validator (`StrictValidationPipe`). Either way unknown
 * properties are refused (no mass assignment), types are never coerced in bodies, and every bad field is reported in
 * `error.details` as `{ field, reason }` with status 400 and code `REQUEST.INVALID`.
 *
 * Before either sees a body, it is scanned: it must be a JSON object, nested at most `MAX_DEPTH` deep, and may not
 * carry `__proto__`, `constructor`, `prototype` or other `Object.prototype` names as keys, nor a NUL character in any
 * string.
 */
import { HttpStatus, type ArgumentMetadata, type PipeTransform, Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { NO_NUL, parseActionInput, type ActionInputs } from '@complaintflow/domain/case/actions';
import type { ActionName } from '@complaintflow/domain/stages';
import { ApiError } from './api-error';

export interface FieldProblem {
  readonly field: string;
  readonly reason: string;
  readonly ruleId?: string;
}

const MAX_DEPTH = 8;
/**
 * Keys refused anywhere in a body: `__proto__`, `constructor`, `prototype` (class-transformer assigns keys as given)
 * and every other name `Object.prototype` carries (`toString`, `valueOf`, `hasOwnProperty`, …): class-validator's
 * whitelist looks property names up in a plain object, so an inherited name would pass as "known" (found by the
 * generated-body test).
 */
const FORBIDDEN_KEYS = new Set([
  '__proto__',
  'constructor',
  'prototype',
  ...Object.getOwnPropertyNames(Object.prototype),
]);

export function invalid(problems: readonly FieldProblem[], message?: string): ApiError {
  // The same problem found twice (the body scan and the schema both refuse a NUL character) is reported once.
  const seen = new Set<string>();
  const details = problems.filter((p) => {
    const key = `${p.field}\n${p.reason}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  return new ApiError(
    HttpStatus.BAD_REQUEST,
    'REQUEST.INVALID',
    message ??
      `The request is not valid: ${details
        .slice(0, 5)
        .map((d) => `${d.field} ${d.reason}`)
        .join('; ')}${details.length > 5 ? ` (and ${details.length - 5} more)` : ''}.`.slice(0, 1000),
    details,
  );
}

/**
 * Checks the raw shape of a body and returns a clean copy: it must be a JSON object nested at most `MAX_DEPTH` deep
 * (else `clean` is undefined); keys in `FORBIDDEN_KEYS` are reported and left out of the copy, so the rest of the
 * body is still validated and every problem reported at once.
 */
export function sanitizeBody(value: unknown): { clean?: Record<string, unknown>; problems: FieldProblem[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problems: [{ field: '(body)', reason: 'must be a JSON object' }] };
  }
  const problems: FieldProblem[] = [];
  let tooDeep = false;
  const copy = (v: unknown, path: string, depth: number): unknown => {
    // PostgreSQL stores no NUL character, in text or in jsonb: refused here for every body (found by fuzzing).
    if (typeof v === 'string' && v.includes('\u0000')) problems.push({ field: path || '(body)', reason: NO_NUL });
    if (typeof v !== 'object' || v === null) return v;
    if (depth > MAX_DEPTH) {
      if (!tooDeep) problems.push({ field: path || '(body)', reason: `is nested deeper than ${MAX_DEPTH} levels` });
      tooDeep = true;
      return null;
    }
    if (Array.isArray(v)) return v.map((item, i) => copy(item, `${path}[${i}]`, depth + 1));
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v)) {
      const child = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) problems.push({ field: child, reason: 'is not an allowed property' });
      else out[key] = copy((v as Record<string, unknown>)[key], child, depth + 1);
    }
    return out;
  };
  const clean = copy(value, '', 0) as Record<string, unknown>;
  return tooDeep ? { problems } : { clean, problems };
}

function isIndex(property: string): boolean {
  return /^\d+$/.test(property);
}

/** Flattens class-validator's error tree into `{ field, reason }` with dotted paths (`evidence[0].kind`). */
export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const field =
      parent === '' ? e.property : isIndex(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`;
    if (e.constraints?.isDefined) {
      out.push({ field, reason: 'is required' });
    } else if (e.constraints) {
      const reasons = Object.entries(e.constraints).map(([name, text]) =>
        name === 'whitelistValidation'
          ? 'is not an allowed property'
          : text.replace(new RegExp(`^${escapeRe(e.property)} `), ''),
      );
      out.push({ field, reason: [...new Set(reasons)].join('; ') });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A DTO class may add checks of its own over the raw value (business completeness rules): `static extraProblems(raw,
 * reported)` returns problems for fields not already reported.
 */
export interface WithExtraProblems {
  extraProblems?(raw: unknown, reported: readonly FieldProblem[]): FieldProblem[];
}

/** Validates a plain value into `cls`; returns the instance or the problems. */
export function validateInto<T extends object>(
  cls: (new () => T) & WithExtraProblems,
  value: unknown,
): { ok: true; value: T } | { ok: false; problems: FieldProblem[] } {
  const { clean, problems: shape } = sanitizeBody(value);
  if (!clean) return { ok: false, problems: shape };
  const instance = plainToInstance(cls, clean, {
    enableImplicitConversion: false,
    exposeDefaultValues: true,
  }) as T;
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    stopAtFirstError: false,
    skipMissingProperties: false,
  });
  const problems = [...shape, ...flattenValidationErrors(errors)];
  if (cls.extraProblems) problems.push(...cls.extraProblems(clean, problems));
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: instance };
}

/**
 * Validates an action's body against its schema: the parsed value (a plain object, equal to the body), or every
 * problem. A request without a body counts as `{}` (so actions whose fields are all optional need none).
 */
export function validateAction<A extends ActionName>(
  action: A,
  body: unknown,
): { ok: true; value: ActionInputs[A] } | { ok: false; problems: FieldProblem[] } {
  const { clean, problems: shape } = sanitizeBody(body === undefined ? {} : body);
  if (!clean) return { ok: false, problems: shape };
  const parsed = parseActionInput(action, clean);
  if (parsed.ok && shape.length === 0) return { ok: true, value: parsed.value };
  return { ok: false, problems: [...shape, ...(parsed.ok ? [] : parsed.problems)] };
}

/** The body pipe of an action's route: `@Body(new ActionBodyPipe('assign'))`. */
export class ActionBodyPipe<A extends ActionName> implements PipeTransform<unknown, ActionInputs[A]> {
  constructor(readonly action: A) {}

  transform(value: unknown): ActionInputs[A] {
    const result = validateAction(this.action, value);
    if (!result.ok) throw invalid(result.problems);
    return result.value;
  }
}

const PLAIN_TYPES = new Set<unknown>([String, Number, Boolean, Array, Object, undefined]);

/**
 * The pipe: bodies and queries whose declared type is a DTO class are validated strictly. A request without a body
 * counts as `{}` (so actions whose fields are all optional need none).
 */
@Injectable()
export class StrictValidationPipe implements PipeTransform {
  transform(value: unknown, meta: ArgumentMetadata): unknown {
    if ((meta.type !== 'body' && meta.type !== 'query') || PLAIN_TYPES.has(meta.metatype)) return value;
    const cls = meta.metatype as new () => object;
    const input = value === undefined ? {} : value;
    const result = validateInto(cls, meta.type === 'query' ? { ...(input as object) } : input);
    if (!result.ok) throw invalid(result.problems);
    return result.value;
  }
}
