/**
 * `outlets` and `outlet_changes` (migration 1764610000000, R-CH-4): each outlet's published complaint line and
 * complaint handler, and the append-only history of every change. A change to the line or the handler is a report to
 * headquarters waiting for the relay (`reported = false`) in the same transaction that makes the change, so no change
 * goes unreported; `pendingReports` and `markReported` are the relay's side.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { Queryable } from './db';

/** The fields of an outlet's record, as the API names them. */
export const OUTLET_FIELDS = ['name', 'complaintPhone', 'complaintHandler'] as const;
export type OutletField = (typeof OUTLET_FIELDS)[number];

/** R-CH-4: the fields whose change headquarters is told about. */
export const REPORTED_OUTLET_FIELDS: readonly OutletField[] = ['complaintPhone', 'complaintHandler'];

export interface Outlet {
  readonly code: string;
  readonly name: string;
  /** The published complaint line (R-CH-3, R-CH-4). */
  readonly complaintPhone: string;
  /** Who handles the outlet's complaints (a name or a staff id). */
  readonly complaintHandler: string;
  /** ISO-8601 UTC. */
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type OutletValues = Pick<Outlet, OutletField>;

export interface OutletChange {
  /** The history row's id (bigserial, as a string). */
  readonly id: string;
  readonly code: string;
  /** ISO-8601 UTC. */
  readonly changedAt: string;
  /** The user id who made the change. */
  readonly changedBy: string;
  readonly field: OutletField;
  /** null when the outlet was created by this change. */
  readonly old: string | null;
  readonly new: string;
  /** The report to headquarters: false while pending, true once delivered, null for a field not reported (name). */
  readonly reported: boolean | null;
  readonly reportedAt: string | null;
}

/** An outlet's record with the changes a write made (empty when it changed nothing). */
export interface OutletWrite {
  readonly outlet: Outlet;
  readonly changes: readonly OutletChange[];
}

const COLUMN: Record<OutletField, string> = {
  name: 'name',
  complaintPhone: 'complaint_phone',
  complaintHandler: 'complaint_handler',
};
const FIELD_OF: Record<string, OutletField> = {
  name: 'name',
  complaint_phone: 'complaintPhone',
  complaint_handler: 'complaintHandler',
};

interface OutletRow {
  code: string;
  name: string;
  complaint_phone: string;
  complaint_handler: string;
  created_at: Date;
  updated_at: Date;
}

interface ChangeRow {
  id: string;
  code: string;
  changed_at: Date;
  changed_by: string;
  field: string;
  old: string | null;
  new: string;
  reported: boolean | null;
  reported_at: Date | null;
}

const OUTLET_COLUMNS = `code, name, complaint_phone, complaint_handler, created_at, updated_at`;
const CHANGE_COLUMNS = `id::text AS id, code, changed_at, changed_by, field, old, new, reported, reported_at`;

function toOutlet(r: OutletRow): Outlet {
  return {
    code: r.code,
    name: r.name,
    complaintPhone: r.complaint_phone,
    complaintHandler: r.complaint_handler,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

function toChange(r: ChangeRow): OutletChange {
  return {
    id: r.id,
    code: r.code,
    changedAt: r.changed_at.toISOString(),
    changedBy: r.changed_by,
    field: FIELD_OF[r.field],
    old: r.old,
    new: r.new,
    reported: r.reported,
    reportedAt: r.reported_at ? r.reported_at.toISOString() : null,
  };
}

/** Appends one history row per changed field (R-CH-4: the line and the handler as pending reports). */
async function appendChanges(
  q: Queryable,
  code: string,
  by: string,
  changed: readonly { field: OutletField; old: string | null; new: string }[],
): Promise<OutletChange[]> {
  if (changed.length === 0) return [];
  const rows: ChangeRow[] = await q.query(
    `INSERT INTO outlet_changes (code, changed_by, field, old, new, reported)
     SELECT $1, $2, c.field, c.old, c.new, CASE WHEN c.field = 'name' THEN NULL ELSE false END
       FROM unnest($3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS c(field, old, new, n)
      ORDER BY c.n
     RETURNING ${CHANGE_COLUMNS}`,
    [code, by, changed.map((c) => COLUMN[c.field]), changed.map((c) => c.old), changed.map((c) => c.new)],
  );
  return rows.map(toChange).sort((a, b) => Number(a.id) - Number(b.id));
}

export class OutletDirectoryRepository {
  constructor(private readonly db: Pick<DataSource, 'query' | 'transaction'>) {}

  /** Every outlet, by code. */
  async list(): Promise<Outlet[]> {
    const rows: OutletRow[] = await this.db.query(`SELECT ${OUTLET_COLUMNS} FROM outlets ORDER BY code`);
    return rows.map(toOutlet);
  }

  async find(code: string): Promise<Outlet | null> {
    const rows: OutletRow[] = await this.db.query(`SELECT ${OUTLET_COLUMNS} FROM outlets WHERE code = $1`, [code]);
    return rows[0] ? toOutlet(rows[0]) : null;
  }

  /** The outlet's history, oldest first. */
  async history(code: string): Promise<OutletChange[]> {
    const rows: ChangeRow[] = await this.db.query(
      `SELECT ${CHANGE_COLUMNS} FROM outlet_changes WHERE code = $1 ORDER BY id`,
      [code],
    );
    return rows.map(toChange);
  }

  /**
   * Records a new outlet and its first values in the history (the line and the handler reported to headquarters,
   * R-CH-4); null when the code is already on record (nothing written).
   */
  async create(code: string, values: OutletValues, by: string): Promise<OutletWrite | null> {
    return this.db.transaction(async (m: EntityManager) => {
      const rows: OutletRow[] = await m.query(
        `INSERT INTO outlets (code, name, complaint_phone, complaint_handler) VALUES ($1, $2, $3, $4)
         ON CONFLICT (code) DO NOTHING RETURNING ${OUTLET_COLUMNS}`,
        [code, values.name, values.complaintPhone, values.complaintHandler],
      );
      if (!rows[0]) return null;
      const changes = await appendChanges(
        m,
        code,
        by,
        OUTLET_FIELDS.map((field) => ({ field, old: null, new: values[field] })),
      );
      return { outlet: toOutlet(rows[0]), changes };
    });
  }

  /**
   * Changes an outlet's record: the fields given whose value differs are set and each is appended to the history
   * (R-CH-4: a new line or handler is a pending report), in one transaction under the outlet's row lock. null when
   * the code is not on record. A patch that changes nothing writes nothing.
   */
  async update(code: string, patch: Partial<OutletValues>, by: string): Promise<OutletWrite | null> {
    return this.db.transaction(async (m: EntityManager) => {
      const current: OutletRow[] = await m.query(`SELECT ${OUTLET_COLUMNS} FROM outlets WHERE code = $1 FOR UPDATE`, [
        code,
      ]);
      if (!current[0]) return null;
      const before = toOutlet(current[0]);
      const changed = OUTLET_FIELDS.flatMap((field) => {
        const value = patch[field];
        return value === undefined || value === before[field] ? [] : [{ field, old: before[field], new: value }];
      });
      if (changed.length === 0) return { outlet: before, changes: [] };
      const params: unknown[] = [code];
      const sets = changed.map((c) => {
        params.push(c.new);
        return `${COLUMN[c.field]} = $${params.length}`;
      });
      const rows: OutletRow[] = await m.query(
        // In a CTE: TypeORM answers a bare UPDATE with [rows, count], a SELECT with the rows.
        `WITH u AS (UPDATE outlets SET ${sets.join(', ')}, updated_at = now() WHERE code = $1 RETURNING ${OUTLET_COLUMNS})
         SELECT * FROM u`,
        params,
      );
      return { outlet: toOutlet(rows[0]), changes: await appendChanges(m, code, by, changed) };
    });
  }

  /**
   * R-CH-4: the changes headquarters has not been told about yet, oldest first — what the relay delivers (rows of
   * `outlet_changes` with `reported = false`).
   */
  async pendingReports(limit = 100): Promise<OutletChange[]> {
    const rows: ChangeRow[] = await this.db.query(
      `SELECT ${CHANGE_COLUMNS} FROM outlet_changes WHERE reported = false ORDER BY id LIMIT $1`,
      [limit],
    );
    return rows.map(toChange);
  }

  /** The relay delivered these reports to headquarters; returns how many were still pending. */
  async markReported(ids: readonly string[]): Promise<number> {
    const rows: unknown[] = await this.db.query(
      `WITH u AS (UPDATE outlet_changes SET reported = true, reported_at = now()
                   WHERE id = ANY($1::bigint[]) AND reported = false RETURNING id)
       SELECT id FROM u`,
      [[...ids]],
    );
    return rows.length;
  }
}
