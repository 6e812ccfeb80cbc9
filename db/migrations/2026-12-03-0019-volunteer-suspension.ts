// Staff can suspend a volunteer (docs/decisions/0019): a status of its own, so every rule that asks
// for an appointed volunteer (booking, assignment, calls for help, waitlist promotion) already
// refuses them; the status they had is kept so lifting the suspension gives it back.
// Frozen in time: never import application code here.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE shuxiang.volunteers DROP CONSTRAINT volunteers_status_check`.execute(db);
  await sql`ALTER TABLE shuxiang.volunteers ADD CONSTRAINT volunteers_status_check CHECK (status IN ('applicant', 'appointed', 'paused', 'retired', 'suspended', 'left'))`.execute(db);
  await sql`
    ALTER TABLE shuxiang.volunteers
      ADD COLUMN suspended_at timestamptz,
      ADD COLUMN suspended_by integer REFERENCES shuxiang.staff (id),
      ADD COLUMN suspension_reason text,
      ADD COLUMN status_before_suspension text CHECK (status_before_suspension IN ('appointed', 'paused', 'retired')),
      ADD CONSTRAINT volunteers_suspension_check CHECK ((status = 'suspended') = (suspended_at IS NOT NULL AND status_before_suspension IS NOT NULL))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`UPDATE shuxiang.volunteers SET status = status_before_suspension WHERE status = 'suspended'`.execute(db);
  await sql`
    ALTER TABLE shuxiang.volunteers
      DROP CONSTRAINT volunteers_suspension_check,
      DROP COLUMN status_before_suspension,
      DROP COLUMN suspension_reason,
      DROP COLUMN suspended_by,
      DROP COLUMN suspended_at`.execute(db);
  await sql`ALTER TABLE shuxiang.volunteers DROP CONSTRAINT volunteers_status_check`.execute(db);
  await sql`ALTER TABLE shuxiang.volunteers ADD CONSTRAINT volunteers_status_check CHECK (status IN ('applicant', 'appointed', 'paused', 'retired', 'left'))`.execute(db);
}
