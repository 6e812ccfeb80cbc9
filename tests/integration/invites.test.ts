// Invites as people receive them through a real SMTP server: a change of text reaches calendars
// with a higher SEQUENCE (and a save that changes nothing sends nothing), the ORGANIZER is the
// branch's volunteer desk, nothing is planned at a branch without one, and every invite email says
// that declining in a calendar app does not cancel, with the link to where cancelling works.
import ICAL from "ical.js";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Services } from "#app/services.server.ts";
import type { StaffUser } from "#app/modules/auth/policy.ts";
import { branchSettingsSchema } from "#app/modules/admin/schemas.ts";
import { feedToken, volunteerFeed } from "#app/modules/feeds/feeds.server.ts";
import { createEvents, updateEvent } from "#app/modules/events/events.server.ts";
import { branchEventsFeed } from "#app/modules/events/queries.server.ts";
import { registerForEvent } from "#app/modules/events/registrations.server.ts";
import { createEventSchema, editEventSchema, registrationSchema, withNeeds } from "#app/modules/events/schemas.ts";
import { scheduleInterview } from "#app/modules/recruitment/interviews.server.ts";
import { bookShift } from "#app/modules/shifts/bookings.server.ts";
import { appDeps, type AppDeps } from "#app/lib/deps.server.ts";
import { createShiftSchema, editShiftSchema } from "#app/modules/shifts/schemas.ts";
import { createShifts, updateShift } from "#app/modules/shifts/shifts.server.ts";
import { cancelTrainingSession, createTrainingSession, enrolTrainee } from "#app/modules/trainings/trainings.server.ts";
import { trainingSessionSchema } from "#app/modules/trainings/schemas.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/database.ts";
import { deliverQueued as deliverOutbox } from "#tests/support/deliver.ts";
import { startTestServices } from "#tests/support/services.ts";
import { recipients, startSmtpServer, type TestSmtpServer } from "#tests/support/smtp.ts";
import { demoStaff } from "#tests/support/staff.ts";

let t: TestDatabase;
let smtp: TestSmtpServer;
let services: Services;
let deps: AppDeps;
let gulou: StaffUser;
let admin: StaffUser;
let shelving: number;
let helperRole: number;

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await startSmtpServer();
  // No workers: each test hands the outbox to the delivery code itself, so what arrived is all there is.
  services = await startTestServices(t, { SMTP_URL: smtp.url, WORKERS: "off" });
  deps = appDeps(services);
  const user = await demoStaff(t.db);
  gulou = user("coord.gulou@shuxiang.example", ["GL"]);
  admin = user("admin@shuxiang.example", []);
  shelving = (await t.db.selectFrom("shuxiang.roles").select("id").where("code", "=", "shelving").executeTakeFirstOrThrow()).id;
  helperRole = (await t.db.selectFrom("shuxiang.roles").select("id").where("code", "=", "event-help").executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await services?.close();
  await smtp?.close();
  await t?.drop();
});

const day = (offset: number) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + offset * 86400_000));

const deliverQueued = () => deliverOutbox(t, services, smtp);

function invite(mail: ParsedMail) {
  const part = mail.attachments.find((a) => a.contentType === "text/calendar");
  if (!part) return undefined;
  const root = new ICAL.Component(ICAL.parse(part.content.toString()));
  const vevent = root.getFirstSubcomponent("vevent")!;
  return {
    method: root.getFirstPropertyValue("method"),
    uid: String(vevent.getFirstPropertyValue("uid")),
    sequence: Number(vevent.getFirstPropertyValue("sequence")),
    summary: String(vevent.getFirstPropertyValue("summary")),
    description: String(vevent.getFirstPropertyValue("description") ?? ""),
    organizer: String(vevent.getFirstPropertyValue("organizer")).toLowerCase(),
  };
}

const to = (mails: ParsedMail[], email: string) => mails.filter((m) => recipients(m).includes(email.toLowerCase()));

const eventForm = {
  titleZh: "冬日故事会",
  titleEn: "Winter story hour",
  descriptionZh: "讲三个冬天的故事。",
  descriptionEn: "Three winter stories.",
  kind: "parent-child",
  audience: "parent-child",
  place: "二楼故事角",
  start: "10:00",
  end: "11:00",
  capacity: "2",
  maxParty: "1",
  guestsAllowed: "on",
  closesHoursBefore: "1",
};

