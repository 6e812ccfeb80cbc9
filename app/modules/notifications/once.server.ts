// Reminders are found from the items as they are now, then each is claimed (a row keyed by item,
// lead time and start) and queued in one transaction: a claim another process holds means it was
// already sent, so nothing goes twice, and a rolled-back queue leaves nothing claimed.
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Database } from "#db/schema.ts";
import type { Trx } from "#app/lib/db.server.ts";

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

/** The branch's lead times as rows `l(lead_hours)`: the first reminder (24 h unless set) and the
 * optional second. Needs `branch_settings` joined as `bs`. */
export const LEAD_TIMES = sql`CROSS JOIN LATERAL (VALUES (COALESCE(bs.reminder_hours, 24)), (bs.second_reminder_hours)) AS l(lead_hours)`;

/**
 * A reminder is due at `now` for an item starting at `startsAt` (a column) when its lead time has
 * come, the item has not started, and the reminder was not already due when the item was
 * announced at `announcedAt` (a booking or change made after that: its own email was the reminder).
 */
export function reminderDue(startsAt: string, announcedAt: string, now: Date): RawBuilder<boolean> {
  const start = sql.ref(startsAt);
  return sql<boolean>`l.lead_hours IS NOT NULL AND ${start} > ${now}
      AND ${start} - make_interval(hours => l.lead_hours) <= ${now}
      AND ${start} - make_interval(hours => l.lead_hours) > ${sql.ref(announcedAt)}`;
}
