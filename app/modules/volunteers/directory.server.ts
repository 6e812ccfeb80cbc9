// The staff's volunteer directory (docs/decisions/0026): search and filters over the volunteers of a
// coordinator's branches (administrators: all), one volunteer's whole record, coordinators' notes
// (audited) and the CSV export. A volunteer belongs to their home branch and the branches they chose,
// the policy's rule (auth/policy.ts: volunteerBranches, volunteer.view).
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Database, VolunteerStatus } from "#db/schema.ts";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { countedRecordFilter, myHours, servedBookingFilter } from "#app/modules/records/records.server.ts";
import { can, volunteerBranches, volunteerInScopeSql, type StaffActor, type StaffUser } from "#app/modules/auth/policy.ts";
import { mySchedule } from "#app/modules/shifts/queries.server.ts";
import { containsPattern, transact } from "#app/lib/db.server.ts";
import { DIRECTORY_STATUSES, type LAST_SERVED } from "./schemas.ts";
import { volunteerForStaff } from "./suspension.server.ts";


export interface DirectoryFilter {
  q?: string;
  branch?: string;
  roleId?: number;
  trainingId?: number;
  status?: (typeof DIRECTORY_STATUSES)[number];
  served?: (typeof LAST_SERVED)[number];
}

export const DIRECTORY_PAGE_LIMIT = 500;

export interface DirectoryRow {
  id: number;
  name: string;
  volunteer_number: string | null;
  phone: string | null;
  email: string;
  card_number: string | null;
  status: VolunteerStatus;
  home_branch_code: string | null;
  branches: string[];
  roles: number[];
  trainings: number[];
  last_served: string | null;
  minutes: number;
  no_shows: number;
}

function where(user: StaffUser, f: DirectoryFilter): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [sql`v.anonymised_at IS NULL`, sql`v.status IN (${sql.join([...DIRECTORY_STATUSES])})`, volunteerInScopeSql(user, "volunteer.view")];
  if (f.status) parts.push(sql`v.status = ${f.status}`);
  if (f.branch) parts.push(sql`(v.home_branch_code = ${f.branch} OR ${f.branch} = ANY(v.preferred_branches))`);
  if (f.roleId) parts.push(sql`${f.roleId} = ANY(v.preferred_roles)`);
  if (f.trainingId) parts.push(sql`EXISTS (SELECT 1 FROM shuxiang.volunteer_trainings vt WHERE vt.volunteer_id = v.id AND vt.training_id = ${f.trainingId})`);
  // "Today" is the home branch's own date.
  const today = sql`(now() AT TIME ZONE coalesce(hb.timezone, 'UTC'))::date`;
  if (f.served === "30d") parts.push(sql`st.last_served >= ${today} - 30`);
  if (f.served === "90d") parts.push(sql`st.last_served >= ${today} - 90`);
  if (f.served === "over90d") parts.push(sql`(st.last_served IS NULL OR st.last_served < ${today} - 90)`);
  if (f.served === "never") parts.push(sql`st.last_served IS NULL`);
  const term = f.q?.trim();
  if (term) {
    const like = containsPattern(term);
    // A mobile typed with spaces or dashes ("138 1234 5678") still finds the number.
    const digits = term.replace(/[\s-]/g, "");
    parts.push(sql`(v.name ILIKE ${like} OR v.email ILIKE ${like} OR v.phone ILIKE ${containsPattern(digits)} OR rd.card_number ILIKE ${like} OR v.volunteer_number ILIKE ${like})`);
  }
  return sql.join(parts, sql` AND `) as RawBuilder<boolean>;
}

/**
 * Per volunteer: the last day served and minutes served, from the records (the one rule for hours,
 * corrections included), and no-shows, from the bookings.
 */
const SERVICE = sql`
  SELECT coalesce(h.volunteer_id, ns.volunteer_id) AS volunteer_id, h.last_served, coalesce(h.minutes, 0)::int AS minutes, coalesce(ns.no_shows, 0)::int AS no_shows
  FROM (
    SELECT sr.volunteer_id, max(sr.local_date) AS last_served, sum(sr.minutes)::int AS minutes
    FROM shuxiang.service_records sr WHERE ${countedRecordFilter()} GROUP BY sr.volunteer_id
  ) h
  FULL JOIN (
    SELECT b.volunteer_id, count(*)::int AS no_shows
    FROM shuxiang.bookings b JOIN shuxiang.shifts s ON s.id = b.shift_id
    WHERE b.no_show AND ${servedBookingFilter()} AND s.status = 'scheduled'
    GROUP BY b.volunteer_id
  ) ns ON ns.volunteer_id = h.volunteer_id`;

