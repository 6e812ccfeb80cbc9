// The figures the library publishes (BRIEF.md), each one well-named query over a period of local
// dates and a set of branches. Events and shifts are placed by their local date; things stamped
// with an instant (applications, appointments, feedback) by that instant's date in the branch's
// zone (the main library's zone where no branch is named).
import { sql, type Kysely } from "kysely";
import type { Database, EventAudience, EventKind, FeedbackKind } from "#db/schema.ts";
import { countedRecordFilter } from "#app/modules/records/records.server.ts";
import { todayIn } from "#app/modules/shifts/queries.server.ts";
import { sharedZone } from "#app/lib/time.ts";
import type { Period } from "./periods.ts";

type Db = Kysely<Database>;

export interface Scope {
  from: string;
  to: string;
  branches: string[];
  /** Events count as held once they have ended by this instant. */
  now?: Date;
  /** The zone of dates no branch has (an applicant's or a volunteer's without one): the configured default. */
  defaultZone: string;
}

export function scopeOf(period: Pick<Period, "from" | "to">, branches: string[], defaultZone: string, now = new Date()): Scope {
  return { from: period.from, to: period.to, branches, now, defaultZone };
}

/**
 * Today where the branches reported on are — the day "this month" means and the printed summary's
 * date: their zone, or the default zone when they are in different zones (or none is named).
 */
export function reportToday(branches: ReadonlyArray<{ timezone: string }>, defaultZone: string, now: Date = new Date()): string {
  return todayIn(sharedZone(branches, defaultZone), now);
}
const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);

export interface EventRow {
  key: string;
  held: number;
  planned: number;
  attendance: number;
  capacity: number;
  registered: number;
  fillRate: number | null;
}

/** Per event of the period: held or not, places, registrations, attendance and no-shows. */
function eventsInScope(s: Scope) {
  return sql`
    SELECT ev.id, ev.kind, ev.audience, ev.branch_code, ev.capacity, ev.registered,
      (ev.ends_at <= ${s.now ?? new Date()}) AS held,
      COALESCE((SELECT sum(COALESCE(g.checked_in_count, 0)) FROM shuxiang.registrations g WHERE g.event_id = ev.id AND g.status = 'confirmed'), 0)::int AS attendance,
      (SELECT count(*) FROM shuxiang.registrations g WHERE g.event_id = ev.id AND g.status = 'confirmed')::int AS confirmed,
      (SELECT count(*) FROM shuxiang.registrations g WHERE g.event_id = ev.id AND g.status = 'confirmed' AND g.no_show)::int AS no_shows
    FROM shuxiang.events ev
    WHERE ev.status = 'scheduled' AND ev.local_date BETWEEN ${s.from}::date AND ${s.to}::date
      AND ev.branch_code = ANY(${s.branches}::text[])`;
}

