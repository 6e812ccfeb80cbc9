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

export function shiftState(s: { status: string; booked: number; capacity: number; min_needed: number }): ShiftState {
  if (s.status === "cancelled") return "cancelled";
  if (s.booked < s.min_needed) return "short";
  if (s.booked >= s.capacity) return "full";
  return "open";
}

export async function boardShifts(db: Kysely<Database>, filter: BoardFilter): Promise<BoardShift[]> {
  if (filter.branchCodes.length === 0) return [];
  const to = addDays(filter.from, filter.days - 1);
  const rows = await sql<{
    id: number;
    branch_code: string;
    local_date: string;
    clock: string;
    room_id: number | null;
    role_id: number;
    capacity: number;
    min_needed: number;
    booked: number;
    status: string;
    waitlisted: number;
  }>`
    SELECT s.id, s.branch_code, s.local_date::text AS local_date,
      to_char(s.starts_at AT TIME ZONE br.timezone, 'HH24:MI') || '–' || to_char(s.ends_at AT TIME ZONE br.timezone, 'HH24:MI') AS clock,
      s.room_id, s.role_id, s.capacity, s.min_needed, s.booked, s.status,
      COALESCE(w.n, 0)::int AS waitlisted
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
  return rows.rows.map((r) => ({
    id: r.id,
    branchCode: r.branch_code,
    localDate: r.local_date,
    clock: r.clock,
    roomId: r.room_id,
    roleId: r.role_id,
    capacity: r.capacity,
    minNeeded: r.min_needed,
    booked: r.booked,
    waitlisted: r.waitlisted,
    state: shiftState(r),
  }));
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
  const rows = await sql<{
    id: number; branch_code: string; local_date: string; clock: string; room_id: number | null; title_zh: string; title_en: string;
    room_zh: string | null; room_en: string | null; registered: number; capacity: number; waiting: number; status: string; helpers_short: number;
  }>`
    SELECT ev.id, ev.branch_code, ev.local_date::text AS local_date,
      to_char(ev.starts_at AT TIME ZONE br.timezone, 'HH24:MI') || '–' || to_char(ev.ends_at AT TIME ZONE br.timezone, 'HH24:MI') AS clock,
      ev.room_id, ev.title_zh, ev.title_en, rm.name_zh AS room_zh, rm.name_en AS room_en, ev.registered, ev.capacity, ev.status,
      COALESCE((SELECT sum(g.places) FROM shuxiang.registrations g WHERE g.event_id = ev.id AND g.status = 'waitlisted'), 0)::int AS waiting,
      COALESCE((SELECT sum(greatest(s.min_needed - s.booked, 0)) FROM shuxiang.shifts s WHERE s.event_id = ev.id AND s.status = 'scheduled'), 0)::int AS helpers_short
    FROM shuxiang.events ev
    JOIN library.branches br ON br.code = ev.branch_code
    LEFT JOIN shuxiang.rooms rm ON rm.id = ev.room_id
    WHERE ev.branch_code = ANY(${[...filter.branchCodes]}::text[])
      AND ev.local_date BETWEEN ${filter.from}::date AND ${to}::date
    ORDER BY ev.starts_at, ev.id`.execute(db);
  return rows.rows
    .filter((r) => !filter.onlyShort || (r.status === "scheduled" && r.helpers_short > 0))
    .map((r) => ({
      id: r.id, branchCode: r.branch_code, localDate: r.local_date, clock: r.clock, roomId: r.room_id, titleZh: r.title_zh, titleEn: r.title_en,
      roomZh: r.room_zh, roomEn: r.room_en, registered: r.registered, capacity: r.capacity, waiting: r.waiting, cancelled: r.status !== "scheduled", helpersShort: r.helpers_short,
    }));
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
