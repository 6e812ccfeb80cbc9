// Booking a place on a shift, the waitlist, cancelling, and promotion when a place frees up.
//
// Capacity: the shift's `booked` counter is raised by one conditional UPDATE (`booked < capacity`)
// in the same transaction that confirms the booking; PostgreSQL re-checks the condition after the
// row lock, so no concurrency can overbook (DESIGN.md measures the alternatives). One person's own
// simultaneous requests (double submits, two tabs) meet at the (shift, volunteer) unique key: the
// loser's whole transaction rolls back, its counter bump included, and it answers from what the
// winner wrote. The exclusion constraint `bookings_no_overlap` holds the overlap rule.
import { sql } from "kysely";
import { DateTime } from "luxon";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { EXCLUSION_VIOLATION, pgErrorCode, Rollback, transact, type Trx } from "#app/lib/db.server.ts";
import { type Actor, type AppDeps } from "#app/lib/deps.server.ts";
import { notifyBooking, type BookingCalendarRow } from "./notify.server.ts";
import { cancelWindow } from "./cancellation.ts";
import { getBranchSettings } from "./settings.server.ts";
import { availabilitySlot } from "./wall-time.ts";

export type BookingRefusal =
  | "not-found"
  | "not-volunteer"
  | "suspended"
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

/** The answer of a request that lost to the same person's simultaneous one: ask again. */
const RACED = { ok: false, reason: "raced" } as const;
type Raced = typeof RACED;

