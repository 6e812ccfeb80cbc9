// The minute job's part for events: reminders before them (the branch's lead times, as for shifts:
// found from the events as they are now, so a moved event's reminder moves and a cancelled one
// has none; `event_reminders_sent` keeps each one to once), no-shows after them, and the
// feedback request to everyone who came, once, after the end.
import { sql } from "kysely";
import type { AppDeps } from "#app/lib/deps.server.ts";
import { LEAD_TIMES, queueOnce, reminderDue } from "#app/modules/notifications/once.server.ts";
import { notifyRegistration, notifyRegistrations } from "./notify.server.ts";

/** Reminders due at `now` (registrations made after the reminder was due get none: the
 * confirmation was the reminder). None for a registration whose reader used a reminder's
 * unsubscribe link, nor for a volunteer's registration when they stopped reminders. */
export async function sendDueEventReminders(deps: AppDeps, now: Date = new Date(), limit = 500): Promise<number> {
  const due = await sql<{ registration_id: number; lead_hours: number; starts_at: Date }>`
    SELECT g.id AS registration_id, l.lead_hours, ev.starts_at
    FROM shuxiang.registrations g
    JOIN shuxiang.events ev ON ev.id = g.event_id
    LEFT JOIN shuxiang.branch_settings bs ON bs.branch_code = ev.branch_code
    ${LEAD_TIMES}
    WHERE g.status = 'confirmed' AND ev.status = 'scheduled' AND g.email IS NOT NULL AND g.wants_reminders
      AND NOT EXISTS (SELECT 1 FROM shuxiang.volunteers v WHERE v.id = g.volunteer_id AND NOT v.wants_reminders)
      AND ${reminderDue("ev.starts_at", "g.confirmed_at", now)}
      AND NOT EXISTS (SELECT 1 FROM shuxiang.event_reminders_sent r
        WHERE r.registration_id = g.id AND r.lead_hours = l.lead_hours AND r.for_starts_at = ev.starts_at)
    ORDER BY ev.starts_at
    LIMIT ${limit}`.execute(deps.db);
  return queueOnce(
    deps.db,
    due.rows,
    async (trx, r) => (await sql`
      INSERT INTO shuxiang.event_reminders_sent (registration_id, lead_hours, for_starts_at) VALUES (${r.registration_id}, ${r.lead_hours}, ${r.starts_at})
      ON CONFLICT DO NOTHING RETURNING registration_id`.execute(trx)).rows.length > 0,
    (trx, r) => notifyRegistration(trx, deps, r.registration_id, "event-reminder", { leadHours: r.lead_hours }),
  );
}

/** Confirmed parties that never checked in are no-shows once the event has ended. */
export async function markEventNoShows(db: AppDeps["db"], now: Date = new Date()): Promise<number> {
  const result = await sql`
    UPDATE shuxiang.registrations g SET no_show = true
    FROM shuxiang.events ev
    WHERE ev.id = g.event_id AND ev.status = 'scheduled' AND ev.ends_at <= ${now} AND ev.ends_at > ${now}::timestamptz - interval '7 days'
      AND g.status = 'confirmed' AND g.checked_in_at IS NULL AND NOT g.no_show`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** After an event ends, everyone who came is asked for feedback, once. */
export async function sendFeedbackRequests(deps: AppDeps, now: Date = new Date()): Promise<number> {
  const events = await deps.db
    .selectFrom("shuxiang.events")
    .select("id")
    .where("status", "=", "scheduled")
    .where("ends_at", "<=", now)
    .where("ends_at", ">", new Date(now.getTime() - 3 * 86400_000))
    .where("feedback_requested_at", "is", null)
    .limit(50)
    .execute();
  let queued = 0;
  for (const ev of events) {
    queued += await deps.db.transaction().execute(async (trx) => {
      const marked = await trx.updateTable("shuxiang.events").set({ feedback_requested_at: now }).where("id", "=", ev.id).where("feedback_requested_at", "is", null).returning("id").executeTakeFirst();
      if (!marked) return 0; // another process took it
      const came = await trx
        .updateTable("shuxiang.registrations")
        .set({ feedback_requested_at: now })
        .where("event_id", "=", ev.id)
        .where("status", "=", "confirmed")
        .where("checked_in_at", "is not", null)
        .where("email", "is not", null)
        .returning("id")
        .execute();
      await notifyRegistrations(trx, deps, came.map((g) => g.id), "feedback-request");
      return came.length;
    });
  }
  return queued;
}

export async function runEventMaintenance(deps: AppDeps, now: Date = new Date()): Promise<{ eventReminders: number; eventNoShows: number; feedbackRequests: number }> {
  const eventReminders = await sendDueEventReminders(deps, now);
  const eventNoShows = await markEventNoShows(deps.db, now);
  const feedbackRequests = await sendFeedbackRequests(deps, now);
  return { eventReminders, eventNoShows, feedbackRequests };
}
