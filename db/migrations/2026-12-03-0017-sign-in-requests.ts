// Every request for a volunteer sign-in code counts against the per-address and per-IP limits,
// also for an address no volunteer uses (the answer no longer says which it was): such a request
// is recorded without a volunteer, already used and expired, so it can never sign anyone in.
// Frozen in time: never import application code here.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE shuxiang.sign_in_codes ALTER COLUMN volunteer_id DROP NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DELETE FROM shuxiang.sign_in_codes WHERE volunteer_id IS NULL`.execute(db);
  await sql`ALTER TABLE shuxiang.sign_in_codes ALTER COLUMN volunteer_id SET NOT NULL`.execute(db);
}
