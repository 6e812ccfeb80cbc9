// The coordinator's week at a glance: shifts of the chosen branches over seven days, with their
// state (short, open, full, cancelled), from one SQL statement whatever the number of shifts.
import { sql, type Kysely } from "kysely";
import { addDays } from "./week.ts";
import type { Database } from "#db/schema.ts";

export type ShiftState = "short" | "open" | "full" | "cancelled";

export interface BoardShift {
  id: number;
  branchCode: string;
  localDate: string;
  /** "09:00–12:00" in the branch's zone. */
  clock: string;
  roomId: number | null;
  roleId: number;
  capacity: number;
  minNeeded: number;
  booked: number;
  waitlisted: number;
  state: ShiftState;
}

export interface BoardFilter {
  branchCodes: readonly string[];
  from: string;
  days: number;
  roleId?: number;
  onlyShort?: boolean;
}

export async function boardShifts(db: Kysely<Database>, filter: BoardFilter): Promise<BoardShift[]> {
  if (filter.branchCodes.length === 0) return [];
  const to = addDays(filter.from, filter.days - 1);
  // Rows come out in the shape the board uses (state included): thousands of them, no copy each.
  const rows = await sql<BoardShift>`
    SELECT s.id, s.branch_code AS "branchCode", s.local_date::text AS "localDate",
      to_char(s.starts_at AT TIME ZONE br.timezone, 'HH24:MI') || '–' || to_char(s.ends_at AT TIME ZONE br.timezone, 'HH24:MI') AS clock,
      s.room_id AS "roomId", s.role_id AS "roleId", s.capacity, s.min_needed AS "minNeeded", s.booked,
      COALESCE(w.n, 0)::int AS waitlisted,
      CASE WHEN s.status = 'cancelled' THEN 'cancelled' WHEN s.booked < s.min_needed THEN 'short' WHEN s.booked >= s.capacity THEN 'full' ELSE 'open' END AS state
    FROM shuxiang.shifts s
    JOIN library.branches br ON br.code = s.branch_code
    LEFT JOIN (
      SELECT b.shift_id, count(*) AS n FROM shuxiang.bookings b
      JOIN shuxiang.shifts ws ON ws.id = b.shift_id
      WHERE b.status = 'waitlisted' AND ws.local_date BETWEEN ${filter.from}::date AND ${to}::date
      GROUP BY b.shift_id
    ) w ON w.shift_id = s.id
    WHERE s.branch_code = ANY(${[...filter.branchCodes]}::text[])
      AND s.local_date BETWEEN ${filter.from}::date AND ${to}::date
      ${filter.roleId ? sql`AND s.role_id = ${filter.roleId}` : sql``}
      ${filter.onlyShort ? sql`AND s.status = 'scheduled' AND s.booked < s.min_needed` : sql``}
    ORDER BY s.starts_at, br.sort_order, s.id`.execute(db);
  return rows.rows;
}

export interface BoardEvent {
  id: number;
  branchCode: string;
  localDate: string;
  clock: string;
  roomId: number | null;
  titleZh: string;
  titleEn: string;
  roomZh: string | null;
  roomEn: string | null;
  registered: number;
  capacity: number;
  waiting: number;
  cancelled: boolean;
  /** Volunteer places its helper shifts still need to reach their minimum. */
  helpersShort: number;
}

/** The events of the same view, from one statement (helper shortfall and waitlist included). */
export async function boardEvents(db: Kysely<Database>, filter: Pick<BoardFilter, "branchCodes" | "from" | "days" | "onlyShort">): Promise<BoardEvent[]> {
  if (filter.branchCodes.length === 0) return [];
  const to = addDays(filter.from, filter.days - 1);
  const rows = await sql<BoardEvent>`
    SELECT e.id, e."branchCode", e."localDate", e.clock, e."roomId", e."titleZh", e."titleEn", e."roomZh", e."roomEn",
      e.registered, e.capacity, e.cancelled, e.waiting, e."helpersShort"
    FROM (
      SELECT ev.id, ev.branch_code AS "branchCode", ev.local_date::text AS "localDate",
        to_char(ev.starts_at AT TIME ZONE br.timezone, 'HH24:MI') || '–' || to_char(ev.ends_at AT TIME ZONE br.timezone, 'HH24:MI') AS clock,
        ev.room_id AS "roomId", ev.title_zh AS "titleZh", ev.title_en AS "titleEn", rm.name_zh AS "roomZh", rm.name_en AS "roomEn",
        ev.registered, ev.capacity, ev.status <> 'scheduled' AS cancelled,
        COALESCE((SELECT sum(g.places) FROM shuxiang.registrations g WHERE g.event_id = ev.id AND g.status = 'waitlisted'), 0)::int AS waiting,
        COALESCE((SELECT sum(greatest(s.min_needed - s.booked, 0)) FROM shuxiang.shifts s WHERE s.event_id = ev.id AND s.status = 'scheduled'), 0)::int AS "helpersShort",
        ev.starts_at
      FROM shuxiang.events ev
      JOIN library.branches br ON br.code = ev.branch_code
      LEFT JOIN shuxiang.rooms rm ON rm.id = ev.room_id
      WHERE ev.branch_code = ANY(${[...filter.branchCodes]}::text[])
        AND ev.local_date BETWEEN ${filter.from}::date AND ${to}::date
    ) e
    ${filter.onlyShort ? sql`WHERE NOT e.cancelled AND e."helpersShort" > 0` : sql``}
    ORDER BY e.starts_at, e.id`.execute(db);
  return rows.rows;
}

export interface BoardSummary {
  shifts: number;
  places: number;
  filled: number;
  short: number;
}

/** Totals for the visible range: cancelled shifts are not counted. */
export function summarize(shifts: BoardShift[]): BoardSummary {
  const live = shifts.filter((s) => s.state !== "cancelled");
  return {
    shifts: live.length,
    places: live.reduce((a, s) => a + s.capacity, 0),
    filled: live.reduce((a, s) => a + s.booked, 0),
    short: live.filter((s) => s.state === "short").length,
  };
}
