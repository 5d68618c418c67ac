/**
 * `staff_users`: the staff directory (migration 1764600000000). Who a token's `sub` is — roles, outlet, department —
 * and how to reach them: e-mail, phone, language, notification preferences. Personal data (name, e-mail, phone) never
 * reaches a log: a database error raised by a statement here is re-thrown without the row it was about.
 */
import type { DataSource } from 'typeorm';
import type { Role } from '@complaintflow/domain/vocabulary';
import type { Queryable } from './db';

export const STAFF_LANGUAGES = ['zh-CN', 'en'] as const;
export type StaffLanguage = (typeof STAFF_LANGUAGES)[number];

/** The channels a staff notice can go out on (the in-app inbox, e-mail, SMS). */
export const STAFF_CHANNELS = ['inbox', 'email', 'sms'] as const;
export type StaffChannel = (typeof STAFF_CHANNELS)[number];

/** `HH:MM`, Beijing time (Asia/Shanghai, UTC+8 all year). */
export interface QuietHours {
  readonly start: string;
  readonly end: string;
}

/**
 * How a person wants to be told. `channels`: per notification kind (`escalation`, `approval_needed`, …) the channels
 * to use; a kind not listed goes to the inbox. `quietHours`: when only the inbox is used (a window past midnight,
 * `18:00`–`09:00`, wraps); by default outside the service hours 09:00–18:00 Beijing time.
 */
export interface StaffPreferences {
  readonly channels: Readonly<Record<string, readonly StaffChannel[]>>;
  readonly quietHours: QuietHours;
}

export const DEFAULT_STAFF_PREFERENCES: StaffPreferences = Object.freeze({
  channels: Object.freeze({}),
  quietHours: Object.freeze({ start: '18:00', end: '09:00' }),
});

export interface StaffUser {
  /** The bearer token's `sub`. */
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
  /** An outlet code (`SH-001`): the person works for that outlet; null with no department: network-wide. */
  readonly outlet: string | null;
  readonly department: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly language: StaffLanguage;
  readonly preferences: StaffPreferences;
  readonly active: boolean;
  /** ISO-8601 UTC. */
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What the API grants a token's subject (the staff directory's part of authentication). */
export type StaffIdentity = Pick<StaffUser, 'id' | 'name' | 'roles' | 'outlet' | 'department' | 'active'>;

export interface NewStaffUser {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly outlet?: string | null;
  readonly department?: string | null;
  readonly email?: string | null;
  readonly phone?: string | null;
  readonly language?: StaffLanguage;
  readonly preferences?: Partial<StaffPreferences>;
  readonly active?: boolean;
}

/** A change to an entry: the fields given are set (null clears); `preferences` keys replace the stored ones. */
export type StaffUserPatch = Partial<Omit<NewStaffUser, 'id'>>;

