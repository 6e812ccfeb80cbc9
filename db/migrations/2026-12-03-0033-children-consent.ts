// Children under 14 (PIPL Art 28, 29, 31): their personal information is sensitive and processed
// only with a guardian's separate consent under a dedicated notice. Applications and event
// registrations record who the guardian is (relationship, name, contact) and when they consented.
// Frozen in time: never import application code here.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE shuxiang.volunteers ADD COLUMN guardian_relation text CHECK (guardian_relation IN ('mother', 'father', 'guardian'))`.execute(db);
  await sql`ALTER TABLE shuxiang.applications ADD COLUMN child_consent_at timestamptz`.execute(db);
  await sql`
    ALTER TABLE shuxiang.registrations
      ADD COLUMN guardian_name text,
      ADD COLUMN guardian_relation text CHECK (guardian_relation IN ('mother', 'father', 'guardian')),
      ADD COLUMN guardian_phone text,
      ADD COLUMN guardian_consent_at timestamptz`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE shuxiang.registrations DROP COLUMN guardian_consent_at, DROP COLUMN guardian_phone, DROP COLUMN guardian_relation, DROP COLUMN guardian_name`.execute(db);
  await sql`ALTER TABLE shuxiang.applications DROP COLUMN child_consent_at`.execute(db);
  await sql`ALTER TABLE shuxiang.volunteers DROP COLUMN guardian_relation`.execute(db);
}
