// On the day: desk staff check volunteers in and out; after a shift ends without a check-in the
// booking is marked a no-show. Hours are the checked-in time (to the shift's end when nobody
// checked out), unless a coordinator or the desk adjusted them with a reason (audited). Each change
// is written through to the session's service record (app/modules/records) in the same transaction.
import { minorOnShiftSql } from "./minors.ts";
import { sql, type Kysely } from "kysely";
import { DateTime } from "luxon";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import type { Database } from "#db/schema.ts";
import { transact } from "#app/lib/db.server.ts";
import { can, type StaffActor } from "#app/modules/auth/policy.ts";
import { recordFromBooking } from "#app/modules/records/records.server.ts";
import type { RecordVia } from "#db/schema.ts";

/** Who checks a volunteer in: desk staff, or nobody signed in as staff (the volunteer scanning the desk's QR code). */
/** Staff at the desk, or nobody: a volunteer checking themself in by the kiosk's signed QR code (kiosk.server.ts checks the code). */
export type AttendanceActor = StaffActor | { user: null; requestId?: string | null };

export type AttendanceResult = { ok: true } | { ok: false; reason: "not-found" | "not-today" | "too-early" | "not-checked-in" | "already" | "forbidden" };

const EARLY_CHECK_IN_MINUTES = 60;

interface AttendanceRow {
  id: number;
  status: string;
  starts_at: Date;
  ends_at: Date;
  checked_in_at: Date | null;
  checked_out_at: Date | null;
  adjusted_minutes: number | null;
  branch_code: string;
  timezone: string;
}

async function loadForAttendance(db: Kysely<Database>, bookingId: number, branchCodes: readonly string[] | "all"): Promise<AttendanceRow | undefined> {
  let q = db
    .selectFrom("shuxiang.bookings as b")
    .innerJoin("shuxiang.shifts as s", "s.id", "b.shift_id")
    .innerJoin("library.branches as br", "br.code", "s.branch_code")
    .select(["b.id", "b.status", "b.starts_at", "b.ends_at", "b.checked_in_at", "b.checked_out_at", "b.adjusted_minutes", "s.branch_code", "br.timezone"])
    .where("b.id", "=", bookingId)
    .where("s.status", "=", "scheduled");
  if (branchCodes !== "all") q = q.where("s.branch_code", "in", branchCodes.length ? [...branchCodes] : [""]);
  return q.executeTakeFirst();
}

/** The branch code of a booking (for the route's access check). */
export async function bookingBranch(db: Kysely<Database>, bookingId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom("shuxiang.bookings as b")
    .innerJoin("shuxiang.shifts as s", "s.id", "b.shift_id")
    .select("s.branch_code")
    .where("b.id", "=", bookingId)
    .executeTakeFirst();
  return row?.branch_code;
}

export async function checkIn(db: Kysely<Database>, actor: AttendanceActor, bookingId: number, now: Date = new Date(), via: RecordVia = "desk"): Promise<AttendanceResult> {
  return transact(db, async (trx) => {
    const row = await loadForAttendance(trx, bookingId, "all");
    if (!row || row.status !== "confirmed") return { ok: false, reason: "not-found" };
    if (actor.user ? !can(actor.user, "shift.checkIn", row.branch_code) : via !== "qr") return { ok: false, reason: "forbidden" };
    if (row.checked_in_at) return { ok: false, reason: "already" };
    const today = DateTime.fromJSDate(now, { zone: row.timezone }).toISODate();
    if (DateTime.fromJSDate(new Date(row.starts_at), { zone: row.timezone }).toISODate() !== today) return { ok: false, reason: "not-today" };
    if (new Date(row.starts_at).getTime() - now.getTime() > EARLY_CHECK_IN_MINUTES * 60_000) return { ok: false, reason: "too-early" };
    await trx.updateTable("shuxiang.bookings").set({ checked_in_at: now, no_show: false }).where("id", "=", bookingId).execute();
    await recordFromBooking(trx, bookingId, { staffId: (actor.user?.id ?? null), via, reason: "check-in" });
    await recordAudit(trx, { actorStaffId: (actor.user?.id ?? null), action: "attendance.check-in", entityType: "booking", entityId: bookingId, branchCode: row.branch_code, after: { at: now, via }, requestId: actor.requestId });
    return { ok: true };
  });
}

export async function checkOut(db: Kysely<Database>, actor: AttendanceActor, bookingId: number, now: Date = new Date(), via: RecordVia = "desk"): Promise<AttendanceResult> {
  return transact(db, async (trx) => {
    const row = await loadForAttendance(trx, bookingId, "all");
    if (!row || row.status !== "confirmed") return { ok: false, reason: "not-found" };
    if (actor.user ? !can(actor.user, "shift.checkIn", row.branch_code) : via !== "qr") return { ok: false, reason: "forbidden" };
    if (!row.checked_in_at) return { ok: false, reason: "not-checked-in" };
    if (row.checked_out_at) return { ok: false, reason: "already" };
    await trx.updateTable("shuxiang.bookings").set({ checked_out_at: now }).where("id", "=", bookingId).execute();
    await recordFromBooking(trx, bookingId, { staffId: (actor.user?.id ?? null), via, reason: "check-out" });
    await recordAudit(trx, { actorStaffId: (actor.user?.id ?? null), action: "attendance.check-out", entityType: "booking", entityId: bookingId, branchCode: row.branch_code, after: { at: now, via }, requestId: actor.requestId });
    return { ok: true };
  });
}

