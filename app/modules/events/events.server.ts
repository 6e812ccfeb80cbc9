// Planning reading events: one-off or weekly, in the branch's own zone, in a room that is never
// double-booked (the exclusion constraint events_room_no_overlap holds it, setup and teardown
// included), with the volunteer shifts the event needs. Changing or cancelling an event tells
// everyone registered and everyone booked on its shifts, in the same transaction.
import { sql } from "kysely";
import { DateTime } from "luxon";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { can, type StaffUser } from "#app/modules/auth/policy.ts";
import { planningBranch } from "#app/modules/branches/branches.server.ts";
import { raiseSequence, reissueInvites } from "#app/modules/calendar/sequence.server.ts";
import { EXCLUSION_VIOLATION, pgErrorCode, transact, type Trx } from "#app/lib/db.server.ts";
import { type AppDeps } from "#app/lib/deps.server.ts";
import { announceShiftChange, cancelShiftInTransaction, plannedOccurrences } from "#app/modules/shifts/shifts.server.ts";
import { wallInterval, WALL_ERRORS } from "#app/lib/wall-time.ts";
import { notifyRegistrations } from "./notify.server.ts";
import { promoteRegistrations } from "./registrations.server.ts";
import { isVolunteersOnly } from "./rules.ts";
import type { CreateEventInput, EditEventInput } from "./schemas.ts";

/** The other event holding the room, for a message that names it. */
export interface RoomClash {
  eventId: number;
  title_zh: string;
  title_en: string;
  starts_at: Date;
  ends_at: Date;
  timezone: string;
}

export type EventResult<T = object> = ({ ok: true } & T) | { ok: false; errors: Record<string, string>; clash?: RoomClash; status?: 400 | 403 | 404 };

const forbidden = { ok: false as const, errors: { form: "events.errors.forbidden" }, status: 403 as const };

interface Margins {
  setup: number;
  teardown: number;
}

async function findClash(trx: Trx, roomId: number, from: Date, until: Date, exceptEventId: number | null): Promise<RoomClash | undefined> {
  const row = await sql<RoomClash>`
    SELECT ev.id AS "eventId", ev.title_zh, ev.title_en, ev.starts_at, ev.ends_at, br.timezone
    FROM shuxiang.events ev JOIN library.branches br ON br.code = ev.branch_code
    WHERE ev.room_id = ${roomId} AND ev.status = 'scheduled' AND ev.id IS DISTINCT FROM ${exceptEventId}::int
      AND ev.blocked_from < ${until} AND ev.blocked_until > ${from}
    ORDER BY ev.starts_at LIMIT 1`.execute(trx);
  return row.rows[0];
}

/** The notes of an event's helper shifts: its title, as the helpers' invites show it. */
function helperNotes(titles: { zh: string; en: string }): string {
  return titles.zh === titles.en ? titles.zh : `${titles.zh} / ${titles.en}`;
}

function blocked(o: { start: DateTime; end: DateTime }, margins: Margins) {
  return { from: o.start.minus({ minutes: margins.setup }).toJSDate(), until: o.end.plus({ minutes: margins.teardown }).toJSDate() };
}

function registrationWindow(start: DateTime, input: { opensDaysBefore?: number; closesHoursBefore: number }) {
  return {
    opens: input.opensDaysBefore === undefined ? null : start.minus({ days: input.opensDaysBefore }).startOf("day").toJSDate(),
    closes: start.minus({ hours: input.closesHoursBefore }).toJSDate(),
  };
}

async function checkRoom(trx: Trx, roomId: number | undefined, branch: string, capacity: number): Promise<Record<string, string> | null> {
  if (roomId === undefined) return null;
  const room = await trx.selectFrom("shuxiang.rooms").select(["capacity", "active"]).where("id", "=", roomId).where("branch_code", "=", branch).executeTakeFirst();
  if (!room || !room.active) return { roomId: "shifts.errors.room" };
  if (room.capacity < capacity) return { capacity: `events.errors.roomTooSmall:${room.capacity}` };
  return null;
}

