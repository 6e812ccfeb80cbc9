// Reading shifts: what volunteers can browse and hold, and what coordinators plan with.
import { sql, type Kysely } from "kysely";
import { DateTime } from "luxon";
import type { Database } from "#db/schema.ts";
import { eligibilityProblem, type EligibilityProblem } from "./eligibility.server.ts";
import { cancelWindow, type CancelWindow } from "./cancellation.ts";
import { servedBookingFilter, servedMinutesSql } from "#app/modules/records/records.server.ts";
import { pageByDay, type DayPage } from "./day-pages.ts";
import { DEFAULT_SETTINGS } from "./settings.server.ts";

export interface ShiftFilter {
  branch?: string;
  roleId?: number;
  from?: string;
  to?: string;
}

export interface OpenShift {
  id: number;
  branchCode: string;
  branchZh: string;
  branchEn: string;
  timezone: string;
  /** The day in the branch's zone. */
  localDate: string;
  roleId: number;
  roleZh: string;
  roleEn: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  booked: number;
  waitlisted: number;
  notes: string;
  myStatus: "confirmed" | "waitlisted" | null;
  /** Why booking would refuse this volunteer (the eligibility rule), or null when they can take it. */
  refusal: EligibilityProblem | null;
}

/**
 * Upcoming scheduled shifts for a volunteer, with places left, waitlist and whether they can take
 * it; "only shifts I can take" keeps the ones the eligibility rule lets them book and they are not on.
 */
export async function listOpenShifts(db: Kysely<Database>, volunteerId: number, filter: ShiftFilter, onlyMine: boolean, now: Date = new Date()): Promise<OpenShift[]> {
  let q = db
    .selectFrom("shuxiang.shifts as s")
    .leftJoin("shuxiang.volunteers as v", (j) => j.on("v.id", "=", volunteerId))
    .innerJoin("library.branches as br", "br.code", "s.branch_code")
    .innerJoin("shuxiang.roles as r", "r.id", "s.role_id")
    .leftJoin("shuxiang.bookings as mine", (j) => j.onRef("mine.shift_id", "=", "s.id").on("mine.volunteer_id", "=", volunteerId).on("mine.status", "in", ["confirmed", "waitlisted"]))
    .select([
      "s.id",
      "s.branch_code",
      "br.name_zh as branch_zh",
      "br.name_en as branch_en",
      "br.timezone",
      "s.local_date",
      "r.id as role_id",
      "r.name_zh as role_zh",
      "r.name_en as role_en",
      "s.starts_at",
      "s.ends_at",
      "s.capacity",
      "s.booked",
      "s.notes",
      "mine.status as my_status",
      sql<number>`(SELECT count(*) FROM shuxiang.bookings w WHERE w.shift_id = s.id AND w.status = 'waitlisted')`.as("waitlisted"),
      eligibilityProblem.as("refusal"),
    ])
    .where("s.status", "=", "scheduled")
    .where("s.starts_at", ">", now)
    .orderBy("s.starts_at")
    .orderBy("s.id")
    .limit(300);
  if (filter.branch) q = q.where("s.branch_code", "=", filter.branch);
  if (filter.roleId) q = q.where("s.role_id", "=", filter.roleId);
  if (filter.from) q = q.where("s.local_date", ">=", filter.from);
  if (filter.to) q = q.where("s.local_date", "<=", filter.to);
  if (onlyMine) q = q.where(eligibilityProblem, "is", null).where("mine.id", "is", null);
  const rows = await q.execute();
  return rows.map(
    (r): OpenShift => ({
      id: r.id,
      branchCode: r.branch_code,
      branchZh: r.branch_zh,
      branchEn: r.branch_en,
      timezone: r.timezone,
      localDate: r.local_date,
      roleId: r.role_id,
      roleZh: r.role_zh,
      roleEn: r.role_en,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      capacity: r.capacity,
      booked: r.booked,
      waitlisted: Number(r.waitlisted),
      notes: r.notes,
      myStatus: (r.my_status as OpenShift["myStatus"]) ?? null,
      refusal: r.refusal,
    }),
  );
}

