// Administration on real PostgreSQL: staff invitations and one-time password links, roles and
// branches, deactivation ending sessions, the last administrator (also when two act at once),
// branch settings and rooms within a coordinator's branches, and the audit log that records it all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Services } from "#app/services.server.ts";
import type { StaffUser } from "#app/modules/auth/guards.server.ts";
import { listAudit } from "#app/modules/admin/audit-log.server.ts";
import { changeRoom, saveBranchSettings, saveRoom } from "#app/modules/admin/branch-admin.server.ts";
import { branchSettingsSchema, passwordSchema, roomSchema, staffSchema } from "#app/modules/admin/schemas.ts";
import { inviteStaff, peekStaffToken, sendPasswordReset, setPasswordWithToken, setStaffActive, updateStaff } from "#app/modules/admin/staff-accounts.server.ts";
import { signInStaff } from "#app/modules/auth/sign-in.server.ts";
import { hashToken } from "#app/modules/auth/tokens.server.ts";
import { shiftDeps, type ShiftDeps } from "#app/modules/shifts/deps.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/database.ts";
import { startTestServices } from "#tests/support/services.ts";
import { demoStaff } from "#tests/support/staff.ts";

let t: TestDatabase;
let services: Services;
let deps: ShiftDeps;
let admin: StaffUser;
let streets: StaffUser;
let desk: StaffUser;

beforeAll(async () => {
  t = await createTestDatabase();
  services = await startTestServices(t, { WORKERS: "off" });
  deps = shiftDeps(services);
  const user = await demoStaff(t.db);
  admin = user("admin@shuxiang.example", []);
  streets = user("coord.streets@shuxiang.example", ["FC", "HC"]);
  desk = user("desk.gulou@shuxiang.example", ["GL"]);
});
afterAll(async () => {
  await services?.close();
  await t?.drop();
});

/** The one-time link in the newest message to an address (read before it is sent and wiped). */
async function linkTo(email: string): Promise<string> {
  const m = await t.db.selectFrom("shuxiang.messages").select("data").where("recipient_email", "=", email).orderBy("id", "desc").executeTakeFirstOrThrow();
  return String((m.data as { link: string }).link).split("/").pop()!;
}