/** Plans an event (or a weekly series) and the volunteer shifts it needs. */
export async function createEvents(deps: AppDeps, user: StaffUser, input: CreateEventInput, now: Date = new Date(), requestId?: string | null): Promise<EventResult<{ ids: number[]; shiftIds: number[] }>> {
  if (!can(user, "event.plan", input.branch)) return forbidden;
  try {
    return await transact(deps.db, async (trx): Promise<EventResult<{ ids: number[]; shiftIds: number[] }>> => {
      const branch = await planningBranch(trx, input.branch);
      if (!branch.ok) return branch;
      const margins = { setup: branch.eventSetupMinutes ?? 30, teardown: branch.eventTeardownMinutes ?? 30 };
      const roomProblem = await checkRoom(trx, input.roomId, input.branch, input.capacity);
      if (roomProblem) return { ok: false, errors: roomProblem };
      const roleIds = Object.entries(input.needs).filter(([, n]) => n > 0).map(([id, n]) => ({ roleId: Number(id), count: n }));
      if (roleIds.length > 0) {
        const roles = await trx.selectFrom("shuxiang.roles").select("id").where("id", "in", roleIds.map((r) => r.roleId)).where("active", "=", true).execute();
        if (roles.length !== roleIds.length) return { ok: false, errors: { needs: "shifts.errors.role" } };
      }

      const planned = plannedOccurrences(input, branch.timezone, now);
      if (!planned.ok) return { ok: false, errors: planned.errors as Record<string, string> };
      const occurrences = planned.occurrences;
      if (input.roomId !== undefined) {
        for (const o of occurrences) {
          const b = blocked(o, margins);
          const clash = await findClash(trx, input.roomId, b.from, b.until, null);
          if (clash) return { ok: false, errors: { roomId: "events.errors.roomClash" }, clash };
        }
      }

      let seriesId: number | null = null;
      if (input.repeat === "weekly") {
        const series = await trx
          .insertInto("shuxiang.event_series")
          .values({ branch_code: input.branch, weekdays: input.weekdays, start_date: input.date, until_date: input.until ?? null, occurrences: input.count ?? null, created_by: user.id })
          .returning("id")
          .executeTakeFirstOrThrow();
        seriesId = series.id;
      }
      const volunteersOnly = isVolunteersOnly(input.audience);
      const rows = await trx
        .insertInto("shuxiang.events")
        .values(
          occurrences.map((o) => {
            const b = blocked(o, margins);
            const window = registrationWindow(o.start, input);
            return {
              series_id: seriesId,
              branch_code: input.branch,
              room_id: input.roomId ?? null,
              place: input.place,
              kind: input.kind,
              audience: input.audience,
              title_zh: input.titleZh,
              title_en: input.titleEn,
              description_zh: input.descriptionZh,
              description_en: input.descriptionEn,
              accessibility_zh: input.accessibilityZh,
              accessibility_en: input.accessibilityEn,
              partner: input.partner,
              local_date: o.localDate,
              starts_at: o.start.toJSDate(),
              ends_at: o.end.toJSDate(),
              blocked_from: b.from,
              blocked_until: b.until,
              capacity: input.capacity,
              max_party: input.maxParty,
              card_required: volunteersOnly ? false : input.cardRequired,
              guests_allowed: volunteersOnly ? false : input.guestsAllowed,
              registration_opens_at: window.opens,
              registration_closes_at: window.closes,
              created_by: user.id,
            };
          }),
        )
        .returning(["id", "starts_at", "ends_at", "blocked_from", "blocked_until", "local_date"])
        .execute();
      const shiftRows =
        roleIds.length === 0
          ? []
          : await trx
              .insertInto("shuxiang.shifts")
              .values(
                rows.flatMap((ev) =>
                  roleIds.map((need) => ({
                    branch_code: input.branch,
                    role_id: need.roleId,
                    event_id: ev.id,
                    room_id: input.roomId ?? null,
                    local_date: ev.local_date,
                    // Helpers come for the setup and stay for the teardown.
                    starts_at: ev.blocked_from,
                    ends_at: ev.blocked_until,
                    capacity: need.count,
                    min_needed: need.count,
                    notes: helperNotes({ zh: input.titleZh, en: input.titleEn }),
                    created_by: user.id,
                  })),
                ),
              )
              .returning("id")
              .execute();
      const ids = rows.map((r) => r.id);
      await recordAudit(trx, {
        actorStaffId: user.id,
        action: seriesId ? "event.create-series" : "event.create",
        entityType: seriesId ? "event_series" : "event",
        entityId: seriesId ?? ids[0],
        branchCode: input.branch,
        after: { ...input, eventIds: ids, shiftIds: shiftRows.map((s) => s.id) },
        requestId,
      });
      return { ok: true, ids, shiftIds: shiftRows.map((s) => s.id) };
    });
  } catch (error) {
    // Someone else took the room between the check and the insert.
    if (pgErrorCode(error) === EXCLUSION_VIOLATION && input.roomId !== undefined) return { ok: false, errors: { roomId: "events.errors.roomClash" } };
    throw error;
  }
}

