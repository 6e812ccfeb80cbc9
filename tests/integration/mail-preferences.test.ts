// Mail people may stop (calls for help, reminders): the one-click unsubscribe headers on what the
// SMTP server receives, the POST a mail provider sends (no cookie, no Origin) against the built
// app, the preference it sets, and the next call for help or reminder that then skips that person
// only. Also: a registration invite carries the event's description (ical.js).
import http from "node:http";
import os from "node:os";
import ICAL from "ical.js";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Services } from "#app/services.server.ts";
import type { StaffUser } from "#app/modules/auth/policy.ts";
import { askForHelp } from "#app/modules/board/help.server.ts";
import { createEvents } from "#app/modules/events/events.server.ts";
import { runEventMaintenance } from "#app/modules/events/maintenance.server.ts";
import { registerForEvent } from "#app/modules/events/registrations.server.ts";
import { openMessage } from "#app/modules/notifications/outbox.server.ts";
import { createEventSchema, registrationSchema, withNeeds } from "#app/modules/events/schemas.ts";
import { submitApplication } from "#app/modules/recruitment/applications.server.ts";
import { scheduleInterview, sendDueInterviewReminders } from "#app/modules/recruitment/interviews.server.ts";
import { applicationSchema } from "#app/modules/recruitment/schemas.ts";
import { bookShift } from "#app/modules/shifts/bookings.server.ts";
import { appDeps, type AppDeps } from "#app/lib/deps.server.ts";
import { sendDueReminders } from "#app/modules/shifts/reminders.server.ts";
import { createShiftSchema } from "#app/modules/shifts/schemas.ts";
import { createShifts } from "#app/modules/shifts/shifts.server.ts";
import { setMailPreferences } from "#app/modules/volunteers/profile.server.ts";
import { startApp, type AppProcess } from "#tests/support/app-process.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/database.ts";
import { startTestServices } from "#tests/support/services.ts";
import { startSmtpServer, recipients, type TestSmtpServer } from "#tests/support/smtp.ts";
import { demoStaff } from "#tests/support/staff.ts";

const SECRET = "mail-preferences-test-secret-0123456789abcdef";
const HOUR = 3600_000;
let t: TestDatabase;
let smtp: TestSmtpServer;
let services: Services;
let deps: AppDeps;
let app: AppProcess;
let coordinator: StaffUser;
let shelving: number;

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await startSmtpServer();
  // Delivery workers on: messages reach the SMTP server as they would in production.
  [services, app] = await Promise.all([
    startTestServices(t, { SMTP_URL: smtp.url, SESSION_SECRET: SECRET }),
    startApp({ DATABASE_URL: t.url, SESSION_SECRET: SECRET, DATA_DIR: os.tmpdir(), WORKERS: "off", DEMO_DATA: "never" }),
  ]);
  deps = appDeps(services);
  coordinator = (await demoStaff(t.db))("coord.gulou@shuxiang.example", ["GL", "PF"]);
  shelving = (await t.db.selectFrom("shuxiang.roles").select("id").where("code", "=", "shelving").executeTakeFirstOrThrow()).id;
  // A branch of its own for calls for help, so the demo volunteers are not asked.
  await t.db
    .insertInto("library.branches")
    .values({ code: "PF", name_zh: "偏好测试分馆", name_en: "Preferences Branch", kind: "street", address_zh: "", address_en: "", shares_circulation: false, timezone: "Asia/Shanghai", opening_hours: "{}", sort_order: 60 })
    .execute();
  // Nothing is planned at a branch without a desk to answer its invites.
  await t.db.insertInto("shuxiang.branch_settings").values({ branch_code: "PF", desk_email: "pf.desk@shuxiang.example" }).execute();
  // A second reminder two hours ahead: what a person stopped after the first must not come.
  await t.db
    .insertInto("shuxiang.branch_settings")
    .values({ branch_code: "GL", second_reminder_hours: 2 })
    .onConflict((oc) => oc.column("branch_code").doUpdateSet({ second_reminder_hours: 2 }))
    .execute();
}, 90_000);
afterAll(async () => {
  await app?.stop();
  await services?.close();
  await smtp?.close();
  await t?.drop();
});

