// What the outbox keeps at rest (docs/decisions/0015), on real PostgreSQL with a real SMTP server:
// no working private link anywhere in the database, before delivery or after, while the delivered
// email and invite still carry one that works; and retention anonymises the messages of the
// registrations and applications it anonymises, and no others.
import ICAL from "ical.js";
import { sql } from "kysely";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Services } from "#app/services.server.ts";
import type { StaffUser } from "#app/modules/auth/policy.ts";
import { runRetention } from "#app/modules/admin/retention.server.ts";
import { staffSchema } from "#app/modules/admin/schemas.ts";
import { inviteStaff } from "#app/modules/admin/staff-accounts.server.ts";
import { sendVolunteerSignInCode } from "#app/modules/auth/volunteer-sign-in.server.ts";
import { createEvents } from "#app/modules/events/events.server.ts";
import { registerForEvent, registrationByToken } from "#app/modules/events/registrations.server.ts";
import { createEventSchema, registrationSchema, withNeeds } from "#app/modules/events/schemas.ts";
import { listDeliveries } from "#app/modules/admin/deliveries.server.ts";
import { openMessage, queueCopy } from "#app/modules/notifications/outbox.server.ts";
import { moveApplication, submitApplication } from "#app/modules/recruitment/applications.server.ts";
import { scheduleInterview } from "#app/modules/recruitment/interviews.server.ts";
import { applicationSchema } from "#app/modules/recruitment/schemas.ts";
import { appDeps, type AppDeps } from "#app/lib/deps.server.ts";
import * as outboxPrivacy from "#db/migrations/2026-12-03-0015-outbox-privacy.ts";
import { DEMO_VOLUNTEER_EMAIL } from "#db/seed/index.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/database.ts";
import { startTestServices } from "#tests/support/services.ts";
import { recipients, startSmtpServer, type TestSmtpServer } from "#tests/support/smtp.ts";
import { demoStaff } from "#tests/support/staff.ts";

let t: TestDatabase;
let smtp: TestSmtpServer;
let services: Services;
let deps: AppDeps;
let admin: StaffUser;
let gulou: StaffUser;

const day = (offset: number) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + offset * 86400_000));

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await startSmtpServer();
  // Writing only: the delivery workers are started when the test lets the messages go.
  services = await startTestServices(t, { SMTP_URL: smtp.url, WORKERS: "off" });
  deps = appDeps(services);
  const user = await demoStaff(t.db);
  admin = user("admin@shuxiang.example", []);
  gulou = user("coord.gulou@shuxiang.example", ["GL"]);
});
afterAll(async () => {
  await services?.close();
  await smtp?.close();
  await t?.drop();
});

/** A calendar file's folded lines (CRLF and a space), also as JSON writes them: a token can be split there. */
const FOLD = String.raw`(\r\n|\\r\\n)[ \t]`;

