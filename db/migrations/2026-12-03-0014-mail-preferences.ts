// Mail preferences: a volunteer can stop calls for help and reminders separately (from their
// profile or a message's one-click unsubscribe link), and a reader's registration can stop its
// event reminders. Everything else (confirmations, changes, cancellations) always goes.
// Frozen in time: never import application code here.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE shuxiang.volunteers
      ADD COLUMN wants_calls_for_help boolean NOT NULL DEFAULT true,
      ADD COLUMN wants_reminders boolean NOT NULL DEFAULT true`.execute(db);
  await sql`ALTER TABLE shuxiang.registrations ADD COLUMN wants_reminders boolean NOT NULL DEFAULT true`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE shuxiang.registrations DROP COLUMN wants_reminders`.execute(db);
  await sql`ALTER TABLE shuxiang.volunteers DROP COLUMN wants_calls_for_help, DROP COLUMN wants_reminders`.execute(db);
}
