// Personal calendar feeds: a version per volunteer (bumped to replace the address) and the hash of
// the current feed token. Frozen in time: never import application code here.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE shuxiang.volunteers ADD COLUMN feed_version integer NOT NULL DEFAULT 1`.execute(db);
  await sql`ALTER TABLE shuxiang.volunteers ADD COLUMN feed_token_hash text UNIQUE`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE shuxiang.volunteers DROP COLUMN feed_version, DROP COLUMN feed_token_hash`.execute(db);
}