describe("a change of text reaches calendars", () => {
  it("a new event title: everyone registered gets one email, the confirmed an invite with a higher SEQUENCE and the new title, and so does its helper; a save that changes nothing sends nothing", async () => {
    const planned = await createEvents(deps, gulou, createEventSchema.parse(withNeeds({ ...eventForm, branch: "GL", date: day(40), [`need-${helperRole}`]: "1" })));
    if (!planned.ok) throw new Error(JSON.stringify(planned.errors));
    const eventId = planned.ids[0];
    const [helper] = await t.db.insertInto("shuxiang.volunteers").values({ email: "title-helper@example.com", name: "赵敏", status: "appointed" }).returning("id").execute();
    expect(await bookShift(deps, helper.id, planned.shiftIds[0])).toMatchObject({ ok: true, status: "confirmed" });
    const people = ["title-a@example.com", "title-b@example.com", "title-waiting@example.com"];
    for (const [i, email] of people.entries()) {
      const done = await registerForEvent(deps, eventId, registrationSchema.parse({ mode: "guest", name: ["王芳", "Li Na", "张伟"][i], email, language: i === 1 ? "en" : "zh-CN", adults: "1", children: "0" }));
      expect(done).toMatchObject({ ok: true });
    }
    const confirmations = await deliverQueued();
    const before = new Map([...people.slice(0, 2), "title-helper@example.com"].map((email) => [email, invite(to(confirmations, email)[0])!]));
    const feedBefore = await branchEventsFeed(t.db, "GL", deps, "zh-CN");

    const edit = { intent: "edit", ...eventForm, date: day(40) };
    const changed = await updateEvent(deps, gulou, eventId, editEventSchema.parse({ ...edit, titleZh: "冬日童话会", titleEn: "Winter fairy-tale hour" }));
    expect(changed).toMatchObject({ ok: true, notified: 4 });
    const mails = await deliverQueued();
    for (const email of [...people, "title-helper@example.com"]) expect(to(mails, email)).toHaveLength(1);
    // The helper's shift carries the event's title as its notes: its invite follows.
    const helped = invite(to(mails, "title-helper@example.com")[0])!;
    expect(helped).toMatchObject({ method: "REQUEST", description: "冬日童话会 / Winter fairy-tale hour" });
    expect(helped.sequence).toBeGreaterThan(before.get("title-helper@example.com")!.sequence);
    const zh = invite(to(mails, people[0])[0])!;
    expect(zh).toMatchObject({ method: "REQUEST", uid: before.get(people[0])!.uid, summary: "冬日童话会", organizer: "mailto:gulou.desk@shuxiang.example" });
    expect(zh.sequence).toBeGreaterThan(before.get(people[0])!.sequence);
    const en = invite(to(mails, people[1])[0])!;
    expect(en).toMatchObject({ method: "REQUEST", summary: "Winter fairy-tale hour" });
    expect(en.sequence).toBeGreaterThan(before.get(people[1])!.sequence);
    expect(to(mails, people[0])[0].subject).toContain("冬日童话会");
    // The one waiting never had it in a calendar: the email alone.
    expect(invite(to(mails, people[2])[0])).toBeUndefined();
    // The branch's public feed carries the event's new SEQUENCE too.
    const feedSequence = (feed: { ics: string } | null) => {
      const vevent = new ICAL.Component(ICAL.parse(feed!.ics)).getAllSubcomponents("vevent").find((c) => c.getFirstPropertyValue("uid") === `event-${eventId}@localhost`)!;
      return Number(vevent.getFirstPropertyValue("sequence"));
    };
    expect(feedSequence(await branchEventsFeed(t.db, "GL", deps, "zh-CN"))).toBe(feedSequence(feedBefore) + 1);

    // A description is what the invite shows too.
    expect(await updateEvent(deps, gulou, eventId, editEventSchema.parse({ ...edit, titleZh: "冬日童话会", titleEn: "Winter fairy-tale hour", descriptionZh: "改讲四个故事。" }))).toMatchObject({ ok: true, notified: 3 });
    const described = invite(to(await deliverQueued(), people[0])[0])!;
    expect(described.description).toContain("改讲四个故事。");
    expect(described.sequence).toBe(zh.sequence + 1);

    // Saved again as it is: nothing written, nothing sent.
    const outbox = await t.db.selectFrom("shuxiang.messages").select("id").execute();
    expect(await updateEvent(deps, gulou, eventId, editEventSchema.parse({ ...edit, titleZh: "冬日童话会", titleEn: "Winter fairy-tale hour", descriptionZh: "改讲四个故事。" }))).toMatchObject({ ok: true, notified: 0 });
    expect(await t.db.selectFrom("shuxiang.messages").select("id").execute()).toHaveLength(outbox.length);
    expect(await deliverQueued()).toEqual([]);
  });

  it("new shift notes: everyone booked gets one email with an invite of higher SEQUENCE carrying them, and their feed agrees; a save that changes nothing sends nothing", async () => {
    const form = { branch: "GL", roleId: shelving, date: day(41), start: "14:00", end: "16:00", capacity: 3, minNeeded: 1, notes: "" };
    const planned = await createShifts(deps, { user: gulou }, createShiftSchema.parse(form));
    if (!planned.ok) throw new Error(JSON.stringify(planned.errors));
    const shiftId = planned.ids[0];
    const volunteers = await t.db
      .insertInto("shuxiang.volunteers")
      .values([0, 1].map((i) => ({ email: `notes${i}@example.com`, name: `志愿者${i}`, status: "appointed" as const })))
      .returning(["id", "email"])
      .execute();
    for (const v of volunteers) expect(await bookShift(deps, v.id, shiftId)).toMatchObject({ ok: true, status: "confirmed" });
    const booked = await deliverQueued();
    const first = new Map(volunteers.map((v) => [v.email, invite(to(booked, v.email)[0])!]));

    const edit = { intent: "edit", date: form.date, start: form.start, end: form.end, capacity: 3, minNeeded: 1, scope: "one" };
    expect(await updateShift(deps, { user: gulou }, shiftId, editShiftSchema.parse({ ...edit, notes: "请穿工作马甲，在一楼服务台集合。" }))).toMatchObject({ ok: true, notified: 2 });
    const mails = await deliverQueued();
    for (const v of volunteers) {
      const mine = to(mails, v.email);
      expect(mine).toHaveLength(1);
      const updated = invite(mine[0])!;
      expect(updated).toMatchObject({ method: "REQUEST", uid: `shift-${shiftId}@localhost`, description: "请穿工作马甲，在一楼服务台集合。", organizer: "mailto:gulou.desk@shuxiang.example" });
      expect(updated.sequence).toBeGreaterThan(first.get(v.email)!.sequence);
      expect(mine[0].text).toContain("请穿工作马甲");
    }
    // The personal feed reads the same SEQUENCE.
    const token = await feedToken(t.db, services.config.sessionSecret, volunteers[0].id);
    const feed = new ICAL.Component(ICAL.parse((await volunteerFeed(t.db, token, { host: "localhost", baseUrl: services.config.publicUrl }))!.ics));
    const entry = feed.getAllSubcomponents("vevent").find((c) => c.getFirstPropertyValue("uid") === `shift-${shiftId}@localhost`)!;
    expect(Number(entry.getFirstPropertyValue("sequence"))).toBe(invite(to(mails, volunteers[0].email)[0])!.sequence);

    // Capacity alone is not something a calendar shows; the same notes again change nothing at all.
    const outbox = await t.db.selectFrom("shuxiang.messages").select("id").execute();
    expect(await updateShift(deps, { user: gulou }, shiftId, editShiftSchema.parse({ ...edit, capacity: 4, notes: "请穿工作马甲，在一楼服务台集合。" }))).toMatchObject({ ok: true, notified: 0 });
    expect(await updateShift(deps, { user: gulou }, shiftId, editShiftSchema.parse({ ...edit, capacity: 4, notes: "请穿工作马甲，在一楼服务台集合。" }))).toMatchObject({ ok: true, notified: 0 });
    expect(await t.db.selectFrom("shuxiang.messages").select("id").execute()).toHaveLength(outbox.length);
    expect(await deliverQueued()).toEqual([]);
  });
});