/** Events held and their attendance, by kind and by audience; fill, no-show and the study tours. */
export async function eventFigures(db: Db, s: Scope) {
  const grouped = async (column: "kind" | "audience") =>
    (
      await sql<{ key: string; held: number; planned: number; attendance: number; capacity: number; registered: number }>`
        WITH e AS (${eventsInScope(s)})
        SELECT ${sql.ref(column)} AS key, count(*) FILTER (WHERE held)::int AS held, count(*)::int AS planned,
          COALESCE(sum(attendance) FILTER (WHERE held), 0)::int AS attendance,
          COALESCE(sum(capacity), 0)::int AS capacity, COALESCE(sum(registered), 0)::int AS registered
        FROM e GROUP BY 1 ORDER BY 2 DESC, 1`.execute(db)
    ).rows.map((r) => ({ ...r, fillRate: rate(r.registered, r.capacity) }));
  const [byKind, byAudience, totals, waitlist, tours] = await Promise.all([
    grouped("kind"),
    grouped("audience"),
    sql<{ held: number; planned: number; attendance: number; capacity: number; registered: number; confirmed: number; no_shows: number }>`
      WITH e AS (${eventsInScope(s)})
      SELECT count(*) FILTER (WHERE held)::int AS held, count(*)::int AS planned,
        COALESCE(sum(attendance) FILTER (WHERE held), 0)::int AS attendance,
        COALESCE(sum(capacity), 0)::int AS capacity, COALESCE(sum(registered), 0)::int AS registered,
        COALESCE(sum(confirmed) FILTER (WHERE held), 0)::int AS confirmed, COALESCE(sum(no_shows) FILTER (WHERE held), 0)::int AS no_shows
      FROM e`.execute(db),
    sql<{ waited: number; promoted: number }>`
      SELECT count(*)::int AS waited, count(*) FILTER (WHERE g.confirmed_at IS NOT NULL AND g.status = 'confirmed')::int AS promoted
      FROM shuxiang.registrations g JOIN shuxiang.events ev ON ev.id = g.event_id
      WHERE g.waitlisted_at IS NOT NULL AND ev.status = 'scheduled'
        AND ev.local_date BETWEEN ${s.from}::date AND ${s.to}::date AND ev.branch_code = ANY(${s.branches}::text[])`.execute(db),
    sql<{ groups: number; head_count: number }>`
      SELECT count(*)::int AS groups, COALESCE(sum(COALESCE(g.checked_in_count, g.places)), 0)::int AS head_count
      FROM shuxiang.registrations g JOIN shuxiang.events ev ON ev.id = g.event_id
      WHERE g.kind = 'group' AND g.status = 'confirmed' AND ev.status = 'scheduled' AND ev.ends_at <= ${s.now ?? new Date()}
        AND ev.local_date BETWEEN ${s.from}::date AND ${s.to}::date AND ev.branch_code = ANY(${s.branches}::text[])`.execute(db),
  ]);
  const t = totals.rows[0];
  const w = waitlist.rows[0];
  return {
    byKind: byKind as Array<EventRow & { key: EventKind }>,
    byAudience: byAudience as Array<EventRow & { key: EventAudience }>,
    totals: { held: t.held, planned: t.planned, attendance: t.attendance, capacity: t.capacity, registered: t.registered, fillRate: rate(t.registered, t.capacity), noShowRate: rate(t.no_shows, t.confirmed), noShows: t.no_shows },
    waitlist: { waited: w.waited, promoted: w.promoted, conversion: rate(w.promoted, w.waited) },
    studyTours: { groups: tours.rows[0].groups, headCount: tours.rows[0].head_count },
  };
}

