// The coordinator's week at a glance: shifts of the chosen branches over seven days, with their
// state (short, open, full, cancelled), from one SQL statement whatever the number of shifts.
import { sql, type Kysely } from "kysely";
import type { EventChip, ShiftChip } from "./grid.ts";
import { addDays } from "./week.ts";
import type { Database } from "#db/schema.ts";

export type ShiftState = "short" | "open" | "full" | "cancelled";

/** A shift as the board has it: what its chip shows, and where it sits. */
export interface BoardShift extends ShiftChip {
  branchCode: string;
  localDate: string;
  roomId: number | null;
  minNeeded: number;
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

/** An event as the board has it: what its chip shows, and where it sits. */
export interface BoardEvent extends EventChip {
  branchCode: string;
  localDate: string;
  roomId: number | null;
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
        (SELECT count(*) FROM shuxiang.registrations g WHERE g.event_id = ev.id AND g.status = 'waitlisted')::int AS waiting,
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