/** Every text, varchar, json and jsonb column (arrays too) of every table and view, in every schema, that holds `needle`. */
async function columnsHolding(needle: string): Promise<string[]> {
  const columns = await sql<{ s: string; t: string; c: string }>`
    SELECT table_schema AS s, table_name AS t, column_name AS c
    FROM information_schema.columns
    WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
      AND (data_type IN ('text', 'character varying', 'character', 'json', 'jsonb') OR udt_name IN ('_text', '_varchar', '_json', '_jsonb'))`.execute(t.db);
  expect(columns.rows.map((r) => r.s)).toEqual(expect.arrayContaining(["shuxiang", "library", "pgboss"]));
  const found: string[] = [];
  for (const { s, t: table, c } of columns.rows) {
    const hit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.id(s, table)} WHERE strpos(regexp_replace(${sql.id(c)}::text, ${FOLD}, '', 'g'), ${needle}) > 0`.execute(t.db);
    if (hit.rows[0].n > 0) found.push(`${s}.${table}.${c}`);
  }
  return found;
}

async function planEvent(overrides: Record<string, unknown>) {
  const input = createEventSchema.parse(
    withNeeds({
      titleZh: "隐私测试绘本会",
      titleEn: "Privacy test story time",
      kind: "parent-child",
      audience: "parent-child",
      branch: "GL",
      roomId: "",
      place: "三楼绘本角",
      start: "09:30",
      end: "11:00",
      capacity: "20",
      maxParty: "4",
      guestsAllowed: "on",
      closesHoursBefore: "1",
      ...overrides,
    }),
  );
  const result = await createEvents(deps, gulou, input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.ids[0];
}

async function register(eventId: number, input: Record<string, unknown>) {
  const result = await registerForEvent(deps, eventId, registrationSchema.parse({ adults: "1", children: "0", ...input }));
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result;
}

/** The stored message to an address, opened as the delivery worker opens it. */
async function openedMessageTo(email: string) {
  const row = await t.db.selectFrom("shuxiang.messages").selectAll().where("recipient_email", "=", email).orderBy("id", "desc").executeTakeFirstOrThrow();
  return { row, opened: openMessage(deps.secret, row) };
}

const lastSegment = (url: unknown) => String(url).split("/").pop()!;

function inviteUrl(mail: ParsedMail): string {
  const calendar = mail.attachments.find((a) => a.contentType === "text/calendar");
  const vevent = new ICAL.Component(ICAL.parse(calendar!.content.toString())).getFirstSubcomponent("vevent")!;
  return String(vevent.getFirstPropertyValue("url"));
}

async function allSent(ids: number[]) {
  for (;;) {
    const rows = await t.db.selectFrom("shuxiang.messages").select("status").where("id", "in", ids).execute();
    if (rows.every((r) => r.status === "sent")) return;
    expect(rows.map((r) => r.status)).not.toContain("failed");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("private links at rest", () => {
  it("no table holds a registration's token, a sign-in link or a staff link, before delivery or after; the email and invite carry a working link", async () => {
    const eventId = await planEvent({ date: day(20) });
    const reader = await t.db.selectFrom("library.readers").select(["card_number", "name"]).where("status", "=", "active").orderBy("card_number").executeTakeFirstOrThrow();
    const guest = await register(eventId, { mode: "guest", name: "隐私访客", email: "privacy.guest@example.com" });
    const card = await register(eventId, { mode: "card", cardNumber: reader.card_number, name: reader.name, email: "privacy.card@example.com" });
    const code = await sendVolunteerSignInCode(services, { email: DEMO_VOLUNTEER_EMAIL, ip: "127.0.0.1" });
    if (!code.ok) throw new Error(code.reason);
    const invited = await inviteStaff(deps, admin, staffSchema.parse({ name: "孙隐", email: "sun.yin@shuxiang.example", role: "desk", branches: ["GL"] }));
    if (!invited.ok) throw new Error(JSON.stringify(invited.errors));

    const signIn = await openedMessageTo(DEMO_VOLUNTEER_EMAIL);
    const staffLink = await openedMessageTo("sun.yin@shuxiang.example");
    const secrets = {
      guest: guest.token,
      card: card.token,
      signInLink: lastSegment(signIn.opened.data.link),
      staffLink: lastSegment(staffLink.opened.data.link),
    };
    // The search itself finds what is there (the guest's address), so an empty answer means something.
    expect(await columnsHolding("privacy.guest@example.com")).toEqual(expect.arrayContaining(["shuxiang.messages.recipient_email", "shuxiang.registrations.email"]));
    const registrationMessages = await t.db.selectFrom("shuxiang.messages").select(["id", "ical"]).where("registration_id", "in", [guest.registrationId, card.registrationId]).execute();
    expect(registrationMessages.map((m) => m.ical !== null)).toEqual([true, true]);
    for (const [what, token] of Object.entries(secrets)) expect({ what, at: await columnsHolding(token) }).toEqual({ what, at: [] });
    // The six-digit code is sealed too (searching the whole database for six digits would find other things).
    expect(signIn.row.data.code).toMatch(/^sealed:v1:/);

    // The delivery workers open the sealed parts only to send them.
    const worker = await startTestServices(t, { SMTP_URL: smtp.url });
    try {
      const mailTo = (email: string) => smtp.waitFor((m) => recipients(m).includes(email));
      const [guestMail, cardMail, signInMail, staffMail] = await Promise.all([mailTo("privacy.guest@example.com"), mailTo("privacy.card@example.com"), mailTo(DEMO_VOLUNTEER_EMAIL), mailTo("sun.yin@shuxiang.example")]);
      await allSent([...registrationMessages.map((m) => m.id), signIn.row.id, staffLink.row.id]);

      for (const [mail, r] of [[guestMail, guest], [cardMail, card]] as const) {
        expect(mail.text).toContain(`/events/registration/${r.token}`);
        const fromInvite = lastSegment(inviteUrl(mail));
        expect((await registrationByToken(t.db, fromInvite))?.id).toBe(r.registrationId);
      }
      expect(signInMail.text).toContain(secrets.signInLink);
      expect(staffMail.text).toContain(secrets.staffLink);

      // An administrator's resend copies the stored message as it is: still sealed, still working once sent.
      const original = await t.db.selectFrom("shuxiang.messages").selectAll().where("registration_id", "=", guest.registrationId).executeTakeFirstOrThrow();
      const copyId = await t.db.transaction().execute((trx) => queueCopy(trx, services.boss, "localhost", original));
      const copy = await smtp.waitFor((m) => recipients(m).includes("privacy.guest@example.com") && m.messageId !== guestMail.messageId);
      await allSent([copyId]);
      expect((await registrationByToken(t.db, lastSegment(inviteUrl(copy))))?.id).toBe(guest.registrationId);
    } finally {
      await worker.close();
    }

    for (const [what, token] of Object.entries(secrets)) expect({ what, at: await columnsHolding(token) }).toEqual({ what, at: [] });
    // What the delivery page reads shows none of them either.
    const page = JSON.stringify(await listDeliveries(t.db, { limit: 1000 }));
    for (const token of Object.values(secrets)) expect(page).not.toContain(token);
  });
});

describe("retention and the outbox", () => {
  it("anonymises the messages of the registrations and applications it anonymises, the interviewer's copies included, and no others", async () => {
    const oldEvent = await planEvent({ date: day(40), titleZh: "很久以前的故事会" });
    const keptEvent = await planEvent({ date: day(41), titleZh: "将来的故事会" });
    const gone = await register(oldEvent, { mode: "guest", name: "过期访客", email: "expired.guest@example.com" });
    await register(keptEvent, { mode: "guest", name: "留下的访客", email: "kept.guest@example.com" });

    const schema = applicationSchema(day(0));
    const shelving = (await t.db.selectFrom("shuxiang.roles").select("id").where("code", "=", "shelving").executeTakeFirstOrThrow()).id;
    const form = (name: string, email: string) =>
      schema.parse({ name, email, phone: "138 1234 5678", birthDate: "1990-04-12", language: "zh-CN", branches: ["GL"], roles: [String(shelving)], availability: ["sat-am"], consent: "on" });
    const declined = await submitApplication(deps, form("过期申请人", "expired.applicant@example.com"), "127.0.0.1");
    const kept = await submitApplication(deps, form("在办申请人", "kept.applicant@example.com"), "127.0.0.1");
    if (declined.ok !== true || kept.ok !== true) throw new Error("applications not submitted");
    const slot = { branch: "GL", date: day(5), start: "10:00", end: "10:30", place: "三楼小会议室", interviewerId: gulou.id };
    const interview = await scheduleInterview(deps, gulou, declined.applicationId, slot);
    if (!interview.ok) throw new Error(JSON.stringify(interview.errors));
    expect(await moveApplication(deps, gulou, declined.applicationId, "interview", "declined", "名额已满")).toEqual({ ok: true });

    // Two years pass for the old event and the decline (the rest keep their dates).
    await sql`UPDATE shuxiang.events SET starts_at = starts_at - interval '730 days', ends_at = ends_at - interval '730 days',
      blocked_from = blocked_from - interval '730 days', blocked_until = blocked_until - interval '730 days', local_date = local_date - 730 WHERE id = ${oldEvent}`.execute(t.db);
    await t.db.updateTable("shuxiang.applications").set({ updated_at: sql`now() - interval '730 days'` }).where("id", "=", declined.applicationId).execute();

    const theirs = () =>
      t.db
        .selectFrom("shuxiang.messages")
        .selectAll()
        .where((eb) => eb.or([eb("registration_id", "=", gone.registrationId), eb("application_id", "=", declined.applicationId)]))
        .orderBy("id")
        .execute();
    const others = () => t.db.selectFrom("shuxiang.messages").selectAll().where((eb) => eb.or([eb("registration_id", "is", null), eb("registration_id", "<>", gone.registrationId)])).where((eb) => eb.or([eb("application_id", "is", null), eb("application_id", "<>", declined.applicationId)])).orderBy("id").execute();
    const before = await theirs();
    // The guest's confirmation, the application's three and the interview invite to both people.
    expect(before.map((m) => m.recipient_email).sort()).toEqual(
      ["coord.gulou@shuxiang.example", "expired.applicant@example.com", "expired.applicant@example.com", "expired.applicant@example.com", "expired.guest@example.com"].sort(),
    );
    expect(before.filter((m) => m.ical !== null)).toHaveLength(3);
    const othersBefore = await others();
    expect(othersBefore.map((m) => m.recipient_email)).toEqual(expect.arrayContaining(["kept.guest@example.com", "kept.applicant@example.com"]));

    expect(await runRetention(deps)).toEqual({ guests: 1, declined: 1 });

    const after = await theirs();
    expect(after.map((m) => m.id)).toEqual(before.map((m) => m.id));
    for (const m of after) {
      expect({ name: m.recipient_name, data: m.data, ical: m.ical }).toEqual({ name: "", data: {}, ical: null });
      expect(m.recipient_email).toMatch(/@invalid$/);
      const text = JSON.stringify(m);
      for (const personal of ["过期访客", "expired.guest@example.com", "过期申请人", "expired.applicant@example.com"]) expect(text).not.toContain(personal);
    }
    // The delivery page's query shows them anonymised.
    const listed = new Map((await listDeliveries(t.db, { limit: 1000 })).map((m) => [m.id, m.recipient_email]));
    for (const m of after) expect(listed.get(m.id)).toMatch(/@invalid$/);
    expect(await others()).toEqual(othersBefore);
  });
});

describe("messages written before the outbox sealed invites", () => {
  it("are linked to their registration and application by the migration, and their stored invites lose the private link", async () => {
    const eventId = await planEvent({ date: day(50), titleZh: "升级前的故事会" });
    const r = await register(eventId, { mode: "guest", name: "升级前访客", email: "before.upgrade@example.com" });
    const shelving = (await t.db.selectFrom("shuxiang.roles").select("id").where("code", "=", "shelving").executeTakeFirstOrThrow()).id;
    const applied = await submitApplication(
      deps,
      applicationSchema(day(0)).parse({ name: "升级前申请人", email: "before.upgrade.applicant@example.com", phone: "138 1234 5678", birthDate: "1990-04-12", language: "zh-CN", branches: ["GL"], roles: [String(shelving)], availability: ["sat-am"], consent: "on" }),
      "127.0.0.1",
    );
    if (applied.ok !== true) throw new Error("application not submitted");
    // As such a message was stored before: the invite in clear text, no link to what it is about.
    const { row, opened } = await openedMessageTo("before.upgrade@example.com");
    await outboxPrivacy.down(t.db);
    await t.db.updateTable("shuxiang.messages").set({ ical: opened.ical }).where("id", "=", row.id).execute();
    expect((await columnsHolding(r.token)).length).toBeGreaterThan(0);

    await outboxPrivacy.up(t.db);

    expect(await columnsHolding(r.token)).toEqual([]);
    const after = await t.db.selectFrom("shuxiang.messages").select(["registration_id", "ical"]).where("id", "=", row.id).executeTakeFirstOrThrow();
    expect(after.registration_id).toBe(r.registrationId);
    const vevent = new ICAL.Component(ICAL.parse(after.ical!)).getFirstSubcomponent("vevent")!;
    expect(vevent.getFirstPropertyValue("uid")).toBe(`registration-${r.registrationId}@localhost`);
    expect(vevent.getFirstPropertyValue("url")).toBeNull();
    const received = await t.db.selectFrom("shuxiang.messages").select("application_id").where("recipient_email", "=", "before.upgrade.applicant@example.com").executeTakeFirstOrThrow();
    expect(received.application_id).toBe(applied.applicationId);
  });
});
