// Administration on real PostgreSQL: staff invitations and one-time password links, roles and
// branches, deactivation ending sessions, the last administrator (also when two act at once),
// branch settings and rooms within a coordinator's branches, and the audit log that records it all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Services } from "#app/services.server.ts";
import type { StaffUser } from "#app/modules/auth/policy.ts";
import { listAudit } from "#app/modules/admin/audit-log.server.ts";
import { roleSchema, saveRole, saveTraining, trainingSchema } from "#app/modules/admin/catalogue.server.ts";
import { retentionPreview, runRetention, runRetentionDaily, saveRetentionSettings } from "#app/modules/admin/retention.server.ts";
import { changeRoom, saveBranchSettings, saveRoom } from "#app/modules/admin/branch-admin.server.ts";
import { branchSettingsSchema, passwordSchema, roomSchema, staffSchema } from "#app/modules/admin/schemas.ts";
import { inviteStaff, peekStaffToken, sendPasswordReset, setPasswordWithToken, setStaffActive, updateStaff } from "#app/modules/admin/staff-accounts.server.ts";
import { signInStaff } from "#app/modules/auth/sign-in.server.ts";
import { hashToken } from "#app/lib/tokens.server.ts";
import { openMessage } from "#app/modules/notifications/outbox.server.ts";
import { appDeps, type AppDeps } from "#app/lib/deps.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/database.ts";
import { startTestServices } from "#tests/support/services.ts";
import { demoStaff } from "#tests/support/staff.ts";

let t: TestDatabase;
let services: Services;
let deps: AppDeps;
let admin: StaffUser;
let streets: StaffUser;
let desk: StaffUser;

beforeAll(async () => {
  t = await createTestDatabase();
  services = await startTestServices(t, { WORKERS: "off" });
  deps = appDeps(services);
  const user = await demoStaff(t.db);
  admin = user("admin@shuxiang.example", []);
  streets = user("coord.streets@shuxiang.example", ["FC", "HC"]);
  desk = user("desk.gulou@shuxiang.example", ["GL"]);
});
afterAll(async () => {
  await services?.close();
  await t?.drop();
});

/** The one-time link in the newest message to an address (read before it is sent and wiped), opened as the delivery worker does. */
async function linkTo(email: string): Promise<string> {
  const m = await t.db.selectFrom("shuxiang.messages").select(["template", "data", "ical"]).where("recipient_email", "=", email).orderBy("id", "desc").executeTakeFirstOrThrow();
  return String((openMessage(deps.secret, m).data as { link: string }).link).split("/").pop()!;
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

describe("catalogue and retention", () => {
  it("an administrator adds a training and a role that requires it; codes are unique; coordinators may not", async () => {
    const training = await saveTraining(deps, admin, null, trainingSchema.parse({ code: "storytelling", nameZh: "故事讲述培训", nameEn: "Storytelling training" }));
    if (!training.ok) throw new Error(JSON.stringify(training.errors));
    const input = roleSchema.parse({ code: "storyteller", nameZh: "故事姐姐", nameEn: "Storyteller", minAge: "16", active: "on", trainings: [String(training.trainingId)] });
    expect(await saveRole(deps, streets, null, input)).toMatchObject({ ok: false, status: 403 });
    const role = await saveRole(deps, admin, null, input);
    if (!role.ok) throw new Error(JSON.stringify(role.errors));
    expect(await saveRole(deps, admin, null, input)).toEqual({ ok: false, errors: { code: "admin.errors.codeTaken" } });
    const needs = await t.db.selectFrom("shuxiang.role_trainings").select("training_id").where("role_id", "=", role.roleId).execute();
    expect(needs).toEqual([{ training_id: training.trainingId }]);
    expect(await saveRole(deps, admin, role.roleId, { ...input, active: false, trainings: [] })).toEqual({ ok: true, roleId: role.roleId });
    expect(await t.db.selectFrom("shuxiang.roles").select("active").where("id", "=", role.roleId).executeTakeFirstOrThrow()).toEqual({ active: false });
  });

  it("guest registrations and declined applications past their keeping time are anonymised once a day; counts stay", async () => {
    const now = new Date();
    const oldEvent = (await t.db.insertInto("shuxiang.events").values({
      branch_code: "GL", kind: "lecture", audience: "everyone", title_zh: "旧讲座", title_en: "Old talk", local_date: "2025-01-10",
      starts_at: "2025-01-10T02:00:00Z", ends_at: "2025-01-10T03:00:00Z", blocked_from: "2025-01-10T02:00:00Z", blocked_until: "2025-01-10T03:00:00Z", capacity: 10, registered: 3,
    }).returning("id").executeTakeFirstOrThrow()).id;
    await t.db.insertInto("shuxiang.registrations").values([
      { event_id: oldEvent, name: "访客甲", email: "guest.a@example.com", phone: "13800000000", places: 2, adults: 2, status: "confirmed", token_nonce: "r-a", token_hash: "r-a", checked_in_at: "2025-01-10T02:00:00Z", checked_in_count: 2 },
      { event_id: oldEvent, kind: "group", name: "李老师", email: "t@example.com", places: 1, adults: 0, school: "一小", class_name: "一班", status: "confirmed", token_nonce: "r-b", token_hash: "r-b" },
    ]).execute();
    const applicant = (await t.db.insertInto("shuxiang.volunteers").values({ email: "declined.long.ago@example.com", name: "王旧", phone: "13900000000", status: "applicant" }).returning("id").executeTakeFirstOrThrow()).id;
    await t.db.insertInto("shuxiang.applications").values({ volunteer_id: applicant, status: "declined", consent_at: "2025-01-01T00:00:00Z", created_at: "2025-01-01T00:00:00Z", updated_at: new Date("2025-02-01T00:00:00Z") }).execute();
    const before = await retentionPreview(t.db, now);
    expect(before.guests).toBeGreaterThanOrEqual(2);
    expect(before.declined).toBeGreaterThanOrEqual(1);
    expect(await saveRetentionSettings(deps, streets, { guestMonths: 6, declinedMonths: 6 })).toMatchObject({ ok: false, status: 403 });
    // Longer keeping times: nothing from January 2025 is due yet.
    expect(await saveRetentionSettings(deps, admin, { guestMonths: 36, declinedMonths: 36 })).toEqual({ ok: true });
    expect(await runRetention(deps, now)).toEqual({ guests: 0, declined: 0 });
    await saveRetentionSettings(deps, admin, { guestMonths: 12, declinedMonths: 12 });
    const first = await runRetentionDaily(deps, now);
    expect(first).toBeGreaterThanOrEqual(3);
    expect(await runRetentionDaily(deps, now)).toBe(0); // once a day
    const regs = await t.db.selectFrom("shuxiang.registrations").select(["name", "email", "phone", "places", "checked_in_count", "anonymised_at"]).where("event_id", "=", oldEvent).orderBy("id").execute();
    expect(regs.map((r) => [r.name, r.email, r.phone, r.places, r.checked_in_count, r.anonymised_at !== null])).toEqual([["", null, null, 2, 2, true], ["", null, null, 1, null, true]]);
    const person = await t.db.selectFrom("shuxiang.volunteers").select(["name", "email", "phone", "anonymised_at"]).where("id", "=", applicant).executeTakeFirstOrThrow();
    expect(person.phone).toBeNull();
    expect(person.email).not.toContain("declined.long.ago");
    expect(person.anonymised_at).not.toBeNull();
    expect((await retentionPreview(t.db, now))).toMatchObject({ guests: 0, declined: 0 });
  });
});
