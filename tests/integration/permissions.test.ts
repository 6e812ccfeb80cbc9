// The one permission policy (docs/decisions/0023) at work, against the built app on a private copy
// of the demo data: for a representative set of actions the real routes answer 401 / 403 to
// anonymous visitors, volunteers, desk staff and coordinators of another branch, and nothing
// changes; the domain modules refuse the same people on their own when called directly (the shifts
// module no longer trusts the route); the assign search shows a coordinator only the volunteers of
// their branches; an interview is scheduled only at one of the coordinator's own branches.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { can, type Action, type StaffUser } from "#app/modules/auth/policy.ts";
import { branchesWhere } from "#app/modules/branches/branches.server.ts";
import { copyWeek } from "#app/modules/board/copy.server.ts";
import { askForHelp } from "#app/modules/board/help.server.ts";
import { scheduleInterview } from "#app/modules/recruitment/interviews.server.ts";
import { checkIn } from "#app/modules/shifts/attendance.server.ts";
import { assignVolunteer, removeVolunteer } from "#app/modules/shifts/bookings.server.ts";
import { createShiftSchema, editShiftSchema } from "#app/modules/shifts/schemas.ts";
import { cancelShifts, createShifts, updateShift } from "#app/modules/shifts/shifts.server.ts";
import { appDeps, type AppDeps } from "#app/lib/deps.server.ts";
import type { Services } from "#app/services.server.ts";
import { getFrom, postTo, sessionCookie, startAppOnCopy, stopAppOnCopy, type AppProcess } from "#tests/support/app-process.ts";
import type { TestDatabase } from "#tests/support/database.ts";
import { startTestServices } from "#tests/support/services.ts";
import { demoStaff } from "#tests/support/staff.ts";

const SECRET = "permissions-session-secret-0123456789abcdef";
let t: TestDatabase;
let app: AppProcess;
let services: Services;
let deps: AppDeps;
let cookies: Record<"volunteer" | "desk" | "coordinatorA" | "coordinatorB" | "administrator", string>;
let people: { desk: StaffUser; coordinatorA: StaffUser; coordinatorB: StaffUser };

beforeAll(async () => {
  ({ t, app } = await startAppOnCopy(SECRET));
  services = await startTestServices(t, { WORKERS: "off" });
  deps = appDeps(services);
  const cookie = (who: { staff: string } | { volunteer: string }) => sessionCookie(t.db, app, SECRET, who);
  cookies = {
    volunteer: await cookie({ volunteer: "volunteer01@example.com" }),
    desk: await cookie({ staff: "desk.gulou@shuxiang.example" }),
    coordinatorA: await cookie({ staff: "coord.gulou@shuxiang.example" }),
    coordinatorB: await cookie({ staff: "coord.streets@shuxiang.example" }),
    administrator: await cookie({ staff: "admin@shuxiang.example" }),
  };
  const user = await demoStaff(t.db);
  people = { desk: user("desk.gulou@shuxiang.example", ["GL"]), coordinatorA: user("coord.gulou@shuxiang.example", ["GL"]), coordinatorB: user("coord.streets@shuxiang.example", ["FC", "HC"]) };
}, 90_000);
afterAll(async () => {
  await services?.close();
  await stopAppOnCopy({ t, app });
});

const get = (path: string, cookie?: string) => getFrom(app, path, cookie);
const post = (path: string, form: Record<string, string>, cookie?: string) => postTo(app, path, form, cookie);

const localDate = (daysAhead: number) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + daysAhead * 86400_000));