interface LockedEvent {
  id: number;
  series_id: number | null;
  branch_code: string;
  room_id: number | null;
  place: string;
  local_date: string;
  starts_at: Date;
  ends_at: Date;
  capacity: number;
  registered: number;
  status: string;
  timezone: string;
  title_zh: string;
  title_en: string;
  description_zh: string;
  description_en: string;
  accessibility_zh: string;
  accessibility_en: string;
  event_setup_minutes: number | null;
  event_teardown_minutes: number | null;
}

async function lockEvents(trx: Trx, eventId: number, scope: "one" | "following", now: Date): Promise<LockedEvent[]> {
  const first = await trx.selectFrom("shuxiang.events").select(["series_id", "local_date"]).where("id", "=", eventId).executeTakeFirst();
  if (!first) return [];
  let query = trx
    .selectFrom("shuxiang.events as ev")
    .innerJoin("library.branches as br", "br.code", "ev.branch_code")
    .leftJoin("shuxiang.branch_settings as bs", "bs.branch_code", "ev.branch_code")
    .select(["ev.id", "ev.series_id", "ev.branch_code", "ev.room_id", "ev.place", "ev.local_date", "ev.starts_at", "ev.ends_at", "ev.capacity", "ev.registered", "ev.status", "ev.title_zh", "ev.title_en", "ev.description_zh", "ev.description_en", "ev.accessibility_zh", "ev.accessibility_en", "br.timezone", "bs.event_setup_minutes", "bs.event_teardown_minutes"])
    .forUpdate("ev")
    .orderBy("ev.starts_at");
  if (scope === "following" && first.series_id !== null) {
    query = query.where("ev.series_id", "=", first.series_id).where("ev.local_date", ">=", first.local_date).where("ev.status", "=", "scheduled").where("ev.starts_at", ">", now);
  } else {
    query = query.where("ev.id", "=", eventId);
  }
  return query.execute();
}

/**
 * Changes one event. A new time, place or text (title, description, accessibility: what the invite
 * and the emails show) reaches every registration; a new time or place moves the helper shifts, a
 * new title renames them, and either reaches everyone booked on them.
 */