/** Shifts a phone can scroll through: this many per page, grouped by day. */
export const OPEN_SHIFTS_PAGE_SIZE = 20;

/** One page of `listOpenShifts`, grouped by the branch's local day. */
export async function openShiftsPage(db: Kysely<Database>, volunteerId: number, filter: ShiftFilter, onlyMine: boolean, page: number): Promise<DayPage<OpenShift>> {
  return pageByDay(await listOpenShifts(db, volunteerId, filter, onlyMine), page, OPEN_SHIFTS_PAGE_SIZE);
}

export interface MyBooking {
  bookingId: number;
  shiftId: number;
  status: "confirmed" | "waitlisted" | "cancelled" | "removed";
  position: number | null;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  localDate: string;
  branchZh: string;
  branchEn: string;
  roleZh: string;
  roleEn: string;
  shiftCancelled: boolean;
  checkedIn: boolean;
  noShow: boolean;
  minutes: number;
  lateCancellation: boolean;
  /** Whether the volunteer may still give the place up (the branch's cut-off), and the desk to call when not. */
  cancelWindow: CancelWindow;
  cutoffHours: number;
  deskPhone: string | null;
}

/** A volunteer's bookings: upcoming (booked and waiting) and past, newest first for the past. */
export async function mySchedule(db: Kysely<Database>, volunteerId: number, now: Date = new Date()): Promise<{ upcoming: MyBooking[]; past: MyBooking[] }> {
  const rows = await db
    .selectFrom("shuxiang.bookings as b")
    .innerJoin("shuxiang.shifts as s", "s.id", "b.shift_id")
    .innerJoin("library.branches as br", "br.code", "s.branch_code")
    .innerJoin("shuxiang.roles as r", "r.id", "s.role_id")
    .leftJoin("shuxiang.branch_settings as bs", "bs.branch_code", "s.branch_code")
    .select([
      "b.id",
      "b.shift_id",
      "b.status",
      "bs.booking_cutoff_hours",
      "bs.allow_late_cancellation",
      "bs.desk_phone",
      "s.starts_at",
      "s.ends_at",
      "br.timezone",
      "s.local_date",
      "br.name_zh as branch_zh",
      "br.name_en as branch_en",
      "r.name_zh as role_zh",
      "r.name_en as role_en",
      "s.status as shift_status",
      "b.checked_in_at",
      "b.no_show",
      "b.late_cancellation",
      servedMinutesSql().as("minutes"),
      sql<number | null>`CASE WHEN b.status = 'waitlisted' THEN (SELECT count(*) FROM shuxiang.bookings w WHERE w.shift_id = b.shift_id AND w.status = 'waitlisted' AND w.arrival <= b.arrival) END`.as("position"),
    ])
    .where("b.volunteer_id", "=", volunteerId)
    .where((eb) => eb.or([eb("b.status", "in", ["confirmed", "waitlisted"]), eb("b.cancelled_at", ">", new Date(now.getTime() - 30 * 86400_000))]))
    .orderBy("s.starts_at")
    .execute();
  const all = rows.map(
    (r): MyBooking => ({
      bookingId: r.id,
      shiftId: r.shift_id,
      status: r.status,
      position: r.position === null ? null : Number(r.position),
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      timezone: r.timezone,
      localDate: r.local_date,
      branchZh: r.branch_zh,
      branchEn: r.branch_en,
      roleZh: r.role_zh,
      roleEn: r.role_en,
      shiftCancelled: r.shift_status === "cancelled",
      checkedIn: r.checked_in_at !== null,
      noShow: r.no_show,
      minutes: Number(r.minutes),
      lateCancellation: r.late_cancellation,
      cancelWindow: cancelWindow(
        new Date(r.starts_at),
        now,
        r.booking_cutoff_hours ?? DEFAULT_SETTINGS.bookingCutoffHours,
        r.allow_late_cancellation ?? DEFAULT_SETTINGS.allowLateCancellation,
      ),
      cutoffHours: r.booking_cutoff_hours ?? DEFAULT_SETTINGS.bookingCutoffHours,
      deskPhone: r.desk_phone,
    }),
  );
  return {
    upcoming: all.filter((b) => new Date(b.endsAt) > now),
    past: all.filter((b) => new Date(b.endsAt) <= now && b.status === "confirmed").reverse(),
  };
}

