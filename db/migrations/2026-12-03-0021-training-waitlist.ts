// Training sessions get a waitlist served by the one waitlist mechanism
// (app/modules/waitlists/promotion.server.ts, docs/decisions/0022): an enrolment may be
// `waitlisted`, ordered by `arrival`, and records when it waited and when it got its place; the
// session row keeps `updated_at` like the other holders. Frozen in time: never import application code here.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE shuxiang.training_enrolments DROP CONSTRAINT training_enrolments_status_check`.execute(db);
  await sql`ALTER TABLE shuxiang.training_enrolments ADD CONSTRAINT training_enrolments_status_check CHECK (status IN ('enrolled', 'waitlisted', 'cancelled'))`.execute(db);
  await sql`CREATE SEQUENCE shuxiang.training_enrolment_arrival_seq`.execute(db);
  await sql`ALTER TABLE shuxiang.training_enrolments ADD COLUMN arrival bigint NOT NULL DEFAULT nextval('shuxiang.training_enrolment_arrival_seq')`.execute(db);
  await sql`ALTER TABLE shuxiang.training_enrolments ADD COLUMN waitlisted_at timestamptz`.execute(db);
  await sql`ALTER TABLE shuxiang.training_enrolments ADD COLUMN confirmed_at timestamptz`.execute(db);
  await sql`CREATE INDEX training_enrolments_waitlist_idx ON shuxiang.training_enrolments (session_id, arrival) WHERE status = 'waitlisted'`.execute(db);
  await sql`ALTER TABLE shuxiang.training_sessions ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE shuxiang.training_sessions DROP COLUMN updated_at`.execute(db);
  await sql`DROP INDEX shuxiang.training_enrolments_waitlist_idx`.execute(db);
  await sql`ALTER TABLE shuxiang.training_enrolments DROP COLUMN confirmed_at`.execute(db);
  await sql`ALTER TABLE shuxiang.training_enrolments DROP COLUMN waitlisted_at`.execute(db);
  await sql`ALTER TABLE shuxiang.training_enrolments DROP COLUMN arrival`.execute(db);
  await sql`DROP SEQUENCE shuxiang.training_enrolment_arrival_seq`.execute(db);
  await sql`UPDATE shuxiang.training_enrolments SET status = 'cancelled', cancelled_at = now() WHERE status = 'waitlisted'`.execute(db);
  await sql`ALTER TABLE shuxiang.training_enrolments DROP CONSTRAINT training_enrolments_status_check`.execute(db);
  await sql`ALTER TABLE shuxiang.training_enrolments ADD CONSTRAINT training_enrolments_status_check CHECK (status IN ('enrolled', 'cancelled'))`.execute(db);
}
