// Booking a place on a shift, the waitlist, cancelling, and promotion when a place frees up.
//
// Who may book is the eligibility rule (eligibility.server.ts); the waitlist's promotion, its lock
// order and its started guard are the shared mechanism of waitlists/promotion.server.ts.
//
// Capacity: the shift's `booked` counter is raised by one conditional UPDATE (`booked < capacity`)
// in the same transaction that confirms the booking; PostgreSQL re-checks the condition after the
// row lock, so no concurrency can overbook (DESIGN.md measures the alternatives). One person's own
// simultaneous requests (double submits, two tabs) meet at the (shift, volunteer) unique key: the
// loser's whole transaction rolls back, its counter bump included, and it answers from what the
// winner wrote. The exclusion constraint `bookings_no_overlap` holds the overlap rule.
import { sql } from "kysely";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { reissueInvites } from "#app/modules/calendar/sequence.server.ts";
import { lockEntryAndHolder, promote, releasePlaces, SHIFT_WAITLIST } from "#app/modules/waitlists/promotion.server.ts";
import { EXCLUSION_VIOLATION, pgErrorCode, Rollback, transact, type Trx } from "#app/lib/db.server.ts";
import type { AppDeps } from "#app/lib/deps.server.ts";
import { eligibilityProblem, heldOnShift, OVERRIDABLE, type EligibilityProblem } from "./eligibility.server.ts";
import { can, volunteerBranches, type StaffActor } from "#app/modules/auth/policy.ts";
import { notifyBooking, type BookingCalendarRow } from "./notify.server.ts";
import { cancelWindow } from "./cancellation.ts";
import { getBranchSettings } from "./settings.server.ts";

export type BookingRefusal =
  | EligibilityProblem
  | "not-found"
  | "started"
  | "cancelled-shift"
  | "full"
  | "cutoff"
  | "not-booked"
  /** Staff of other branches: neither the shift nor the volunteer is theirs to arrange. */
  | "forbidden";

export type BookResult =
  | { ok: true; status: "confirmed"; bookingId: number; already: boolean }
  | { ok: true; status: "waitlisted"; bookingId: number; position: number; already: boolean }
  | { ok: false; reason: BookingRefusal };

/** The answer of a request that lost to the same person's simultaneous one: ask again. */
const RACED = { ok: false, reason: "raced" } as const;
type Raced = typeof RACED;

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

interface PlaceOptions {
  /** A coordinator's assignment: never waitlists (a full shift is refused). */
  assignedBy?: number;
  overrideReason?: string | null;
  /** Set aside the rules in OVERRIDABLE (a coordinator's override, with a reason). */
  override?: boolean;
}

/** Everything a booking decision and its message need, in one round trip. */
interface BookingContext extends Omit<BookingCalendarRow, "booking_id" | "sequence" | "status"> {
  shift_status: string;
  problem: EligibilityProblem | null;
  held: "confirmed" | "waitlisted" | null;
  booking_id: number | null;
  arrival: number | null;
}

async function loadContext(trx: Trx, volunteerId: number, shiftId: number): Promise<BookingContext | undefined> {
  const result = await sql<BookingContext>`/* prepared:booking_context */
    SELECT s.id AS shift_id, s.status AS shift_status, s.starts_at, s.ends_at, s.notes,
      br.timezone, r.name_zh AS role_zh, r.name_en AS role_en,
      br.name_zh AS branch_zh, br.name_en AS branch_en, br.address_zh, br.address_en,
      rm.name_zh AS room_zh, rm.name_en AS room_en, bs.desk_email,
      v.name AS volunteer_name, v.email AS volunteer_email, v.language,
      ${eligibilityProblem} AS problem, ${heldOnShift} AS held,
      b.id AS booking_id, b.arrival
    FROM shuxiang.shifts s
    JOIN library.branches br ON br.code = s.branch_code
    JOIN shuxiang.roles r ON r.id = s.role_id
    LEFT JOIN shuxiang.rooms rm ON rm.id = s.room_id
    LEFT JOIN shuxiang.branch_settings bs ON bs.branch_code = s.branch_code
    LEFT JOIN shuxiang.volunteers v ON v.id = ${volunteerId}
    LEFT JOIN shuxiang.bookings b ON b.shift_id = s.id AND b.volunteer_id = ${volunteerId}
    WHERE s.id = ${shiftId}`.execute(trx);
  return result.rows[0];
}