/** Volunteers: appointed at the period's end, new applications and appointments, service. */
export async function volunteerFigures(db: Db, s: Scope) {
  // Service is counted from the records, the one rule for hours: a correction counts here as on the
  // volunteer's own page and certificate. Placed by the service's local date and branch.
  const served = sql`
    FROM shuxiang.service_records sr
    WHERE ${countedRecordFilter(s.now)} AND sr.local_date BETWEEN ${s.from}::date AND ${s.to}::date AND sr.branch_code = ANY(${s.branches}::text[])`;
  const [people, service, byRoleBranch, top] = await Promise.all([
    sql<{ appointed_at_end: number; applications: number; appointments: number }>`
      SELECT
        (SELECT count(*) FROM shuxiang.volunteers v LEFT JOIN library.branches br ON br.code = v.home_branch_code
          WHERE v.appointed_at IS NOT NULL AND (v.appointed_at AT TIME ZONE COALESCE(br.timezone, ${s.defaultZone}::text))::date <= ${s.to}::date
            AND v.status <> 'left' AND v.home_branch_code = ANY(${s.branches}::text[]))::int AS appointed_at_end,
        (SELECT count(*) FROM shuxiang.applications a JOIN shuxiang.volunteers v ON v.id = a.volunteer_id
          WHERE (a.created_at AT TIME ZONE COALESCE((SELECT zb.timezone FROM library.branches zb WHERE zb.code = v.preferred_branches[1]), ${s.defaultZone}::text))::date BETWEEN ${s.from}::date AND ${s.to}::date
            AND v.preferred_branches && ${s.branches}::text[])::int AS applications,
        (SELECT count(*) FROM shuxiang.volunteers v LEFT JOIN library.branches br ON br.code = v.home_branch_code
          WHERE (v.appointed_at AT TIME ZONE COALESCE(br.timezone, ${s.defaultZone}::text))::date BETWEEN ${s.from}::date AND ${s.to}::date
            AND v.home_branch_code = ANY(${s.branches}::text[]))::int AS appointments`.execute(db),
    sql<{ sessions: number; minutes: number; volunteers: number; no_shows: number }>`
      SELECT count(*)::int AS sessions, COALESCE(sum(sr.minutes), 0)::int AS minutes, count(DISTINCT sr.volunteer_id)::int AS volunteers,
        (SELECT count(*) FROM shuxiang.bookings b JOIN shuxiang.shifts sh ON sh.id = b.shift_id
          WHERE b.no_show AND b.status = 'confirmed' AND sh.local_date BETWEEN ${s.from}::date AND ${s.to}::date AND sh.branch_code = ANY(${s.branches}::text[]))::int AS no_shows
      ${served}`.execute(db),
    // Service the system did not schedule (an approved correction) has no role: role_zh/role_en null.
    sql<{ branch_code: string; branch_zh: string; branch_en: string; role_zh: string | null; role_en: string | null; sessions: number; minutes: number }>`
      SELECT sr.branch_code, br.name_zh AS branch_zh, br.name_en AS branch_en, r.name_zh AS role_zh, r.name_en AS role_en, count(*)::int AS sessions, COALESCE(sum(sr.minutes), 0)::int AS minutes
      FROM shuxiang.service_records sr
      LEFT JOIN shuxiang.roles r ON r.id = sr.role_id
      JOIN library.branches br ON br.code = sr.branch_code
      WHERE ${countedRecordFilter(s.now)} AND sr.local_date BETWEEN ${s.from}::date AND ${s.to}::date AND sr.branch_code = ANY(${s.branches}::text[])
      GROUP BY sr.branch_code, br.name_zh, br.name_en, br.sort_order, r.name_zh, r.name_en, r.sort_order
      ORDER BY br.sort_order, r.sort_order NULLS LAST`.execute(db),
    sql<{ volunteer_id: number; name: string; volunteer_number: string | null; sessions: number; minutes: number }>`
      SELECT v.id AS volunteer_id, v.name, v.volunteer_number, count(*)::int AS sessions, COALESCE(sum(sr.minutes), 0)::int AS minutes
      FROM shuxiang.service_records sr
      JOIN shuxiang.volunteers v ON v.id = sr.volunteer_id
      WHERE ${countedRecordFilter(s.now)} AND v.anonymised_at IS NULL
        AND sr.local_date BETWEEN ${s.from}::date AND ${s.to}::date AND sr.branch_code = ANY(${s.branches}::text[])
      GROUP BY v.id, v.name, v.volunteer_number
      ORDER BY minutes DESC, sessions DESC, v.id
      LIMIT 10`.execute(db),
  ]);
  return {
    appointedAtEnd: people.rows[0].appointed_at_end,
    newApplications: people.rows[0].applications,
    appointments: people.rows[0].appointments,
    sessions: service.rows[0].sessions,
    minutes: service.rows[0].minutes,
    activeVolunteers: service.rows[0].volunteers,
    noShows: service.rows[0].no_shows,
    byRoleBranch: byRoleBranch.rows,
    top: top.rows,
  };
}

/** Shifts planned, filled, short-staffed and cancelled, and the fill rate, by branch and by role. */
export async function shiftFigures(db: Db, s: Scope) {
  const grouped = async (by: "branch" | "role") =>
    (
      await sql<{ key: string; name_zh: string; name_en: string; planned: number; filled: number; short: number; cancelled: number; capacity: number; booked: number }>`
        SELECT ${by === "branch" ? sql`sh.branch_code` : sql`sh.role_id::text`} AS key,
          ${by === "branch" ? sql`br.name_zh, br.name_en` : sql`r.name_zh, r.name_en`},
          count(*)::int AS planned,
          count(*) FILTER (WHERE sh.status = 'scheduled' AND sh.booked >= sh.capacity)::int AS filled,
          count(*) FILTER (WHERE sh.status = 'scheduled' AND sh.booked < sh.min_needed)::int AS short,
          count(*) FILTER (WHERE sh.status = 'cancelled')::int AS cancelled,
          COALESCE(sum(sh.capacity) FILTER (WHERE sh.status = 'scheduled'), 0)::int AS capacity,
          COALESCE(sum(sh.booked) FILTER (WHERE sh.status = 'scheduled'), 0)::int AS booked
        FROM shuxiang.shifts sh
        JOIN library.branches br ON br.code = sh.branch_code
        JOIN shuxiang.roles r ON r.id = sh.role_id
        WHERE sh.local_date BETWEEN ${s.from}::date AND ${s.to}::date AND sh.branch_code = ANY(${s.branches}::text[])
        GROUP BY 1, 2, 3, ${by === "branch" ? sql`br.sort_order` : sql`r.sort_order`}
        ORDER BY ${by === "branch" ? sql`br.sort_order` : sql`r.sort_order`}`.execute(db)
    ).rows.map((r) => ({ ...r, fillRate: rate(r.booked, r.capacity) }));
  const [byBranch, byRole] = await Promise.all([grouped("branch"), grouped("role")]);
  const sum = (k: "planned" | "filled" | "short" | "cancelled" | "capacity" | "booked") => byBranch.reduce((a, r) => a + r[k], 0);
  return { byBranch, byRole, totals: { planned: sum("planned"), filled: sum("filled"), short: sum("short"), cancelled: sum("cancelled"), fillRate: rate(sum("booked"), sum("capacity")) } };
}

