// The staff directory, rosters and messages against the built app on real PostgreSQL with mail to a
// real SMTP server (issue 20): a coordinator never sees another branch's volunteers (search, CSV,
// page by id); the CSV's columns; "message the people booked" and "ask for help" send the note to
// the right people, after a preview that sends nothing, and are audited with their recipients.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Services } from "#app/services.server.ts";
import { bookShift } from "#app/modules/shifts/bookings.server.ts";
import { appDeps, type AppDeps } from "#app/lib/deps.server.ts";
import { createShiftSchema } from "#app/modules/shifts/schemas.ts";
import { createShifts } from "#app/modules/shifts/shifts.server.ts";
import { sessionCookie, startApp, type AppProcess } from "#tests/support/app-process.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/database.ts";
import { startTestServices } from "#tests/support/services.ts";
import { demoStaff } from "#tests/support/staff.ts";
import { recipients, startSmtpServer, type TestSmtpServer } from "#tests/support/smtp.ts";

const SECRET = "directory-test-session-secret-0123456789abcdef";
let t: TestDatabase;
let smtp: TestSmtpServer;
let app: AppProcess;
let services: Services;
let deps: AppDeps;

const day = (offset: number) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + offset * 86400_000));

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await startSmtpServer();
  app = await startApp({ DATABASE_URL: t.url, SESSION_SECRET: SECRET, SMTP_URL: smtp.url, DEMO_DATA: "never" });
  services = await startTestServices(t, { WORKERS: "off", SESSION_SECRET: SECRET, PUBLIC_URL: app.url });
  deps = appDeps(services);
}, 90_000);
afterAll(async () => {
  await app?.stop();
  await services?.close();
  await smtp?.close();
  await t?.drop();
});

