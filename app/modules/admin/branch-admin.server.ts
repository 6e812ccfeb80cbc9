// Our settings beside the shared branch table (which we never edit) and the rooms of a branch.
// Administrators manage every branch; coordinators their own; desk staff nothing. Audited.
import { sql } from "kysely";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { can, type StaffUser } from "#app/modules/auth/policy.ts";
import { transact } from "#app/lib/db.server.ts";
import { type AppDeps } from "#app/lib/deps.server.ts";
import type { AdminResult } from "./staff-accounts.server.ts";
import type { BranchSettingsInput, RoomInput } from "./schemas.ts";

const forbidden = { ok: false as const, errors: { form: "admin.errors.forbidden" }, status: 403 as const };
const UNIQUE_VIOLATION = "23505";

export async function branchSettingsOf(db: AppDeps["db"], code: string) {
  return db
    .selectFrom("library.branches as br")
    .leftJoin("shuxiang.branch_settings as bs", "bs.branch_code", "br.code")
    .select([
      "br.code", "br.name_zh", "br.name_en", "br.timezone", "bs.desk_email", "bs.desk_phone", "bs.booking_cutoff_hours", "bs.allow_late_cancellation",
      "bs.reminder_hours", "bs.second_reminder_hours", "bs.event_setup_minutes", "bs.event_teardown_minutes", "bs.guests_allowed",
    ])
    .where("br.code", "=", code)
    .executeTakeFirst();
}

export async function saveBranchSettings(deps: AppDeps, user: StaffUser, code: string, input: BranchSettingsInput, requestId?: string | null): Promise<AdminResult> {
  if (!can(user, "branch.manage", code)) return forbidden;
  return transact(deps.db, async (trx): Promise<AdminResult> => {
    const branch = await trx.selectFrom("library.branches").select("code").where("code", "=", code).executeTakeFirst();
    if (!branch) return { ok: false, errors: { form: "admin.errors.notFound" }, status: 404 };
    const before = await trx.selectFrom("shuxiang.branch_settings").selectAll().where("branch_code", "=", code).forUpdate().executeTakeFirst();
    const values = {
      desk_email: input.deskEmail,
      desk_phone: input.deskPhone ?? null,
      booking_cutoff_hours: input.bookingCutoffHours,
      allow_late_cancellation: input.allowLateCancellation,
      reminder_hours: input.reminderHours,
      second_reminder_hours: input.secondReminderHours ?? null,
      event_setup_minutes: input.eventSetupMinutes,
      event_teardown_minutes: input.eventTeardownMinutes,
      guests_allowed: input.guestsAllowed,
      updated_at: new Date(),
    };
    await trx.insertInto("shuxiang.branch_settings").values({ branch_code: code, ...values }).onConflict((oc) => oc.column("branch_code").doUpdateSet(values)).execute();
    await recordAudit(trx, { actorStaffId: user.id, action: "branch.settings", entityType: "branch", entityId: code, branchCode: code, before: before ?? null, after: values, requestId });
    return { ok: true };
  });
}

export async function roomsOf(db: AppDeps["db"], code: string) {
  return db
    .selectFrom("shuxiang.rooms as r")
    .select([
      "r.id", "r.code", "r.name_zh", "r.name_en", "r.floor", "r.capacity", "r.accessibility_zh", "r.accessibility_en", "r.active",
      sql<number>`(SELECT count(*)::int FROM shuxiang.events e WHERE e.room_id = r.id AND e.status = 'scheduled' AND e.ends_at > now())`.as("future_events"),
    ])
    .where("r.branch_code", "=", code)
    .orderBy("r.id")
    .execute();
}

const roomValues = (input: RoomInput) => ({
  code: input.code,
  name_zh: input.nameZh,
  name_en: input.nameEn,
  floor: input.floor || null,
  capacity: input.capacity,
  accessibility_zh: input.accessibilityZh || null,
  accessibility_en: input.accessibilityEn || null,
});