export async function updateEvent(deps: AppDeps, user: StaffUser, eventId: number, input: EditEventInput, now: Date = new Date(), requestId?: string | null): Promise<EventResult<{ notified: number; promoted: number }>> {
  try {
    return await transact(deps.db, async (trx): Promise<EventResult<{ notified: number; promoted: number }>> => {
      const [ev] = await lockEvents(trx, eventId, "one", now);
      if (!ev) return { ok: false, errors: { form: "events.errors.notFound" }, status: 404 };
      if (!can(user, "event.plan", ev.branch_code)) return forbidden;
      if (ev.status !== "scheduled") return { ok: false, errors: { form: "events.errors.cancelledAlready" } };
      if (new Date(ev.ends_at) <= now) return { ok: false, errors: { form: "events.errors.ended" } };
      const interval = wallInterval(input.date, input.start, input.end, ev.timezone);
      if (!interval.ok) return { ok: false, errors: { [interval.field]: `${WALL_ERRORS[interval.error]}:${input.date}` } };
      const startsAt = interval.start.toJSDate();
      const endsAt = interval.end.toJSDate();
      const timeChanged = startsAt.getTime() !== new Date(ev.starts_at).getTime() || endsAt.getTime() !== new Date(ev.ends_at).getTime();
      if (timeChanged && startsAt <= now) return { ok: false, errors: { start: "shifts.errors.past" } };
      if (input.capacity < ev.registered) return { ok: false, errors: { capacity: `events.errors.belowRegistered:${ev.registered}` } };
      const roomProblem = await checkRoom(trx, input.roomId, ev.branch_code, input.capacity);
      if (roomProblem) return { ok: false, errors: roomProblem };
      const roomId = input.roomId ?? null;
      const placeChanged = roomId !== ev.room_id || input.place !== ev.place;
      const b = blocked(interval, { setup: ev.event_setup_minutes ?? 30, teardown: ev.event_teardown_minutes ?? 30 });
      if (roomId !== null) {
        const clash = await findClash(trx, roomId, b.from, b.until, ev.id);
        if (clash) return { ok: false, errors: { roomId: "events.errors.roomClash" }, clash };
      }
      const textChanged =
        input.titleZh !== ev.title_zh ||
        input.titleEn !== ev.title_en ||
        input.descriptionZh !== ev.description_zh ||
        input.descriptionEn !== ev.description_en ||
        input.accessibilityZh !== ev.accessibility_zh ||
        input.accessibilityEn !== ev.accessibility_en;
      const volunteersOnly = isVolunteersOnly(input.audience);
      const window = registrationWindow(interval.start, input);
      await trx
        .updateTable("shuxiang.events")
        .set({
          title_zh: input.titleZh,
          title_en: input.titleEn,
          description_zh: input.descriptionZh,
          description_en: input.descriptionEn,
          accessibility_zh: input.accessibilityZh,
          accessibility_en: input.accessibilityEn,
          partner: input.partner,
          kind: input.kind,
          audience: input.audience,
          room_id: roomId,
          place: input.place,
          local_date: input.date,
          starts_at: startsAt,
          ends_at: endsAt,
          blocked_from: b.from,
          blocked_until: b.until,
          capacity: input.capacity,
          max_party: input.maxParty,
          card_required: volunteersOnly ? false : input.cardRequired,
          guests_allowed: volunteersOnly ? false : input.guestsAllowed,
          registration_opens_at: window.opens,
          registration_closes_at: window.closes,
          updated_at: now,
        })
        .where("id", "=", ev.id)
        .execute();
      let notified = 0;
      if (timeChanged || placeChanged || textChanged) {
        notified += await announceEventChange(trx, deps, ev.id, timeChanged ? { start: new Date(ev.starts_at), end: new Date(ev.ends_at) } : undefined);
      }
      const oldNotes = helperNotes({ zh: ev.title_zh, en: ev.title_en });
      const newNotes = helperNotes({ zh: input.titleZh, en: input.titleEn });
      if (timeChanged || placeChanged || oldNotes !== newNotes) {
        // The event's helper shifts move with it, and keep its title as their notes (unless a
        // coordinator wrote them other notes).
        const shifts = await trx.selectFrom("shuxiang.shifts").select(["id", "starts_at", "ends_at", "notes"]).where("event_id", "=", ev.id).where("status", "=", "scheduled").forUpdate().execute();
        for (const s of shifts) {
          const notes = s.notes === oldNotes ? newNotes : s.notes;
          if (!timeChanged && !placeChanged && notes === s.notes) continue;
          const moved = timeChanged || placeChanged ? { starts_at: b.from, ends_at: b.until, local_date: input.date, room_id: roomId } : {};
          await trx.updateTable("shuxiang.shifts").set({ ...moved, notes, updated_at: now }).where("id", "=", s.id).execute();
          notified += await announceShiftChange(trx, deps, s.id, timeChanged ? { start: new Date(s.starts_at), end: new Date(s.ends_at) } : undefined);
        }
      }
      const promoted = input.capacity > ev.capacity ? (await promoteRegistrations(trx, deps, ev.id, now)).length : 0;
      await recordAudit(trx, {
        actorStaffId: user.id,
        action: "event.update",
        entityType: "event",
        entityId: ev.id,
        branchCode: ev.branch_code,
        before: {
          date: ev.local_date, startsAt: ev.starts_at, endsAt: ev.ends_at, roomId: ev.room_id, place: ev.place, capacity: ev.capacity,
          titleZh: ev.title_zh, titleEn: ev.title_en, descriptionZh: ev.description_zh, descriptionEn: ev.description_en, accessibilityZh: ev.accessibility_zh, accessibilityEn: ev.accessibility_en,
        },
        after: { ...input, startsAt, endsAt },
        requestId,
      });
      return { ok: true, notified, promoted };
    });
  } catch (error) {
    // A clash that slipped in meanwhile (room), or a helper now holding two overlapping shifts.
    if (pgErrorCode(error) === EXCLUSION_VIOLATION) return { ok: false, errors: { roomId: "events.errors.roomClashOrHelper" } };
    throw error;
  }
}