/** Takes a place and confirms the booking in one statement; undefined when the shift is full. */
async function confirmPlace(trx: Trx, shiftId: number, volunteerId: number, options: PlaceOptions) {
  const result = await sql<{ took: number; id: number | null; sequence: number | null }>`/* prepared:booking_confirm */
    WITH s AS (
      UPDATE shuxiang.shifts SET booked = booked + 1, updated_at = now()
      WHERE id = ${shiftId} AND status = 'scheduled' AND booked < capacity
      RETURNING id, starts_at, ends_at),
    ins AS (
      INSERT INTO shuxiang.bookings AS b (shift_id, volunteer_id, status, starts_at, ends_at, confirmed_at, notified_at, assigned_by, override_reason)
      SELECT s.id, ${volunteerId}, 'confirmed', s.starts_at, s.ends_at, now(), now(), ${options.assignedBy ?? null}::int, ${options.overrideReason ?? null}::text FROM s
      ON CONFLICT (shift_id, volunteer_id) DO UPDATE SET
        status = 'confirmed', starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, confirmed_at = now(), notified_at = now(),
        cancelled_at = NULL, cancel_reason = NULL, late_cancellation = false, assigned_by = EXCLUDED.assigned_by,
        override_reason = EXCLUDED.override_reason, arrival = nextval('shuxiang.booking_arrival_seq')
        WHERE b.status <> 'confirmed' AND (b.status <> 'waitlisted' OR EXCLUDED.assigned_by IS NOT NULL)
      RETURNING id, sequence)
    SELECT (SELECT count(*) FROM s)::int AS took, ins.id, ins.sequence FROM (SELECT 1) AS one LEFT JOIN ins ON true`.execute(trx);
  const row = result.rows[0];
  if (row.took === 0) return undefined;
  // A place was taken but this person's simultaneous request got its booking in first: that bump
  // must not stand. Roll back; the request answers from what the other one wrote.
  if (row.id === null || row.sequence === null) throw new Rollback(RACED);
  return { id: row.id, sequence: row.sequence };
}

async function joinWaitlist(trx: Trx, shiftId: number, volunteerId: number, c: BookingContext) {
  const result = await sql<{ id: number; arrival: number }>`
    INSERT INTO shuxiang.bookings AS b (shift_id, volunteer_id, status, starts_at, ends_at)
    VALUES (${shiftId}, ${volunteerId}, 'waitlisted', ${c.starts_at}, ${c.ends_at})
    ON CONFLICT (shift_id, volunteer_id) DO UPDATE SET
      status = 'waitlisted', starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, confirmed_at = NULL,
      cancelled_at = NULL, cancel_reason = NULL, late_cancellation = false,
      arrival = nextval('shuxiang.booking_arrival_seq')
      WHERE b.status IN ('cancelled', 'removed')
    RETURNING id, arrival`.execute(trx);
  if (!result.rows[0]) throw new Rollback(RACED);
  return result.rows[0];
}