describe("staff accounts", () => {
  it("an administrator invites; the person sets a password once through the link and can sign in", async () => {
    const input = staffSchema.parse({ name: "赵晴", email: "zhao.qing@shuxiang.example", role: "coordinator", branches: ["PL", "PP"] });
    expect(await inviteStaff(deps, streets, input)).toMatchObject({ ok: false, status: 403 });
    expect(staffSchema.safeParse({ name: "赵晴", email: "x@y.example", role: "desk", branches: [] }).success).toBe(false);
    const invited = await inviteStaff(deps, admin, input);
    if (!invited.ok) throw new Error(JSON.stringify(invited.errors));
    expect(await inviteStaff(deps, admin, { ...input, email: "ZHAO.QING@shuxiang.example" })).toMatchObject({ ok: false, errors: { email: "admin.errors.emailTaken" } });
    const token = await linkTo("zhao.qing@shuxiang.example");
    // Stored only as its hash.
    expect(await t.db.selectFrom("shuxiang.staff_tokens").select("id").where("token_hash", "=", token).executeTakeFirst()).toBeUndefined();
    expect(await t.db.selectFrom("shuxiang.staff_tokens").select("purpose").where("token_hash", "=", hashToken(token)).executeTakeFirst()).toEqual({ purpose: "invite" });
    expect(await peekStaffToken(t.db, token)).toMatchObject({ name: "赵晴", purpose: "invite" });
    expect(passwordSchema.safeParse({ password: "short", confirm: "short" }).success).toBe(false);
    expect(await setPasswordWithToken(t.db, token, "书香图书馆志愿服务真好")).toMatchObject({ ok: true, staffId: invited.staffId });
    expect(await setPasswordWithToken(t.db, token, "another-password-123")).toMatchObject({ ok: false, errors: { form: "admin.errors.linkInvalid" } });
    expect(await signInStaff(t.db, "zhao.qing@shuxiang.example", "书香图书馆志愿服务真好")).toEqual({ ok: true, staffId: invited.staffId });
    const branches = await t.db.selectFrom("shuxiang.staff_branches").select("branch_code").where("staff_id", "=", invited.staffId).orderBy("branch_code").execute();
    expect(branches.map((b) => b.branch_code)).toEqual(["PL", "PP"]);
  });

  it("a password link expires, and a newer one replaces the older", async () => {
    const invited = await inviteStaff(deps, admin, staffSchema.parse({ name: "钱多", email: "qian.duo@shuxiang.example", role: "desk", branches: ["GL"] }));
    if (!invited.ok) throw new Error();
    const first = await linkTo("qian.duo@shuxiang.example");
    expect(await sendPasswordReset(deps, admin, invited.staffId)).toEqual({ ok: true });
    const second = await linkTo("qian.duo@shuxiang.example");
    expect(await peekStaffToken(t.db, first)).toBeUndefined();
    await t.db.updateTable("shuxiang.staff_tokens").set({ expires_at: new Date(Date.now() - 1000) }).where("token_hash", "=", hashToken(second)).execute();
    expect(await setPasswordWithToken(t.db, second, "long-enough-password")).toMatchObject({ ok: false });
  });

  it("deactivating ends every session at once; the last administrator can be neither deactivated nor demoted, also when two try at once", async () => {
    const coordinator = await t.db.selectFrom("shuxiang.staff").select("id").where("email", "=", "coord.gulou@shuxiang.example").executeTakeFirstOrThrow();
    await t.db.insertInto("shuxiang.sessions").values({ id_hash: "s-1", staff_id: coordinator.id, data: "{}", expires_at: new Date(Date.now() + 3600_000) }).execute();
    expect(await setStaffActive(deps, admin, coordinator.id, false)).toEqual({ ok: true });
    expect(await t.db.selectFrom("shuxiang.sessions").select("id_hash").where("staff_id", "=", coordinator.id).execute()).toEqual([]);
    expect(await signInStaff(t.db, "coord.gulou@shuxiang.example", "shuxiang-demo-2026")).toEqual({ ok: false, reason: "inactive" });
    expect(await setStaffActive(deps, admin, coordinator.id, true)).toEqual({ ok: true });

    expect(await setStaffActive(deps, admin, admin.id, false)).toEqual({ ok: false, errors: { form: "admin.errors.lastAdmin" } });
    expect(await updateStaff(deps, admin, admin.id, { name: admin.name, role: "coordinator", branches: ["GL"], language: "zh-CN" })).toEqual({ ok: false, errors: { role: "admin.errors.lastAdmin" } });
    // A second administrator; both try to deactivate each other at the same moment.
    const other = await inviteStaff(deps, admin, staffSchema.parse({ name: "孙立", email: "sun.li@shuxiang.example", role: "administrator", branches: [] }));
    if (!other.ok) throw new Error();
    const otherUser: StaffUser = { ...admin, id: other.staffId, name: "孙立", email: "sun.li@shuxiang.example" };
    const results = await Promise.all([setStaffActive(deps, admin, other.staffId, false), setStaffActive(deps, otherUser, admin.id, false)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const active = await t.db.selectFrom("shuxiang.staff").select("id").where("role", "=", "administrator").where("active", "=", true).execute();
    expect(active).toHaveLength(1);
    // Put things back for the tests below.
    await t.db.updateTable("shuxiang.staff").set({ active: true }).where("id", "=", admin.id).execute();
  });
});

describe("branch settings and rooms", () => {
  it("a coordinator sets up their own branches only; desk staff none; every change audited", async () => {
    const settings = branchSettingsSchema.parse({ deskEmail: "fengcai.desk@library.example", bookingCutoffHours: "12", reminderHours: "48", secondReminderHours: "2", eventSetupMinutes: "15", eventTeardownMinutes: "20", guestsAllowed: "" });
    expect(branchSettingsSchema.safeParse({ deskEmail: "nope", bookingCutoffHours: "-1", reminderHours: "0", eventSetupMinutes: "x", eventTeardownMinutes: "1" }).success).toBe(false);
    expect(await saveBranchSettings(deps, streets, "GL", settings)).toMatchObject({ ok: false, status: 403 });
    expect(await saveBranchSettings(deps, desk, "GL", settings)).toMatchObject({ ok: false, status: 403 });
    expect(await saveBranchSettings(deps, streets, "FC", settings)).toEqual({ ok: true });
    const row = await t.db.selectFrom("shuxiang.branch_settings").selectAll().where("branch_code", "=", "FC").executeTakeFirstOrThrow();
    expect(row).toMatchObject({ desk_email: "fengcai.desk@library.example", booking_cutoff_hours: 12, reminder_hours: 48, second_reminder_hours: 2, event_setup_minutes: 15, event_teardown_minutes: 20, guests_allowed: false });
    const audit = await listAudit(t.db, { person: streets.id, kind: "branch" });
    expect(audit[0]).toMatchObject({ action: "branch.settings", entity_id: "FC", branch_code: "FC" });
  });

  it("rooms: unique per branch; a room with events to come cannot be deleted, only deactivated; an unused one can", async () => {
    const room = roomSchema.parse({ code: "reading-2", nameZh: "第二阅览室", nameEn: "Second reading room", capacity: "24" });
    const created = await saveRoom(deps, streets, "FC", null, room);
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    expect(await saveRoom(deps, streets, "FC", null, { ...room, nameZh: "另一个" })).toEqual({ ok: false, errors: { code: "admin.errors.roomTaken" } });
    expect(await saveRoom(deps, streets, "GL", null, room)).toMatchObject({ ok: false, status: 403 });
    expect(roomSchema.safeParse({ ...room, code: "Bad Code!" }).success).toBe(false);
    const withEvents = await t.db.selectFrom("shuxiang.rooms as r").innerJoin("shuxiang.events as e", "e.room_id", "r.id").select("r.id").where("r.branch_code", "=", "FC").where("e.status", "=", "scheduled").where("e.ends_at", ">", new Date()).executeTakeFirstOrThrow();
    expect(await changeRoom(deps, streets, "FC", withEvents.id, "delete")).toMatchObject({ ok: false, errors: { form: expect.stringMatching(/^admin\.errors\.roomHasEvents:\d+$/) } });
    expect(await changeRoom(deps, streets, "FC", withEvents.id, "deactivate")).toEqual({ ok: true });
    expect(await changeRoom(deps, streets, "FC", withEvents.id, "activate")).toEqual({ ok: true });
    expect(await changeRoom(deps, streets, "FC", created.roomId, "delete")).toEqual({ ok: true });
    const log = await listAudit(t.db, { kind: "room" });
    expect(log.map((e) => e.action).slice(0, 4)).toEqual(["room.delete", "room.activate", "room.deactivate", "room.create"]);
  });
});