interface StaffRow {
  id: string;
  name: string;
  roles: Role[];
  outlet: string | null;
  department: string | null;
  email: string | null;
  phone: string | null;
  language: StaffLanguage;
  preferences: Partial<StaffPreferences> | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, name, roles, outlet, department, email, phone, language, preferences, active, created_at, updated_at`;

function toUser(row: StaffRow): StaffUser {
  return {
    id: row.id,
    name: row.name,
    roles: row.roles,
    outlet: row.outlet,
    department: row.department,
    email: row.email,
    phone: row.phone,
    language: row.language,
    preferences: { ...DEFAULT_STAFF_PREFERENCES, ...row.preferences },
    active: row.active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The columns a patch may set, with how each value is bound. */
const PATCHABLE: Record<keyof StaffUserPatch, { column: string; cast: string; json?: boolean }> = {
  name: { column: 'name', cast: 'text' },
  roles: { column: 'roles', cast: 'text[]' },
  outlet: { column: 'outlet', cast: 'text' },
  department: { column: 'department', cast: 'text' },
  email: { column: 'email', cast: 'text' },
  phone: { column: 'phone', cast: 'text' },
  language: { column: 'language', cast: 'text' },
  preferences: { column: 'preferences', cast: 'jsonb', json: true },
  active: { column: 'active', cast: 'boolean' },
};

/**
 * A database error without the row it was about: PostgreSQL's `detail` ("Failing row contains (…)") and the
 * statement's parameters would carry names, e-mail addresses and phone numbers into the error log.
 */
export class StaffDirectoryError extends Error {
  constructor(
    readonly code: string | undefined,
    readonly constraint: string | undefined,
  ) {
    super(`staff_users statement failed (${code ?? 'unknown'}${constraint ? `, ${constraint}` : ''})`);
    this.name = 'StaffDirectoryError';
  }
}

type PgPool = { query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }> };

/**
 * Statements on the data source's connection pool itself, past TypeORM's query logger: with `logging: ['error']` it
 * prints a failed statement with its parameters — here names, e-mail addresses and phone numbers. (TypeORM's own
 * error, QueryFailedError, carries the parameters too; `StaffDirectoryRepository` never lets one out.)
 */
export function unloggedQueryable(ds: DataSource): Queryable {
  const query = async (sql: string, params?: unknown[]): Promise<unknown> => {
    const pool = (ds.driver as unknown as { master?: PgPool }).master;
    return pool ? (await pool.query(sql, params)).rows : ds.query(sql, params);
  };
  return { query } as Queryable;
}

export class StaffDirectoryRepository {
  /** On a data source's pool: what the API and the relay use (no personal data in the query log). */
  static on(ds: DataSource): StaffDirectoryRepository {
    return new StaffDirectoryRepository(unloggedQueryable(ds));
  }

  /** On any queryable (a transaction's entity manager): failed statements then reach TypeORM's query log. */
  constructor(private readonly db: Queryable) {}

  private async run<T>(sql: string, params: unknown[]): Promise<T[]> {
    try {
      return (await this.db.query(sql, params)) as T[];
    } catch (err) {
      const e = err as { code?: unknown; constraint?: unknown; driverError?: { code?: unknown; constraint?: unknown } };
      const code = typeof e.code === 'string' ? e.code : e.driverError?.code;
      // Integrity and data errors name the row; connection errors (class 08, 57P0x) keep their shape for the 503.
      if (typeof code === 'string' && /^2[23]/.test(code)) {
        const constraint = e.constraint ?? e.driverError?.constraint;
        throw new StaffDirectoryError(code, typeof constraint === 'string' ? constraint : undefined);
      }
      throw err;
    }
  }

  /** Every entry, by id. */
  async list(): Promise<StaffUser[]> {
    return (await this.run<StaffRow>(`SELECT ${COLUMNS} FROM staff_users ORDER BY id`, [])).map(toUser);
  }

  async find(id: string): Promise<StaffUser | null> {
    const rows = await this.run<StaffRow>(`SELECT ${COLUMNS} FROM staff_users WHERE id = $1`, [id]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  /** Adds an entry; null when the id is already listed (nothing changed). */
  async insert(u: NewStaffUser): Promise<StaffUser | null> {
    const rows = await this.run<StaffRow>(
      `INSERT INTO staff_users (id, name, roles, outlet, department, email, phone, language, preferences, active)
       VALUES ($1, $2, $3::text[], $4, $5, $6, $7, $8, $9::jsonb, $10)
       ON CONFLICT (id) DO NOTHING RETURNING ${COLUMNS}`,
      [
        u.id,
        u.name,
        [...u.roles],
        u.outlet ?? null,
        u.department ?? null,
        u.email ?? null,
        u.phone ?? null,
        u.language ?? 'zh-CN',
        JSON.stringify({ ...DEFAULT_STAFF_PREFERENCES, ...u.preferences }),
        u.active ?? true,
      ],
    );
    return rows[0] ? toUser(rows[0]) : null;
  }

  /** Changes an entry (`updated_at` too); null when the id is not listed. An empty patch only reads the entry. */
  async update(id: string, patch: StaffUserPatch): Promise<StaffUser | null> {
    const sets: string[] = [];
    const params: unknown[] = [id];
    for (const key of Object.keys(PATCHABLE) as (keyof StaffUserPatch)[]) {
      const value = patch[key];
      if (value === undefined) continue;
      const { column, cast, json } = PATCHABLE[key];
      params.push(json ? JSON.stringify(value) : Array.isArray(value) ? [...(value as unknown[])] : value);
      // preferences: the keys given replace the stored ones, the others stay (jsonb `||`).
      sets.push(
        json ? `${column} = ${column} || $${params.length}::${cast}` : `${column} = $${params.length}::${cast}`,
      );
    }
    if (sets.length === 0) return this.find(id);
    const rows = await this.run<StaffRow>(
      // In a CTE: TypeORM answers a bare UPDATE with [rows, count], a SELECT with the rows.
      `WITH u AS (UPDATE staff_users SET ${sets.join(', ')}, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS})
       SELECT * FROM u`,
      params,
    );
    return rows[0] ? toUser(rows[0]) : null;
  }

  /** The roles and scope the directory grants `id` (active or not), or null when `id` is not listed. */
  async identityOf(id: string): Promise<StaffIdentity | null> {
    const rows = await this.run<Pick<StaffRow, 'id' | 'name' | 'roles' | 'outlet' | 'department' | 'active'>>(
      `SELECT id, name, roles, outlet, department, active FROM staff_users WHERE id = $1`,
      [id],
    );
    const r = rows[0];
    return r
      ? { id: r.id, name: r.name, roles: r.roles, outlet: r.outlet, department: r.department, active: r.active }
      : null;
  }

  /**
   * The entries to choose a notice's recipients from (`chooseRecipients` of libs/domain recipients.ts, R-FLOW-6):
   * the active ones holding any of `roles` when given (the requested tier and the ones above it: `tiersFor`), else
   * every active one; and the entries of `ids` (the case owner) whether active or not, so that an inactive owner is
   * passed over rather than taken for a token-only identity. With their addresses, language and preferences, which
   * the relay needs to deliver.
   */
  async listActiveForRecipients(roles?: readonly Role[], ids: readonly string[] = []): Promise<StaffUser[]> {
    const rows = await this.run<StaffRow>(
      `SELECT ${COLUMNS} FROM staff_users
       WHERE (active AND ($1::text[] IS NULL OR roles && $1::text[])) OR id = ANY($2::text[])
       ORDER BY id`,
      [roles === undefined ? null : [...roles], [...ids]],
    );
    return rows.map(toUser);
  }
}
