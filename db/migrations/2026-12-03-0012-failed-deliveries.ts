// Failed deliveries stay in front of administrators until someone deals with them: resending one
// queues it again; a failure that needs no resend (the address is gone) is marked as dealt with.
// Frozen in time: never import application code here.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE shuxiang.messages
      ADD COLUMN failure_handled_at timestamptz,
      ADD COLUMN failure_handled_by integer REFERENCES shuxiang.staff (id)`.execute(db);
  await sql`CREATE INDEX messages_failed_open_idx ON shuxiang.messages (id) WHERE status = 'failed' AND failure_handled_at IS NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX shuxiang.messages_failed_open_idx`.execute(db);
  await sql`ALTER TABLE shuxiang.messages DROP COLUMN failure_handled_at, DROP COLUMN failure_handled_by`.execute(db);
}