const cookieFor = (who: { staff: string }) => sessionCookie(t.db, app, SECRET, who);
const get = (path: string, cookie: string) => fetch(app.url + path, { headers: { Cookie: cookie }, redirect: "manual" });
const post = (path: string, form: Record<string, string>, cookie: string) =>
  fetch(app.url + path, { method: "POST", headers: { Origin: app.url, "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie }, body: new URLSearchParams(form), redirect: "manual" });

let numbers = 0;
async function newVolunteer(email: string, branch: string) {
  return (
    await t.db
      .insertInto("shuxiang.volunteers")
      .values({ email, name: `名录测试${email.slice(0, 6)}`, phone: "13912345678", status: "appointed", language: "zh-CN", home_branch_code: branch, preferred_branches: [], volunteer_number: `${branch}-2026-7${String(++numbers).padStart(4, "0")}` })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
}

describe("the directory keeps to the coordinator's branches", () => {
  it("a coordinator of Fengcai and Huancheng never sees a Gulou volunteer, by search, CSV, filter or id", async () => {
    const gulou = await newVolunteer("gulouonly@example.com", "GL");
    const fengcai = await newVolunteer("fengcaivol@example.com", "FC");
    const streets = await cookieFor({ staff: "coord.streets@shuxiang.example" });

    const search = await get("/staff/volunteers?q=%E5%90%8D%E5%BD%95%E6%B5%8B%E8%AF%95", streets);
    expect(search.status).toBe(200);
    const html = await search.text();
    expect(html).toContain("fengcaivol@example.com");
    expect(html).not.toContain("gulouonly@example.com");
    // By mobile and by email alike.
    expect(await (await get("/staff/volunteers?q=gulouonly", streets)).text()).not.toContain("gulouonly@example.com");

    const csv = await (await get("/staff/volunteers/csv?q=13912345678", streets)).text();
    expect(csv).toContain("fengcaivol@example.com");
    expect(csv).not.toContain("gulouonly@example.com");

    const refused = await get("/staff/volunteers?branch=GL", streets);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('id="d-branch-error"');

    expect((await get(`/staff/volunteers/${gulou}`, streets)).status).toBe(403);
    expect((await get(`/staff/volunteers/${fengcai}`, streets)).status).toBe(200);
    // A note on someone else's volunteer is refused and writes nothing.
    expect((await post(`/staff/volunteers/${gulou}`, { intent: "note", body: "不该写入" }, streets)).status).toBe(403);
    expect(await t.db.selectFrom("shuxiang.volunteer_notes").select("id").where("volunteer_id", "=", gulou).execute()).toEqual([]);

    const admin = await cookieFor({ staff: "admin@shuxiang.example" });
    expect(await (await get("/staff/volunteers?q=gulouonly", admin)).text()).toContain("gulouonly@example.com");
  });

  it("the CSV is UTF-8 with a BOM, with the directory's columns, one line per volunteer", async () => {
    const admin = await cookieFor({ staff: "admin@shuxiang.example" });
    const response = await get("/staff/volunteers/csv?status=appointed", admin);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trim().split("\n");
    expect(lines[0]).toBe("volunteer_number,name,status,mobile,email,card_number,home_branch,branches,roles,trainings,last_served,hours,no_shows");
    const appointed = await t.db.selectFrom("shuxiang.volunteers").select((eb) => eb.fn.countAll<string>().as("n")).where("status", "=", "appointed").where("anonymised_at", "is", null).executeTakeFirstOrThrow();
    expect(lines.length - 1).toBe(Number(appointed.n));
    expect(lines.find((l) => l.includes("volunteer01@example.com"))).toMatch(/^GL-2026-00001,[^,]+,appointed,\d{11},volunteer01@example.com,/);
    // A bad filter refuses the file.
    expect((await get("/staff/volunteers/csv?served=forever", admin)).status).toBe(400);
  });

  it("a coordinator's note is kept on the page and audited", async () => {
    const id = await newVolunteer("noted@example.com", "GL");
    const gulou = await cookieFor({ staff: "coord.gulou@shuxiang.example" });
    expect((await post(`/staff/volunteers/${id}`, { intent: "note", body: "" }, gulou)).status).toBe(400);
    expect((await post(`/staff/volunteers/${id}`, { intent: "note", body: "周六上午可以多排" }, gulou)).status).toBe(302);
    expect(await (await get(`/staff/volunteers/${id}`, gulou)).text()).toContain("周六上午可以多排");
    const audit = await t.db.selectFrom("shuxiang.audit_log").select(["action", "after"]).where("entity_type", "=", "volunteer").where("entity_id", "=", String(id)).execute();
    expect(audit).toEqual([{ action: "volunteer.note", after: expect.objectContaining({ body: "周六上午可以多排" }) }]);
  });
});

describe("messages about a shift", () => {
  it("the people booked get the note; the preview sends nothing; it is audited with the recipients", async () => {
    const shelving = (await t.db.selectFrom("shuxiang.roles").select("id").where("code", "=", "shelving").executeTakeFirstOrThrow()).id;
    const gulouCoordinator = (await t.db.selectFrom("shuxiang.staff").select("id").where("email", "=", "coord.gulou@shuxiang.example").executeTakeFirstOrThrow()).id;
    const created = await createShifts(deps, { user: (await demoStaff(t.db))("coord.gulou@shuxiang.example", ["GL"]) }, createShiftSchema.parse({ branch: "GL", roleId: shelving, date: day(3), start: "14:00", end: "15:00", capacity: 3, minNeeded: 3 }));
    if (!created.ok) throw new Error(JSON.stringify(created));
    const shiftId = created.ids[0];
    const booked = await newVolunteer("bookedone@example.com", "GL");
    expect(await bookShift(deps, booked, shiftId)).toMatchObject({ ok: true, status: "confirmed" });
    const gulou = await cookieFor({ staff: "coord.gulou@shuxiang.example" });

    const before = await t.db.selectFrom("shuxiang.messages").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    const preview = await get(`/staff/shifts/${shiftId}/message?note=${encodeURIComponent("请带上工作证")}`, gulou);
    expect(preview.status).toBe(200);
    const page = await preview.text();
    expect(page).toContain("请带上工作证");
    expect(page).toContain("名录测试booked");
    expect((await t.db.selectFrom("shuxiang.messages").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n).toBe(before.n);

    // Someone from other branches may not message them.
    const streets = await cookieFor({ staff: "coord.streets@shuxiang.example" });
    expect((await post(`/staff/shifts/${shiftId}/message`, { note: "x" }, streets)).status).toBe(403);

    expect((await post(`/staff/shifts/${shiftId}/message`, { note: "请带上工作证" }, gulou)).status).toBe(302);
    const mail = await smtp.waitFor((m) => recipients(m).includes("bookedone@example.com") && (m.text ?? "").includes("请带上工作证"));
    expect(mail.subject).toContain("班次通知");
    const audit = await t.db.selectFrom("shuxiang.audit_log").select(["after", "actor_staff_id"]).where("action", "=", "shift.message-booked").where("entity_id", "=", String(shiftId)).executeTakeFirstOrThrow();
    expect(audit).toEqual({ actor_staff_id: gulouCoordinator, after: { recipients: [booked], note: "请带上工作证" } });

    // Ask for help: the preview names the trained, free volunteers; sending emails them the note.
    const helpPage = await (await get(`/staff/shifts/${shiftId}/help?note=${encodeURIComponent("新书到馆，急需上架")}`, gulou)).text();
    expect(helpPage).toContain("新书到馆，急需上架");
    expect((await post(`/staff/shifts/${shiftId}/help`, { note: "新书到馆，急需上架" }, gulou)).status).toBe(302);
    const help = await t.db.selectFrom("shuxiang.audit_log").select("after").where("action", "=", "shift.ask-for-help").where("entity_id", "=", String(shiftId)).executeTakeFirstOrThrow();
    const asked = (help.after as { volunteers: number[]; note: string; recipients: number });
    expect(asked.note).toBe("新书到馆，急需上架");
    expect(asked.volunteers).not.toContain(booked);
    expect(asked.volunteers.length).toBe(asked.recipients);
    const emails = await t.db.selectFrom("shuxiang.volunteers").select("email").where("id", "in", asked.volunteers).execute();
    const first = await smtp.waitFor((m) => recipients(m).includes(emails[0].email) && (m.text ?? "").includes("新书到馆，急需上架"));
    expect(first.subject).toContain("急需帮手");
    // A second round within 12 hours is refused, and nothing more is sent.
    expect((await post(`/staff/shifts/${shiftId}/help`, { note: "" }, gulou)).status).toBe(400);
  });
});
