// Recruitment on real PostgreSQL: the public form's rules, card verification, duplicates (also
// at once), every pipeline transition with its guard, and the appointment.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Services } from "#app/services.server.ts";
import type { StaffUser } from "#app/modules/auth/policy.ts";
import { moveApplication, submitApplication } from "#app/modules/recruitment/applications.server.ts";
import { cancelInterview, sendDueInterviewReminders, recordOutcome, rescheduleInterview, scheduleInterview } from "#app/modules/recruitment/interviews.server.ts";
import { pipeline } from "#app/modules/recruitment/queries.server.ts";
import ICAL from "ical.js";
import { sql } from "kysely";
import { applicationSchema } from "#app/modules/recruitment/schemas.ts";
import { bookShift } from "#app/modules/shifts/bookings.server.ts";
import { appDeps, type AppDeps } from "#app/lib/deps.server.ts";
import { createShiftSchema } from "#app/modules/shifts/schemas.ts";
import { createShifts } from "#app/modules/shifts/shifts.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/database.ts";
import { startTestServices } from "#tests/support/services.ts";
import { demoStaff } from "#tests/support/staff.ts";

let t: TestDatabase;
let services: Services;
let deps: AppDeps;
let gulou: StaffUser;
let streets: StaffUser;
let shelving: number;
const TODAY = "2026-11-25";
const schema = applicationSchema(TODAY);