/** Feedback received by kind, and how much was answered within a week. */
export async function feedbackFigures(db: Db, s: Scope) {
  const rows = await sql<{ kind: FeedbackKind; received: number; answered_in_week: number }>`
    SELECT f.kind, count(*)::int AS received,
      count(*) FILTER (WHERE f.replied_at IS NOT NULL AND f.replied_at - f.created_at <= interval '7 days')::int AS answered_in_week
    FROM shuxiang.feedback f
    LEFT JOIN library.branches br ON br.code = f.branch_code
    WHERE (f.created_at AT TIME ZONE COALESCE(br.timezone, ${s.defaultZone}::text))::date BETWEEN ${s.from}::date AND ${s.to}::date
      AND (f.branch_code = ANY(${s.branches}::text[]) OR (f.branch_code IS NULL AND ${s.branches.length > 1}))
    GROUP BY f.kind`.execute(db);
  const kinds: FeedbackKind[] = ["suggestion", "question", "complaint"];
  return kinds.map((kind) => {
    const r = rows.rows.find((x) => x.kind === kind);
    return { kind, received: r?.received ?? 0, answeredInWeek: r?.answered_in_week ?? 0, answeredRate: rate(r?.answered_in_week ?? 0, r?.received ?? 0) };
  });
}

/** Cards issued, visits, loans and donated books, as entered per branch and month. */
export async function libraryFigures(db: Db, s: Scope) {
  const rows = await sql<{ branch_code: string; name_zh: string; name_en: string; cards_issued: number; visits: number; loans: number; donated_books: number; months: number }>`
    SELECT br.code AS branch_code, br.name_zh, br.name_en,
      COALESCE(sum(f.cards_issued), 0)::int AS cards_issued, COALESCE(sum(f.visits), 0)::int AS visits,
      COALESCE(sum(f.loans), 0)::int AS loans, COALESCE(sum(f.donated_books), 0)::int AS donated_books, count(f.month)::int AS months
    FROM library.branches br
    LEFT JOIN shuxiang.branch_figures f ON f.branch_code = br.code
      AND f.month BETWEEN date_trunc('month', ${s.from}::date)::date AND ${s.to}::date
    WHERE br.code = ANY(${s.branches}::text[])
    GROUP BY br.code, br.name_zh, br.name_en, br.sort_order
    ORDER BY br.sort_order`.execute(db);
  const total = (k: "cards_issued" | "visits" | "loans" | "donated_books") => rows.rows.reduce((a, r) => a + r[k], 0);
  return { byBranch: rows.rows, totals: { cards_issued: total("cards_issued"), visits: total("visits"), loans: total("loans"), donated_books: total("donated_books") } };
}

/** Everything a report page shows. */
export async function buildReport(db: Db, s: Scope) {
  const [events, volunteers, shifts, feedback, library] = await Promise.all([eventFigures(db, s), volunteerFigures(db, s), shiftFigures(db, s), feedbackFigures(db, s), libraryFigures(db, s)]);
  return { events, volunteers, shifts, feedback, library };
}
export type Report = Awaited<ReturnType<typeof buildReport>>;
