// Which registration or application a message is about, so retention and deletion can find the
// messages that carry a person's data (docs/decisions/0015). Earlier messages are linked through
// their idempotency keys, and the private link in their stored invites is taken out: from now on
// the outbox stores invites sealed, and these were written before that.
// Frozen in time: never import application code here.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE shuxiang.messages
      ADD COLUMN registration_id integer REFERENCES shuxiang.registrations (id),
      ADD COLUMN application_id integer REFERENCES shuxiang.applications (id)`.execute(db);
  await sql`CREATE INDEX messages_registration_idx ON shuxiang.messages (registration_id) WHERE registration_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX messages_application_idx ON shuxiang.messages (application_id) WHERE application_id IS NOT NULL`.execute(db);

  await sql`
    UPDATE shuxiang.messages m SET registration_id = g.id
    FROM shuxiang.registrations g
    WHERE m.idempotency_key ~ '^(registration|event-reminder|feedback-request):[0-9]+'
      AND g.id = substring(m.idempotency_key from '^[a-z-]+:([0-9]+)')::int`.execute(db);
  await sql`
    UPDATE shuxiang.messages m SET application_id = a.id
    FROM shuxiang.applications a
    WHERE m.idempotency_key ~ '^application:[0-9]+:'
      AND a.id = substring(m.idempotency_key from '^application:([0-9]+)')::int`.execute(db);
  await sql`
    UPDATE shuxiang.messages m SET application_id = e.application_id
    FROM shuxiang.application_events e
    WHERE m.idempotency_key ~ '^application-event:[0-9]+$'
      AND e.id = substring(m.idempotency_key from '^application-event:([0-9]+)')::int`.execute(db);
  await sql`
    UPDATE shuxiang.messages m SET application_id = i.application_id
    FROM shuxiang.interviews i
    WHERE m.idempotency_key ~ '^interview(-reminder)?:[0-9]+:'
      AND i.id = substring(m.idempotency_key from '^interview(?:-reminder)?:([0-9]+)')::int`.execute(db);

  // The URL property (with its folded continuation lines) of registrations' invites is the private link.
  await sql`
    UPDATE shuxiang.messages
    SET ical = regexp_replace(ical, '\r\nURL[:;][^\r\n]*(\r\n[ \t][^\r\n]*)*', '', 'g')
    WHERE registration_id IS NOT NULL AND ical IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE shuxiang.messages DROP COLUMN registration_id, DROP COLUMN application_id`.execute(db);
}
