/**
 * The API client: openapi-fetch over the types that openapi-typescript generates from the API's own OpenAPI document
 * (apps/console/openapi.json → src/api/schema.d.ts; test/browser/openapi-client.test.ts fails when either is stale).
 * Same origin: every path is relative. The bearer token and the language go on every request.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

export interface Session {
  readonly token: string;
  readonly sub: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly outlet?: string;
}

const SESSION_KEY = 'cf.session';

/** Reads the claims of a bearer token (display only: the API verifies it). */
export function sessionOf(token: string): Session | null {
  const part = token.trim().split('.')[1];
  if (!part) return null;
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    if (typeof claims.sub !== 'string' || !Array.isArray(claims.roles)) return null;
    return {
      token: token.trim(),
      sub: claims.sub,
      name: typeof claims.name === 'string' ? claims.name : claims.sub,
      roles: claims.roles.filter((r): r is string => typeof r === 'string'),
      ...(typeof claims.outlet === 'string' ? { outlet: claims.outlet } : {}),
    };
  } catch {
    return null;
  }
}

export function loadSession(): Session | null {
  const token = localStorage.getItem(SESSION_KEY);
  return token ? sessionOf(token) : null;
}
export function saveSession(s: Session | null): void {
  if (s) localStorage.setItem(SESSION_KEY, s.token);
  else localStorage.removeItem(SESSION_KEY);
}

let current: { token?: string; lang: string } = { lang: 'zh-CN' };
export function useCredentials(token: string | undefined, lang: 'zh' | 'en'): void {
  current = { ...(token ? { token } : {}), lang: lang === 'en' ? 'en' : 'zh-CN' };
}
export function currentToken(): string | undefined {
  return current.token;
}

const auth: Middleware = {
  onRequest({ request }) {
    if (current.token && !request.headers.has('authorization'))
      request.headers.set('authorization', `Bearer ${current.token}`);
    request.headers.set('accept-language', current.lang);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);

/** The API's error body (docs/api.md Errors). */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: { field?: string; reason?: string; ruleId?: string }[] };
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody | undefined,
  ) {
    super(body?.error.message ?? `HTTP ${status}`);
  }
}

/** The data of an openapi-fetch answer, or an ApiFailure with the API's error body. */
export function must<T>(r: { data?: unknown; error?: unknown; response: Response }): T {
  if (!r.response.ok) throw new ApiFailure(r.response.status, r.error as ApiErrorBody | undefined);
  return r.data as T;
}
