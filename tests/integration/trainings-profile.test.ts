// Trainings and the volunteer's own profile on real PostgreSQL: planning rules, enrolment with
// capacity held under simultaneous enrolments, invites (REQUEST / CANCEL, one UID, rising
// SEQUENCE), attendance unlocking roles, pause / resume / retire, the data download and deletion.
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Services } from "#app/services.server.ts";
import type { StaffUser } from "#app/modules/auth/policy.ts";
import { feedToken, volunteerFeed } from "#app/modules/feeds/feeds.server.ts";
import { submitApplication } from "#app/modules/recruitment/applications.server.ts";
import { applicationSchema, profileSchema } from "#app/modules/recruitment/schemas.ts";
import { bookShift } from "#app/modules/shifts/bookings.server.ts";
import { appDeps, type AppDeps } from "#app/lib/deps.server.ts";
import { createShiftSchema } from "#app/modules/shifts/schemas.ts";
import { createShifts } from "#app/modules/shifts/shifts.server.ts";
import { trainingSessionSchema } from "#app/modules/trainings/schemas.ts";
import { cancelEnrolment, cancelTrainingSession, createTrainingSession, enrolTrainee, markTrainingAttendance } from "#app/modules/trainings/trainings.server.ts";
import { anonymiseVolunteer, changeOwnStatus, exportPersonalData, updateProfile } from "#app/modules/volunteers/profile.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/database.ts";
import { startTestServices } from "#tests/support/services.ts";
import { demoStaff } from "#tests/support/staff.ts";

let t: TestDatabase;
let services: Services;
let deps: AppDeps;
let gulou: StaffUser;
let streets: StaffUser;
let desk: StaffUser;
let repairTraining: number;
let repairRole: number;
let shelving: number;

const day = (offset: number) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + offset * 86400_000));