async function place(trx: Trx, deps: AppDeps, volunteerId: number, shiftId: number, options: PlaceOptions): Promise<BookResult | Raced> {
  const c = await loadContext(trx, volunteerId, shiftId);
  if (!c) return { ok: false, reason: "not-found" };
  if (c.shift_status !== "scheduled") return { ok: false, reason: "cancelled-shift" };
  if (new Date(c.starts_at) <= new Date()) return { ok: false, reason: "started" };
  if (c.held === "confirmed") return { ok: true, status: "confirmed", bookingId: c.booking_id!, already: true };
  if (c.held === "waitlisted" && !options.assignedBy) {
    return { ok: true, status: "waitlisted", bookingId: c.booking_id!, position: await waitlistPosition(trx, shiftId, c.arrival!), already: true };
  }
  // Suspension, not being a volunteer and a clash hold even for a coordinator; the rest may be set
  // aside with a reason. (A clash behind an overridden problem meets the exclusion constraint.)
  if (c.problem && !(options.override && OVERRIDABLE.has(c.problem))) return { ok: false, reason: c.problem };

  let confirmed = await confirmPlace(trx, shiftId, volunteerId, options);
  if (!confirmed && options.assignedBy) return { ok: false, reason: "full" };
  if (!confirmed) {
    // Joining the waitlist holds the shift's row: arrivals queue in commit order (so the position
    // told is the true one), and a place freed meanwhile is taken instead of waited for.
    await sql`SELECT id FROM shuxiang.shifts WHERE id = ${shiftId} FOR UPDATE`.execute(trx);
    confirmed = await confirmPlace(trx, shiftId, volunteerId, options);
  }
  if (confirmed) {
    const bookingId = confirmed.id;
    if (c.booking_id === null) {
      // A new booking: its first invite (SEQUENCE 0).
      const row: BookingCalendarRow = { ...c, booking_id: bookingId, sequence: confirmed.sequence, status: "confirmed" };
      await notifyBooking(trx, deps, bookingId, "shift-booked", { preloaded: row });
    } else {
      // A place given again (after a cancellation, or off the waitlist by assignment): the same UID, higher.
      await reissueInvites(trx, "booking", [bookingId], () => notifyBooking(trx, deps, bookingId, "shift-booked"));
    }
    return { ok: true, status: "confirmed", bookingId: confirmed.id, already: false };
  }
  const waiting = await joinWaitlist(trx, shiftId, volunteerId, c);
  return { ok: true, status: "waitlisted", bookingId: waiting.id, position: await waitlistPosition(trx, shiftId, waiting.arrival), already: false };
}

/** Runs a booking; one that raced the same person's simultaneous request runs again and sees it. */
async function settled(run: () => Promise<BookResult | Raced>): Promise<BookResult> {
  for (let attempt = 1; ; attempt++) {
    const result = await run();
    if (result.ok || result.reason !== "raced") return result;
    if (attempt === 3) throw new Error("booking kept racing the same volunteer's other request");
  }
}

function overlapRefusal(error: unknown): BookResult | undefined {
  return pgErrorCode(error) === EXCLUSION_VIOLATION ? { ok: false, reason: "overlap" } : undefined;
}

/** A volunteer books a place (or joins the waitlist when the shift is full). */
export async function bookShift(deps: AppDeps, volunteerId: number, shiftId: number): Promise<BookResult> {
  try {
    return await settled(() => transact(deps.db, (trx) => place(trx, deps, volunteerId, shiftId, {})));
  } catch (error) {
    const refusal = overlapRefusal(error);
    if (refusal) return refusal;
    throw error;
  }
}

/** A coordinator puts a volunteer on a shift; rules apply unless overridden with a reason (audited). */
export async function assignVolunteer(
  deps: AppDeps,
  actor: StaffActor,
  volunteerId: number,
  shiftId: number,
  overrideReason: string | null,
): Promise<BookResult> {
  try {
    return await settled(() => transact(deps.db, async (trx) => {
      // The shift at one of the coordinator's branches, the volunteer one of theirs (administrators: any).
      const shift = await trx.selectFrom("shuxiang.shifts").select("branch_code").where("id", "=", shiftId).executeTakeFirst();
      const volunteer = await trx.selectFrom("shuxiang.volunteers").select(["home_branch_code", "preferred_branches"]).where("id", "=", volunteerId).executeTakeFirst();
      if (shift && !can(actor.user, "shift.assign", shift.branch_code)) return { ok: false, reason: "forbidden" } as const;
      if (volunteer && !can(actor.user, "volunteer.view", volunteerBranches(volunteer))) return { ok: false, reason: "forbidden" } as const;
      const result = await place(trx, deps, volunteerId, shiftId, { assignedBy: actor.user.id, override: Boolean(overrideReason), overrideReason });
      if (!result.ok) throw new Rollback(result);
      if (!result.already) {
        await recordAudit(trx, {
          actorStaffId: actor.user.id,
          action: overrideReason ? "booking.assign-override" : "booking.assign",
          entityType: "shift",
          entityId: shiftId,
          branchCode: shift?.branch_code,
          after: { volunteerId, status: result.status, overrideReason },
          requestId: actor.requestId,
        });
      }
      return result;
    }));
  } catch (error) {
    const refusal = overlapRefusal(error);
    if (refusal) return refusal;
    throw error;
  }
}

