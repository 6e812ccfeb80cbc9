// Staff suspend a volunteer, against the built app on real PostgreSQL with mail delivered to a real
// SMTP server (issue 19): sessions and unused codes end, future shifts and waitlist places are given
// up with CANCEL invites and the waitlist moves up, it is audited; a suspended volunteer cannot sign
// in (the page answers as for any address and sends nothing), resume, book, be assigned or be
// asked for help; a coordinator of other branches is refused; bad input changes nothing; lifting works.
import ICAL from "ical.js";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Services } from "#app/services.server.ts";
import { assignVolunteer, bookShift } from "#app/modules/shifts/bookings.server.ts";
import { appDeps, type AppDeps } from "#app/lib/deps.server.ts";
import { eligibleFreeVolunteers } from "#app/modules/shifts/eligibility.server.ts";
import { createShiftSchema } from "#app/modules/shifts/schemas.ts";
import { createShifts } from "#app/modules/shifts/shifts.server.ts";
import { changeOwnStatus } from "#app/modules/volunteers/profile.server.ts";
import { getFrom, postTo, sessionCookie, startApp, type AppProcess } from "#tests/support/app-process.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/database.ts";
import type { StaffUser } from "#app/modules/auth/policy.ts";
import { startTestServices } from "#tests/support/services.ts";
import { demoStaff } from "#tests/support/staff.ts";
import { recipients, startSmtpServer, type TestSmtpServer } from "#tests/support/smtp.ts";

const SECRET = "suspension-test-session-secret-0123456789abcdef";
let t: TestDatabase;
let smtp: TestSmtpServer;
let app: AppProcess;
let services: Services;
let deps: AppDeps;
let shelving: number;
let gulouCoordinator: StaffUser;

const day = (offset: number) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + offset * 86400_000));

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await startSmtpServer();
  app = await startApp({ DATABASE_URL: t.url, SESSION_SECRET: SECRET, SMTP_URL: smtp.url, DEMO_DATA: "never" });
  // Setting up shifts and bookings from the test: its messages are delivered by the app's workers.
  services = await startTestServices(t, { WORKERS: "off", SESSION_SECRET: SECRET, PUBLIC_URL: app.url });
  deps = appDeps(services);
  shelving = (await t.db.selectFrom("shuxiang.roles").select("id").where("code", "=", "shelving").executeTakeFirstOrThrow()).id;
  gulouCoordinator = (await demoStaff(t.db))("coord.gulou@shuxiang.example", ["GL"]);
}, 90_000);
afterAll(async () => {
  await app?.stop();
  await services?.close();
  await smtp?.close();
  await t?.drop();
});

