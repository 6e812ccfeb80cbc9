// Every service session is a record with the fields the rules name (志愿服务记录办法 Art 7:
// activity, date, place, beneficiaries, content, time, quality evaluation, person in charge,
// recorder). A record is never deleted, only corrected; each change is a revision row
// (docs/decisions/0028). Volunteers ask for corrections; a coordinator of the branch decides.
// Frozen in time: never import application code here.
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE shuxiang.service_records (
      id serial PRIMARY KEY,
      volunteer_id integer NOT NULL REFERENCES shuxiang.volunteers (id),
      booking_id integer UNIQUE REFERENCES shuxiang.bookings (id),
      branch_code text NOT NULL REFERENCES library.branches (code),
      room_id integer REFERENCES shuxiang.rooms (id),
      role_id integer REFERENCES shuxiang.roles (id),
      event_id integer REFERENCES shuxiang.events (id),
      activity_zh text NOT NULL,
      activity_en text NOT NULL,
      local_date date NOT NULL,
      started_at timestamptz,
      ended_at timestamptz NOT NULL,
      minutes integer NOT NULL CHECK (minutes BETWEEN 0 AND 1440),
      beneficiaries text NOT NULL,
      content_zh text NOT NULL,
      content_en text NOT NULL,
      quality text CHECK (quality IN ('excellent', 'good', 'fair', 'poor')),
      quality_note text NOT NULL DEFAULT '',
      person_in_charge integer REFERENCES shuxiang.staff (id),
      recorder integer REFERENCES shuxiang.staff (id),
      recorded_via text NOT NULL CHECK (recorded_via IN ('desk', 'qr', 'correction', 'migration')),
      revision integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX service_records_volunteer ON shuxiang.service_records (volunteer_id, local_date)`.execute(db);
  await sql`CREATE INDEX service_records_branch ON shuxiang.service_records (branch_code, local_date)`.execute(db);
  await sql`
    CREATE TABLE shuxiang.service_record_revisions (
      id serial PRIMARY KEY,
      record_id integer NOT NULL REFERENCES shuxiang.service_records (id),
      revision integer NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      staff_id integer REFERENCES shuxiang.staff (id),
      via text NOT NULL,
      reason text NOT NULL DEFAULT '',
      snapshot jsonb NOT NULL,
      UNIQUE (record_id, revision)
    )`.execute(db);
  await sql`
    CREATE TABLE shuxiang.record_corrections (
      id serial PRIMARY KEY,
      volunteer_id integer NOT NULL REFERENCES shuxiang.volunteers (id),
      kind text NOT NULL CHECK (kind IN ('missing-check-in', 'wrong-hours', 'unscheduled')),
      booking_id integer REFERENCES shuxiang.bookings (id),
      record_id integer REFERENCES shuxiang.service_records (id),
      branch_code text NOT NULL REFERENCES library.branches (code),
      local_date date NOT NULL,
      minutes integer NOT NULL CHECK (minutes BETWEEN 0 AND 1440),
      activity text NOT NULL DEFAULT '',
      note text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'declined')),
      decided_by integer REFERENCES shuxiang.staff (id),
      decided_at timestamptz,
      decided_minutes integer,
      decision_reason text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((kind = 'unscheduled') = (booking_id IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX record_corrections_pending ON shuxiang.record_corrections (branch_code) WHERE status = 'pending'`.execute(db);
  // One pending request per booking: a second one while the first waits would only confuse.
  await sql`CREATE UNIQUE INDEX record_corrections_one_pending ON shuxiang.record_corrections (booking_id) WHERE status = 'pending'`.execute(db);

  // Records and their history are kept for good: deleting is refused by the database itself.
  await sql`
    CREATE FUNCTION shuxiang.refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% rows are never deleted, only corrected', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
    END $$`.execute(db);
  for (const table of ["service_records", "service_record_revisions"]) {
    await sql`CREATE TRIGGER ${sql.raw(`${table}_no_delete`)} BEFORE DELETE ON ${sql.table(`shuxiang.${table}`)} FOR EACH ROW EXECUTE FUNCTION shuxiang.refuse_delete()`.execute(db);
    await sql`CREATE TRIGGER ${sql.raw(`${table}_no_truncate`)} BEFORE TRUNCATE ON ${sql.table(`shuxiang.${table}`)} FOR EACH STATEMENT EXECUTE FUNCTION shuxiang.refuse_delete()`.execute(db);
  }

  // What was served before records existed becomes records (revision 1, "migration").
  await sql`
    INSERT INTO shuxiang.service_records (volunteer_id, booking_id, branch_code, room_id, role_id, event_id, activity_zh, activity_en, local_date,
      started_at, ended_at, minutes, beneficiaries, content_zh, content_en, person_in_charge, recorder, recorded_via)
    SELECT b.volunteer_id, b.id, s.branch_code, COALESCE(s.room_id, e.room_id), s.role_id, s.event_id,
      COALESCE(e.title_zh, r.name_zh), COALESCE(e.title_en, r.name_en), s.local_date,
      b.checked_in_at, COALESCE(b.checked_out_at, GREATEST(b.ends_at, COALESCE(b.checked_in_at, b.ends_at))),
      CASE WHEN b.adjusted_minutes IS NOT NULL THEN b.adjusted_minutes
        ELSE GREATEST(0, LEAST(1440, round(extract(epoch FROM (COALESCE(b.checked_out_at, GREATEST(b.ends_at, b.checked_in_at)) - b.checked_in_at)) / 60)))::int END,
      COALESCE(e.audience, CASE WHEN br.kind = 'children' THEN 'children' ELSE 'everyone' END),
      r.name_zh || CASE WHEN s.notes <> '' THEN '：' || s.notes ELSE '' END,
      r.name_en || CASE WHEN s.notes <> '' THEN ': ' || s.notes ELSE '' END,
      s.created_by, NULL, 'migration'
    FROM shuxiang.bookings b
    JOIN shuxiang.shifts s ON s.id = b.shift_id
    JOIN shuxiang.roles r ON r.id = s.role_id
    JOIN library.branches br ON br.code = s.branch_code
    LEFT JOIN shuxiang.events e ON e.id = s.event_id
    WHERE b.status = 'confirmed' AND s.status = 'scheduled' AND (b.checked_in_at IS NOT NULL OR b.adjusted_minutes IS NOT NULL)`.execute(db);
  await sql`
    INSERT INTO shuxiang.service_record_revisions (record_id, revision, via, reason, snapshot)
    SELECT id, 1, 'migration', '', jsonb_build_object('minutes', minutes, 'startedAt', started_at, 'endedAt', ended_at)
    FROM shuxiang.service_records`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE shuxiang.record_corrections`.execute(db);
  await sql`DROP TABLE shuxiang.service_record_revisions`.execute(db);
  await sql`DROP TABLE shuxiang.service_records`.execute(db);
  await sql`DROP FUNCTION shuxiang.refuse_delete()`.execute(db);
}
