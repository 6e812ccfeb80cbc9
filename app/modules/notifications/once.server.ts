// Reminders are found from the items as they are now, then each is claimed (a row keyed by item,
// lead time and start) and queued in one transaction: a claim another process holds means it was
// already sent, so nothing goes twice, and a rolled-back queue leaves nothing claimed.
import type { Kysely } from "kysely";
import type { Database } from "#db/schema.ts";
import type { Trx } from "#app/modules/shifts/deps.server.ts";

/** Claims and queues each due item once; returns how many were queued. */
export async function queueOnce<T>(db: Kysely<Database>, due: T[], claim: (trx: Trx, item: T) => Promise<boolean>, send: (trx: Trx, item: T) => Promise<void>): Promise<number> {
  let queued = 0;
  for (const item of due) {
    const sent = await db.transaction().execute(async (trx) => {
      if (!(await claim(trx, item))) return false;
      await send(trx, item);
      return true;
    });
    if (sent) queued++;
  }
  return queued;
}