let numbers = 0;
async function newVolunteer(email: string) {
  const row = await t.db
    .insertInto("shuxiang.volunteers")
    .values({ email, name: "测试志愿者", phone: "13800001111", status: "appointed", language: "zh-CN", home_branch_code: "GL", preferred_branches: ["GL"], volunteer_number: `GL-2026-8${String(++numbers).padStart(4, "0")}` })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function newShift(offsetDays: number, capacity = 1) {
  const result = await createShifts(deps, { user: gulouCoordinator }, createShiftSchema.parse({ branch: "GL", roleId: shelving, date: day(offsetDays), start: "09:00", end: "10:00", capacity, minNeeded: 1 }));
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.ids[0];
}

const cookieFor = (who: { staff: string } | { volunteer: string }) => sessionCookie(t.db, app, SECRET, who);
const get = (path: string, cookie?: string) => getFrom(app, path, cookie);
const post = (path: string, form: Record<string, string>, cookie?: string) => postTo(app, path, form, cookie);

function invite(mail: ParsedMail) {
  const part = mail.attachments.find((a) => a.contentType === "text/calendar");
  if (!part) return undefined;
  const root = new ICAL.Component(ICAL.parse(part.content.toString()));
  const vevent = root.getFirstSubcomponent("vevent")!;
  return {
    method: root.getFirstPropertyValue("method"),
    uid: String(vevent.getFirstPropertyValue("uid")),
    sequence: Number(vevent.getFirstPropertyValue("sequence")),
    status: String(vevent.getFirstPropertyValue("status") ?? ""),
  };
}

const mailTo = (email: string, uid?: string) => (m: ParsedMail) => recipients(m).includes(email) && (!uid || invite(m)?.uid === uid);
const signInCode = (mail: ParsedMail) => /\b(\d{6})\b/.exec(mail.text ?? "")![1];

describe("suspending a volunteer", () => {
  let suspended: number;
  let waiting: number;
  let other: number;
  let booked: number;
  let waitlisted: number;
  let spare: number;
  let volunteerCookie: string;
  let staleCode: string;
  const email = "suspend-me@example.com";
  const page = () => `/staff/volunteers/${suspended}`;

  beforeAll(async () => {
    suspended = await newVolunteer(email);
    waiting = await newVolunteer("next-in-line@example.com");
    other = await newVolunteer("holds-the-place@example.com");
    booked = await newShift(14);
    waitlisted = await newShift(15);
    spare = await newShift(16, 3);
    expect(await bookShift(deps, suspended, booked)).toMatchObject({ ok: true, status: "confirmed" });
    expect(await bookShift(deps, waiting, booked)).toMatchObject({ ok: true, status: "waitlisted", position: 1 });
    expect(await bookShift(deps, other, waitlisted)).toMatchObject({ ok: true, status: "confirmed" });
    expect(await bookShift(deps, suspended, waitlisted)).toMatchObject({ ok: true, status: "waitlisted", position: 1 });
    volunteerCookie = await cookieFor({ volunteer: email });
    expect((await get("/volunteer", volunteerCookie)).status).toBe(200);
    // A code asked for before the suspension, not yet used.
    expect((await post("/volunteer/sign-in", { intent: "request", email })).status).toBe(200);
    staleCode = signInCode(await smtp.waitFor((m) => recipients(m).includes(email) && !invite(m)));
  });

  it("refuses a coordinator of other branches (403, with a message) and changes nothing", async () => {
    const streets = await cookieFor({ staff: "coord.streets@shuxiang.example" });
    expect((await get(page(), streets)).status).toBe(403);
    const res = await post(page(), { intent: "suspend", reason: "不再参加" }, streets);
    expect(res.status).toBe(403);
    // They cannot see the page either, so the answer is the page for refused access.
    expect(await res.text()).toContain("您的账号无权查看或修改这里的内容。");
    const desk = await cookieFor({ staff: "desk.gulou@shuxiang.example" });
    expect((await post(page(), { intent: "suspend", reason: "不再参加" }, desk)).status).toBe(403);
    expect((await t.db.selectFrom("shuxiang.volunteers").select("status").where("id", "=", suspended).executeTakeFirstOrThrow()).status).toBe("appointed");
    expect((await get("/volunteer", volunteerCookie)).status).toBe(200);
  });

  it.each([
    ["a missing reason", { intent: "suspend" }, "请填写此项。"],
    ["an empty reason", { intent: "suspend", reason: "   " }, "请填写此项。"],
    ["a reason too long", { intent: "suspend", reason: "长".repeat(501) }, "内容过长，最多 500 个字符。"],
    ["a NUL byte", { intent: "suspend", reason: "原因\u0000" }, "不能包含控制字符"],
    ["markup", { intent: "suspend", reason: "<script>alert(1)</script>" }, "不能包含 &lt; 或 &gt; 符号。"],
    ["an unknown intent", { intent: "dismiss", reason: "原因" }, null],
    ["lifting a suspension that is not there", { intent: "lift" }, "此人的资格目前没有停用。"],
  ])("answers %s with 400 and a message, and changes nothing", async (_, form, message) => {
    const coordinator = await cookieFor({ staff: "coord.gulou@shuxiang.example" });
    const res = await post(page(), form, coordinator);
    expect(res.status).toBe(400);
    if (message) expect(await res.text()).toContain(message);
    const row = await t.db.selectFrom("shuxiang.volunteers").select(["status", "suspended_at"]).where("id", "=", suspended).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "appointed", suspended_at: null });
    expect(await t.db.selectFrom("shuxiang.audit_log").select("id").where("entity_type", "=", "volunteer").where("entity_id", "=", String(suspended)).execute()).toEqual([]);
  });

  it("ends their sessions and codes, gives up their shifts with CANCEL invites, moves the waitlist up, and is audited", async () => {
    const coordinator = await cookieFor({ staff: "coord.gulou@shuxiang.example" });
    expect((await get(page(), coordinator)).status).toBe(200);
    const res = await post(page(), { intent: "suspend", reason: "多次无故缺席" }, coordinator);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${page()}?done=suspend`);

    expect(await t.db.selectFrom("shuxiang.sessions").select("id_hash").where("volunteer_id", "=", suspended).execute()).toEqual([]);
    expect((await get("/volunteer", volunteerCookie)).status).toBe(302);
    const verify = await post("/volunteer/sign-in", { intent: "verify", email, code: staleCode });
    expect(verify.status).toBe(400);
    expect(verify.headers.get("set-cookie")).toBeNull();

    const mine = await t.db.selectFrom("shuxiang.bookings").select(["shift_id", "status", "cancel_reason"]).where("volunteer_id", "=", suspended).orderBy("shift_id").execute();
    expect(mine).toEqual([
      { shift_id: booked, status: "cancelled", cancel_reason: "suspended" },
      { shift_id: waitlisted, status: "cancelled", cancel_reason: "suspended" },
    ]);
    const next = await t.db.selectFrom("shuxiang.bookings").select("status").where("volunteer_id", "=", waiting).where("shift_id", "=", booked).executeTakeFirstOrThrow();
    expect(next.status).toBe("confirmed");
    const place = await t.db.selectFrom("shuxiang.shifts").select("booked").where("id", "=", booked).executeTakeFirstOrThrow();
    expect(place.booked).toBe(1);

    const host = new URL(app.url).hostname;
    const uid = `shift-${booked}@${host}`;
    const booking = invite(await smtp.waitFor(mailTo(email, uid)))!;
    const cancel = invite(await smtp.waitFor((m) => mailTo(email, uid)(m) && invite(m)?.method === "CANCEL"))!;
    expect(cancel).toMatchObject({ method: "CANCEL", uid, status: "CANCELLED" });
    expect(cancel.sequence).toBeGreaterThan(booking.sequence);
    const promoted = invite(await smtp.waitFor((m) => mailTo("next-in-line@example.com", uid)(m) && invite(m)?.method === "REQUEST"))!;
    expect(promoted.uid).toBe(uid);
    // One cancellation, written with the suspension: a waitlist place has no invite to cancel.
    const cancellations = await t.db.selectFrom("shuxiang.messages").select(["ical_method"]).where("recipient_email", "=", email).where("template", "=", "shift-removed").execute();
    expect(cancellations).toEqual([{ ical_method: "CANCEL" }]);

    const audit = await t.db.selectFrom("shuxiang.audit_log").select(["actor_staff_id", "action", "branch_code", "before", "after"]).where("entity_type", "=", "volunteer").where("entity_id", "=", String(suspended)).execute();
    expect(audit).toEqual([
      {
        actor_staff_id: gulouCoordinator.id,
        action: "volunteer.suspend",
        branch_code: "GL",
        before: { status: "appointed" },
        after: { status: "suspended", reason: "多次无故缺席", sessionsEnded: expect.any(Number), bookingsGivenUp: 2 },
      },
    ]);
    expect((audit[0].after as { sessionsEnded: number }).sessionsEnded).toBeGreaterThanOrEqual(1);
    const shown = await (await get(page(), coordinator)).text();
    expect(shown).toContain("多次无故缺席");
    expect(shown).toContain("恢复资格");
  });

  it("lets them neither sign in (answered as any address, nothing sent) nor resume, book, be assigned or be asked for help", async () => {
    const asked = await post("/volunteer/sign-in", { intent: "request", email });
    const stranger = await post("/volunteer/sign-in", { intent: "request", email: "nobody-here@example.com" });
    expect([asked.status, stranger.status]).toEqual([200, 200]);
    const [askedText, strangerText] = await Promise.all([asked.text(), stranger.text()]);
    expect(askedText).toContain(`如果 ${email} 是已登记的志愿者邮箱`);
    expect(strangerText).toContain("如果 nobody-here@example.com 是已登记的志愿者邮箱");
    // Recorded (it counts against the limits) but unusable, and no email queued: the outbox row
    // would have been written in the request's own transaction.
    const codes = await t.db.selectFrom("shuxiang.sign_in_codes").select(["volunteer_id", "used_at"]).where("email", "=", email).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(codes.volunteer_id).toBeNull();
    expect(codes.used_at).not.toBeNull();
    const codeMails = await t.db.selectFrom("shuxiang.messages").select("id").where("recipient_email", "=", email).where("template", "=", "sign-in-code").execute();
    expect(codeMails).toHaveLength(1); // the one asked for before the suspension

    // A session made behind the sign-in page's back still opens nothing.
    const forged = await cookieFor({ volunteer: email });
    expect((await get("/volunteer/profile", forged)).status).toBe(302);
    expect((await post("/volunteer/profile", { intent: "resume" }, forged)).status).toBe(401);
    expect(await changeOwnStatus(deps, suspended, "resume")).toEqual({ ok: false, errors: { form: "profile.errors.status" } });
    expect((await post("/volunteer/shifts", { intent: "book", shiftId: String(spare) }, forged)).status).toBe(401);
    expect(await bookShift(deps, suspended, spare)).toEqual({ ok: false, reason: "suspended" });
    expect(await assignVolunteer(deps, { user: gulouCoordinator }, suspended, spare, "急需人手")).toEqual({ ok: false, reason: "suspended" });
    const shift = await t.db.selectFrom("shuxiang.shifts").select(["id", "branch_code"]).where("id", "=", spare).executeTakeFirstOrThrow();
    const candidates = await eligibleFreeVolunteers(t.db, shift);
    expect(candidates.map((c) => c.id)).not.toContain(suspended);
    expect(candidates.map((c) => c.id)).toContain(waiting);
  });

  it("is lifted by an administrator (audited): they can sign in again and come back as they were", async () => {
    const streets = await cookieFor({ staff: "coord.streets@shuxiang.example" });
    expect((await post(page(), { intent: "lift" }, streets)).status).toBe(403);
    const admin = await cookieFor({ staff: "admin@shuxiang.example" });
    const res = await post(page(), { intent: "lift", reason: "已面谈" }, admin);
    expect(res.status).toBe(302);
    const row = await t.db.selectFrom("shuxiang.volunteers").select(["status", "suspended_at", "suspension_reason", "status_before_suspension"]).where("id", "=", suspended).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "appointed", suspended_at: null, suspension_reason: null, status_before_suspension: null });
    const lift = await t.db.selectFrom("shuxiang.audit_log").select(["action", "before", "after"]).where("entity_type", "=", "volunteer").where("entity_id", "=", String(suspended)).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(lift).toEqual({ action: "volunteer.lift-suspension", before: { status: "suspended", reason: "多次无故缺席" }, after: { status: "appointed", note: "已面谈" } });

    expect((await post("/volunteer/sign-in", { intent: "request", email })).status).toBe(200);
    const code = signInCode(await smtp.waitFor((m) => recipients(m).includes(email) && !invite(m) && signInCode(m) !== staleCode));
    const signedIn = await post("/volunteer/sign-in", { intent: "verify", email, code });
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get("set-cookie")).toMatch(/^sx_session=/);
    // The shifts given up stay given up; new ones can be booked.
    expect((await t.db.selectFrom("shuxiang.bookings").select("status").where("volunteer_id", "=", suspended).where("shift_id", "=", booked).executeTakeFirstOrThrow()).status).toBe("cancelled");
    expect(await bookShift(deps, suspended, spare)).toMatchObject({ ok: true, status: "confirmed" });
  });

  it("gives a paused volunteer back their pause, and refuses applicants and unknown ids", async () => {
    const paused = await newVolunteer("paused-then-suspended@example.com");
    expect(await changeOwnStatus(deps, paused, "pause")).toEqual({ ok: true });
    const admin = await cookieFor({ staff: "admin@shuxiang.example" });
    expect((await post(`/staff/volunteers/${paused}`, { intent: "suspend", reason: "账号被盗" }, admin)).status).toBe(302);
    expect((await post(`/staff/volunteers/${paused}`, { intent: "suspend", reason: "账号被盗" }, admin)).status).toBe(400);
    expect((await post(`/staff/volunteers/${paused}`, { intent: "lift" }, admin)).status).toBe(302);
    expect((await t.db.selectFrom("shuxiang.volunteers").select("status").where("id", "=", paused).executeTakeFirstOrThrow()).status).toBe("paused");

    const applicant = await t.db.insertInto("shuxiang.volunteers").values({ email: "applicant-only@example.com", name: "报名人", status: "applicant", language: "zh-CN", preferred_branches: ["GL"] }).returning("id").executeTakeFirstOrThrow();
    const refused = await post(`/staff/volunteers/${applicant.id}`, { intent: "suspend", reason: "原因" }, admin);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("只有已任命、暂停中或已退出服务的志愿者可以被停用资格。");
    expect((await get("/staff/volunteers/2147483647", admin)).status).toBe(404);
    expect((await get("/staff/volunteers/99999999999", admin)).status).toBe(404);
    expect((await post("/staff/volunteers/2147483647", { intent: "suspend", reason: "原因" }, admin)).status).toBe(404);
  });
});
