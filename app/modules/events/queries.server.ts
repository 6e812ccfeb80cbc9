// Reading the programme: the public list and page, the coordinator's list and an event in full,
// the desk's check-in list, and the branch's public calendar feed.
import { sql } from "kysely";
import type { EventAudience, EventKind } from "#db/schema.ts";
import { versionedFeed, type FeedFile } from "#app/modules/calendar/feed-versions.server.ts";
import { buildFeed, calendarUid, type CalendarItem } from "#app/modules/calendar/ical.server.ts";
import { deskOrganizer, VENUE_COLUMNS, venueLocation, venueTimes } from "#app/modules/calendar/venue.server.ts";
import type { AppDeps } from "#app/lib/deps.server.ts";
import { containsPattern } from "#app/lib/db.server.ts";
import { readCheckInCode } from "./check-in-code.ts";
import type { EventNeed } from "./schemas.ts";

type Db = AppDeps["db"];

function eventBase(db: Db) {
  return db
    .selectFrom("shuxiang.events as ev")
    .innerJoin("library.branches as br", "br.code", "ev.branch_code")
    .leftJoin("shuxiang.rooms as rm", "rm.id", "ev.room_id")
    .leftJoin("shuxiang.branch_settings as bs", "bs.branch_code", "ev.branch_code")
    .select([
      ...VENUE_COLUMNS,
      "ev.id", "ev.series_id", "ev.branch_code", "ev.room_id", "ev.place", "ev.kind", "ev.audience", "ev.title_zh", "ev.title_en",
      "ev.description_zh", "ev.description_en", "ev.accessibility_zh", "ev.accessibility_en", "ev.partner", "ev.local_date",
      "ev.starts_at", "ev.ends_at", "ev.capacity", "ev.registered", "ev.max_party", "ev.card_required", "ev.guests_allowed",
      "ev.registration_opens_at", "ev.registration_closes_at", "ev.status", "ev.cancel_reason", "ev.sequence",
      "bs.guests_allowed as branch_guests_allowed",
      // Waiting registrations (parties), counted like a waiting reader's position: "第 7 位" of "7 waiting".
      (eb) => eb.selectFrom("shuxiang.registrations as w").select(sql<number>`count(*)::int`.as("n")).whereRef("w.event_id", "=", "ev.id").where("w.status", "=", "waitlisted").as("waiting"),
    ]);
}

export interface PublicFilters {
  branch?: string;
  kind?: EventKind;
  audience?: EventAudience;
  from?: string;
  to?: string;
}

/** Upcoming events for the public (volunteers-only ones only for signed-in volunteers). */
export async function listPublicEvents(db: Db, filters: PublicFilters, includeVolunteersOnly: boolean, now: Date = new Date()) {
  let query = eventBase(db).where("ev.status", "=", "scheduled").where("ev.ends_at", ">", now).orderBy("ev.starts_at").limit(200);
  if (!includeVolunteersOnly) query = query.where("ev.audience", "<>", "volunteers");
  if (filters.branch) query = query.where("ev.branch_code", "=", filters.branch);
  if (filters.kind) query = query.where("ev.kind", "=", filters.kind);
  if (filters.audience) query = query.where("ev.audience", "=", filters.audience);
  if (filters.from) query = query.where("ev.local_date", ">=", filters.from);
  if (filters.to) query = query.where("ev.local_date", "<=", filters.to);
  return query.execute();
}

export async function getEvent(db: Db, id: number) {
  return eventBase(db).where("ev.id", "=", id).executeTakeFirst();
}

/**
 * The events that need something done, in the window the staff home and the events list share:
 * helpers for events from now to the end of the 7th day ahead in the branch's zone (the instant
 * bound is a day wider; the branch's date decides); groups for any event in the list's 8 weeks.
 */
export function eventsNeeding(db: Db, branchCodes: string[] | null, needs: EventNeed, now: Date = new Date()) {
  const days = needs === "helpers" ? 8 : 56;
  return listStaffEvents(db, branchCodes, now, new Date(now.getTime() + days * 86400_000), needs);
}

/** The coordinator's list: their branches, from a date on (only those with a need, when given). */
export async function listStaffEvents(db: Db, branchCodes: string[] | null, from: Date, until: Date, need?: EventNeed) {
  let query = eventBase(db)
    .select((eb) => eb.selectFrom("shuxiang.registrations as gr").select(sql<number>`count(*)::int`.as("n")).whereRef("gr.event_id", "=", "ev.id").where("gr.kind", "=", "group").where("gr.status", "=", "requested").as("groups_requested"))
    .where("ev.starts_at", ">=", from)
    .where("ev.starts_at", "<", until)
    .orderBy("ev.starts_at")
    .limit(500);
  if (branchCodes) query = query.where("ev.branch_code", "in", branchCodes.length ? branchCodes : ["-"]);
  if (need) query = query.where("ev.status", "=", "scheduled");
  // Helpers: from `from` to the end of the 7th day after it, each in its branch's zone.
  if (need === "helpers") {
    query = query
      .where(sql<boolean>`ev.local_date <= (${from}::timestamptz AT TIME ZONE br.timezone)::date + 7`)
      .where(({ exists, selectFrom }) => exists(selectFrom("shuxiang.shifts as hs").select("hs.id").whereRef("hs.event_id", "=", "ev.id").where("hs.status", "=", "scheduled").whereRef("hs.booked", "<", "hs.min_needed")));
  }
  if (need === "groups") query = query.where(({ exists, selectFrom }) => exists(selectFrom("shuxiang.registrations as gq").select("gq.id").whereRef("gq.event_id", "=", "ev.id").where("gq.kind", "=", "group").where("gq.status", "=", "requested")));
  const events = await query.execute();
  if (events.length === 0) return [];
  const needs = await db
    .selectFrom("shuxiang.shifts")
    .select(["event_id", sql<number>`sum(greatest(min_needed - booked, 0))::int`.as("short")])
    .where("event_id", "in", events.map((e) => e.id))
    .where("status", "=", "scheduled")
    .groupBy("event_id")
    .execute();
  const short = new Map(needs.map((n) => [n.event_id, n.short]));
  return events.map((e) => ({ ...e, helpersShort: short.get(e.id) ?? 0 }));
}