beforeAll(async () => {
  t = await createTestDatabase();
  services = await startTestServices(t, { WORKERS: "off" });
  deps = appDeps(services);
  const user = await demoStaff(t.db);
  gulou = user("coord.gulou@shuxiang.example", ["GL"]);
  streets = user("coord.streets@shuxiang.example", ["FC", "HC"]);
  desk = user("desk.gulou@shuxiang.example", ["GL"]);
  repairTraining = (await t.db.selectFrom("shuxiang.trainings").select("id").where("code", "=", "book-repair").executeTakeFirstOrThrow()).id;
  repairRole = (await t.db.selectFrom("shuxiang.roles").select("id").where("code", "=", "book-repair").executeTakeFirstOrThrow()).id;
  shelving = (await t.db.selectFrom("shuxiang.roles").select("id").where("code", "=", "shelving").executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await services?.close();
  await t?.drop();
});

let numbers = 0;
async function newVolunteer(email: string, status: "appointed" | "applicant" = "appointed", language: "zh-CN" | "en" = "zh-CN") {
  const row = await t.db
    .insertInto("shuxiang.volunteers")
    .values({ email, name: "测试志愿者", phone: "13800001111", status, language, home_branch_code: "GL", preferred_branches: ["GL"], volunteer_number: status === "appointed" ? `GL-2026-9${String(++numbers).padStart(4, "0")}` : null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

function invites(rows: Array<{ ical: string | null }>) {
  return rows.map((m) => {
    const root = new ICAL.Component(ICAL.parse(m.ical!));
    const e = new ICAL.Event(root.getFirstSubcomponent("vevent")!);
    return { uid: e.uid, sequence: e.sequence, status: String(root.getFirstSubcomponent("vevent")!.getFirstPropertyValue("status") ?? "") };
  });
}

const session = (overrides: Record<string, unknown> = {}) => trainingSessionSchema.parse({ trainingId: repairTraining, branch: "GL", date: day(10), start: "14:00", end: "16:00", capacity: 3, ...overrides });

describe("training sessions", () => {
  it("refuses other branches, the past, a room too small and bad input, and plans the rest", async () => {
    expect(await createTrainingSession(deps, streets, session())).toMatchObject({ ok: false, status: 403 });
    expect(await createTrainingSession(deps, desk, session({ branch: desk.branchCodes[0] }))).toMatchObject({ ok: false, status: 403 });
    expect(await createTrainingSession(deps, gulou, session({ date: "2020-01-01" }))).toEqual({ ok: false, errors: { date: "shifts.errors.past" } });
    const tiny = await t.db.selectFrom("shuxiang.rooms").select(["id", "capacity"]).where("branch_code", "=", "GL").where("code", "=", "special-needs").executeTakeFirstOrThrow();
    expect(await createTrainingSession(deps, gulou, session({ roomId: tiny.id, capacity: 20 }))).toEqual({ ok: false, errors: { capacity: `training.errors.roomCapacity:${tiny.capacity}` } });
    const bad = trainingSessionSchema.safeParse({ trainingId: "x", branch: "", date: "tomorrow", start: "25:00", end: "", capacity: 0, trainer: "<script>", place: "x".repeat(10_000) });
    expect(bad.success).toBe(false);
    const fields = new Set(bad.error!.issues.map((i) => String(i.path[0])));
    for (const f of ["trainingId", "branch", "date", "start", "end", "capacity", "trainer", "place"]) expect(fields).toContain(f);
    const before = await t.db.selectFrom("shuxiang.training_sessions").select(({ fn }) => fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    const created = await createTrainingSession(deps, gulou, session());
    expect(created).toMatchObject({ ok: true });
    const after = await t.db.selectFrom("shuxiang.training_sessions").select(({ fn }) => fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);
  });

  it("holds the capacity when eight coordinators enrol eight people at once; the rest wait", async () => {
    const created = await createTrainingSession(deps, gulou, session({ capacity: 3 }));
    if (!created.ok) throw new Error();
    const people = await Promise.all(Array.from({ length: 8 }, (_, i) => newVolunteer(`rush${i}@example.com`)));
    const results = await Promise.all(people.map((id) => enrolTrainee(deps, gulou, created.sessionId, { volunteerId: id })));
    expect(results.filter((r) => r.ok && !r.waitlisted)).toHaveLength(3);
    // The other five are on the waitlist (tests/integration/waitlists.test.ts follows them).
    expect(results.filter((r) => r.ok && r.waitlisted)).toHaveLength(5);
    const row = await t.db.selectFrom("shuxiang.training_sessions").select("enrolled").where("id", "=", created.sessionId).executeTakeFirstOrThrow();
    const count = await t.db.selectFrom("shuxiang.training_enrolments").select(({ fn }) => fn.countAll<string>().as("n")).where("session_id", "=", created.sessionId).where("status", "=", "enrolled").executeTakeFirstOrThrow();
    expect(row.enrolled).toBe(3);
    expect(Number(count.n)).toBe(3);
    const invitesSent = await t.db.selectFrom("shuxiang.messages").select("id").where("template", "=", "training-invite").where("recipient_email", "like", "rush%").execute();
    expect(invitesSent).toHaveLength(3);
  });

  it("enrols an applicant by email with an invite; taking them off and back keeps one UID with a rising SEQUENCE", async () => {
    const created = await createTrainingSession(deps, gulou, session({ capacity: 5 }));
    if (!created.ok) throw new Error();
    const submitted = await submitApplication(
      deps,
      applicationSchema(day(0)).parse({ name: "Amy Wu", phone: "13912345678", email: "trainee@example.com", birthDate: "1990-01-01", language: "en", branches: ["GL"], roles: [String(shelving)], availability: ["sat-am"], consent: "on" }),
      "127.0.0.1",
    );
    expect(submitted.ok).toBe(true);
    expect(await enrolTrainee(deps, gulou, created.sessionId, { email: "nobody@example.com" })).toEqual({ ok: false, errors: { email: "training.errors.noSuchPerson" } });
    expect(await enrolTrainee(deps, streets, created.sessionId, { email: "trainee@example.com" })).toMatchObject({ ok: false, status: 403 });
    const enrolled = await enrolTrainee(deps, gulou, created.sessionId, { email: " Trainee@Example.com " });
    if (!enrolled.ok) throw new Error(JSON.stringify(enrolled));
    expect(await enrolTrainee(deps, gulou, created.sessionId, { email: "trainee@example.com" })).toEqual({ ok: false, errors: { email: "training.errors.already" } });
    expect(await cancelEnrolment(deps, gulou, enrolled.enrolmentId, "时间冲突")).toEqual({ ok: true, promoted: [] });
    expect(await cancelEnrolment(deps, gulou, enrolled.enrolmentId, "again")).toEqual({ ok: false, errors: { form: "training.errors.notEnrolled" } });
    expect(await enrolTrainee(deps, gulou, created.sessionId, { email: "trainee@example.com" })).toMatchObject({ ok: true, enrolmentId: enrolled.enrolmentId });

    const mails = await t.db.selectFrom("shuxiang.messages").select(["template", "ical", "ical_method", "language"]).where("recipient_email", "=", "trainee@example.com").where("template", "like", "training-%").orderBy("id").execute();
    expect(mails.map((m) => [m.template, m.ical_method, m.language])).toEqual([
      ["training-invite", "REQUEST", "en"],
      ["training-cancel", "CANCEL", "en"],
      ["training-invite", "REQUEST", "en"],
    ]);
    const items = invites(mails);
    expect(new Set(items.map((i) => i.uid))).toEqual(new Set([`training-${created.sessionId}@localhost`]));
    expect(items[1].sequence).toBeGreaterThan(items[0].sequence);
    expect(items[2].sequence).toBeGreaterThan(items[1].sequence);
    expect(items[1].status).toBe("CANCELLED");

    // The applicant's personal feed carries the training under the same UID.
    const person = await t.db.selectFrom("shuxiang.volunteers").select("id").where("email", "=", "trainee@example.com").executeTakeFirstOrThrow();
    const token = await feedToken(t.db, services.config.sessionSecret, person.id);
    const feed = await volunteerFeed(t.db, token, { host: "localhost", baseUrl: new URL("http://localhost") });
    expect(feed?.ics).toContain(`UID:training-${created.sessionId}@localhost`);

    // Cancelling the session cancels every trainee's invite.
    expect(await cancelTrainingSession(deps, gulou, created.sessionId, "讲师生病")).toEqual({ ok: true, told: 1 });
    const last = await t.db.selectFrom("shuxiang.messages").select(["template", "ical"]).where("recipient_email", "=", "trainee@example.com").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(last.template).toBe("training-cancel");
    expect(invites([last])[0].sequence).toBeGreaterThan(items[2].sequence);
    expect(await enrolTrainee(deps, gulou, created.sessionId, { email: "trainee@example.com" })).toEqual({ ok: false, errors: { form: "training.errors.cancelled" } });
  });

  it("attendance credits the training, which unlocks the role; 'absent' takes back only what the session gave", async () => {
    const created = await createTrainingSession(deps, gulou, session({ date: day(3) }));
    if (!created.ok) throw new Error();
    const volunteer = await newVolunteer("learner@example.com");
    const enrolment = await enrolTrainee(deps, gulou, created.sessionId, { volunteerId: volunteer });
    if (!enrolment.ok) throw new Error();
    const shift = await createShifts(deps, { user: gulou }, createShiftSchema.parse({ branch: "GL", roleId: repairRole, date: day(12), start: "09:00", end: "10:00", capacity: 2, minNeeded: 1 }));
    if (!shift.ok) throw new Error();
    expect(await bookShift(deps, volunteer, shift.ids[0])).toEqual({ ok: false, reason: "untrained" });

    expect(await markTrainingAttendance(deps, gulou, enrolment.enrolmentId, "attended")).toEqual({ ok: false, errors: { form: "training.errors.notStarted" } });
    const during = new Date(Date.now() + 3 * 86400_000 + 86400_000);
    const otherDesk: StaffUser = { ...desk, branchCodes: ["FC"] };
    expect(await markTrainingAttendance(deps, otherDesk, enrolment.enrolmentId, "attended", during)).toMatchObject({ ok: false, status: 403 });
    const glDesk: StaffUser = { ...desk, branchCodes: ["GL"] };
    expect(await markTrainingAttendance(deps, glDesk, enrolment.enrolmentId, "attended", during)).toEqual({ ok: true });
    const record = await t.db.selectFrom("shuxiang.volunteer_trainings").select(["session_id"]).where("volunteer_id", "=", volunteer).where("training_id", "=", repairTraining).executeTakeFirst();
    expect(record?.session_id).toBe(created.sessionId);
    expect(await bookShift(deps, volunteer, shift.ids[0])).toMatchObject({ ok: true, status: "confirmed" });

    expect(await markTrainingAttendance(deps, gulou, enrolment.enrolmentId, "absent", during)).toEqual({ ok: true });
    expect(await t.db.selectFrom("shuxiang.volunteer_trainings").select("session_id").where("volunteer_id", "=", volunteer).where("training_id", "=", repairTraining).executeTakeFirst()).toBeUndefined();

    // A record from elsewhere is not taken back by another session's "absent".
    const veteran = await newVolunteer("veteran@example.com");
    await t.db.insertInto("shuxiang.volunteer_trainings").values({ volunteer_id: veteran, training_id: repairTraining, session_id: null }).execute();
    const second = await enrolTrainee(deps, gulou, created.sessionId, { volunteerId: veteran });
    if (!second.ok) throw new Error();
    expect(await markTrainingAttendance(deps, gulou, second.enrolmentId, "absent", during)).toEqual({ ok: true });
    expect(await t.db.selectFrom("shuxiang.volunteer_trainings").select("training_id").where("volunteer_id", "=", veteran).execute()).toHaveLength(1);
    const audit = await t.db.selectFrom("shuxiang.audit_log").select("action").where("entity_type", "=", "training_session").where("entity_id", "=", String(created.sessionId)).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["training.create", "training.enrol", "training.attendance"]));
  });
});

describe("the volunteer's own profile", () => {
  it("saves contact details and preferences; refuses unknown branches and bad input", async () => {
    const id = await newVolunteer("profile@example.com");
    const input = profileSchema.parse({ name: "王 芳", phone: "+86 139-0000-2222", language: "en", branches: ["GL", "FC"], roles: [String(shelving)], availability: ["mon-am", "sat-pm"], skills: "会手语", languagesSpoken: "普通话、粤语" });
    expect(await updateProfile(t.db, id, input)).toEqual({ ok: true });
    const row = await t.db.selectFrom("shuxiang.volunteers").select(["name", "phone", "language", "preferred_branches", "availability", "skills"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: "王 芳", phone: "13900002222", language: "en", preferred_branches: ["GL", "FC"], availability: ["mon-am", "sat-pm"], skills: "会手语" });
    expect(await updateProfile(t.db, id, { ...input, branches: ["XX"] })).toEqual({ ok: false, errors: { branches: "apply.errors.branches" } });
    const bad = profileSchema.safeParse({ name: "<b>x</b>", phone: "123", branches: [], roles: [], availability: ["someday"], skills: "x".repeat(10_000) });
    expect(new Set(bad.error!.issues.map((i) => String(i.path[0])))).toEqual(new Set(["name", "phone", "branches", "roles", "availability", "skills"]));
  });

  it("pause stops new bookings and calls for help; resume restores them; retiring gives up future shifts and refills them", async () => {
    const id = await newVolunteer("retiring@example.com");
    const waiting = await newVolunteer("waiting@example.com");
    const shift = await createShifts(deps, { user: gulou }, createShiftSchema.parse({ branch: "GL", roleId: shelving, date: day(14), start: "09:00", end: "10:00", capacity: 1, minNeeded: 1 }));
    const other = await createShifts(deps, { user: gulou }, createShiftSchema.parse({ branch: "GL", roleId: shelving, date: day(15), start: "09:00", end: "10:00", capacity: 1, minNeeded: 1 }));
    if (!shift.ok || !other.ok) throw new Error();

    expect(await changeOwnStatus(deps, id, "pause")).toEqual({ ok: true });
    expect(await bookShift(deps, id, shift.ids[0])).toEqual({ ok: false, reason: "paused" });
    expect(await changeOwnStatus(deps, id, "pause")).toEqual({ ok: false, errors: { form: "profile.errors.status" } });
    expect(await changeOwnStatus(deps, id, "resume")).toEqual({ ok: true });
    expect(await bookShift(deps, id, shift.ids[0])).toMatchObject({ ok: true, status: "confirmed" });
    expect(await bookShift(deps, waiting, shift.ids[0])).toMatchObject({ ok: true, status: "waitlisted", position: 1 });

    expect(await changeOwnStatus(deps, id, "retire")).toEqual({ ok: true });
    const mine = await t.db.selectFrom("shuxiang.bookings").select(["status", "cancel_reason"]).where("volunteer_id", "=", id).execute();
    expect(mine).toEqual([{ status: "cancelled", cancel_reason: "retired" }]);
    const promoted = await t.db.selectFrom("shuxiang.bookings").select("status").where("volunteer_id", "=", waiting).where("shift_id", "=", shift.ids[0]).executeTakeFirstOrThrow();
    expect(promoted.status).toBe("confirmed");
    const cancelMail = await t.db.selectFrom("shuxiang.messages").select(["template", "ical_method"]).where("recipient_email", "=", "retiring@example.com").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(cancelMail).toEqual({ template: "booking-cancelled", ical_method: "CANCEL" });
    expect(await bookShift(deps, id, other.ids[0])).toEqual({ ok: false, reason: "not-volunteer" });
    // They come back when they like.
    expect(await changeOwnStatus(deps, id, "resume")).toEqual({ ok: true });
    expect(await bookShift(deps, id, other.ids[0])).toMatchObject({ ok: true, status: "confirmed" });
  });

  it("downloads everything held about the person, without secrets", async () => {
    const id = await newVolunteer("mydata@example.com");
    const shift = await createShifts(deps, { user: gulou }, createShiftSchema.parse({ branch: "GL", roleId: shelving, date: day(16), start: "09:00", end: "10:00", capacity: 3, minNeeded: 1 }));
    if (!shift.ok) throw new Error();
    await bookShift(deps, id, shift.ids[0]);
    await feedToken(t.db, services.config.sessionSecret, id);
    const data = await exportPersonalData(t.db, id);
    expect(data?.profile).toMatchObject({ email: "mydata@example.com", phone: "13800001111" });
    expect(data?.shifts).toHaveLength(1);
    expect(data?.emails.map((e) => e.template)).toEqual(["shift-booked"]);
    expect(JSON.stringify(data)).not.toContain("feed_token_hash");
  });

  it("deletion erases personal data, ends sessions, frees future places, and keeps the anonymous figures", async () => {
    const id = await newVolunteer("forget-me@example.com");
    const shift = await createShifts(deps, { user: gulou }, createShiftSchema.parse({ branch: "GL", roleId: shelving, date: day(17), start: "09:00", end: "10:00", capacity: 3, minNeeded: 1 }));
    if (!shift.ok) throw new Error();
    await bookShift(deps, id, shift.ids[0]);
    // A past, served shift: its minutes must still count afterwards.
    const past = await t.db
      .insertInto("shuxiang.shifts")
      .values({ branch_code: "GL", role_id: shelving, local_date: day(-20), starts_at: new Date(Date.now() - 20 * 86400_000), ends_at: new Date(Date.now() - 20 * 86400_000 + 7200_000), capacity: 2, min_needed: 1, booked: 1 })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db.insertInto("shuxiang.bookings").values({ shift_id: past.id, volunteer_id: id, status: "confirmed", starts_at: new Date(Date.now() - 20 * 86400_000), ends_at: new Date(Date.now() - 20 * 86400_000 + 7200_000), confirmed_at: new Date(), checked_in_at: new Date(Date.now() - 20 * 86400_000), checked_out_at: new Date(Date.now() - 20 * 86400_000 + 7200_000) }).execute();
    await t.db.insertInto("shuxiang.sessions").values({ id_hash: "forget-me-session", volunteer_id: id, staff_id: null, data: JSON.stringify({}), expires_at: new Date(Date.now() + 86400_000) }).execute();

    expect(await anonymiseVolunteer(deps, id)).toEqual({ ok: true });
    const row = await t.db.selectFrom("shuxiang.volunteers").select(["name", "email", "phone", "status", "birth_date", "anonymised_at"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.email).toBe(`deleted-${id}@invalid`);
    expect(row.name).not.toContain("测试");
    expect(row.phone).toBeNull();
    expect(row.status).toBe("left");
    expect(row.anonymised_at).not.toBeNull();
    expect(await t.db.selectFrom("shuxiang.sessions").select("id_hash").where("volunteer_id", "=", id).execute()).toEqual([]);
    expect(await t.db.selectFrom("shuxiang.messages").select("id").where("recipient_email", "=", "forget-me@example.com").execute()).toEqual([]);
    const bookings = await t.db.selectFrom("shuxiang.bookings").select(["shift_id", "status", "checked_out_at"]).where("volunteer_id", "=", id).orderBy("shift_id").execute();
    expect(bookings.find((b) => b.shift_id === past.id)).toMatchObject({ status: "confirmed" });
    expect(bookings.find((b) => b.shift_id === shift.ids[0])).toMatchObject({ status: "cancelled" });
    const freed = await t.db.selectFrom("shuxiang.shifts").select("booked").where("id", "=", shift.ids[0]).executeTakeFirstOrThrow();
    expect(freed.booked).toBe(0);
    expect(await anonymiseVolunteer(deps, id)).toEqual({ ok: false, errors: { form: "profile.errors.status" } });
  });
});