/**
 * Tells everyone registered that what their calendars and emails show of the event has changed,
 * once the caller has written the change: the event's and its registrations' SEQUENCE rise through
 * the calendar's owner of it, so the invites and the feeds agree. Only confirmed people get an
 * invite (the others never had it in their calendars). Caller's transaction; returns how many were told.
 */
async function announceEventChange(trx: Trx, deps: AppDeps, eventId: number, previous: { start: Date; end: Date } | undefined): Promise<number> {
  await raiseSequence(trx, "event", [eventId]);
  const regs = await trx
    .selectFrom("shuxiang.registrations")
    .select(["id", "status"])
    .where("event_id", "=", eventId)
    .where("status", "in", ["confirmed", "waitlisted", "requested"])
    .execute();
  const ids = regs.map((r) => r.id);
  const confirmed = new Set(regs.filter((r) => r.status === "confirmed").map((r) => r.id));
  await reissueInvites(trx, "registration", ids, () => notifyRegistrations(trx, deps, ids, "event-changed", (id) => ({ previous, invite: confirmed.has(id) })));
  return regs.length;
}

/** Cancels an event (or it and the following ones of its series); everyone hears of it. */
export async function cancelEvents(
  deps: AppDeps,
  user: StaffUser,
  eventId: number,
  reason: string,
  scope: "one" | "following",
  now: Date = new Date(),
  requestId?: string | null,
): Promise<EventResult<{ cancelled: number; notified: number }>> {
  return transact(deps.db, async (trx): Promise<EventResult<{ cancelled: number; notified: number }>> => {
    const events = (await lockEvents(trx, eventId, scope, now)).filter((e) => e.status === "scheduled");
    if (events.length === 0) return { ok: false, errors: { form: "events.errors.cancelledAlready" } };
    if (!events.every((e) => can(user, "event.plan", e.branch_code))) return forbidden;
    if (events.some((e) => new Date(e.starts_at) <= now)) return { ok: false, errors: { form: "events.errors.started" } };
    let notified = 0;
    const actor = { user, requestId };
    for (const ev of events) {
      await trx
        .updateTable("shuxiang.events")
        .set({ status: "cancelled", cancelled_at: now, cancel_reason: reason, registered: 0, updated_at: now })
        .where("id", "=", ev.id)
        .execute();
      await raiseSequence(trx, "event", [ev.id]);
      const regs = await trx
        .selectFrom("shuxiang.registrations")
        .select(["id", "status"])
        .where("event_id", "=", ev.id)
        .where("status", "in", ["confirmed", "waitlisted", "requested"])
        .forUpdate()
        .execute();
      const ids = regs.map((r) => r.id);
      if (ids.length > 0) await trx.updateTable("shuxiang.registrations").set({ status: "cancelled", cancelled_at: now, cancel_reason: "event-cancelled" }).where("id", "in", ids).execute();
      // Only confirmed people had it in their calendars; the others get the email alone.
      const confirmed = new Set(regs.filter((r) => r.status === "confirmed").map((r) => r.id));
      await reissueInvites(trx, "registration", ids, () => notifyRegistrations(trx, deps, ids, "event-cancelled", (id) => ({ reason, invite: confirmed.has(id) })));
      notified += regs.length;
      const shifts = await trx.selectFrom("shuxiang.shifts").select(["id", "branch_code", "booked"]).where("event_id", "=", ev.id).where("status", "=", "scheduled").forUpdate().execute();
      for (const s of shifts) notified += await cancelShiftInTransaction(trx, deps, actor, s, reason, scope, now);
      await recordAudit(trx, {
        actorStaffId: user.id,
        action: "event.cancel",
        entityType: "event",
        entityId: ev.id,
        branchCode: ev.branch_code,
        before: { status: "scheduled", registered: ev.registered },
        after: { status: "cancelled", reason, scope },
        requestId,
      });
    }
    return { ok: true, cancelled: events.length, notified };
  });
}