beforeAll(async () => {
  t = await createTestDatabase();
  services = await startTestServices(t, { WORKERS: "off" });
  deps = appDeps(services);
  const user = await demoStaff(t.db);
  gulou = user("coord.gulou@shuxiang.example", ["GL"]);
  streets = user("coord.streets@shuxiang.example", ["FC", "HC"]);
  shelving = (await t.db.selectFrom("shuxiang.roles").select("id").where("code", "=", "shelving").executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await services?.close();
  await t?.drop();
});

const form = (overrides: Record<string, unknown> = {}) => ({
  name: "林小雨",
  phone: "138 1234 5678",
  email: "lin.xiaoyu@example.com",
  birthDate: "1995-04-12",
  language: "zh-CN",
  branches: ["GL"],
  roles: [String(shelving)],
  availability: ["sat-am", "sun-pm"],
  skills: "会修补图书",
  consent: "on",
  ...overrides,
});

describe("the application form", () => {
  it("refuses bad input with a message per field", () => {
    const problems = (input: Record<string, unknown>) => {
      const r = schema.safeParse(input);
      // The first message per field, as the form shows it.
      return r.success ? {} : Object.fromEntries(r.error.issues.reverse().map((i) => [String(i.path[0]), i.message]));
    };
    expect(problems({})).toMatchObject({ name: "validation.required", phone: "validation.required", email: "validation.required", consent: "apply.errors.consent" });
    expect(problems(form({ name: "x".repeat(10_000) }))).toEqual({ name: "validation.tooLong:50" });
    expect(problems(form({ name: "<script>alert(1)</script>" }))).toMatchObject({ name: "validation.markup" });
    expect(problems(form({ skills: "<b>hi</b>" }))).toEqual({ skills: "validation.markup" });
    expect(problems(form({ name: "林😀" }))).toEqual({ name: "validation.name" });
    expect(problems(form({ phone: "12345" }))).toEqual({ phone: "validation.phone" });
    expect(problems(form({ birthDate: "2030-01-01" }))).toEqual({ birthDate: "apply.errors.birthFuture" });
    expect(problems(form({ birthDate: "2026-02-30" }))).toMatchObject({ birthDate: expect.any(String) });
    expect(problems(form({ branches: [], roles: [], availability: [] }))).toEqual({ branches: "apply.errors.branches", roles: "apply.errors.roles", availability: "apply.errors.availability" });
    expect(problems(form({ cardNumber: "12ab" }))).toEqual({ cardNumber: "apply.errors.cardFormat" });
    // Under 18 (and under 14): the guardian's name, phone and consent are required.
    expect(problems(form({ birthDate: "2010-06-01" }))).toEqual({ guardianName: "apply.errors.guardianRequired", guardianPhone: "apply.errors.guardianRequired", guardianConsent: "apply.errors.guardianConsent" });
    expect(problems(form({ birthDate: "2014-06-01", guardianName: "林大海", guardianPhone: "13900001111", guardianConsent: "on" }))).toEqual({});
    expect(problems(form({ birthDate: "2008-11-26" }))).toHaveProperty("guardianName");
    expect(problems(form({ birthDate: "2008-11-25" }))).toEqual({});
  });

  it("verifies a library card against the readers table: the right name links it, anything else is refused", async () => {
    const reader = await t.db.selectFrom("library.readers").select(["id", "card_number", "name"]).where("status", "=", "active").orderBy("card_number").executeTakeFirstOrThrow();
    const wrongName = await submitApplication(deps, schema.parse(form({ email: "card1@example.com", cardNumber: reader.card_number, name: "张三丰" })), "127.0.0.1");
    expect(wrongName).toEqual({ ok: false, errors: { cardNumber: "apply.errors.cardMismatch" } });
    const unknown = await submitApplication(deps, schema.parse(form({ email: "card2@example.com", cardNumber: "3203029999999" })), "127.0.0.1");
    expect(unknown).toEqual({ ok: false, errors: { cardNumber: "apply.errors.cardMismatch" } });
    expect(await t.db.selectFrom("shuxiang.volunteers").select("id").where("email", "in", ["card1@example.com", "card2@example.com"]).execute()).toEqual([]);
    const right = await submitApplication(deps, schema.parse(form({ email: "card3@example.com", cardNumber: reader.card_number, name: reader.name })), "127.0.0.1");
    expect(right.ok).toBe(true);
    const person = await t.db.selectFrom("shuxiang.volunteers").select(["reader_id", "status"]).where("email", "=", "card3@example.com").executeTakeFirstOrThrow();
    expect(person).toEqual({ reader_id: reader.id, status: "applicant" });
  });

  it("two identical posts at once make one application; the confirmation email is queued in the applicant's language", async () => {
    const input = schema.parse(form({ email: "twice@example.com", language: "en", name: "Mary Chen" }));
    const results = await Promise.all([submitApplication(deps, input, "127.0.0.1"), submitApplication(deps, input, "127.0.0.1")]);
    expect(results.map((r) => r.ok).sort()).toEqual([true, "duplicate"].sort());
    const apps = await t.db.selectFrom("shuxiang.applications as a").innerJoin("shuxiang.volunteers as v", "v.id", "a.volunteer_id").select("a.id").where("v.email", "=", "twice@example.com").execute();
    expect(apps).toHaveLength(1);
    const mails = await t.db.selectFrom("shuxiang.messages").select(["template", "language"]).where("recipient_email", "=", "twice@example.com").execute();
    expect(mails).toEqual([{ template: "application-received", language: "en" }]);
    // Applying again later is also a duplicate (the route then emails a sign-in link).
    expect(await submitApplication(deps, input, "127.0.0.1")).toEqual({ ok: "duplicate" });
  });
});

describe("the pipeline", () => {
  it("moves applied → interview → training → appointed with guards, history, audit and an email each step", async () => {
    const submitted = await submitApplication(deps, schema.parse(form({ email: "pipeline@example.com", name: "周明" })), "127.0.0.1");
    if (submitted.ok !== true) throw new Error("not submitted");
    const id = submitted.applicationId;
    const person = await t.db.selectFrom("shuxiang.volunteers").select("id").where("email", "=", "pipeline@example.com").executeTakeFirstOrThrow();

    // An applicant cannot book shifts.
    const date = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + 20 * 86400_000));
    const shift = await createShifts(deps, { staffId: gulou.id }, createShiftSchema.parse({ branch: "GL", roleId: shelving, date, start: "09:00", end: "10:00", capacity: 2, minNeeded: 1 }));
    if (!shift.ok) throw new Error();
    expect(await bookShift(deps, person.id, shift.ids[0])).toEqual({ ok: false, reason: "not-volunteer" });

    expect(await moveApplication(deps, streets, id, "applied", "interview", "")).toEqual({ ok: false, reason: "forbidden" });
    expect(await moveApplication(deps, gulou, id, "applied", "appointed", "")).toEqual({ ok: false, reason: "not-allowed" });
    expect(await moveApplication(deps, gulou, id, "applied", "interview", "电话约了周六")).toEqual({ ok: true });
    expect(await moveApplication(deps, gulou, id, "applied", "training", "")).toEqual({ ok: false, reason: "stale" });
    expect(await moveApplication(deps, gulou, id, "interview", "training", "")).toEqual({ ok: true });
    const appointed = await moveApplication(deps, gulou, id, "training", "appointed", "");
    expect(appointed).toMatchObject({ ok: true, volunteerNumber: expect.stringMatching(/^GL-\d{4}-\d{5}$/) });

    const v = await t.db.selectFrom("shuxiang.volunteers").select(["status", "volunteer_number"]).where("id", "=", person.id).executeTakeFirstOrThrow();
    expect(v.status).toBe("appointed");
    expect(await bookShift(deps, person.id, shift.ids[0])).toMatchObject({ ok: true, status: "confirmed" });

    const events = await t.db.selectFrom("shuxiang.application_events").select(["from_status", "to_status", "note"]).where("application_id", "=", id).orderBy("id").execute();
    expect(events.map((e) => [e.from_status, e.to_status])).toEqual([
      [null, "applied"],
      ["applied", "interview"],
      ["interview", "training"],
      ["training", "appointed"],
    ]);
    expect(events[1].note).toBe("电话约了周六");
    const audit = await t.db.selectFrom("shuxiang.audit_log").select("action").where("entity_type", "=", "application").where("entity_id", "=", String(id)).execute();
    expect(audit).toHaveLength(3);
    const mails = await t.db.selectFrom("shuxiang.messages").select("template").where("recipient_email", "=", "pipeline@example.com").orderBy("id").execute();
    expect(mails.map((m) => m.template)).toEqual(["application-received", "application-update", "application-update", "appointment", "shift-booked"]);
  });

  it("counts per column and filters within the coordinator's branches; search by name, phone or card", async () => {
    await submitApplication(deps, schema.parse(form({ email: "fc-applicant@example.com", name: "吴芳", phone: "13700001234", branches: ["FC"] })), "127.0.0.1");
    const mine = await pipeline(t.db, streets, {});
    expect(mine.applications.map((a) => a.name)).toContain("吴芳");
    expect(mine.applications.every((a) => a.preferred_branches.some((b) => ["FC", "HC"].includes(b)))).toBe(true);
    expect(mine.counts.applied).toBe(mine.applications.filter((a) => a.status === "applied").length);
    const gl = await pipeline(t.db, gulou, {});
    expect(gl.applications.map((a) => a.name)).not.toContain("吴芳");
    expect((await pipeline(t.db, gulou, { q: "周明" })).applications.map((a) => a.name)).toEqual(["周明"]);
    expect((await pipeline(t.db, streets, { q: "13700001234" })).applications.map((a) => a.name)).toEqual(["吴芳"]);
    expect((await pipeline(t.db, gulou, { status: "appointed" })).applications.map((a) => a.name)).toContain("周明");
    expect((await pipeline(t.db, gulou, { status: "appointed" })).applications.every((a) => a.status === "appointed")).toBe(true);
    const seniors = (await pipeline(t.db, gulou, { ageGroup: "60plus" })).applications;
    expect(seniors.every((a) => a.birth_date !== null && a.birth_date <= "1966-11-25")).toBe(true);
  });
});

