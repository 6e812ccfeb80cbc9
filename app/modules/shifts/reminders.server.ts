// Reminders before shifts, and the no-show mark after them. Both run from one scheduled job
// (pg-boss cron, every minute, once across all processes).
//
// A reminder is due at start − lead time (per branch: 24 h by default, an optional second one).
// Nothing is scheduled ahead, so nothing needs moving: the due reminders are found from the
// shifts as they are now. So a moved shift's reminder moves with it, a cancelled one has none,
// and one that started gets none. `reminders_sent` (booking, lead, the start it was for) is
// written in the transaction that queues the message: never twice, and a shift moved after its
// reminder went out gets one for its new time.
//
// Decided: a booking made (or a change announced) after its reminder was due gets no separate
// reminder — the confirmation or change email that just went out carries the time and the invite
// (with its own alarm). So a shift booked 3 hours ahead gets the confirmation only.
//
// A volunteer who stopped reminders (profile or unsubscribe link) gets none queued.
import { sql } from "kysely";
import type { AppDeps } from "#app/lib/deps.server.ts";
import { markNoShows } from "./attendance.server.ts";
import { notifyBooking } from "./notify.server.ts";
import { LEAD_TIMES, queueOnce, reminderDue } from "#app/modules/notifications/once.server.ts";

interface Due {
  booking_id: number;
  lead_hours: number;
  starts_at: Date;
}

/** Queues every reminder due at `now`; returns how many were queued. */
export async function sendDueReminders(deps: AppDeps, now: Date = new Date(), limit = 500): Promise<number> {
  const due = await sql<Due>`
    SELECT b.id AS booking_id, l.lead_hours, s.starts_at
    FROM shuxiang.bookings b
    JOIN shuxiang.shifts s ON s.id = b.shift_id
    JOIN shuxiang.volunteers v ON v.id = b.volunteer_id
    LEFT JOIN shuxiang.branch_settings bs ON bs.branch_code = s.branch_code
    ${LEAD_TIMES}
    WHERE b.status = 'confirmed' AND s.status = 'scheduled' AND v.wants_reminders
      AND ${reminderDue("s.starts_at", "b.notified_at", now)}
      AND NOT EXISTS (
        SELECT 1 FROM shuxiang.reminders_sent r
        WHERE r.booking_id = b.id AND r.lead_hours = l.lead_hours AND r.for_starts_at = s.starts_at)
    ORDER BY s.starts_at
    LIMIT ${limit}`.execute(deps.db);
  return queueOnce(
    deps.db,
    due.rows,
    async (trx, r) => (await sql`
      INSERT INTO shuxiang.reminders_sent (booking_id, lead_hours, for_starts_at) VALUES (${r.booking_id}, ${r.lead_hours}, ${r.starts_at})
      ON CONFLICT DO NOTHING RETURNING booking_id`.execute(trx)).rows.length > 0,
    (trx, r) => notifyBooking(trx, deps, r.booking_id, "shift-reminder", { leadHours: r.lead_hours }),
  );
}

export async function runShiftMaintenance(deps: AppDeps, now: Date = new Date()): Promise<{ reminders: number; noShows: number }> {
  const reminders = await sendDueReminders(deps, now);
  const noShows = await markNoShows(deps.db, now);
  return { reminders, noShows };
}
