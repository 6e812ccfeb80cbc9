// Booking a place on a shift, the waitlist, cancelling, and promotion when a place frees up.
//
// Capacity: the shift's `booked` counter is raised by one conditional UPDATE (`booked < capacity`)
// in the same transaction that confirms the booking; PostgreSQL re-checks the condition after the
// row lock, so no concurrency can overbook (DESIGN.md measures the alternatives). A per-volunteer
// advisory lock serialises one person's own requests (double submits, two tabs); the exclusion
// constraint `bookings_no_overlap` backs the overlap rule whatever happens.
import { sql, type Kysely } from "kysely";
import { DateTime } from "luxon";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import type { Database } from "#db/schema.ts";
import { EXCLUSION_VIOLATION, pgErrorCode, Rollback, transact, type Actor, type ShiftDeps, type Trx } from "./deps.server.ts";
import { notifyBooking } from "./notify.server.ts";
import { getBranchSettings } from "./settings.server.ts";
import { availabilitySlot } from "./wall-time.ts";

export type BookingRefusal =
  | "not-found"
  | "not-volunteer"
  | "paused"
  | "untrained"
  | "too-young"
  | "started"
  | "cancelled-shift"
  | "overlap"
  | "full"
  | "cutoff"
  | "not-booked";

export type BookResult =
  | { ok: true; status: "confirmed"; bookingId: number; already: boolean }
  | { ok: true; status: "waitlisted"; bookingId: number; position: number; already: boolean }
  | { ok: false; reason: BookingRefusal; overlapping?: OverlapInfo };

export interface OverlapInfo {
  shiftId: number;
  startsAt: Date;
  endsAt: Date;
  branchCode: string;
}

const VOLUNTEER_LOCK = 7301;

async function lockVolunteer(trx: Trx, volunteerId: number) {
  await sql`SELECT pg_advisory_xact_lock(${VOLUNTEER_LOCK}, ${volunteerId})`.execute(trx);
}

interface ShiftRow {
  id: number;
  branch_code: string;
  role_id: number;
  starts_at: Date;
  ends_at: Date;
  status: string;
  capacity: number;
  booked: number;
  timezone: string;
}

async function loadShift(trx: Trx, shiftId: number): Promise<ShiftRow | undefined> {
  return trx
    .selectFrom("shuxiang.shifts as s")
    .innerJoin("library.branches as br", "br.code", "s.branch_code")
    .select(["s.id", "s.branch_code", "s.role_id", "s.starts_at", "s.ends_at", "s.status", "s.capacity", "s.booked", "br.timezone"])
    .where("s.id", "=", shiftId)
    .executeTakeFirst();
}

export interface EligibilityProblem {
  reason: "not-volunteer" | "paused" | "untrained" | "too-young";
}

/** Whether a volunteer may take a shift of this role on this day (training, status, age). */
export async function eligibility(db: Kysely<Database> | Trx, volunteerId: number, roleId: number, startsAt: Date): Promise<EligibilityProblem | null> {
  const row = await db
    .selectFrom("shuxiang.volunteers as v")
    .leftJoin("library.readers as rd", "rd.id", "v.reader_id")
    .select((eb) => [
      "v.status",
      eb.fn.coalesce("v.birth_date", "rd.birth_date").as("birth_date"),
      eb
        .selectFrom("shuxiang.role_trainings as rt")
        .select((e) => e.fn.countAll<number>().as("n"))
        .where("rt.role_id", "=", roleId)
        .where((e) =>
          e.not(
            e.exists(
              e.selectFrom("shuxiang.volunteer_trainings as vt").select("vt.training_id").whereRef("vt.training_id", "=", "rt.training_id").where("vt.volunteer_id", "=", volunteerId),
            ),
          ),
        )
        .as("missing"),
      eb.selectFrom("shuxiang.roles").select("min_age").where("id", "=", roleId).as("min_age"),
    ])
    .where("v.id", "=", volunteerId)
    .executeTakeFirst();
  if (!row) return { reason: "not-volunteer" };
  if (row.status === "left") return { reason: "not-volunteer" };
  if (row.status === "paused") return { reason: "paused" };
  if (Number(row.missing) > 0) return { reason: "untrained" };
  if (row.birth_date && row.min_age) {
    const age = DateTime.fromJSDate(startsAt).diff(DateTime.fromISO(String(row.birth_date)), "years").years;
    if (age < row.min_age) return { reason: "too-young" };
  }
  return null;
}

