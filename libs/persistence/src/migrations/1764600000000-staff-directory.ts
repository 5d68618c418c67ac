import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `staff_users`: the staff directory (issue 11). One row per person, keyed by the bearer token's `sub`: the roles and
 * the scope (outlet, department) the API grants them — an active entry overrides the token's own claims — their
 * contact addresses and language for notices, and their notification preferences (per kind: the channels; quiet
 * hours in Beijing time). Chosen as recipients by `chooseRecipients` (libs/domain/src/recipients.ts, R-FLOW-6).
 * - `roles`: a non-empty set of the roles of libs/domain vocabulary.ts, written out here so that this migration means
 *   the same on every database whatever the code says later (a new role comes with a migration of its own).
 * - `preferences` default: no kind configured (each kind goes to the inbox) and quiet hours 18:00–09:00, i.e. outside
 *   the default service hours 09:00–18:00 (R-SLA-9).
 * - name, e-mail and phone are personal data: never logged (the repository strips them from database errors).
 * - `staff_users_roles_idx`: the active holders of a role (`listActiveForRecipients`).
 */
export class StaffDirectory1764600000000 implements MigrationInterface {
  name = 'StaffDirectory1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE staff_users (
        id          text PRIMARY KEY CONSTRAINT staff_users_id_check CHECK (id ~ '^[A-Za-z0-9._:@-]{1,128}$'),
        name        text NOT NULL CONSTRAINT staff_users_name_check CHECK (char_length(name) BETWEEN 1 AND 100),
        roles       text[] NOT NULL CONSTRAINT staff_users_roles_check CHECK (
                      cardinality(roles) > 0
                      AND roles <@ ARRAY['agent','team_lead','investigator','supervisor','manager','auditor','admin']::text[]
                    ),
        outlet      text CONSTRAINT staff_users_outlet_check CHECK (outlet ~ '^[A-Za-z0-9._-]{1,32}$'),
        department  text CONSTRAINT staff_users_department_check CHECK (char_length(department) BETWEEN 1 AND 64),
        email       text,
        phone       text,
        language    text NOT NULL DEFAULT 'zh-CN' CONSTRAINT staff_users_language_check CHECK (language IN ('zh-CN', 'en')),
        preferences jsonb NOT NULL
                    DEFAULT '{"channels": {}, "quietHours": {"start": "18:00", "end": "09:00"}}'::jsonb
                    CONSTRAINT staff_users_preferences_check CHECK (jsonb_typeof(preferences) = 'object'),
        active      boolean NOT NULL DEFAULT true,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX staff_users_roles_idx ON staff_users USING gin (roles) WHERE active`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE staff_users`);
  }
}