describe("every invite email says declining does not cancel, and where to cancel", () => {
  it("a shift booking (zh) links to My shifts; an event registration (en) to its private page; a training to the desk", async () => {
    const planned = await createShifts(deps, { user: gulou }, createShiftSchema.parse({ branch: "GL", roleId: shelving, date: day(42), start: "09:00", end: "10:00", capacity: 1, minNeeded: 1 }));
    if (!planned.ok) throw new Error(JSON.stringify(planned.errors));
    const [v] = await t.db.insertInto("shuxiang.volunteers").values({ email: "note-shift@example.com", name: "陈晓", status: "appointed" }).returning("id").execute();
    await bookShift(deps, v.id, planned.ids[0]);
    const event = await createEvents(deps, gulou, createEventSchema.parse({ ...eventForm, titleZh: "新年故事会", titleEn: "New year story hour", branch: "GL", date: day(43) }));
    if (!event.ok) throw new Error(JSON.stringify(event.errors));
    await registerForEvent(deps, event.ids[0], registrationSchema.parse({ mode: "guest", name: "Amy Lee", email: "note-event@example.com", language: "en", adults: "1", children: "0" }));
    const training = (await t.db.selectFrom("shuxiang.trainings").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
    const session = await createTrainingSession(deps, gulou, trainingSessionSchema.parse({ trainingId: training, branch: "GL", date: day(44), start: "09:00", end: "11:00", place: "三楼", capacity: "5" }));
    if (!session.ok) throw new Error(JSON.stringify(session.errors));
    const [trainee] = await t.db.insertInto("shuxiang.volunteers").values({ email: "note-training@example.com", name: "李雷", status: "appointed" }).returning("id").execute();
    expect(await enrolTrainee(deps, gulou, session.sessionId, { volunteerId: trainee.id })).toMatchObject({ ok: true });
    const mails = await deliverQueued();

    const shiftMail = to(mails, "note-shift@example.com")[0];
    expect(invite(shiftMail)?.method).toBe("REQUEST");
    expect(shiftMail.text).toContain("在日历应用中点“拒绝”并不会取消。");
    expect(shiftMail.text).toContain("如需取消，请在“我的班次”中操作。");
    expect(shiftMail.html).toContain(`href="${new URL("/volunteer/schedule", services.config.publicUrl).href}"`);

    const eventMail = to(mails, "note-event@example.com")[0];
    expect(invite(eventMail)?.method).toBe("REQUEST");
    expect(eventMail.text).toContain("Declining the invite in your calendar app does not cancel it.");
    expect(eventMail.text).toContain("To cancel, use your registration's page.");
    const privateLink = /href="([^"]*\/events\/registration\/[^"]+)"/.exec(eventMail.html as string)![1];
    expect((eventMail.html as string).split(`href="${privateLink}"`).length - 1).toBe(2); // the button and the note

    const trainingMail = to(mails, "note-training@example.com")[0];
    expect(invite(trainingMail)).toMatchObject({ method: "REQUEST", organizer: "mailto:gulou.desk@shuxiang.example" });
    expect(trainingMail.text).toContain("如需取消，请写信给分馆志愿者服务台。");
    expect(trainingMail.html).toContain('href="mailto:gulou.desk@shuxiang.example"');
  });
});

describe("a branch's desk email is required before anything is planned there", () => {
  const refusal = { ok: false, errors: { form: "plan.noDeskEmail:无台分馆:No Desk Branch" } };

  it("planning a shift, an event, a training session or an interview there is refused, naming the branch, and writes nothing", async () => {
    await t.db
      .insertInto("library.branches")
      .values({ code: "ND", name_zh: "无台分馆", name_en: "No Desk Branch", kind: "street", address_zh: "", address_en: "", shares_circulation: false, timezone: "Asia/Shanghai", opening_hours: "{}", sort_order: 98 })
      .execute();
    const coordinator = { ...gulou, branchCodes: ["ND"] };
    const count = async () =>
      Promise.all(["shuxiang.shifts", "shuxiang.events", "shuxiang.training_sessions", "shuxiang.interviews", "shuxiang.messages"].map(async (table) => (await t.db.selectFrom(table as "shuxiang.shifts").select("id").execute()).length));
    const before = await count();

    expect(await createShifts(deps, { user: coordinator }, createShiftSchema.parse({ branch: "ND", roleId: shelving, date: day(45), start: "09:00", end: "10:00", capacity: 1, minNeeded: 1 }))).toEqual(refusal);
    expect(await createEvents(deps, coordinator, createEventSchema.parse({ ...eventForm, branch: "ND", date: day(45) }))).toEqual(refusal);
    const training = (await t.db.selectFrom("shuxiang.trainings").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
    expect(await createTrainingSession(deps, coordinator, trainingSessionSchema.parse({ trainingId: training, branch: "ND", date: day(45), start: "09:00", end: "11:00", place: "", capacity: "5" }))).toEqual(refusal);
    const application = await t.db.selectFrom("shuxiang.applications").select("id").where("status", "=", "applied").orderBy("id").executeTakeFirstOrThrow();
    expect(await scheduleInterview(deps, admin, application.id, { branch: "ND", date: day(45), start: "15:00", end: "15:30", place: "", interviewerId: gulou.id })).toEqual(refusal);
    expect(await count()).toEqual(before);

    // Once an administrator sets the address, the same plan goes through.
    await t.db.insertInto("shuxiang.branch_settings").values({ branch_code: "ND", desk_email: "nodesk.desk@shuxiang.example" }).execute();
    expect(await createShifts(deps, { user: coordinator }, createShiftSchema.parse({ branch: "ND", roleId: shelving, date: day(45), start: "09:00", end: "10:00", capacity: 1, minNeeded: 1 }))).toMatchObject({ ok: true });
  });

  it("the branch settings form requires a valid desk email", () => {
    const rest = { bookingCutoffHours: "24", reminderHours: "24", eventSetupMinutes: "30", eventTeardownMinutes: "30" };
    const issue = (deskEmail: string) => {
      const parsed = branchSettingsSchema.safeParse({ ...rest, deskEmail });
      return parsed.success ? null : parsed.error.issues.find((i) => i.path[0] === "deskEmail")?.message;
    };
    expect(issue("")).toBe("validation.required");
    expect(issue("not-an-address")).toBe("validation.email");
    expect(issue("gulou.desk@shuxiang.example")).toBeNull();
  });
});

describe("cancelling a training session", () => {
  it("tells the enrolled (a cancelled invite) and everyone on its waitlist (an email in their language, without an invite)", async () => {
    const training = (await t.db.selectFrom("shuxiang.trainings").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
    const session = await createTrainingSession(deps, gulou, trainingSessionSchema.parse({ trainingId: training, branch: "GL", date: day(46), start: "09:00", end: "11:00", place: "三楼", capacity: "1" }));
    if (!session.ok) throw new Error(JSON.stringify(session.errors));
    const people = await t.db
      .insertInto("shuxiang.volunteers")
      .values([
        { email: "cancel-enrolled@example.com", name: "王敏", status: "appointed" as const, language: "zh-CN" as const },
        { email: "cancel-waiting-zh@example.com", name: "赵磊", status: "appointed" as const, language: "zh-CN" as const },
        { email: "cancel-waiting-en@example.com", name: "Ann Lin", status: "appointed" as const, language: "en" as const },
      ])
      .returning(["id", "email"])
      .execute();
    for (const p of people) expect(await enrolTrainee(deps, gulou, session.sessionId, { volunteerId: p.id })).toMatchObject({ ok: true, waitlisted: p !== people[0] });
    await deliverQueued();

    expect(await cancelTrainingSession(deps, gulou, session.sessionId, "讲师生病")).toEqual({ ok: true, told: 3 });
    const mails = await deliverQueued();
    expect(mails.flatMap(recipients).sort()).toEqual(people.map((p) => p.email).sort());

    const enrolled = to(mails, "cancel-enrolled@example.com")[0];
    expect(invite(enrolled)?.method).toBe("CANCEL");
    expect(enrolled.text).toContain("日历中的安排会一并删除");

    const waitingZh = to(mails, "cancel-waiting-zh@example.com")[0];
    expect(invite(waitingZh)).toBeUndefined();
    expect(waitingZh.subject).toMatch(/^培训已取消：/);
    expect(waitingZh.text).toContain("您正在候补的");
    expect(waitingZh.text).toContain("讲师生病");

    const waitingEn = to(mails, "cancel-waiting-en@example.com")[0];
    expect(invite(waitingEn)).toBeUndefined();
    expect(waitingEn.subject).toMatch(/^Training cancelled: /);
    expect(waitingEn.text).toContain("you were on the waiting list for has been cancelled");
  });
});