/** A shift of shelving (no training needed) at 10:00–12:00 Shanghai time, `daysAhead` days from now. */
async function shiftAt(branch: string, daysAhead: number): Promise<number> {
  const day = localDate(daysAhead);
  const row = await t.db
    .insertInto("shuxiang.shifts")
    .values({ branch_code: branch, role_id: 1, local_date: day, starts_at: new Date(`${day}T02:00:00Z`), ends_at: new Date(`${day}T04:00:00Z`), capacity: 3, min_needed: 2, booked: 0 })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function volunteer(email: string, name: string, home: string | null, chosen: string[]): Promise<number> {
  const row = await t.db
    .insertInto("shuxiang.volunteers")
    .values({ email, name, phone: "13800000000", status: "appointed", home_branch_code: home, preferred_branches: chosen })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function book(shiftId: number, volunteerId: number): Promise<number> {
  const shift = await t.db.selectFrom("shuxiang.shifts").select(["starts_at", "ends_at"]).where("id", "=", shiftId).executeTakeFirstOrThrow();
  await t.db.updateTable("shuxiang.shifts").set({ booked: sql`booked + 1` }).where("id", "=", shiftId).execute();
  const row = await t.db
    .insertInto("shuxiang.bookings")
    .values({ shift_id: shiftId, volunteer_id: volunteerId, status: "confirmed", starts_at: shift.starts_at, ends_at: shift.ends_at, confirmed_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** What a refused request must leave as it was: the shifts, bookings, interviews, events, outbox and audit log. */
async function snapshot() {
  const [shifts, bookings, interviews, events, messages, audit] = await Promise.all([
    t.db.selectFrom("shuxiang.shifts").selectAll().orderBy("id").execute(),
    t.db.selectFrom("shuxiang.bookings").selectAll().orderBy("id").execute(),
    t.db.selectFrom("shuxiang.interviews").selectAll().orderBy("id").execute(),
    t.db.selectFrom("shuxiang.events").select(["id", "status", "title_zh", "capacity", "sequence"]).orderBy("id").execute(),
    t.db.selectFrom("shuxiang.messages").select("id").orderBy("id").execute(),
    t.db.selectFrom("shuxiang.audit_log").select("id").orderBy("id").execute(),
  ]);
  return { shifts, bookings, interviews, events, messages, audit };
}

describe("routes ask the policy", () => {
  it("a shift of branch A: anonymous 401; volunteer, desk and a coordinator of branch B 403 and nothing changes; its coordinator and an administrator change it", async () => {
    const shiftId = await shiftAt("GL", 20);
    const edit = (capacity: number) => ({ intent: "edit", date: localDate(20), start: "10:00", end: "12:00", capacity: String(capacity), minNeeded: "1", notes: "", scope: "one" });
    const before = await snapshot();
    expect((await post(`/staff/shifts/${shiftId}`, edit(5))).status).toBe(401);
    for (const who of ["volunteer", "desk", "coordinatorB"] as const) {
      expect([who, (await post(`/staff/shifts/${shiftId}`, edit(5), cookies[who])).status]).toEqual([who, 403]);
      expect([who, (await post(`/staff/board/${shiftId}`, { intent: "cancel", reason: "闭馆", scope: "one" }, cookies[who])).status]).toEqual([who, 403]);
      expect([who, (await post("/staff/board", { intent: "copy", branch: "GL", from: localDate(20), to: localDate(27) }, cookies[who])).status]).toEqual([who, 403]);
    }
    expect(await snapshot()).toEqual(before);

    expect((await post(`/staff/shifts/${shiftId}`, edit(5), cookies.coordinatorA)).status).toBe(200);
    expect((await post(`/staff/shifts/${shiftId}`, edit(6), cookies.administrator)).status).toBe(200);
    expect((await t.db.selectFrom("shuxiang.shifts").select("capacity").where("id", "=", shiftId).executeTakeFirstOrThrow()).capacity).toBe(6);
  });

  it("the desk of branch A checks in only at A: a booking at branch B is 403 and stays unchecked", async () => {
    const shiftId = await shiftAt("FC", 0);
    const v = await volunteer("perm.checkin@example.com", "签到测试", "FC", ["FC"]);
    const bookingId = await book(shiftId, v);
    const before = await snapshot();
    expect((await post("/staff/check-in", { intent: "check-in", bookingId: String(bookingId) }, cookies.desk)).status).toBe(403);
    expect((await post("/staff/check-in", { intent: "check-in", bookingId: String(bookingId) }, cookies.coordinatorA)).status).toBe(403);
    expect((await post("/staff/check-in", { intent: "check-in", bookingId: String(bookingId) }, cookies.volunteer)).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it("an event of branch A: the desk sees it but may not cancel it, a coordinator of branch B may not even see it", async () => {
    const event = await t.db.selectFrom("shuxiang.events").select("id").where("branch_code", "=", "GL").where("status", "=", "scheduled").where("starts_at", ">", new Date()).orderBy("starts_at").executeTakeFirstOrThrow();
    const before = await snapshot();
    expect((await get(`/staff/events/${event.id}`, cookies.desk)).status).toBe(200);
    expect((await get(`/staff/events/${event.id}`, cookies.coordinatorB)).status).toBe(403);
    for (const who of ["desk", "coordinatorB", "volunteer"] as const) {
      expect([who, (await post(`/staff/events/${event.id}`, { intent: "cancel", reason: "场地维修", scope: "one" }, cookies[who])).status]).toEqual([who, 403]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("administration: coordinators and desk staff get 403 on the staff accounts, and no account is made", async () => {
    const form = { intent: "invite", name: "冒名", email: "intruder@shuxiang.example", role: "administrator" };
    for (const who of ["desk", "coordinatorA", "volunteer"] as const) {
      expect([who, (await post("/staff/admin/staff", form, cookies[who])).status]).toEqual([who, 403]);
    }
    expect(await t.db.selectFrom("shuxiang.staff").select("id").where("email", "=", "intruder@shuxiang.example").execute()).toEqual([]);
  });
});

describe("the assign search and assigning", () => {
  it("shows a coordinator only the volunteers of their branches (administrators everyone), and assigning one of another branch is refused like an unknown address", async () => {
    const shiftId = await shiftAt("GL", 21);
    await volunteer("perm.home.gl@example.com", "查找甲", "GL", ["GL"]);
    await volunteer("perm.chose.gl@example.com", "查找乙", "FC", ["FC", "GL"]);
    await volunteer("perm.other@example.com", "查找丙", "FC", ["FC"]);
    const shown = async (cookie: string) => {
      const res = await get(`/staff/shifts/${shiftId}?q=${encodeURIComponent("查找")}`, cookie);
      expect(res.status).toBe(200);
      const html = await res.text();
      return ["perm.home.gl@example.com", "perm.chose.gl@example.com", "perm.other@example.com"].filter((e) => html.includes(`value="${e}"`));
    };
    expect(await shown(cookies.coordinatorA)).toEqual(["perm.home.gl@example.com", "perm.chose.gl@example.com"]);
    expect(await shown(cookies.administrator)).toEqual(["perm.home.gl@example.com", "perm.chose.gl@example.com", "perm.other@example.com"]);
    // The other branch's coordinator does not reach the panel at all.
    expect((await get(`/staff/shifts/${shiftId}?q=${encodeURIComponent("查找")}`, cookies.coordinatorB)).status).toBe(403);

    const before = await snapshot();
    const refused = await post(`/staff/shifts/${shiftId}`, { intent: "assign", volunteer: "perm.other@example.com" }, cookies.coordinatorA);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("找不到使用这个邮箱的志愿者。");
    expect(await snapshot()).toEqual(before);
    expect((await post(`/staff/shifts/${shiftId}`, { intent: "assign", volunteer: "perm.chose.gl@example.com" }, cookies.coordinatorA)).status).toBe(200);
    expect((await post(`/staff/shifts/${shiftId}`, { intent: "assign", volunteer: "perm.other@example.com" }, cookies.administrator)).status).toBe(200);
    const booked = await t.db.selectFrom("shuxiang.bookings as b").innerJoin("shuxiang.volunteers as v", "v.id", "b.volunteer_id").select("v.email").where("b.shift_id", "=", shiftId).orderBy("v.email").execute();
    expect(booked.map((b) => b.email)).toEqual(["perm.chose.gl@example.com", "perm.other@example.com"]);
  });
});

describe("interviews", () => {
  it("are scheduled only at the coordinator's own branches: at another branch 403 and nothing changes, even one the applicant chose", async () => {
    const application = await t.db.selectFrom("shuxiang.applications").select(["id", "volunteer_id"]).where("status", "=", "applied").orderBy("id").executeTakeFirstOrThrow();
    // The applicant chose Fengcai (the streets coordinator's) and Gulou (not theirs).
    await t.db.updateTable("shuxiang.volunteers").set({ preferred_branches: ["FC", "GL"] }).where("id", "=", application.volunteer_id).execute();
    const interviewer = people.coordinatorB.id;
    const slot = (branch: string) => ({ intent: "interview", branch, date: localDate(9), start: "15:00", end: "15:30", place: "三楼小会议室", interviewerId: String(interviewer) });
    const before = await snapshot();
    const refused = await post(`/staff/applications/${application.id}`, slot("GL"), cookies.coordinatorB);
    expect(refused.status).toBe(403);
    expect(await snapshot()).toEqual(before);
    expect((await t.db.selectFrom("shuxiang.applications").select("status").where("id", "=", application.id).executeTakeFirstOrThrow()).status).toBe("applied");
    // The page offers only the branches where they may hold it.
    const page = await (await get(`/staff/applications/${application.id}`, cookies.coordinatorB)).text();
    const offered = [...(page.match(/<select id="iv-branch"[^]*?<\/select>/)?.[0] ?? "").matchAll(/value="([A-Z]+)"/g)].map((m) => m[1]);
    expect(offered).toEqual(["FC", "HC"]);

    expect((await post(`/staff/applications/${application.id}`, slot("FC"), cookies.coordinatorB)).status).toBe(200);
    const made = await t.db.selectFrom("shuxiang.interviews").select("branch_code").where("application_id", "=", application.id).execute();
    expect(made).toEqual([{ branch_code: "FC" }]);
  });
});

describe("modules refuse on their own, whatever the route checked", () => {
  it("the shifts and board modules refuse a coordinator of branch B (and desk staff) at branch A, and nothing changes", async () => {
    const shiftId = await shiftAt("GL", 22);
    const v = await volunteer("perm.module@example.com", "模块测试", "GL", ["GL"]);
    const bookingId = await book(shiftId, v);
    const other = await volunteer("perm.module2@example.com", "模块测试二", "GL", ["GL"]);
    const { coordinatorB, desk } = people;
    const before = await snapshot();
    const form = createShiftSchema.parse({ branch: "GL", roleId: 1, date: localDate(23), start: "09:00", end: "10:00", capacity: 2, minNeeded: 1 });
    expect(await createShifts(deps, { user: coordinatorB }, form)).toMatchObject({ ok: false, status: 403 });
    expect(await createShifts(deps, { user: desk }, form)).toMatchObject({ ok: false, status: 403 });
    const edit = editShiftSchema.parse({ intent: "edit", date: localDate(22), start: "10:00", end: "12:00", capacity: 9, minNeeded: 1, notes: "" });
    expect(await updateShift(deps, { user: coordinatorB }, shiftId, edit)).toMatchObject({ ok: false, status: 403 });
    expect(await cancelShifts(deps, { user: coordinatorB }, shiftId, "闭馆", "one")).toMatchObject({ ok: false, status: 403 });
    expect(await assignVolunteer(deps, { user: coordinatorB }, other, shiftId, null)).toEqual({ ok: false, reason: "forbidden" });
    expect(await removeVolunteer(deps, { user: coordinatorB }, bookingId, "x")).toMatchObject({ ok: false, forbidden: true });
    expect(await checkIn(t.db, { user: coordinatorB }, bookingId)).toEqual({ ok: false, reason: "forbidden" });
    expect(await copyWeek(deps, { user: coordinatorB }, "GL", localDate(22), localDate(29))).toBe("forbidden");
    expect(await askForHelp(deps, { user: coordinatorB }, shiftId)).toEqual({ ok: false, reason: "forbidden" });
    // A volunteer of branch B only, on a shift of branch A: not the Gulou coordinator's to assign.
    const elsewhere = await volunteer("perm.module3@example.com", "模块测试三", "FC", ["FC"]);
    expect(await assignVolunteer(deps, { user: people.coordinatorA }, elsewhere, shiftId, null)).toEqual({ ok: false, reason: "forbidden" });
    expect(await snapshot()).toEqual(before);
  });

  it("the recruitment module refuses an interview at a branch that is not the coordinator's", async () => {
    const application = await t.db.selectFrom("shuxiang.applications").select(["id", "volunteer_id"]).where("status", "=", "applied").orderBy("id", "desc").executeTakeFirstOrThrow();
    await t.db.updateTable("shuxiang.volunteers").set({ preferred_branches: ["FC", "GL"] }).where("id", "=", application.volunteer_id).execute();
    const before = await snapshot();
    const slot = { branch: "GL", date: localDate(10), start: "15:00", end: "15:30", place: "", interviewerId: people.coordinatorB.id };
    expect(await scheduleInterview(deps, people.coordinatorB, application.id, slot)).toEqual({ ok: false, errors: { branch: "interview.errors.branchScope" }, status: 403 });
    expect(await snapshot()).toEqual(before);
  });
});

describe("the branches a page offers", () => {
  it("branchesWhere answers as the policy does: a coordinator their own, the desk its branch for check-in only, an administrator every branch", async () => {
    const all = (await branchesWhere(t.db, { ...people.coordinatorA, role: "administrator" }, "shift.plan")).map((b) => b.code);
    const codes = async (user: StaffUser, action: Action) => (await branchesWhere(t.db, user, action)).map((b) => b.code);
    expect(all.length).toBeGreaterThan(3);
    expect(await codes(people.coordinatorA, "shift.plan")).toEqual(["GL"]);
    expect(await codes(people.coordinatorB, "shift.plan")).toEqual(all.filter((c) => c === "FC" || c === "HC"));
    expect(await codes(people.desk, "shift.checkIn")).toEqual(["GL"]);
    expect(await codes(people.desk, "shift.plan")).toEqual([]);
    // The same answer, branch by branch, as can() gives.
    for (const user of [people.coordinatorA, people.coordinatorB, people.desk]) {
      for (const action of ["shift.plan", "shift.checkIn", "event.view", "record.review", "report.figures"] as const) {
        expect(await codes(user, action)).toEqual(all.filter((c) => can(user, action, c)));
      }
    }
  });
});