/** Creates a room (roomId null) or changes one; codes are unique per branch. */
export async function saveRoom(deps: AppDeps, user: StaffUser, code: string, roomId: number | null, input: RoomInput, requestId?: string | null): Promise<AdminResult<{ roomId: number }>> {
  if (!can(user, "branch.manage", code)) return forbidden;
  try {
    return await transact(deps.db, async (trx): Promise<AdminResult<{ roomId: number }>> => {
      const clash = await trx.selectFrom("shuxiang.rooms").select("id").where("branch_code", "=", code).where((eb) => eb.or([eb("code", "=", input.code), eb("name_zh", "=", input.nameZh)])).where("id", "<>", roomId ?? 0).executeTakeFirst();
      if (clash) return { ok: false, errors: { code: "admin.errors.roomTaken" } };
      let id = roomId;
      let before: unknown = null;
      if (roomId === null) {
        id = (await trx.insertInto("shuxiang.rooms").values({ branch_code: code, ...roomValues(input) }).returning("id").executeTakeFirstOrThrow()).id;
      } else {
        const room = await trx.selectFrom("shuxiang.rooms").selectAll().where("id", "=", roomId).where("branch_code", "=", code).forUpdate().executeTakeFirst();
        if (!room) return { ok: false, errors: { form: "admin.errors.notFound" }, status: 404 };
        before = room;
        await trx.updateTable("shuxiang.rooms").set(roomValues(input)).where("id", "=", roomId).execute();
      }
      await recordAudit(trx, { actorStaffId: user.id, action: roomId === null ? "room.create" : "room.update", entityType: "room", entityId: id!, branchCode: code, before, after: input, requestId });
      return { ok: true, roomId: id! };
    });
  } catch (error) {
    if (typeof error === "object" && error && "code" in error && error.code === UNIQUE_VIOLATION) return { ok: false, errors: { code: "admin.errors.roomTaken" } };
    throw error;
  }
}

/** Deactivates or reactivates a room; deleting is refused while it has events to come. */
export async function changeRoom(deps: AppDeps, user: StaffUser, code: string, roomId: number, change: "deactivate" | "activate" | "delete", requestId?: string | null): Promise<AdminResult> {
  if (!can(user, "branch.manage", code)) return forbidden;
  return transact(deps.db, async (trx): Promise<AdminResult> => {
    const room = await trx.selectFrom("shuxiang.rooms").selectAll().where("id", "=", roomId).where("branch_code", "=", code).forUpdate().executeTakeFirst();
    if (!room) return { ok: false, errors: { form: "admin.errors.notFound" }, status: 404 };
    if (change === "delete") {
      const future = await trx.selectFrom("shuxiang.events").select((eb) => eb.fn.countAll<number>().as("n")).where("room_id", "=", roomId).where("status", "=", "scheduled").where("ends_at", ">", new Date()).executeTakeFirstOrThrow();
      if (Number(future.n) > 0) return { ok: false, errors: { form: `admin.errors.roomHasEvents:${future.n}` } };
      const used = await sql<{ n: number }>`
        SELECT ((SELECT count(*) FROM shuxiang.events WHERE room_id = ${roomId}) + (SELECT count(*) FROM shuxiang.shifts WHERE room_id = ${roomId})
          + (SELECT count(*) FROM shuxiang.training_sessions WHERE room_id = ${roomId}) + (SELECT count(*) FROM shuxiang.interviews WHERE room_id = ${roomId}))::int AS n`.execute(trx);
      // A room with a history stays for the records: it can only be deactivated.
      if (used.rows[0].n > 0) return { ok: false, errors: { form: "admin.errors.roomHasHistory" } };
      await trx.deleteFrom("shuxiang.rooms").where("id", "=", roomId).execute();
    } else {
      await trx.updateTable("shuxiang.rooms").set({ active: change === "activate" }).where("id", "=", roomId).execute();
    }
    await recordAudit(trx, { actorStaffId: user.id, action: `room.${change}`, entityType: "room", entityId: roomId, branchCode: code, before: { active: room.active }, after: change === "delete" ? null : { active: change === "activate" }, requestId });
    return { ok: true };
  });
}
