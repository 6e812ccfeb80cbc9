// Calendar feeds answer conditional requests: per feed, the hash of its current text (the ETag)
// and when that text last changed (Last-Modified, and the entries' DTSTAMP). A feed is
// 'volunteer:<id>' or 'branch:<code>:<language>'. Frozen in time: never import application code here.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE shuxiang.calendar_feed_versions (
      feed text PRIMARY KEY,
      etag text NOT NULL,
      modified_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE shuxiang.calendar_feed_versions`.execute(db);
}
