// Planning shifts: one-off or weekly series, editing one occurrence or this and all following,
// cancelling. Everyone booked hears about a change of time, place or notes, or a cancellation,
// through a message written in the same transaction.
import { sql } from "kysely";
import { DateTime } from "luxon";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { raiseSequence, reissueInvites } from "#app/modules/calendar/sequence.server.ts";
import { planningBranch } from "#app/modules/branches/branches.server.ts";
import { EXCLUSION_VIOLATION, pgErrorCode, Rollback, transact, type Trx } from "#app/lib/db.server.ts";
import { type AppDeps } from "#app/lib/deps.server.ts";
import { can, type StaffActor } from "#app/modules/auth/policy.ts";
import { promoteFromWaitlist } from "./bookings.server.ts";
import { notifyBookings } from "./notify.server.ts";
import type { CreateShiftInput, EditShiftInput } from "./schemas.ts";
import { expandWeekly, wallClock, wallInterval, type Occurrence, WALL_ERRORS } from "#app/lib/wall-time.ts";

/** Field → message key (with ":value" where the message shows one). */
export type FieldErrors = Partial<Record<string, string>>;
export type PlanResult<T> = ({ ok: true } & T) | { ok: false; errors: FieldErrors; status?: 403 };

/** A planner of other branches (or none): refused here whatever the route checked. */
const outOfScope = (field: "branch" | "form") => ({ ok: false as const, errors: { [field]: "shifts.errors.branchScope" }, status: 403 as const });

/** The occurrences a plan form asks for (one-off or weekly) in the zone, or the form's errors. */
export function plannedOccurrences(
  input: { repeat: "none" | "weekly"; date: string; start: string; end: string; weekdays: number[]; until?: string; count?: number },
  zone: string,
  now: Date,
): { ok: true; occurrences: Occurrence[] } | { ok: false; errors: FieldErrors } {
  let occurrences: Occurrence[];
  if (input.repeat === "weekly") {
    const series = expandWeekly({ startDate: input.date, weekdays: input.weekdays, untilDate: input.until, count: input.count }, input.start, input.end, zone);
    if (!series.ok) {
      if (series.error === "too-many") return { ok: false, errors: { until: "shifts.errors.tooMany:120" } };
      if (series.error === "empty") return { ok: false, errors: { weekdays: "shifts.errors.noOccurrence" } };
      return { ok: false, errors: { [series.error === "end-before-start" ? "end" : "start"]: `${WALL_ERRORS[series.error]}:${series.date}` } };
    }
    occurrences = series.occurrences;
  } else {
    const interval = wallInterval(input.date, input.start, input.end, zone);
    if (!interval.ok) return { ok: false, errors: { [interval.field]: `${WALL_ERRORS[interval.error]}:${input.date}` } };
    occurrences = [{ localDate: input.date, start: interval.start, end: interval.end }];
  }
  if (occurrences[0].start.toJSDate() <= now) return { ok: false, errors: { date: "shifts.errors.past" } };
  return { ok: true, occurrences };
}