/** Sets the minutes a booking counts for, with a reason; clears a no-show (they did come). */
export async function adjustHours(db: Kysely<Database>, actor: StaffActor, bookingId: number, minutes: number, reason: string): Promise<AttendanceResult> {
  return transact(db, async (trx) => {
    const row = await loadForAttendance(trx, bookingId, "all");
    if (!row || row.status !== "confirmed") return { ok: false, reason: "not-found" };
    if (!can(actor.user, "shift.checkIn", row.branch_code)) return { ok: false, reason: "forbidden" };
    await trx
      .updateTable("shuxiang.bookings")
      .set({ adjusted_minutes: minutes, adjust_reason: reason, no_show: minutes === 0 ? sql`no_show` : false })
      .where("id", "=", bookingId)
      .execute();
    await recordFromBooking(trx, bookingId, { staffId: actor.user.id, via: "desk", reason });
    await recordAudit(trx, {
      actorStaffId: actor.user.id,
      action: "attendance.adjust",
      entityType: "booking",
      entityId: bookingId,
      branchCode: row.branch_code,
      before: { minutes: row.adjusted_minutes },
      after: { minutes, reason },
      requestId: actor.requestId,
    });
    return { ok: true };
  });
}

/** Marks confirmed bookings of ended shifts without a check-in as no-shows; returns how many. */
export async function markNoShows(db: Kysely<Database>, now: Date = new Date()): Promise<number> {
  const result = await sql`
    UPDATE shuxiang.bookings b SET no_show = true
    FROM shuxiang.shifts s
    WHERE s.id = b.shift_id AND s.status = 'scheduled'
      AND b.status = 'confirmed' AND b.checked_in_at IS NULL AND b.adjusted_minutes IS NULL
      AND NOT b.no_show AND b.ends_at <= ${now}`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

export interface CheckInShift {
  id: number;
  startsAt: Date;
  endsAt: Date;
  roleZh: string;
  roleEn: string;
  capacity: number;
  booked: number;
  minNeeded: number;
  /** Volunteers under 18 are booked and no adult is (PIPL Art 31; a coordinator should add one). */
  minorsWithoutAdult: boolean;
  people: Array<{ bookingId: number; name: string; phone: string | null; checkedInAt: Date | null; checkedOutAt: Date | null; noShow: boolean; minutes: number | null; adjustReason: string | null; minor: boolean }>;
}

/** Today's shifts at a branch (in its zone) with who is booked and their check-in state. */
export async function checkInSheet(db: Kysely<Database>, branchCode: string, localDate: string): Promise<CheckInShift[]> {
  const rows = await db
    .selectFrom("shuxiang.shifts as s")
    .innerJoin("shuxiang.roles as r", "r.id", "s.role_id")
    .leftJoin("shuxiang.bookings as b", (j) => j.onRef("b.shift_id", "=", "s.id").on("b.status", "=", "confirmed"))
    .leftJoin("shuxiang.volunteers as v", "v.id", "b.volunteer_id")
    .select([
      "s.id",
      "s.starts_at",
      "s.ends_at",
      "s.capacity",
      "s.booked",
      "r.name_zh",
      "r.name_en",
      "b.id as booking_id",
      "v.name",
      "v.phone",
      "b.checked_in_at",
      "b.checked_out_at",
      "b.no_show",
      "b.adjusted_minutes",
      "b.adjust_reason",
      "s.min_needed",
      minorOnShiftSql.as("minor"),
    ])
    .where("s.branch_code", "=", branchCode)
    .where("s.local_date", "=", localDate)
    .where("s.status", "=", "scheduled")
    .orderBy("s.starts_at")
    .orderBy("s.id")
    .orderBy("v.name")
    .execute();
  const shifts = new Map<number, CheckInShift>();
  for (const r of rows) {
    let shift = shifts.get(r.id);
    if (!shift) {
      shift = { id: r.id, startsAt: r.starts_at, endsAt: r.ends_at, roleZh: r.name_zh, roleEn: r.name_en, capacity: r.capacity, booked: r.booked, minNeeded: r.min_needed, minorsWithoutAdult: false, people: [] };
      shifts.set(r.id, shift);
    }
    if (r.booking_id !== null && r.name !== null) {
      shift.people.push({
        bookingId: r.booking_id,
        name: r.name,
        phone: r.phone,
        checkedInAt: r.checked_in_at,
        checkedOutAt: r.checked_out_at,
        noShow: Boolean(r.no_show),
        minutes: r.adjusted_minutes,
        adjustReason: r.adjust_reason,
        minor: Boolean(r.minor),
      });
    }
  }
  for (const shift of shifts.values()) shift.minorsWithoutAdult = shift.people.some((p) => p.minor) && !shift.people.some((p) => !p.minor);
  return [...shifts.values()];
}