/**
 * Fills free places from the waitlist in arrival order, before the shift starts. A waiting
 * volunteer the eligibility rule now refuses (paused, a clashing shift, …) is passed over and
 * keeps their place in the queue. Each one moved up is told.
 */
export async function promoteFromWaitlist(trx: Trx, deps: AppDeps, shiftId: number, now: Date = new Date()): Promise<number[]> {
  const promoted = await promote(trx, SHIFT_WAITLIST, shiftId, now, {
    join: sql`JOIN shuxiang.shifts s ON s.id = e.shift_id LEFT JOIN shuxiang.volunteers v ON v.id = e.volunteer_id`,
    where: sql<boolean>`${eligibilityProblem} IS NULL`,
  });
  await reissueInvites(trx, "booking", promoted, async () => {
    for (const id of promoted) await notifyBooking(trx, deps, id, "shift-promoted");
  });
  return promoted;
}

/**
 * Locks a shift and then one of its bookings (the order every change of a waitlist keeps) and
 * answers the booking as it stands after the locks.
 */
async function lockBooking(trx: Trx, bookingId: number) {
  if (!(await lockEntryAndHolder(trx, SHIFT_WAITLIST, bookingId))) return undefined;
  return trx
    .selectFrom("shuxiang.bookings as b")
    .innerJoin("shuxiang.shifts as s", "s.id", "b.shift_id")
    .select(["b.id", "b.status", "b.shift_id", "b.volunteer_id", "s.starts_at", "s.branch_code"])
    .where("b.id", "=", bookingId)
    .executeTakeFirstOrThrow();
}

export type CancelResult =
  | { ok: true; late: boolean; wasWaitlisted: boolean; promoted: number[] }
  | { ok: false; reason: "not-booked" | "started" | "cutoff"; cutoffHours?: number; deskPhone?: string | null };

/** A volunteer gives up a place (or leaves the waitlist); the first waiting person moves up. */
export async function cancelBooking(deps: AppDeps, volunteerId: number, shiftId: number, now: Date = new Date()): Promise<CancelResult> {
  return transact(deps.db, async (trx) => {
    const found = await trx.selectFrom("shuxiang.bookings").select("id").where("shift_id", "=", shiftId).where("volunteer_id", "=", volunteerId).executeTakeFirst();
    const booking = found && (await lockBooking(trx, found.id));
    if (!booking || (booking.status !== "confirmed" && booking.status !== "waitlisted")) return { ok: false, reason: "not-booked" } as const;
    if (booking.status === "waitlisted") {
      await trx.updateTable("shuxiang.bookings").set({ status: "cancelled", cancelled_at: now, cancel_reason: "volunteer" }).where("id", "=", booking.id).execute();
      return { ok: true, late: false, wasWaitlisted: true, promoted: [] };
    }
    const settings = await getBranchSettings(trx, booking.branch_code);
    const window = cancelWindow(new Date(booking.starts_at), now, settings.bookingCutoffHours, settings.allowLateCancellation);
    if (window === "started") return { ok: false, reason: "started" } as const;
    if (window === "closed") return { ok: false, reason: "cutoff", cutoffHours: settings.bookingCutoffHours, deskPhone: settings.deskPhone } as const;
    const late = window === "late";
    await trx
      .updateTable("shuxiang.bookings")
      .set({ status: "cancelled", cancelled_at: now, cancel_reason: "volunteer", late_cancellation: late })
      .where("id", "=", booking.id)
      .execute();
    await releasePlaces(trx, SHIFT_WAITLIST, shiftId, 1);
    await reissueInvites(trx, "booking", [booking.id], () => notifyBooking(trx, deps, booking.id, "booking-cancelled", { late }));
    const promoted = await promoteFromWaitlist(trx, deps, shiftId, now);
    return { ok: true, late, wasWaitlisted: false, promoted };
  });
}

