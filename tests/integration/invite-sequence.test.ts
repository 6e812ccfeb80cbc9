// Every change path that reaches people's calendars raises SEQUENCE (docs/decisions/0024): each
// step below makes one change, delivers what it queued through a real SMTP server, and checks with
// ical.js that each invite a person receives carries a SEQUENCE above the last one they received
// for the same UID. A calendar ignores an update with the same number, silently — so a path that
// forgot to go through app/modules/calendar/sequence.server.ts fails here by name.
import ICAL from "ical.js";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Services } from "#app/services.server.ts";
import type { StaffUser } from "#app/modules/auth/policy.ts";
import { appDeps, type AppDeps } from "#app/lib/deps.server.ts";
import { cancelEvents, createEvents, updateEvent } from "#app/modules/events/events.server.ts";
import { cancelRegistration, registerForEvent } from "#app/modules/events/registrations.server.ts";
import { createEventSchema, editEventSchema, registrationSchema, withNeeds } from "#app/modules/events/schemas.ts";
import { submitApplication } from "#app/modules/recruitment/applications.server.ts";
import { cancelInterview, rescheduleInterview, scheduleInterview } from "#app/modules/recruitment/interviews.server.ts";
import { applicationSchema } from "#app/modules/recruitment/schemas.ts";
import { assignVolunteer, bookShift, cancelBooking, removeVolunteer } from "#app/modules/shifts/bookings.server.ts";
import { createShiftSchema, editShiftSchema } from "#app/modules/shifts/schemas.ts";
import { cancelShifts, createShifts, updateShift } from "#app/modules/shifts/shifts.server.ts";
import { cancelEnrolment, cancelTrainingSession, createTrainingSession, enrolTrainee } from "#app/modules/trainings/trainings.server.ts";
import { trainingSessionSchema } from "#app/modules/trainings/schemas.ts";
import { changeOwnStatus } from "#app/modules/volunteers/profile.server.ts";
import { suspensionSchema } from "#app/modules/volunteers/schemas.ts";
import { changeSuspension } from "#app/modules/volunteers/suspension.server.ts";
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
let repairTraining: number;

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await startSmtpServer();
  services = await startTestServices(t, { SMTP_URL: smtp.url, WORKERS: "off" });
  deps = appDeps(services);
  const user = await demoStaff(t.db);
  gulou = user("coord.gulou@shuxiang.example", ["GL"]);
  admin = user("admin@shuxiang.example", []);
  shelving = (await t.db.selectFrom("shuxiang.roles").select("id").where("code", "=", "shelving").executeTakeFirstOrThrow()).id;
  helperRole = (await t.db.selectFrom("shuxiang.roles").select("id").where("code", "=", "event-help").executeTakeFirstOrThrow()).id;
  repairTraining = (await t.db.selectFrom("shuxiang.trainings").select("id").where("code", "=", "book-repair").executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await services?.close();
  await smtp?.close();
  await t?.drop();
});

const day = (offset: number) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + offset * 86400_000));

const deliverQueued = () => deliverOutbox(t, services, smtp);

interface Received {
  to: string;
  uid: string;
  method: string;
  sequence: number;
}

function invitesIn(mails: ParsedMail[]): Received[] {
  return mails.flatMap((mail) => {
    const part = mail.attachments.find((a) => a.contentType === "text/calendar");
    if (!part) return [];
    const root = new ICAL.Component(ICAL.parse(part.content.toString()));
    const event = new ICAL.Event(root.getFirstSubcomponent("vevent")!);
    return recipients(mail).map((to) => ({ to, uid: event.uid, method: String(root.getFirstPropertyValue("method")), sequence: event.sequence }));
  });
}

/** The last SEQUENCE each person received for each UID. */
const last = new Map<string, number>();

/**
 * Runs one change, delivers its messages, and checks every invite against the last one the same
 * person had for the same UID. `expected`: who must receive an invite from this change, with its
 * METHOD. Returns the invites, keyed by recipient.
 */
async function step(name: string, expected: Record<string, "REQUEST" | "CANCEL">, change: () => Promise<unknown>): Promise<Map<string, Received>> {
  const result = await change();
  expect(result, name).toMatchObject({ ok: true });
  const invites = invitesIn(await deliverQueued());
  const stale: string[] = [];
  for (const invite of invites) {
    const key = `${invite.to}|${invite.uid}`;
    const before = last.get(key);
    if (before !== undefined && invite.sequence <= before) stale.push(`${name}: ${invite.to} got ${invite.uid} ${invite.method} with SEQUENCE ${invite.sequence}, not above ${before}`);
    last.set(key, invite.sequence);
  }
  expect(stale).toEqual([]);
  const byRecipient = new Map(invites.map((i) => [i.to, i]));
  for (const [email, method] of Object.entries(expected)) expect(byRecipient.get(email)?.method, `${name}: ${email}`).toBe(method);
  return byRecipient;
}