export function todayIn(zone: string, now: Date = new Date()): string {
  return DateTime.fromJSDate(now, { zone }).toISODate()!;
}

export interface PlannedShift {
  id: number;
  branchCode: string;
  branchZh: string;
  branchEn: string;
  timezone: string;
  roleZh: string;
  roleEn: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  minNeeded: number;
  booked: number;
  waitlisted: number;
  status: "scheduled" | "cancelled";
  seriesId: number | null;
}

/** Shifts of the given branches between two local dates, for coordinators (one query). */
export async function listPlannedShifts(db: Kysely<Database>, branchCodes: readonly string[] | "all", from: string, to: string): Promise<PlannedShift[]> {
  let q = db
    .selectFrom("shuxiang.shifts as s")
    .innerJoin("library.branches as br", "br.code", "s.branch_code")
    .innerJoin("shuxiang.roles as r", "r.id", "s.role_id")
    .select([
      "s.id",
      "s.branch_code",
      "br.name_zh as branch_zh",
      "br.name_en as branch_en",
      "br.timezone",
      "r.name_zh as role_zh",
      "r.name_en as role_en",
      "s.starts_at",
      "s.ends_at",
      "s.capacity",
      "s.min_needed",
      "s.booked",
      "s.status",
      "s.series_id",
      sql<number>`(SELECT count(*) FROM shuxiang.bookings w WHERE w.shift_id = s.id AND w.status = 'waitlisted')`.as("waitlisted"),
    ])
    .where("s.local_date", ">=", from)
    .where("s.local_date", "<=", to)
    .orderBy("s.starts_at")
    .orderBy("br.sort_order")
    .limit(1000);
  if (branchCodes !== "all") q = q.where("s.branch_code", "in", branchCodes.length ? [...branchCodes] : [""]);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    branchCode: r.branch_code,
    branchZh: r.branch_zh,
    branchEn: r.branch_en,
    timezone: r.timezone,
    roleZh: r.role_zh,
    roleEn: r.role_en,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    capacity: r.capacity,
    minNeeded: r.min_needed,
    booked: r.booked,
    waitlisted: Number(r.waitlisted),
    status: r.status,
    seriesId: r.series_id,
  }));
}

export async function shiftDetail(db: Kysely<Database>, shiftId: number) {
  const shift = await db
    .selectFrom("shuxiang.shifts as s")
    .innerJoin("library.branches as br", "br.code", "s.branch_code")
    .innerJoin("shuxiang.roles as r", "r.id", "s.role_id")
    .leftJoin("shuxiang.rooms as rm", "rm.id", "s.room_id")
    .select([
      "s.id",
      "s.branch_code",
      "s.role_id",
      "br.name_zh as branch_zh",
      "br.name_en as branch_en",
      "br.timezone",
      "r.name_zh as role_zh",
      "r.name_en as role_en",
      "s.local_date",
      "s.starts_at",
      "s.ends_at",
      "s.capacity",
      "s.min_needed",
      "s.booked",
      "s.notes",
      "s.status",
      "s.cancel_reason",
      "s.series_id",
      "s.room_id",
      "rm.name_zh as room_zh",
      "rm.name_en as room_en",
    ])
    .where("s.id", "=", shiftId)
    .executeTakeFirst();
  if (!shift) return null;
  const people = await db
    .selectFrom("shuxiang.bookings as b")
    .innerJoin("shuxiang.volunteers as v", "v.id", "b.volunteer_id")
    .select(["b.id", "b.volunteer_id", "b.status", "b.arrival", "b.override_reason", "b.late_cancellation", "b.cancel_reason", "v.name", "v.email", "v.phone"])
    .where("b.shift_id", "=", shiftId)
    .orderBy("b.arrival")
    .execute();
  return {
    shift,
    confirmed: people.filter((p) => p.status === "confirmed"),
    waitlisted: people.filter((p) => p.status === "waitlisted"),
    gone: people.filter((p) => p.status === "cancelled" || p.status === "removed"),
  };
}