/** A request exactly as a mail provider sends it: no cookie, no Origin, no browser headers. */
function request(method: "GET" | "POST", path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, app.url), { method, headers: body ? { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(Buffer.byteLength(body)), ...headers } : headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const oneClick = (path: string, headers: Record<string, string> = {}) => request("POST", path, headers, "List-Unsubscribe=One-Click");

function header(mail: ParsedMail, name: string): string | undefined {
  return mail.headerLines.find((h) => h.key === name.toLowerCase())?.line.replace(/^[^:]+:\s*/, "");
}

/** The unsubscribe path from a received message's List-Unsubscribe header, after checking both headers. */
function unsubscribePath(mail: ParsedMail, kind: "help" | "reminders"): string {
  const list = header(mail, "List-Unsubscribe");
  expect(list).toMatch(new RegExp(`^<http://localhost:3999/unsubscribe/${kind}\\.[vr]\\d+\\.[A-Za-z0-9_-]{43}>$`));
  expect(header(mail, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
  return new URL(list!.slice(1, -1)).pathname;
}

/** A received message to `address` whose subject starts like `subject`. */
const to = (address: string, subject: RegExp) => (m: ParsedMail) => recipients(m).includes(address) && subject.test(m.subject ?? "");

async function volunteers(prefix: string, n: number, home = "GL"): Promise<Array<{ id: number; email: string }>> {
  return t.db
    .insertInto("shuxiang.volunteers")
    .values(Array.from({ length: n }, (_, i) => ({ email: `${prefix}${i}@prefs.example`, name: `偏好${prefix}${i}`, status: "appointed" as const, home_branch_code: home })))
    .returning(["id", "email"])
    .execute();
}

async function shiftAt(startsAt: Date, minNeeded = 1, branch = "GL") {
  const zone = "Asia/Shanghai";
  const fmt = (d: Date) => new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit" }).format(d);
  const input = createShiftSchema.parse({ branch, roleId: shelving, date: new Intl.DateTimeFormat("en-CA", { timeZone: zone }).format(startsAt), start: fmt(startsAt), end: fmt(new Date(startsAt.getTime() + HOUR)), capacity: 5, minNeeded });
  const result = await createShifts(deps, { user: coordinator }, input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.ids[0];
}

/** 11:00 in Shanghai on the first day at least `hoursAhead` from now. */
function at(hoursAhead: number) {
  const d = new Date();
  d.setUTCHours(3, 0, 0, 0);
  while (d.getTime() < Date.now() + hoursAhead * HOUR) d.setTime(d.getTime() + 24 * HOUR);
  return d;
}

const queued = async (email: string, template: string) =>
  (await t.db.selectFrom("shuxiang.messages").select("id").where("recipient_email", "=", email).where("template", "=", template).execute()).length;

const preferences = (id: number) => t.db.selectFrom("shuxiang.volunteers").select(["wants_calls_for_help", "wants_reminders"]).where("id", "=", id).executeTakeFirstOrThrow();

describe("calls for help", () => {
  it("carry one-click unsubscribe; the provider's POST stops them for that person only, and the profile turns them back on", async () => {
    const [stopper, keeper] = await volunteers("help", 2, "PF");
    const first = await shiftAt(at(50), 3, "PF");
    expect(await askForHelp(deps, { user: coordinator }, first)).toEqual({ ok: true, recipients: 2 });
    const mail = await smtp.waitFor(to(stopper.email, /^急需帮手/));
    await smtp.waitFor(to(keeper.email, /^急需帮手/));
    const path = unsubscribePath(mail, "help");
    expect(path).toContain(`/help.v${stopper.id}.`);
    // The link is also in the message itself, for people whose mail program shows no button.
    expect(mail.html).toContain(path);

    // A mail provider's POST: no cookie, and an Origin that is not ours or none at all.
    expect((await oneClick(path, { Origin: "https://mail.provider.example" })).status).toBe(200);
    expect((await oneClick(path)).status).toBe(200);
    expect(await preferences(stopper.id)).toEqual({ wants_calls_for_help: false, wants_reminders: true });
    expect(await preferences(keeper.id)).toEqual({ wants_calls_for_help: true, wants_reminders: true });
    // Only this route is exempt from the same-origin rule.
    expect((await request("POST", "/sign-in", { Origin: "https://mail.provider.example" }, "email=a%40b.example&password=x")).status).toBe(403);

    const second = await shiftAt(at(74), 3, "PF");
    expect(await askForHelp(deps, { user: coordinator }, second)).toEqual({ ok: true, recipients: 1 });
    expect(await queued(stopper.email, "call-for-help")).toBe(1);
    expect(await queued(keeper.email, "call-for-help")).toBe(2);

    // Turned back on (the profile's choice): asked again.
    await setMailPreferences(t.db, stopper.id, { help: true, reminders: true });
    const third = await shiftAt(at(98), 3, "PF");
    expect(await askForHelp(deps, { user: coordinator }, third)).toEqual({ ok: true, recipients: 2 });
  });
});

describe("reminders", () => {
  it("a shift reminder carries one-click unsubscribe; afterwards that volunteer's reminders are not queued, others' are", async () => {
    const [stopper, keeper] = await volunteers("remind", 2);
    const starts = at(72);
    const shiftId = await shiftAt(starts);
    for (const v of [stopper, keeper]) expect(await bookShift(deps, v.id, shiftId)).toMatchObject({ ok: true });
    await sendDueReminders(deps, new Date(starts.getTime() - 23 * HOUR));
    const mail = await smtp.waitFor(to(stopper.email, /^班次提醒/));
    const path = unsubscribePath(mail, "reminders");

    expect((await oneClick(path)).status).toBe(200);
    expect(await preferences(stopper.id)).toEqual({ wants_calls_for_help: true, wants_reminders: false });

    await sendDueReminders(deps, new Date(starts.getTime() - 1 * HOUR));
    expect(await queued(stopper.email, "shift-reminder")).toBe(1);
    expect(await queued(keeper.email, "shift-reminder")).toBe(2);
    // Confirmations still go: stopping reminders is not pausing.
    expect(await queued(stopper.email, "shift-booked")).toBe(1);
  });

  it("an event reminder to a reader stops that registration's reminders; the invite carries the event's description", async () => {
    const plan = createEventSchema.parse(
      withNeeds({
        titleZh: "亲子绘本日",
        titleEn: "Picture-book day",
        descriptionZh: "第一部分：共读\n第二部分：手工",
        descriptionEn: "Part one: reading together\nPart two: crafts",
        kind: "parent-child",
        audience: "parent-child",
        branch: "GL",
        place: "一楼大厅",
        date: new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + 40 * 86400_000)),
        start: "09:30",
        end: "11:00",
        capacity: "20",
        maxParty: "4",
        guestsAllowed: "on",
        closesHoursBefore: "1",
      }),
    );
    const created = await createEvents(deps, coordinator, plan);
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    const eventId = created.ids[0];
    const reader = { email: "reader-stops@prefs.example", language: "en" };
    const other = { email: "reader-keeps@prefs.example", language: "zh-CN" };
    for (const r of [reader, other]) {
      const done = await registerForEvent(deps, eventId, registrationSchema.parse({ mode: "guest", name: "Amy Wu", email: r.email, language: r.language, adults: "1", children: "1" }));
      expect(done.ok).toBe(true);
    }

    // The invite's DESCRIPTION: the event's description in the reader's language, line breaks kept.
    // (Stored sealed, as it carries the registration's private link: opened as the worker opens it.)
    const invites = await t.db.selectFrom("shuxiang.messages").select(["recipient_email", "template", "data", "ical"]).where("template", "=", "event-registered").where("recipient_email", "in", [reader.email, other.email]).execute();
    const description = (email: string) => {
      const root = new ICAL.Component(ICAL.parse(openMessage(services.config.sessionSecret, invites.find((m) => m.recipient_email === email)!).ical!));
      return String(root.getFirstSubcomponent("vevent")!.getFirstPropertyValue("description"));
    };
    expect(description(reader.email)).toBe("Part one: reading together\nPart two: crafts");
    expect(description(other.email)).toBe("第一部分：共读\n第二部分：手工");
    // … and the confirmation email shows it, line by line, with English counting its places.
    const confirmation = await smtp.waitFor(to(reader.email, /^Registered/));
    expect(confirmation.text).toContain("Part one: reading together\nPart two: crafts");
    expect(confirmation.text).toContain("2 places");
    expect(confirmation.html).toContain("Part one: reading together<br/>Part two: crafts");
    expect(header(confirmation, "List-Unsubscribe")).toBeUndefined();

    const ev = await t.db.selectFrom("shuxiang.events").select("starts_at").where("id", "=", eventId).executeTakeFirstOrThrow();
    const start = new Date(ev.starts_at).getTime();
    await t.db.updateTable("shuxiang.registrations").set({ confirmed_at: new Date(start - 5 * 86400_000) }).where("event_id", "=", eventId).execute();
    await runEventMaintenance(deps, new Date(start - 23 * HOUR));
    const reminder = await smtp.waitFor(to(reader.email, /^Reminder/));
    expect(reminder.text).toContain("starts in 24 hours");
    const path = unsubscribePath(reminder, "reminders");
    expect(path).toMatch(/\/reminders\.r\d+\./);

    const page = await request("GET", path, { "Accept-Language": "en" });
    expect(page.status).toBe(200);
    expect(page.text).toContain("Stop reminders before what you booked or registered for?");
    const done = await oneClick(path, { "Accept-Language": "en" });
    expect(done.status).toBe(200);
    expect(done.text).toContain("you will get no more reminders");

    await runEventMaintenance(deps, new Date(start - 1 * HOUR));
    expect(await queued(reader.email, "event-reminder")).toBe(1);
    expect(await queued(other.email, "event-reminder")).toBe(2);
  });

  it("an applicant's interview reminder carries it and then stops; the interviewer's always goes", async () => {
    const form = {
      name: "周洁",
      phone: "138 1234 5678",
      email: "applicant@prefs.example",
      birthDate: "1995-04-12",
      language: "zh-CN",
      branches: ["GL"],
      roles: [String(shelving)],
      availability: ["sat-am"],
      skills: "",
      consent: "on",
    };
    const submitted = await submitApplication(deps, applicationSchema("2026-11-25").parse(form), "127.0.0.1");
    if (submitted.ok !== true) throw new Error("not submitted");
    const date = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + 6 * 86400_000));
    const slot = { branch: "GL", date, start: "10:00", end: "10:30", place: "三楼小会议室", interviewerId: coordinator.id };
    expect(await scheduleInterview(deps, coordinator, submitted.applicationId, slot)).toMatchObject({ ok: true });
    const start = new Date(`${date}T02:00:00Z`).getTime();
    expect(await sendDueInterviewReminders(deps, new Date(start - 23 * HOUR))).toBe(1);
    const mail = await smtp.waitFor(to(form.email, /^面谈提醒/));
    const path = unsubscribePath(mail, "reminders");
    const interviewer = await smtp.waitFor((m) => to("coord.gulou@shuxiang.example", /^(面谈提醒|Reminder: interview)/)(m) && (m.text ?? "").includes("周洁"));
    expect(header(interviewer, "List-Unsubscribe")).toBeUndefined();

    expect((await oneClick(path)).status).toBe(200);
    expect(await sendDueInterviewReminders(deps, new Date(start - 1 * HOUR))).toBe(1);
    expect(await queued(form.email, "interview-reminder")).toBe(1);
    expect(await queued("coord.gulou@shuxiang.example", "interview-reminder")).toBe(2);
  });
});