export interface OverlapInfo {
  shiftId: number;
  startsAt: Date;
  endsAt: Date;
  branchCode: string;
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

/** Everything a booking decision and its message need, in one round trip (after the lock). */
interface BookingContext extends Omit<BookingCalendarRow, "booking_id" | "sequence" | "status"> {
  role_id: number;
  shift_status: string;
  min_age: number;
  volunteer_status: string | null;
  birth_date: string | null;
  missing: number;
  booking_id: number | null;
  booking_status: string | null;
  arrival: number | null;
  overlap_shift: number | null;
  overlap_starts: Date | null;
  overlap_ends: Date | null;
  overlap_branch: string | null;
}

async function loadContext(trx: Trx, volunteerId: number, shiftId: number): Promise<BookingContext | undefined> {
  const result = await sql<BookingContext>`
    SELECT s.id AS shift_id, s.role_id, s.status AS shift_status, s.starts_at, s.ends_at, s.notes,
      br.timezone, r.name_zh AS role_zh, r.name_en AS role_en, r.min_age,
      br.name_zh AS branch_zh, br.name_en AS branch_en, br.address_zh, br.address_en,
      rm.name_zh AS room_zh, rm.name_en AS room_en, bs.desk_email,
      v.name AS volunteer_name, v.email AS volunteer_email, v.language, v.status AS volunteer_status,
      COALESCE(v.birth_date, rd.birth_date)::text AS birth_date,
      (SELECT count(*)::int FROM shuxiang.role_trainings rt WHERE rt.role_id = s.role_id
         AND NOT EXISTS (SELECT 1 FROM shuxiang.volunteer_trainings vt WHERE vt.volunteer_id = v.id AND vt.training_id = rt.training_id)) AS missing,
      b.id AS booking_id, b.status AS booking_status, b.arrival,
      o.shift_id AS overlap_shift, o.starts_at AS overlap_starts, o.ends_at AS overlap_ends, os.branch_code AS overlap_branch
    FROM shuxiang.shifts s
    JOIN library.branches br ON br.code = s.branch_code
    JOIN shuxiang.roles r ON r.id = s.role_id
    LEFT JOIN shuxiang.rooms rm ON rm.id = s.room_id
    LEFT JOIN shuxiang.branch_settings bs ON bs.branch_code = s.branch_code
    LEFT JOIN shuxiang.volunteers v ON v.id = ${volunteerId}
    LEFT JOIN library.readers rd ON rd.id = v.reader_id
    LEFT JOIN shuxiang.bookings b ON b.shift_id = s.id AND b.volunteer_id = ${volunteerId}
    LEFT JOIN LATERAL (
      SELECT ob.shift_id, ob.starts_at, ob.ends_at FROM shuxiang.bookings ob
      WHERE ob.volunteer_id = ${volunteerId} AND ob.status = 'confirmed' AND ob.shift_id <> s.id
        AND ob.starts_at < s.ends_at AND ob.ends_at > s.starts_at
      LIMIT 1) o ON true
    LEFT JOIN shuxiang.shifts os ON os.id = o.shift_id
    WHERE s.id = ${shiftId}`.execute(trx);
  return result.rows[0];
}

/** Training, status and age rules (the ones a coordinator may set aside with a reason). */
function eligibilityProblem(c: BookingContext): BookingRefusal | null {
  if (c.volunteer_status === "suspended") return "suspended";
  if (c.volunteer_status === "paused") return "paused";
  // Applicants (not yet appointed) and people who left may not take shifts.
  if (c.volunteer_status !== "appointed") return "not-volunteer";
  if (c.missing > 0) return "untrained";
  if (c.birth_date && c.min_age) {
    const age = DateTime.fromJSDate(new Date(c.starts_at)).diff(DateTime.fromISO(c.birth_date), "years").years;
    if (age < c.min_age) return "too-young";
  }
  return null;
}

/** Takes a place and confirms the booking in one statement; undefined when the shift is full. */
async function confirmPlace(trx: Trx, shiftId: number, volunteerId: number, options: PlaceOptions) {
  const result = await sql<{ took: number; id: number | null; sequence: number | null }>`
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
        override_reason = EXCLUDED.override_reason, sequence = b.sequence + 1, arrival = nextval('shuxiang.booking_arrival_seq')
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
      cancelled_at = NULL, cancel_reason = NULL, late_cancellation = false, sequence = b.sequence + 1,
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
  if (c.booking_status === "confirmed") return { ok: true, status: "confirmed", bookingId: c.booking_id!, already: true };
  if (c.booking_status === "waitlisted" && !options.assignedBy) {
    return { ok: true, status: "waitlisted", bookingId: c.booking_id!, position: await waitlistPosition(trx, shiftId, c.arrival!), already: true };
  }
  const problem = eligibilityProblem(c);
  // Nobody may put a suspended volunteer, or someone who is no volunteer, on a shift, not even by override.
  if (problem && !(options.override && problem !== "not-volunteer" && problem !== "suspended")) return { ok: false, reason: problem };
  if (c.overlap_shift !== null) {
    return { ok: false, reason: "overlap", overlapping: { shiftId: c.overlap_shift, startsAt: c.overlap_starts!, endsAt: c.overlap_ends!, branchCode: c.overlap_branch! } };
  }

  let confirmed = await confirmPlace(trx, shiftId, volunteerId, options);
  if (!confirmed && options.assignedBy) return { ok: false, reason: "full" };
  if (!confirmed) {
    // Joining the waitlist holds the shift's row: arrivals queue in commit order (so the position
    // told is the true one), and a place freed meanwhile is taken instead of waited for.
    await sql`SELECT id FROM shuxiang.shifts WHERE id = ${shiftId} FOR UPDATE`.execute(trx);
    confirmed = await confirmPlace(trx, shiftId, volunteerId, options);
  }
  if (confirmed) {
    const row: BookingCalendarRow = { ...c, booking_id: confirmed.id, sequence: confirmed.sequence, status: "confirmed" };
    await notifyBooking(trx, deps, confirmed.id, "shift-booked", { preloaded: row });
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
  actor: Actor,
  volunteerId: number,
  shiftId: number,
  overrideReason: string | null,
): Promise<BookResult> {
  try {
    return await settled(() => transact(deps.db, async (trx) => {
      const result = await place(trx, deps, volunteerId, shiftId, { assignedBy: actor.staffId, override: Boolean(overrideReason), overrideReason });
      if (!result.ok) throw new Rollback(result);
      if (!result.already) {
        const shift = await trx.selectFrom("shuxiang.shifts").select("branch_code").where("id", "=", shiftId).executeTakeFirst();
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
    }));
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
export async function promoteFromWaitlist(trx: Trx, deps: AppDeps, shiftId: number): Promise<number[]> {
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
  | { ok: false; reason: "not-booked" | "started" | "cutoff"; cutoffHours?: number; deskPhone?: string | null };

/** A volunteer gives up a place (or leaves the waitlist); the first waiting person moves up. */
export async function cancelBooking(deps: AppDeps, volunteerId: number, shiftId: number, now: Date = new Date()): Promise<CancelResult> {
  return transact(deps.db, async (trx) => {
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
    const settings = await getBranchSettings(trx, booking.branch_code);
    const window = cancelWindow(new Date(booking.starts_at), now, settings.bookingCutoffHours, settings.allowLateCancellation);
    if (window === "started") return { ok: false, reason: "started" } as const;
    if (window === "closed") return { ok: false, reason: "cutoff", cutoffHours: settings.bookingCutoffHours, deskPhone: settings.deskPhone } as const;
    const late = window === "late";
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
export async function removeVolunteer(deps: AppDeps, actor: Actor, bookingId: number, reason: string | null): Promise<{ ok: boolean; promoted: number[] }> {
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

/**
 * Takes a person off every shift that has not started (they retire or leave, or staff suspend
 * them): confirmed places are freed and refilled from the waitlist, waitlist places dropped. With
 * a `notify` message (their own cancellation, or staff taking them off), each confirmed booking
 * gets its cancelling invite so the person's calendar stays true. The caller's transaction.
 */
export async function withdrawFromFutureShifts(
  trx: Trx,
  deps: AppDeps,
  volunteerId: number,
  reason: string,
  notify: "booking-cancelled" | "shift-removed" | null,
  now: Date = new Date(),
): Promise<number> {
  const bookings = await trx
    .selectFrom("shuxiang.bookings as b")
    .innerJoin("shuxiang.shifts as s", "s.id", "b.shift_id")
    .select(["b.id", "b.status", "b.shift_id"])
    .where("b.volunteer_id", "=", volunteerId)
    .where("b.status", "in", ["confirmed", "waitlisted"])
    .where("s.starts_at", ">", now)
    .orderBy("b.shift_id")
    .forUpdate("b")
    .execute();
  for (const booking of bookings) {
    await trx
      .updateTable("shuxiang.bookings")
      .set({ status: "cancelled", cancelled_at: now, cancel_reason: reason, sequence: sql`sequence + 1` })
      .where("id", "=", booking.id)
      .execute();
    if (booking.status !== "confirmed") continue;
    await releasePlace(trx, booking.shift_id);
    if (notify) await notifyBooking(trx, deps, booking.id, notify, {});
    await promoteFromWaitlist(trx, deps, booking.shift_id);
  }
  return bookings.length;
}
