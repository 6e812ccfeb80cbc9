// An optional second factor for staff (TOTP, docs/decisions/0020): the secret sealed (never in
// clear text), the last time step used (a code works once), and the short-lived challenge
// between a right password and the code. Frozen in time: never import application code here.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE shuxiang.staff_totp (
      staff_id integer PRIMARY KEY REFERENCES shuxiang.staff (id) ON DELETE CASCADE,
      secret_sealed text NOT NULL,
      confirmed_at timestamptz,
      last_used_step integer,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE shuxiang.staff_sign_in_challenges (
      id_hash text PRIMARY KEY,
      staff_id integer NOT NULL REFERENCES shuxiang.staff (id) ON DELETE CASCADE,
      expires_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE shuxiang.staff_sign_in_challenges`.execute(db);
  await sql`DROP TABLE shuxiang.staff_totp`.execute(db);
}
