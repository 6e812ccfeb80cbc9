// The audit trail of the demo: what the capabilities would have written for the staff actions the
// demo data stands for — application moves by coordinators, events planned and the one cancelled.
import { sql, type Transaction } from "kysely";
import type { Database } from "../schema.ts";

export async function seedDemoAudit(trx: Transaction<Database>, now: Date): Promise<void> {
  await sql`
    INSERT INTO shuxiang.audit_log (at, actor_staff_id, action, entity_type, entity_id, branch_code, before, after)
    SELECT e.at, e.actor_staff_id, 'application.move', 'application', e.application_id::text, v.home_branch_code,
      jsonb_build_object('status', e.from_status), jsonb_build_object('status', e.to_status, 'note', e.note)
    FROM shuxiang.application_events e
    JOIN shuxiang.applications a ON a.id = e.application_id
    JOIN shuxiang.volunteers v ON v.id = a.volunteer_id
    WHERE e.actor_staff_id IS NOT NULL AND e.at <= ${now}`.execute(trx);
  await sql`
    INSERT INTO shuxiang.audit_log (at, actor_staff_id, action, entity_type, entity_id, branch_code, before, after)
    SELECT LEAST(ev.starts_at - interval '14 days', ${now}::timestamptz), ev.created_by, 'event.create', 'event', ev.id::text, ev.branch_code, NULL,
      jsonb_build_object('title', ev.title_zh, 'date', ev.local_date, 'capacity', ev.capacity)
    FROM shuxiang.events ev WHERE ev.created_by IS NOT NULL`.execute(trx);
  await sql`
    INSERT INTO shuxiang.audit_log (at, actor_staff_id, action, entity_type, entity_id, branch_code, before, after)
    SELECT ev.cancelled_at, ev.created_by, 'event.cancel', 'event', ev.id::text, ev.branch_code,
      jsonb_build_object('status', 'scheduled'), jsonb_build_object('status', 'cancelled', 'reason', ev.cancel_reason)
    FROM shuxiang.events ev WHERE ev.status = 'cancelled' AND ev.created_by IS NOT NULL`.execute(trx);
}