async function volunteers(prefix: string, n: number) {
  const rows = await t.db
    .insertInto("shuxiang.volunteers")
    .values(Array.from({ length: n }, (_, i) => ({ email: `${prefix}${i}@example.com`, name: `志愿者${prefix}${i}`, status: "appointed" as const, home_branch_code: "GL", preferred_branches: ["GL"] })))
    .returning(["id", "email"])
    .execute();
  return rows;
}

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

describe("every change that reaches a calendar raises its SEQUENCE", () => {
  it("shifts and bookings: time, notes, own cancellation, promotion, removal, booking again, a place added, shift cancelled, assignment, suspension, retirement", async () => {
    const form = { branch: "GL", roleId: shelving, date: day(20), start: "09:00", end: "11:00", capacity: 2, minNeeded: 1, notes: "" };
    const planned = await createShifts(deps, { user: gulou }, createShiftSchema.parse(form));
    if (!planned.ok) throw new Error(JSON.stringify(planned.errors));
    const shiftId = planned.ids[0];
    const [a, b, c, d] = await volunteers("seqshift", 4);
    await step("first bookings", { [a.email]: "REQUEST", [b.email]: "REQUEST" }, async () => {
      await bookShift(deps, a.id, shiftId);
      return bookShift(deps, b.id, shiftId);
    });
    expect(await bookShift(deps, c.id, shiftId)).toMatchObject({ ok: true, status: "waitlisted" });
    const edit = { intent: "edit", date: form.date, start: "09:30", end: "11:30", capacity: 2, minNeeded: 1, notes: "", scope: "one" };
    await step("shift time changed", { [a.email]: "REQUEST", [b.email]: "REQUEST" }, () => updateShift(deps, { user: gulou }, shiftId, editShiftSchema.parse(edit)));
    await step("shift notes changed", { [a.email]: "REQUEST", [b.email]: "REQUEST" }, () => updateShift(deps, { user: gulou }, shiftId, editShiftSchema.parse({ ...edit, notes: "一楼集合" })));
    await step("own cancellation, the waiting one moves up", { [a.email]: "CANCEL", [c.email]: "REQUEST" }, () => cancelBooking(deps, a.id, shiftId));
    const bBooking = await t.db.selectFrom("shuxiang.bookings").select("id").where("shift_id", "=", shiftId).where("volunteer_id", "=", b.id).executeTakeFirstOrThrow();
    await step("removed by a coordinator", { [b.email]: "CANCEL" }, () => removeVolunteer(deps, { user: gulou }, bBooking.id, "排班调整"));
    await step("booking again after cancelling", { [a.email]: "REQUEST" }, () => bookShift(deps, a.id, shiftId));
    // B waits again, and moves up when the coordinator adds a place.
    expect(await bookShift(deps, b.id, shiftId)).toMatchObject({ ok: true, status: "waitlisted" });
    await step("capacity raised: the waiting one moves up", { [b.email]: "REQUEST" }, () => updateShift(deps, { user: gulou }, shiftId, editShiftSchema.parse({ ...edit, capacity: 3, notes: "一楼集合" })));
    await step("shift cancelled", { [a.email]: "CANCEL", [b.email]: "CANCEL", [c.email]: "CANCEL" }, () => cancelShifts(deps, { user: gulou }, shiftId, "闭馆", "one"));

    const second = await createShifts(deps, { user: gulou }, createShiftSchema.parse({ ...form, date: day(21), capacity: 3 }));
    if (!second.ok) throw new Error(JSON.stringify(second.errors));
    await step("assigned by a coordinator", { [d.email]: "REQUEST", [a.email]: "REQUEST" }, async () => {
      await assignVolunteer(deps, { user: gulou }, a.id, second.ids[0], null);
      return assignVolunteer(deps, { user: gulou }, d.id, second.ids[0], null);
    });
    await step("suspended", { [d.email]: "CANCEL" }, () => changeSuspension(deps, admin, d.id, suspensionSchema.parse({ intent: "suspend", reason: "测试" })));
    await step("retired", { [a.email]: "CANCEL" }, () => changeOwnStatus(deps, a.id, "retire"));
  });

  it("events and registrations: edit, own cancellation, promotion, event cancelled (helpers too)", async () => {
    const planned = await createEvents(deps, gulou, createEventSchema.parse(withNeeds({ ...eventForm, branch: "GL", date: day(30), [`need-${helperRole}`]: "1" })));
    if (!planned.ok) throw new Error(JSON.stringify(planned.errors));
    const eventId = planned.ids[0];
    const [helper] = await volunteers("seqhelper", 1);
    const readers = ["seq-r0@example.com", "seq-r1@example.com", "seq-r2@example.com"];
    const tokens: string[] = [];
    await step("registered, helper booked", { [readers[0]]: "REQUEST", [readers[1]]: "REQUEST", [helper.email]: "REQUEST" }, async () => {
      await bookShift(deps, helper.id, planned.shiftIds[0]);
      for (const [i, email] of readers.entries()) {
        const done = await registerForEvent(deps, eventId, registrationSchema.parse({ mode: "guest", name: ["王芳", "李娜", "张伟"][i], email, language: "zh-CN", adults: "1", children: "0" }));
        if (!done.ok) throw new Error(JSON.stringify(done));
        tokens.push(done.token);
      }
      return { ok: true };
    });
    const edit = { intent: "edit", ...eventForm, date: day(30) };
    await step("event time changed", { [readers[0]]: "REQUEST", [readers[1]]: "REQUEST", [helper.email]: "REQUEST" }, () => updateEvent(deps, gulou, eventId, editEventSchema.parse({ ...edit, start: "14:00", end: "15:00" })));
    await step("event text changed", { [readers[0]]: "REQUEST", [readers[1]]: "REQUEST", [helper.email]: "REQUEST" }, () => updateEvent(deps, gulou, eventId, editEventSchema.parse({ ...edit, start: "14:00", end: "15:00", titleZh: "冬日童话会" })));
    await step("own cancellation, the waiting one moves up", { [readers[0]]: "CANCEL", [readers[2]]: "REQUEST" }, () => cancelRegistration(deps, tokens[0]));
    await step("event cancelled", { [readers[1]]: "CANCEL", [readers[2]]: "CANCEL", [helper.email]: "CANCEL" }, () => cancelEvents(deps, gulou, eventId, "场地维修", "one"));
  });

  it("trainings: taken off, enrolled again, session cancelled", async () => {
    const created = await createTrainingSession(deps, gulou, trainingSessionSchema.parse({ trainingId: repairTraining, branch: "GL", date: day(12), start: "14:00", end: "16:00", capacity: 3 }));
    if (!created.ok) throw new Error(JSON.stringify(created));
    const [trainee] = await volunteers("seqtrainee", 1);
    const enrolled = await enrolTrainee(deps, gulou, created.sessionId, { volunteerId: trainee.id });
    if (!enrolled.ok) throw new Error(JSON.stringify(enrolled));
    await step("first invite", { [trainee.email]: "REQUEST" }, async () => ({ ok: true }));
    await step("taken off", { [trainee.email]: "CANCEL" }, () => cancelEnrolment(deps, gulou, enrolled.enrolmentId, "时间冲突"));
    await step("enrolled again", { [trainee.email]: "REQUEST" }, () => enrolTrainee(deps, gulou, created.sessionId, { volunteerId: trainee.id }));
    await step("session cancelled", { [trainee.email]: "CANCEL" }, () => cancelTrainingSession(deps, gulou, created.sessionId, "老师生病"));
  });

  it("interviews: moved, cancelled (the applicant's and the interviewer's invites)", async () => {
    const submitted = await submitApplication(
      deps,
      applicationSchema(day(0)).parse({ name: "Amy Wu", phone: "13912345678", email: "seq-applicant@example.com", birthDate: "1990-01-01", language: "en", branches: ["GL"], roles: [String(shelving)], availability: ["sat-am"], consent: "on" }),
      "127.0.0.1",
    );
    if (submitted.ok !== true) throw new Error(JSON.stringify(submitted));
    const slot = { branch: "GL", date: day(6), start: "10:00", end: "10:30", place: "三楼小会议室", interviewerId: gulou.id };
    const both = (method: "REQUEST" | "CANCEL") => ({ "seq-applicant@example.com": method, "coord.gulou@shuxiang.example": method });
    let interviewId = 0;
    await step("scheduled", both("REQUEST"), async () => {
      const scheduled = await scheduleInterview(deps, gulou, submitted.applicationId, slot);
      if (scheduled.ok) interviewId = scheduled.interviewId;
      return scheduled;
    });
    await step("moved", both("REQUEST"), () => rescheduleInterview(deps, gulou, interviewId, { ...slot, start: "15:00", end: "15:30" }));
    await step("cancelled", both("CANCEL"), () => cancelInterview(deps, gulou, interviewId, "面谈人临时有事"));
  });
});