/**
 * Registrations of one event, for the coordinator and the desk: search by part of a name, a school,
 * part of a card number (the last digits read out at the desk) or the check-in code.
 */
export async function eventRegistrations(db: Db, eventId: number, search?: string) {
  let query = db
    .selectFrom("shuxiang.registrations as g")
    .leftJoin("library.readers as rd", "rd.id", "g.reader_id")
    .select([
      "g.id", "g.kind", "g.status", "g.name", "g.email", "g.phone", "g.adults", "g.children", "g.places", "g.school", "g.class_name",
      "g.preferred_date", "g.notes", "g.created_at", "g.checked_in_at", "g.checked_in_count", "g.no_show", "g.volunteer_id", "g.check_in_code", "rd.card_number",
    ])
    .where("g.event_id", "=", eventId)
    .where("g.status", "in", ["confirmed", "waitlisted", "requested"])
    .orderBy(sql`CASE g.status WHEN 'confirmed' THEN 0 WHEN 'requested' THEN 1 ELSE 2 END`)
    .orderBy("g.arrival");
  const term = search?.trim();
  if (term) {
    const code = readCheckInCode(term);
    query = query.where((eb) =>
      eb.or([
        eb("g.name", "ilike", containsPattern(term)),
        eb("g.school", "ilike", containsPattern(term)),
        eb("rd.card_number", "ilike", containsPattern(term.replace(/[\s-]/g, ""))),
        ...(code ? [eb("g.check_in_code", "=", code)] : []),
      ]),
    );
  }
  return query.execute();
}

/** The helper shifts an event needs, with how many are booked. */
export async function eventShifts(db: Db, eventId: number) {
  return db
    .selectFrom("shuxiang.shifts as s")
    .innerJoin("shuxiang.roles as r", "r.id", "s.role_id")
    .select(["s.id", "s.capacity", "s.min_needed", "s.booked", "s.status", "s.starts_at", "s.ends_at", "r.name_zh", "r.name_en"])
    .where("s.event_id", "=", eventId)
    .orderBy("r.sort_order")
    .execute();
}

/** Today's events of the desk's branches, with head counts so far. */
export async function todaysEvents(db: Db, branchCodes: string[] | null, from: Date, until: Date) {
  let query = eventBase(db)
    .select((eb) => eb.selectFrom("shuxiang.registrations as c").select(sql<number>`coalesce(sum(c.checked_in_count), 0)::int`.as("n")).whereRef("c.event_id", "=", "ev.id").where("c.status", "=", "confirmed").as("checked_in"))
    .where("ev.status", "=", "scheduled")
    .where("ev.starts_at", "<", until)
    .where("ev.ends_at", ">", from)
    .orderBy("ev.starts_at");
  if (branchCodes) query = query.where("ev.branch_code", "in", branchCodes.length ? branchCodes : ["-"]);
  return query.execute();
}

/** At most this many entries in a branch's feed: the coming ones, nearest first, then the last 30 days'. */
export const BRANCH_FEED_LIMIT = 2000;

/** A branch's public events feed (no one's personal data): scheduled events, cancelled ones for 30 days. */
export async function branchEventsFeed(db: Db, branchCode: string, deps: Pick<AppDeps, "publicUrl">, language: "zh-CN" | "en", now: Date = new Date()): Promise<FeedFile | null> {
  const branch = await db.selectFrom("library.branches").select(["name_zh", "name_en"]).where("code", "=", branchCode).executeTakeFirst();
  if (!branch) return null;
  const rows = await eventBase(db)
    .where("ev.branch_code", "=", branchCode)
    .where("ev.audience", "<>", "volunteers")
    .where("ev.ends_at", ">", new Date(now.getTime() - 30 * 86400_000))
    .where((eb) => eb.or([eb("ev.status", "=", "scheduled"), eb("ev.cancelled_at", ">", new Date(now.getTime() - 30 * 86400_000))]))
    // The limit cuts from the far end: the coming events nearest first, then the past, latest first.
    .orderBy(sql`ev.ends_at > ${now}`, "desc")
    .orderBy(sql`CASE WHEN ev.ends_at > ${now} THEN ev.starts_at END`)
    .orderBy("ev.starts_at", "desc")
    .limit(BRANCH_FEED_LIMIT)
    .execute();
  rows.sort((a, b) => new Date(a.starts_at).getTime() - new Date(b.starts_at).getTime());
  const en = language === "en";
  const items: CalendarItem[] = rows.map((r) => ({
    uid: calendarUid("event", r.id, deps.publicUrl.hostname),
    sequence: r.sequence,
    ...venueTimes(r),
    summary: en ? r.title_en : r.title_zh,
    description: (en ? r.description_en : r.description_zh) || undefined,
    location: venueLocation(r, en),
    url: new URL(`/events/${r.id}`, deps.publicUrl).href,
    organizer: deskOrganizer(r, en),
    cancelled: r.status !== "scheduled",
  }));
  const name = en ? `${branch.name_en} · reading events` : `${branch.name_zh} · 阅读活动`;
  return versionedFeed(db, `branch:${branchCode}:${language}`, (stamp) => buildFeed(name, items, stamp));
}