/** A coordinator takes a volunteer off a shift (or off its waitlist); audited, person told. */
export async function removeVolunteer(deps: AppDeps, actor: StaffActor, bookingId: number, reason: string | null, now: Date = new Date()): Promise<{ ok: boolean; forbidden?: true; promoted: number[] }> {
  return transact(deps.db, async (trx) => {
    const booking = await lockBooking(trx, bookingId);
    if (!booking || (booking.status !== "confirmed" && booking.status !== "waitlisted")) return { ok: false, promoted: [] };
    if (!can(actor.user, "shift.assign", booking.branch_code)) return { ok: false, forbidden: true, promoted: [] };
    await trx
      .updateTable("shuxiang.bookings")
      .set({ status: "removed", cancelled_at: now, cancel_reason: reason })
      .where("id", "=", bookingId)
      .execute();
    let promoted: number[] = [];
    // Someone only waiting hears nothing, but their entry's SEQUENCE still rises (a later booking outranks it).
    await reissueInvites(trx, "booking", [bookingId], async () => {
      if (booking.status === "confirmed") await notifyBooking(trx, deps, bookingId, "shift-removed", { reason });
    });
    if (booking.status === "confirmed") {
      await releasePlaces(trx, SHIFT_WAITLIST, booking.shift_id, 1);
      // Taking off a no-show once the shift has begun frees no place to fill: promotion stops at the start.
      promoted = await promoteFromWaitlist(trx, deps, booking.shift_id, now);
    }
    await recordAudit(trx, {
      actorStaffId: actor.user.id,
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

/**
 * Takes a person off every shift that has not started (they retire or leave, or staff suspend
 * them): confirmed places are freed and refilled from the waitlist, waitlist places dropped. With
 * a `notify` message (their own cancellation, or staff taking them off), each confirmed booking
 * gets its cancelling invite so the person's calendar stays true. The caller's transaction; shifts
 * are taken in id order, each shift's row before its booking.
 */
export async function withdrawFromFutureShifts(
  trx: Trx,
  deps: AppDeps,
  volunteerId: number,
  reason: string,
  notify: "booking-cancelled" | "shift-removed" | null,
  now: Date = new Date(),
): Promise<number> {
  const held = await trx
    .selectFrom("shuxiang.bookings as b")
    .innerJoin("shuxiang.shifts as s", "s.id", "b.shift_id")
    .select(["b.id"])
    .where("b.volunteer_id", "=", volunteerId)
    .where("b.status", "in", ["confirmed", "waitlisted"])
    .where("s.starts_at", ">", now)
    .orderBy("b.shift_id")
    .execute();
  let withdrawn = 0;
  for (const { id } of held) {
    const booking = await lockBooking(trx, id);
    if (!booking || (booking.status !== "confirmed" && booking.status !== "waitlisted")) continue;
    await trx
      .updateTable("shuxiang.bookings")
      .set({ status: "cancelled", cancelled_at: now, cancel_reason: reason })
      .where("id", "=", booking.id)
      .execute();
    withdrawn++;
    await reissueInvites(trx, "booking", [booking.id], async () => {
      if (notify && booking.status === "confirmed") await notifyBooking(trx, deps, booking.id, notify, {});
    });
    if (booking.status !== "confirmed") continue;
    await releasePlaces(trx, SHIFT_WAITLIST, booking.shift_id, 1);
    await promoteFromWaitlist(trx, deps, booking.shift_id, now);
  }
  return withdrawn;
}