export async function createShifts(deps: AppDeps, actor: StaffActor, input: CreateShiftInput, now: Date = new Date()): Promise<PlanResult<{ ids: number[]; seriesId: number | null; firstDate: string; lastDate: string; timezone: string }>> {
  if (!can(actor.user, "shift.plan", input.branch)) return outOfScope("branch");
  return transact(deps.db, async (trx) => {
    const branch = await planningBranch(trx, input.branch);
    if (!branch.ok) return branch;
    const role = await trx.selectFrom("shuxiang.roles").select(["id", "active"]).where("id", "=", input.roleId).executeTakeFirst();
    if (!role || !role.active) return { ok: false, errors: { roleId: "shifts.errors.role" } };
    if (input.roomId !== undefined) {
      const room = await trx.selectFrom("shuxiang.rooms").select("id").where("id", "=", input.roomId).where("branch_code", "=", input.branch).where("active", "=", true).executeTakeFirst();
      if (!room) return { ok: false, errors: { roomId: "shifts.errors.room" } };
    }

    const planned = plannedOccurrences(input, branch.timezone, now);
    if (!planned.ok) return planned;
    const occurrences = planned.occurrences;

    let seriesId: number | null = null;
    if (input.repeat === "weekly") {
      const series = await trx
        .insertInto("shuxiang.shift_series")
        .values({
          branch_code: input.branch,
          role_id: input.roleId,
          weekdays: input.weekdays,
          start_date: input.date,
          until_date: input.until ?? null,
          occurrences: input.count ?? null,
          start_time: input.start,
          end_time: input.end,
          created_by: actor.user.id,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      seriesId = series.id;
    }
    const rows = await trx
      .insertInto("shuxiang.shifts")
      .values(
        occurrences.map((o) => ({
          branch_code: input.branch,
          role_id: input.roleId,
          series_id: seriesId,
          room_id: input.roomId ?? null,
          local_date: o.localDate,
          starts_at: o.start.toJSDate(),
          ends_at: o.end.toJSDate(),
          capacity: input.capacity,
          min_needed: input.minNeeded,
          notes: input.notes,
          created_by: actor.user.id,
        })),
      )
      .returning("id")
      .execute();
    const ids = rows.map((r) => r.id);
    await recordAudit(trx, {
      actorStaffId: actor.user.id,
      action: seriesId ? "shift.create-series" : "shift.create",
      entityType: seriesId ? "shift_series" : "shift",
      entityId: seriesId ?? ids[0],
      branchCode: input.branch,
      after: { ...input, shiftIds: ids },
      requestId: actor.requestId,
    });
    return { ok: true, ids, seriesId, firstDate: occurrences[0].localDate, lastDate: occurrences[occurrences.length - 1].localDate, timezone: branch.timezone };
  });
}

interface TargetShift {
  id: number;
  branch_code: string;
  series_id: number | null;
  local_date: string;
  starts_at: Date;
  ends_at: Date;
  capacity: number;
  min_needed: number;
  booked: number;
  notes: string;
  room_id: number | null;
  status: string;
  timezone: string;
}

/** The shift itself, or it and the later scheduled occurrences of its series, locked. */
async function targets(trx: Trx, shiftId: number, scope: "one" | "following", now: Date): Promise<TargetShift[]> {
  const first = await trx.selectFrom("shuxiang.shifts").select(["series_id", "local_date"]).where("id", "=", shiftId).executeTakeFirst();
  if (!first) return [];
  let query = trx
    .selectFrom("shuxiang.shifts as s")
    .innerJoin("library.branches as br", "br.code", "s.branch_code")
    .select(["s.id", "s.branch_code", "s.series_id", "s.local_date", "s.starts_at", "s.ends_at", "s.capacity", "s.min_needed", "s.booked", "s.notes", "s.room_id", "s.status", "br.timezone"])
    .forUpdate("s")
    .orderBy("s.starts_at");
  if (scope === "following" && first.series_id !== null) {
    query = query.where("s.series_id", "=", first.series_id).where("s.local_date", ">=", first.local_date).where("s.status", "=", "scheduled").where("s.starts_at", ">", now);
  } else {
    query = query.where("s.id", "=", shiftId);
  }
  return query.execute();
}

export async function updateShift(
  deps: AppDeps,
  actor: StaffActor,
  shiftId: number,
  input: EditShiftInput,
  now: Date = new Date(),
): Promise<PlanResult<{ updated: number; notified: number; promoted: number }>> {
  try {
    return await transact(deps.db, async (trx) => {
      const shifts = await targets(trx, shiftId, input.scope, now);
      if (shifts.length === 0) return { ok: false, errors: { form: "shifts.errors.notFound" } };
      if (!shifts.every((s) => can(actor.user, "shift.plan", s.branch_code))) return outOfScope("form");
      const subject = shifts.find((s) => s.id === shiftId) ?? shifts[0];
      if (subject.status !== "scheduled") return { ok: false, errors: { form: "shifts.errors.cancelledAlready" } };
      if (new Date(subject.ends_at) <= now) return { ok: false, errors: { form: "shifts.errors.ended" } };
      if (input.roomId !== undefined) {
        const room = await trx.selectFrom("shuxiang.rooms").select("id").where("id", "=", input.roomId).where("branch_code", "=", subject.branch_code).executeTakeFirst();
        if (!room) return { ok: false, errors: { roomId: "shifts.errors.room" } };
      }
      let notified = 0;
      let promoted = 0;
      for (const shift of shifts) {
        // One occurrence may move to another date; "this and following" keeps each one's date.
        const localDate = shift.id === subject.id && input.scope === "one" ? input.date : shift.local_date;
        const interval = wallInterval(localDate, input.start, input.end, shift.timezone);
        if (!interval.ok) throw new Rollback({ ok: false, errors: { [interval.field]: `${WALL_ERRORS[interval.error]}:${localDate}` } });
        const startsAt = interval.start.toJSDate();
        const endsAt = interval.end.toJSDate();
        const timeChanged = startsAt.getTime() !== new Date(shift.starts_at).getTime() || endsAt.getTime() !== new Date(shift.ends_at).getTime();
        const roomId = input.roomId ?? null;
        const placeChanged = roomId !== shift.room_id;
        if (timeChanged && startsAt <= now) throw new Rollback({ ok: false, errors: { start: "shifts.errors.past" } });
        if (input.capacity < shift.booked) throw new Rollback({ ok: false, errors: { capacity: `shifts.errors.belowBooked:${shift.booked}` } });
        // The notes are the invite's DESCRIPTION: a calendar shows them, so a new text is a change too.
        const changed = timeChanged || placeChanged || input.notes !== shift.notes;
        await trx
          .updateTable("shuxiang.shifts")
          .set({
            local_date: localDate,
            starts_at: startsAt,
            ends_at: endsAt,
            capacity: input.capacity,
            min_needed: input.minNeeded,
            notes: input.notes,
            room_id: roomId,
            updated_at: now,
          })
          .where("id", "=", shift.id)
          .execute();
        if (changed) notified += await announceShiftChange(trx, deps, shift.id, timeChanged ? { start: new Date(shift.starts_at), end: new Date(shift.ends_at) } : undefined);
        if (input.capacity > shift.capacity) promoted += (await promoteFromWaitlist(trx, deps, shift.id)).length;
        await recordAudit(trx, {
          actorStaffId: actor.user.id,
          action: "shift.update",
          entityType: "shift",
          entityId: shift.id,
          branchCode: shift.branch_code,
          before: {
            date: shift.local_date,
            start: wallClock(shift.starts_at, shift.timezone),
            end: wallClock(shift.ends_at, shift.timezone),
            capacity: shift.capacity,
            minNeeded: shift.min_needed,
            notes: shift.notes,
            roomId: shift.room_id,
          },
          after: { date: localDate, start: input.start, end: input.end, capacity: input.capacity, minNeeded: input.minNeeded, notes: input.notes, roomId },
          requestId: actor.requestId,
        });
      }
      return { ok: true, updated: shifts.length, notified, promoted };
    });
  } catch (error) {
    if (pgErrorCode(error) === EXCLUSION_VIOLATION) return { ok: false, errors: { start: "shifts.errors.changeOverlap" } };
    throw error;
  }
}

export async function cancelShifts(
  deps: AppDeps,
  actor: StaffActor,
  shiftId: number,
  reason: string,
  scope: "one" | "following",
  now: Date = new Date(),
): Promise<PlanResult<{ cancelled: number; notified: number }>> {
  return transact(deps.db, async (trx) => {
    const found = await targets(trx, shiftId, scope, now);
    if (!found.every((s) => can(actor.user, "shift.plan", s.branch_code))) return outOfScope("form");
    const shifts = found.filter((s) => s.status === "scheduled");
    if (shifts.length === 0) return { ok: false, errors: { form: "shifts.errors.cancelledAlready" } };
    if (shifts.some((s) => new Date(s.starts_at) <= now)) return { ok: false, errors: { form: "shifts.errors.started" } };
    let notified = 0;
    for (const shift of shifts) notified += await cancelShiftInTransaction(trx, deps, actor, shift, reason, scope, now);
    return { ok: true, cancelled: shifts.length, notified };
  });
}

/** Cancels one scheduled shift in the caller's transaction; everyone on it is told. Returns how many. */
export async function cancelShiftInTransaction(
  trx: Trx,
  deps: AppDeps,
  actor: StaffActor,
  shift: { id: number; branch_code: string; booked: number },
  reason: string,
  scope: "one" | "following",
  now: Date,
): Promise<number> {
  await trx
    .updateTable("shuxiang.shifts")
    .set({ status: "cancelled", cancelled_at: now, cancel_reason: reason, booked: 0, updated_at: now })
    .where("id", "=", shift.id)
    .execute();
  await raiseSequence(trx, "shift", [shift.id]);
  const bookings = await trx
    .selectFrom("shuxiang.bookings")
    .select(["id", "status"])
    .where("shift_id", "=", shift.id)
    .where("status", "in", ["confirmed", "waitlisted"])
    .execute();
  const ids = bookings.map((b) => b.id);
  if (ids.length > 0) await trx.updateTable("shuxiang.bookings").set({ status: "cancelled", cancelled_at: now, cancel_reason: "shift-cancelled" }).where("id", "in", ids).execute();
  // Waiting people hear of it too, without an invite: their calendars never had the shift.
  const confirmed = new Set(bookings.filter((b) => b.status === "confirmed").map((b) => b.id));
  await reissueInvites(trx, "booking", ids, () => notifyBookings(trx, deps, ids, "shift-cancelled", (id) => ({ reason, invite: confirmed.has(id) })));
  await recordAudit(trx, {
    actorStaffId: actor.user.id,
    action: "shift.cancel",
    entityType: "shift",
    entityId: shift.id,
    branchCode: shift.branch_code,
    before: { status: "scheduled", booked: shift.booked },
    after: { status: "cancelled", reason, scope },
    requestId: actor.requestId,
  });
  return bookings.length;
}

/**
 * Tells one shift's booked volunteers that what their calendars show (time, place, notes) has
 * changed, once the caller has written the change to the shift: the shift's and its bookings'
 * SEQUENCE rise through the calendar's owner of it, so the invites and the feeds agree. The
 * bookings take the shift's times (they hold them for the no-overlap constraint). Caller's
 * transaction; returns how many were told.
 */
export async function announceShiftChange(trx: Trx, deps: AppDeps, shiftId: number, previous: { start: Date; end: Date } | undefined): Promise<number> {
  await raiseSequence(trx, "shift", [shiftId]);
  const bookings = await sql<{ id: number; status: string }>`
    UPDATE shuxiang.bookings b SET starts_at = s.starts_at, ends_at = s.ends_at
    FROM shuxiang.shifts s
    WHERE s.id = ${shiftId} AND b.shift_id = s.id AND b.status IN ('confirmed', 'waitlisted')
    RETURNING b.id, b.status`.execute(trx);
  const booked = bookings.rows.filter((b) => b.status === "confirmed").map((b) => b.id);
  await reissueInvites(trx, "booking", bookings.rows.map((b) => b.id), () => notifyBookings(trx, deps, booked, "shift-changed", { previous }));
  return booked.length;
}

export function localDateOf(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate()!;
}
