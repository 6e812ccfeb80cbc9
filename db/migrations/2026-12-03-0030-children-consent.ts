// Children under 14 (PIPL Art 28, 29, 31): their data is sensitive and needs the guardian's own,
// separate consent under a dedicated processing notice. The application records the guardian's
// relationship and email beside the name and phone it had, and when that consent was given.
// Frozen in time: never import application code here.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE shuxiang.volunteers
      ADD COLUMN guardian_relationship text CHECK (guardian_relationship IN ('parent', 'other-guardian')),
      ADD COLUMN guardian_email text`.execute(db);
  await sql`ALTER TABLE shuxiang.applications ADD COLUMN child_data_consent_at timestamptz`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE shuxiang.applications DROP COLUMN child_data_consent_at`.execute(db);
  await sql`ALTER TABLE shuxiang.volunteers DROP COLUMN guardian_email, DROP COLUMN guardian_relationship`.execute(db);
}