/** The volunteers matching the filters, by name; `limit` null for the whole export. */
export async function searchVolunteers(db: Kysely<Database>, user: StaffUser, f: DirectoryFilter, limit: number | null = DIRECTORY_PAGE_LIMIT) {
  const rows = await sql<DirectoryRow & { total: number }>`
    WITH st AS (${SERVICE})
    SELECT v.id, v.name, v.volunteer_number, v.phone, v.email, rd.card_number, v.status, v.home_branch_code,
      ARRAY(SELECT DISTINCT c FROM unnest(array_remove(array_prepend(v.home_branch_code, v.preferred_branches), NULL)) c ORDER BY c) AS branches,
      v.preferred_roles AS roles,
      ARRAY(SELECT vt.training_id FROM shuxiang.volunteer_trainings vt WHERE vt.volunteer_id = v.id ORDER BY vt.training_id) AS trainings,
      st.last_served::text AS last_served, coalesce(st.minutes, 0) AS minutes, coalesce(st.no_shows, 0) AS no_shows,
      count(*) OVER ()::int AS total
    FROM shuxiang.volunteers v
    LEFT JOIN library.readers rd ON rd.id = v.reader_id
    LEFT JOIN library.branches hb ON hb.code = v.home_branch_code
    LEFT JOIN st ON st.volunteer_id = v.id
    WHERE ${where(user, f)}
    ORDER BY v.name, v.id
    ${limit === null ? sql`` : sql`LIMIT ${limit}`}`.execute(db);
  return { total: rows.rows[0]?.total ?? 0, volunteers: rows.rows.map(({ total: _t, ...r }) => r) };
}

/** How many volunteers match (the recruitment page's "appointed" column counts the directory's appointed volunteers). */
export async function countVolunteers(db: Kysely<Database>, user: StaffUser, f: DirectoryFilter): Promise<number> {
  const row = await sql<{ n: number }>`
    WITH st AS (${SERVICE})
    SELECT count(*)::int AS n
    FROM shuxiang.volunteers v
    LEFT JOIN library.readers rd ON rd.id = v.reader_id
    LEFT JOIN library.branches hb ON hb.code = v.home_branch_code
    LEFT JOIN st ON st.volunteer_id = v.id
    WHERE ${where(user, f)}`.execute(db);
  return row.rows[0]?.n ?? 0;
}

/**
 * One volunteer's whole record for staff: profile, stage history, trainings, shifts to come and
 * past, hours, no-shows and coordinators' notes. "not-found" / "forbidden" as for suspension.
 */
export async function volunteerRecord(db: Kysely<Database>, user: StaffUser, volunteerId: number, now: Date = new Date()) {
  const volunteer = await volunteerForStaff(db, user, volunteerId);
  if (typeof volunteer === "string") return volunteer;
  const [profile, history, trainings, schedule, hours, service, notes] = await Promise.all([
    db
      .selectFrom("shuxiang.volunteers as v")
      .leftJoin("library.readers as rd", "rd.id", "v.reader_id")
      .select(["v.language", "v.birth_date", "v.availability", "v.preferred_roles", "v.skills", "v.languages_spoken", "v.appointed_at", "v.created_at", "v.home_branch_code", "rd.card_number"])
      .where("v.id", "=", volunteerId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("shuxiang.application_events as e")
      .innerJoin("shuxiang.applications as a", "a.id", "e.application_id")
      .leftJoin("shuxiang.staff as s", "s.id", "e.actor_staff_id")
      .select(["e.id", "e.at", "e.from_status", "e.to_status", "e.note", "s.name as actor"])
      .where("a.volunteer_id", "=", volunteerId)
      .orderBy("e.at")
      .orderBy("e.id")
      .execute(),
    db
      .selectFrom("shuxiang.volunteer_trainings as vt")
      .innerJoin("shuxiang.trainings as t", "t.id", "vt.training_id")
      .select(["t.id", "t.name_zh", "t.name_en", "vt.completed_at"])
      .where("vt.volunteer_id", "=", volunteerId)
      .orderBy("vt.completed_at")
      .execute(),
    mySchedule(db, volunteerId, now),
    myHours(db, volunteerId),
    sql<{ last_served: string | null; minutes: number; no_shows: number }>`SELECT last_served::text AS last_served, minutes, no_shows FROM (${SERVICE}) st WHERE st.volunteer_id = ${volunteerId}`.execute(db),
    db
      .selectFrom("shuxiang.volunteer_notes as n")
      .innerJoin("shuxiang.staff as s", "s.id", "n.staff_id")
      .select(["n.id", "n.at", "n.body", "s.name as author"])
      .where("n.volunteer_id", "=", volunteerId)
      .orderBy("n.at", "desc")
      .orderBy("n.id", "desc")
      .execute(),
  ]);
  const totals = service.rows[0] ?? { last_served: null, minutes: 0, no_shows: 0 };
  return { ...volunteer, profile, history, trainings, upcoming: schedule.upcoming, past: schedule.past, hours, lastServed: totals.last_served, minutes: totals.minutes, noShows: totals.no_shows, notes };
}

/** A coordinator's note on a volunteer, written with its audit entry. */
export async function addVolunteerNote(db: Kysely<Database>, user: StaffUser, actor: StaffActor, volunteerId: number, body: string): Promise<"ok" | "not-found" | "forbidden"> {
  return transact(db, async (trx) => {
    const v = await trx
      .selectFrom("shuxiang.volunteers")
      .select(["id", "home_branch_code", "preferred_branches", "anonymised_at", "status"])
      .where("id", "=", volunteerId)
      .executeTakeFirst();
    if (!v || v.anonymised_at) return "not-found";
    if (!can(user, "volunteer.view", volunteerBranches(v))) return "forbidden";
    const note = await trx.insertInto("shuxiang.volunteer_notes").values({ volunteer_id: volunteerId, staff_id: user.id, body }).returning("id").executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorStaffId: actor.user.id,
      action: "volunteer.note",
      entityType: "volunteer",
      entityId: volunteerId,
      branchCode: v.home_branch_code,
      after: { noteId: note.id, body },
      requestId: actor.requestId,
    });
    return "ok";
  });
}