async function findOverlap(trx: Trx, volunteerId: number, startsAt: Date, endsAt: Date, exceptShiftId: number): Promise<OverlapInfo | undefined> {
  const row = await trx
    .selectFrom("shuxiang.bookings as b")
    .innerJoin("shuxiang.shifts as s", "s.id", "b.shift_id")
    .select(["s.id", "s.starts_at", "s.ends_at", "s.branch_code"])
    .where("b.volunteer_id", "=", volunteerId)
    .where("b.status", "=", "confirmed")
    .where("b.shift_id", "<>", exceptShiftId)
    .where("b.starts_at", "<", endsAt)
    .where("b.ends_at", ">", startsAt)
    .executeTakeFirst();
  return row ? { shiftId: row.id, startsAt: row.starts_at, endsAt: row.ends_at, branchCode: row.branch_code } : undefined;
}

async function waitlistPosition(trx: Trx, shiftId: number, arrival: number): Promise<number> {
  const row = await trx
    .selectFrom("shuxiang.bookings")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("shift_id", "=", shiftId)
    .where("status", "=", "waitlisted")
    .where("arrival", "<=", arrival)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Takes one place if one is free; true when it did. */
async function takePlace(trx: Trx, shiftId: number): Promise<boolean> {
  const row = await sql<{ id: number }>`
    UPDATE shuxiang.shifts SET booked = booked + 1, updated_at = now()
    WHERE id = ${shiftId} AND status = 'scheduled' AND booked < capacity
    RETURNING id`.execute(trx);
  return row.rows.length === 1;
}

async function releasePlace(trx: Trx, shiftId: number): Promise<void> {
  await sql`UPDATE shuxiang.shifts SET booked = booked - 1, updated_at = now() WHERE id = ${shiftId}`.execute(trx);
}

interface PlaceOptions {
  /** A coordinator's assignment: never waitlists (a full shift is refused). */
  assignedBy?: number;
  overrideReason?: string | null;
  /** Skip the training / status / age rules (a coordinator's override, with a reason). */
  override?: boolean;
}

async function place(trx: Trx, deps: ShiftDeps, volunteerId: number, shiftId: number, options: PlaceOptions): Promise<BookResult> {
  await lockVolunteer(trx, volunteerId);
  const shift = await loadShift(trx, shiftId);
  if (!shift) return { ok: false, reason: "not-found" };
  if (shift.status !== "scheduled") return { ok: false, reason: "cancelled-shift" };
  if (new Date(shift.starts_at) <= new Date()) return { ok: false, reason: "started" };

  const existing = await trx
    .selectFrom("shuxiang.bookings")
    .select(["id", "status", "arrival"])
    .where("shift_id", "=", shiftId)
    .where("volunteer_id", "=", volunteerId)
    .executeTakeFirst();
  if (existing?.status === "confirmed") return { ok: true, status: "confirmed", bookingId: existing.id, already: true };
  if (existing?.status === "waitlisted" && !options.assignedBy) {
    return { ok: true, status: "waitlisted", bookingId: existing.id, position: await waitlistPosition(trx, shiftId, existing.arrival), already: true };
  }

  const problem = await eligibility(trx, volunteerId, shift.role_id, shift.starts_at);
  if (problem && !(options.override && problem.reason !== "not-volunteer")) return { ok: false, reason: problem.reason };
  const overlapping = await findOverlap(trx, volunteerId, shift.starts_at, shift.ends_at, shiftId);
  if (overlapping) return { ok: false, reason: "overlap", overlapping };

  let confirmed = await takePlace(trx, shiftId);
  if (!confirmed && options.assignedBy) return { ok: false, reason: "full" };
  if (!confirmed) {
    // Joining the waitlist holds the shift's row: arrivals queue in commit order (so the position
    // told is the true one), and a place freed meanwhile is taken instead of waited for.
    await sql`SELECT id FROM shuxiang.shifts WHERE id = ${shiftId} FOR UPDATE`.execute(trx);
    confirmed = await takePlace(trx, shiftId);
  }
  const status = confirmed ? "confirmed" : "waitlisted";
  const values = {
    status,
    starts_at: shift.starts_at,
    ends_at: shift.ends_at,
    confirmed_at: confirmed ? new Date() : null,
    cancelled_at: null,
    cancel_reason: null,
    late_cancellation: false,
    assigned_by: options.assignedBy ?? null,
    override_reason: options.overrideReason ?? null,
  } as const;
  const booking = existing
    ? await trx
        .updateTable("shuxiang.bookings")
        .set({ ...values, sequence: sql`sequence + 1`, arrival: sql`nextval('shuxiang.booking_arrival_seq')` })
        .where("id", "=", existing.id)
        .returning(["id", "arrival"])
        .executeTakeFirstOrThrow()
    : await trx
        .insertInto("shuxiang.bookings")
        .values({ ...values, shift_id: shiftId, volunteer_id: volunteerId })
        .returning(["id", "arrival"])
        .executeTakeFirstOrThrow();
  if (confirmed) {
    await notifyBooking(trx, deps, booking.id, "shift-booked");
    return { ok: true, status: "confirmed", bookingId: booking.id, already: false };
  }
  return { ok: true, status: "waitlisted", bookingId: booking.id, position: await waitlistPosition(trx, shiftId, booking.arrival), already: false };
}

function overlapRefusal(error: unknown): BookResult | undefined {
  return pgErrorCode(error) === EXCLUSION_VIOLATION ? { ok: false, reason: "overlap" } : undefined;
}

/** A volunteer books a place (or joins the waitlist when the shift is full). */
export async function bookShift(deps: ShiftDeps, volunteerId: number, shiftId: number): Promise<BookResult> {
  try {
    return await transact(deps.db, (trx) => place(trx, deps, volunteerId, shiftId, {}));
  } catch (error) {
    const refusal = overlapRefusal(error);
    if (refusal) return refusal;
    throw error;
  }
}

/** A coordinator puts a volunteer on a shift; rules apply unless overridden with a reason (audited). */
export async function assignVolunteer(
  deps: ShiftDeps,
  actor: Actor,
  volunteerId: number,
  shiftId: number,
  overrideReason: string | null,
): Promise<BookResult> {
  try {
    return await transact(deps.db, async (trx) => {
      const result = await place(trx, deps, volunteerId, shiftId, { assignedBy: actor.staffId, override: Boolean(overrideReason), overrideReason });
      if (!result.ok) throw new Rollback(result);
      if (!result.already) {
        const shift = await loadShift(trx, shiftId);
        await recordAudit(trx, {
          actorStaffId: actor.staffId,
          action: overrideReason ? "booking.assign-override" : "booking.assign",
          entityType: "shift",
          entityId: shiftId,
          branchCode: shift?.branch_code,
          after: { volunteerId, status: result.status, overrideReason },
          requestId: actor.requestId,
        });
      }
      return result;
    });
  } catch (error) {
    const refusal = overlapRefusal(error);
    if (refusal) return refusal;
    throw error;
  }
}

/**
 * Fills free places from the waitlist in arrival order. A waiting volunteer who meanwhile holds an
 * overlapping shift, or may no longer volunteer, is passed over (and stays on the list).
 */
export async function promoteFromWaitlist(trx: Trx, deps: ShiftDeps, shiftId: number): Promise<number[]> {
  const promoted: number[] = [];
  const waiting = await trx
    .selectFrom("shuxiang.bookings as b")
    .innerJoin("shuxiang.volunteers as v", "v.id", "b.volunteer_id")
    .select(["b.id", "b.volunteer_id", "b.starts_at", "b.ends_at", "v.status as volunteer_status"])
    .where("b.shift_id", "=", shiftId)
    .where("b.status", "=", "waitlisted")
    .orderBy("b.arrival")
    .execute();
  for (const candidate of waiting) {
    if (candidate.volunteer_status !== "appointed") continue;
    if (await findOverlap(trx, candidate.volunteer_id, candidate.starts_at, candidate.ends_at, shiftId)) continue;
    await sql`SAVEPOINT promote`.execute(trx);
    try {
      if (!(await takePlace(trx, shiftId))) {
        await sql`RELEASE SAVEPOINT promote`.execute(trx);
        break;
      }
      await trx
        .updateTable("shuxiang.bookings")
        .set({ status: "confirmed", confirmed_at: new Date(), sequence: sql`sequence + 1` })
        .where("id", "=", candidate.id)
        .execute();
      await sql`RELEASE SAVEPOINT promote`.execute(trx);
    } catch (error) {
      // Booked something overlapping in the same instant: pass over (the place stays free).
      if (pgErrorCode(error) !== EXCLUSION_VIOLATION) throw error;
      await sql`ROLLBACK TO SAVEPOINT promote`.execute(trx);
      continue;
    }
    await notifyBooking(trx, deps, candidate.id, "shift-promoted");
    promoted.push(candidate.id);
  }
  return promoted;
}

export type CancelResult =
  | { ok: true; late: boolean; wasWaitlisted: boolean; promoted: number[] }
  | { ok: false; reason: "not-booked" | "started" | "cutoff"; cutoffHours?: number };

/** A volunteer gives up a place (or leaves the waitlist); the first waiting person moves up. */
export async function cancelBooking(deps: ShiftDeps, volunteerId: number, shiftId: number, now: Date = new Date()): Promise<CancelResult> {
  return transact(deps.db, async (trx) => {
    await lockVolunteer(trx, volunteerId);
    const booking = await trx
      .selectFrom("shuxiang.bookings as b")
      .innerJoin("shuxiang.shifts as s", "s.id", "b.shift_id")
      .select(["b.id", "b.status", "s.starts_at", "s.branch_code"])
      .where("b.shift_id", "=", shiftId)
      .where("b.volunteer_id", "=", volunteerId)
      .where("b.status", "in", ["confirmed", "waitlisted"])
      .forUpdate()
      .executeTakeFirst();
    if (!booking) return { ok: false, reason: "not-booked" } as const;
    if (booking.status === "waitlisted") {
      await trx.updateTable("shuxiang.bookings").set({ status: "cancelled", cancelled_at: now, cancel_reason: "volunteer" }).where("id", "=", booking.id).execute();
      return { ok: true, late: false, wasWaitlisted: true, promoted: [] };
    }
    const startsAt = new Date(booking.starts_at);
    if (startsAt <= now) return { ok: false, reason: "started" } as const;
    const settings = await getBranchSettings(trx, booking.branch_code);
    const late = startsAt.getTime() - now.getTime() < settings.bookingCutoffHours * 3600_000;
    if (late && !settings.allowLateCancellation) return { ok: false, reason: "cutoff", cutoffHours: settings.bookingCutoffHours } as const;
    await trx
      .updateTable("shuxiang.bookings")
      .set({ status: "cancelled", cancelled_at: now, cancel_reason: "volunteer", late_cancellation: late, sequence: sql`sequence + 1` })
      .where("id", "=", booking.id)
      .execute();
    await releasePlace(trx, shiftId);
    await notifyBooking(trx, deps, booking.id, "booking-cancelled", { late });
    const promoted = await promoteFromWaitlist(trx, deps, shiftId);
    return { ok: true, late, wasWaitlisted: false, promoted };
  });
}

/** A coordinator takes a volunteer off a shift (or off its waitlist); audited, person told. */
export async function removeVolunteer(deps: ShiftDeps, actor: Actor, bookingId: number, reason: string | null): Promise<{ ok: boolean; promoted: number[] }> {
  return transact(deps.db, async (trx) => {
    const booking = await trx
      .selectFrom("shuxiang.bookings as b")
      .innerJoin("shuxiang.shifts as s", "s.id", "b.shift_id")
      .select(["b.id", "b.status", "b.shift_id", "b.volunteer_id", "s.branch_code"])
      .where("b.id", "=", bookingId)
      .forUpdate()
      .executeTakeFirst();
    if (!booking || (booking.status !== "confirmed" && booking.status !== "waitlisted")) return { ok: false, promoted: [] };
    await trx
      .updateTable("shuxiang.bookings")
      .set({ status: "removed", cancelled_at: new Date(), cancel_reason: reason, sequence: sql`sequence + 1` })
      .where("id", "=", bookingId)
      .execute();
    let promoted: number[] = [];
    if (booking.status === "confirmed") {
      await releasePlace(trx, booking.shift_id);
      await notifyBooking(trx, deps, bookingId, "shift-removed", { reason });
      promoted = await promoteFromWaitlist(trx, deps, booking.shift_id);
    }
    await recordAudit(trx, {
      actorStaffId: actor.staffId,
      action: "booking.remove",
      entityType: "shift",
      entityId: booking.shift_id,
      branchCode: booking.branch_code,
      before: { volunteerId: booking.volunteer_id, status: booking.status },
      after: { status: "removed", reason },
      requestId: actor.requestId,
    });
    return { ok: true, promoted };
  });
}

/** Whether a shift's start falls in the volunteer's stated weekly availability (none stated: yes). */
export function withinAvailability(availability: string[] | null, startsAt: Date, zone: string): boolean {
  if (!availability || availability.length === 0) return true;
  return availability.includes(availabilitySlot(DateTime.fromJSDate(startsAt, { zone })));
}