describe("the unsubscribe page", () => {
  it("shows what the link stops with a button (zh-CN by default), and answers a bad or tampered link with a clear 404 page", async () => {
    const [v] = await volunteers("page", 1);
    const { unsubscribeToken } = await import("#app/modules/notifications/unsubscribe.server.ts");
    const token = unsubscribeToken(SECRET, { kind: "help", volunteerId: v.id });
    const page = await request("GET", `/unsubscribe/${token}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("停止接收求助邮件（请志愿者补充缺人班次的邮件）？");
    expect(page.text).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(await preferences(v.id)).toEqual({ wants_calls_for_help: true, wants_reminders: true });

    const tampered = token.replace(`v${v.id}.`, `v${v.id + 1}.`);
    const foreign = unsubscribeToken("some-other-server-secret-0123456789abcdef", { kind: "help", volunteerId: v.id });
    for (const bad of [tampered, foreign, "nonsense", "help.v1.%00", `${token}x`]) {
      const shown = await request("GET", `/unsubscribe/${bad}`);
      expect(shown.status, bad).toBe(404);
      expect(shown.text, bad).toContain("此退订链接无效");
      const posted = await oneClick(`/unsubscribe/${bad}`);
      expect(posted.status, bad).toBe(404);
      expect(posted.text, bad).toContain("此退订链接无效");
    }
    // A well-signed link for someone who does not exist: the same page, nothing changed.
    expect((await oneClick(`/unsubscribe/${unsubscribeToken(SECRET, { kind: "reminders", volunteerId: 99_999_999 })}`)).status).toBe(404);
    expect(await preferences(v.id)).toEqual({ wants_calls_for_help: true, wants_reminders: true });
  });
});