describe("interviews", () => {
  it("invite → move → cancel reach the applicant and the interviewer as one calendar item with a rising SEQUENCE", async () => {
    const submitted = await submitApplication(deps, schema.parse(form({ email: "interviewee@example.com", name: "韩雪", language: "en" })), "127.0.0.1");
    if (submitted.ok !== true) throw new Error();
    const id = submitted.applicationId;
    const date = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + 5 * 86400_000));
    const slot = { branch: "GL", date, start: "10:00", end: "10:30", place: "三楼小会议室", interviewerId: gulou.id };
    expect(await scheduleInterview(deps, streets, id, slot)).toEqual({ ok: false, errors: { form: "pipeline.refusal.forbidden" } });
    expect(await scheduleInterview(deps, gulou, id, { ...slot, date: "2020-01-01" })).toEqual({ ok: false, errors: { date: "shifts.errors.past" } });
    const scheduled = await scheduleInterview(deps, gulou, id, slot);
    if (!scheduled.ok) throw new Error(JSON.stringify(scheduled.errors));
    expect(await scheduleInterview(deps, gulou, id, slot)).toEqual({ ok: false, errors: { form: "interview.errors.exists" } });
    const status = await t.db.selectFrom("shuxiang.applications").select("status").where("id", "=", id).executeTakeFirstOrThrow();
    expect(status.status).toBe("interview");

    expect(await rescheduleInterview(deps, gulou, scheduled.interviewId, { ...slot, start: "14:00", end: "14:30" })).toMatchObject({ ok: true });
    expect(await rescheduleInterview(deps, gulou, scheduled.interviewId, { ...slot, interviewerId: streets.id })).toEqual({ ok: false, errors: { interviewerId: "interview.errors.changeInterviewer" } });
    expect(await cancelInterview(deps, gulou, scheduled.interviewId, "面谈人临时有事")).toMatchObject({ ok: true });
    expect(await recordOutcome(deps, gulou, scheduled.interviewId, "passed", "")).toEqual({ ok: false, errors: { form: "interview.errors.notScheduled" } });

    for (const email of ["interviewee@example.com", "coord.gulou@shuxiang.example"]) {
      const mails = await t.db.selectFrom("shuxiang.messages").select(["template", "ical", "ical_method", "language"]).where("recipient_email", "=", email).where("template", "like", "interview-%").orderBy("id").execute();
      expect(mails.map((m) => [m.template, m.ical_method])).toEqual([
        ["interview-invite", "REQUEST"],
        ["interview-update", "REQUEST"],
        ["interview-cancel", "CANCEL"],
      ]);
      const events = mails.map((m) => {
        const root = new ICAL.Component(ICAL.parse(m.ical!));
        for (const vtz of root.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
        const e = new ICAL.Event(root.getFirstSubcomponent("vevent")!);
        return { uid: e.uid, sequence: e.sequence, start: e.startDate.toJSDate().toISOString() };
      });
      expect(new Set(events.map((e) => e.uid)).size).toBe(1);
      expect(events[0].uid).toBe(`interview-${scheduled.interviewId}@localhost`);
      expect(events[1].sequence).toBeGreaterThan(events[0].sequence);
      expect(events[2].sequence).toBeGreaterThan(events[1].sequence);
      // 14:00 in Shanghai is 06:00 UTC.
      expect(events[1].start).toBe(`${date}T06:00:00.000Z`);
    }
    // Each in their own language: the applicant wrote in English.
    const applicantMail = await t.db.selectFrom("shuxiang.messages").select("language").where("recipient_email", "=", "interviewee@example.com").where("template", "=", "interview-invite").executeTakeFirstOrThrow();
    expect(applicantMail.language).toBe("en");

    // A new interview, and its outcome goes into the history.
    const again = await scheduleInterview(deps, gulou, id, { ...slot, start: "15:00", end: "15:30" });
    if (!again.ok) throw new Error();
    expect(await recordOutcome(deps, gulou, again.interviewId, "passed", "沟通顺利")).toMatchObject({ ok: true });
    const history = await t.db.selectFrom("shuxiang.application_events").select("note").where("application_id", "=", id).orderBy("id").execute();
    expect(history.at(-1)?.note).toBe("interview:passed 沟通顺利");
  });

  it("reminds both people at the lead time, once; a moved interview's reminder moves; a cancelled one has none", async () => {
    const submitted = await submitApplication(deps, schema.parse(form({ email: "reminded@example.com", name: "周洁" })), "127.0.0.1");
    if (submitted.ok !== true) throw new Error();
    const date = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + 6 * 86400_000));
    const slot = { branch: "GL", date, start: "10:00", end: "10:30", place: "三楼小会议室", interviewerId: gulou.id };
    const scheduled = await scheduleInterview(deps, gulou, submitted.applicationId, slot);
    if (!scheduled.ok) throw new Error();
    const start = new Date(`${date}T02:00:00Z`).getTime();
    const reminders = async () => (await t.db.selectFrom("shuxiang.messages").select(["recipient_email", "ical"]).where("template", "=", "interview-reminder").where(sql<boolean>`data @> ${JSON.stringify({ applicantName: "周洁" })}::jsonb`).execute());
    expect(await sendDueInterviewReminders(deps, new Date(start - 25 * 3600_000))).toBe(0);
    expect(await sendDueInterviewReminders(deps, new Date(start - 23 * 3600_000))).toBe(1);
    expect(await sendDueInterviewReminders(deps, new Date(start - 22 * 3600_000))).toBe(0);
    const sent = await reminders();
    expect(sent.map((m) => m.recipient_email).sort()).toEqual(["coord.gulou@shuxiang.example", "reminded@example.com"]);
    expect(sent.every((m) => m.ical === null)).toBe(true);
    // Moved to the afternoon (now, well before the new reminder is due): one more reminder for the new time.
    expect(await rescheduleInterview(deps, gulou, scheduled.interviewId, { ...slot, start: "15:00", end: "15:30" })).toMatchObject({ ok: true });
    expect(await sendDueInterviewReminders(deps, new Date(start + 5 * 3600_000 - 23 * 3600_000))).toBe(1);
    expect(await cancelInterview(deps, gulou, scheduled.interviewId, "改期")).toMatchObject({ ok: true });
    expect(await sendDueInterviewReminders(deps, new Date(start + 5 * 3600_000 - 1 * 3600_000))).toBe(0);
    expect(await reminders()).toHaveLength(4);
  });
});
