import type { Kysely } from "kysely";
import type { Database } from "#db/schema.ts";

export function listMailbox(db: Kysely<Database>, limit = 100) {
  return db
    .selectFrom("shuxiang.mailbox_messages")
    .select(["id", "to_address", "subject", "ical_method", "created_at"])
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

export function getMailboxMessage(db: Kysely<Database>, id: number) {
  return db.selectFrom("shuxiang.mailbox_messages").selectAll().where("id", "=", id).executeTakeFirst();
}
