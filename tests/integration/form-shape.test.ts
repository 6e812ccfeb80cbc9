// One form shape (docs/decisions/0032-one-form-shape.md), as a person sees it without JavaScript:
// a form with several bad fields comes back with 400, every bad field's message beside it, what
// was typed still in the fields, and nothing changed in the database. Representative forms: the
// volunteer's profile, the application, planning a shift, planning an event, a branch's settings.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { en } from "#app/i18n/en.ts";
import { DEMO_VOLUNTEER_EMAIL } from "#db/seed/index.ts";
import type { TestDatabase } from "#tests/support/database.ts";
import { sessionCookie, startAppOnCopy, stopAppOnCopy, type AppProcess } from "#tests/support/app-process.ts";

const SECRET = "form-shape-session-secret-0123456789abcdefgh";
let t: TestDatabase;
let app: AppProcess;

beforeAll(async () => void ({ t, app } = await startAppOnCopy(SECRET)), 90_000);
afterAll(() => stopAppOnCopy({ t, app }));

// A signed-in request moves its session's last-seen time; nothing else may change.
const MAY_CHANGE = new Set(["shuxiang.sessions"]);

async function tableDigests(): Promise<Record<string, string>> {
  const tables = await sql<{ name: string }>`
    SELECT schemaname || '.' || tablename AS name FROM pg_tables
    WHERE schemaname IN ('shuxiang', 'library') ORDER BY 1`.execute(t.db);
  const digests: Record<string, string> = {};
  for (const { name } of tables.rows) {
    if (MAY_CHANGE.has(name)) continue;
    const row = await sql<{ digest: string | null }>`SELECT md5(string_agg(r::text, '|' ORDER BY r::text)) AS digest FROM ${sql.table(name)} r`.execute(t.db);
    digests[name] = row.rows[0].digest ?? "empty";
  }
  return digests;
}

/** The English text of a message key such as "validation.tooLong:254", as the page shows it (HTML-escaped). */
function message(key: string): string {
  const [path, value] = key.split(":");
  let text: unknown = en;
  for (const part of path.split(".")) text = (text as Record<string, unknown>)[part];
  if (typeof text !== "string") throw new Error(`no message ${key}`);
  return escape(text.replace("{{max}}", value ?? ""));
}
const escape = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#x27;");

async function post(path: string, form: [string, string][], cookie?: string) {
  const res = await fetch(app.url + path, {
    method: "POST",
    headers: { Origin: app.url, "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "en", ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(form),
    redirect: "manual",
  });
  return { status: res.status, html: await res.text() };
}

/** Posts a form with bad fields and checks the answer: 400, each message, each typed value, no change. */
async function expectRefused(path: string, form: [string, string][], { messages, typed }: { messages: string[]; typed: string[] }, cookie?: string) {
  const before = await tableDigests();
  const { status, html } = await post(path, form, cookie);
  expect(status, path).toBe(400);
  for (const key of messages) expect(html, `${path}: message ${key}`).toContain(message(key));
  for (const value of typed) expect(html, `${path}: typed ${value}`).toContain(`value="${escape(value)}"`);
  expect(await tableDigests(), path).toEqual(before);
}

describe("a form with several bad fields: 400, every message, what was typed, nothing changed", () => {
  it("the volunteer's profile", async () => {
    const volunteer = await sessionCookie(t.db, app, SECRET, { volunteer: DEMO_VOLUNTEER_EMAIL });
    await expectRefused(
      "/volunteer/profile",
      [["intent", "save"], ["name", "Zhang<3"], ["phone", "12345"], ["language", "en"], ["branches", "GL"], ["availability", "sat-am"], ["languagesSpoken", "x".repeat(201)]],
      { messages: ["validation.markup", "validation.phone", "validation.tooLong:200", "apply.errors.roles"], typed: ["Zhang<3", "12345"] },
      volunteer,
    );
  });

  it("the application", async () => {
    await expectRefused(
      "/join/apply",
      [["name", "Li Hua"], ["phone", "999"], ["email", "li.hua-at-example"], ["birthDate", "2026-02-30"], ["branches", "GL"], ["availability", "sat-am"]],
      { messages: ["validation.phone", "validation.email", "validation.date", "apply.errors.roles", "apply.errors.consent"], typed: ["Li Hua", "999", "li.hua-at-example"] },
    );
  });

  it("planning a shift", async () => {
    const coordinator = await sessionCookie(t.db, app, SECRET, { staff: "coord.gulou@shuxiang.example" });
    const role = await t.db.selectFrom("shuxiang.roles").select("id").where("active", "=", true).executeTakeFirstOrThrow();
    await expectRefused(
      "/staff/shifts?index",
      [["branch", "GL"], ["roleId", String(role.id)], ["date", "2026-02-30"], ["start", "25:00"], ["end", "12:00"], ["capacity", "0"], ["minNeeded", "1"], ["repeat", "none"]],
      { messages: ["validation.date", "validation.time", "validation.min:1"], typed: ["2026-02-30", "25:00"] },
      coordinator,
    );
  });

  it("planning an event", async () => {
    const coordinator = await sessionCookie(t.db, app, SECRET, { staff: "coord.gulou@shuxiang.example" });
    await expectRefused(
      "/staff/events?index",
      [["branch", "GL"], ["date", "2026-02-30"], ["titleZh", "绘本时光"], ["titleEn", ""], ["kind", "parent-child"], ["audience", "everyone"], ["start", "10:00"], ["end", "9.30"], ["capacity", "0"], ["repeat", "none"]],
      { messages: ["validation.date", "validation.required", "validation.time", "validation.min:1"], typed: ["绘本时光", "2026-02-30", "9.30"] },
      coordinator,
    );
  });

  it("a branch's settings", async () => {
    const admin = await sessionCookie(t.db, app, SECRET, { staff: "admin@shuxiang.example" });
    await expectRefused(
      "/staff/admin/branches/GL",
      [["intent", "settings"], ["deskEmail", "desk-at-gulou"], ["deskPhone", "call me"], ["bookingCutoffHours", "24"], ["reminderHours", "0"], ["eventSetupMinutes", "1e3"], ["eventTeardownMinutes", "30"]],
      { messages: ["validation.email", "validation.phone", "validation.min:1", "validation.integer"], typed: ["desk-at-gulou", "call me", "1e3"] },
      admin,
    );
  });
});

describe("a training session's and a volunteer's page: 400, every message, what was typed, nothing changed", () => {
  it("a training session: cancelling it or enrolling by email", async () => {
    const coordinator = await sessionCookie(t.db, app, SECRET, { staff: "coord.gulou@shuxiang.example" });
    const session = await sql<{ id: number }>`
      INSERT INTO shuxiang.training_sessions (training_id, branch_code, local_date, starts_at, ends_at, capacity)
      SELECT id, 'GL', (now() + interval '60 days')::date, now() + interval '60 days', now() + interval '60 days 2 hours', 5
      FROM shuxiang.trainings ORDER BY id LIMIT 1 RETURNING id`.execute(t.db);
    const path = `/staff/trainings/${session.rows[0].id}`;
    await expectRefused(path, [["intent", "cancel"], ["reason", "<b>讲师生病</b>"]], { messages: ["validation.markup"], typed: ["<b>讲师生病</b>"] }, coordinator);
    await expectRefused(path, [["intent", "enrol"], ["email", "li.hua-at-example"]], { messages: ["validation.email"], typed: ["li.hua-at-example"] }, coordinator);
  });

  it("a volunteer's page: a note and a suspension", async () => {
    const admin = await sessionCookie(t.db, app, SECRET, { staff: "admin@shuxiang.example" });
    const volunteer = await t.db.selectFrom("shuxiang.volunteers").select("id").where("email", "=", DEMO_VOLUNTEER_EMAIL).executeTakeFirstOrThrow();
    const path = `/staff/volunteers/${volunteer.id}`;
    // Both are text areas: what was typed comes back as their content.
    for (const [form, field, value, key] of [
      ["note", "body", "多".repeat(2001), "validation.tooLong:2000"],
      ["suspend", "reason", "<script>停用</script>", "validation.markup"],
    ] as const) {
      const before = await tableDigests();
      const { status, html } = await post(path, [["intent", form], [field, value]], admin);
      expect(status, form).toBe(400);
      expect(html, form).toContain(message(key));
      expect(html, form).toMatch(new RegExp(`<textarea[^>]*name="${field}"[^>]*>${escape(value)}</textarea>`));
      expect(await tableDigests(), form).toEqual(before);
    }
  });
});

describe("recruitment and staff accounts: 400, every message, what was typed, nothing changed", () => {
  it("scheduling an interview from an application's page", async () => {
    const admin = await sessionCookie(t.db, app, SECRET, { staff: "admin@shuxiang.example" });
    const application = await t.db.selectFrom("shuxiang.applications").select("id").where("status", "=", "applied").orderBy("id").executeTakeFirstOrThrow();
    const interviewer = await t.db.selectFrom("shuxiang.staff").select("id").where("email", "=", "admin@shuxiang.example").executeTakeFirstOrThrow();
    await expectRefused(
      `/staff/applications/${application.id}`,
      [["intent", "interview"], ["branch", "GL"], ["date", "2026-02-30"], ["start", "25:00"], ["end", "10:30"], ["roomId", ""], ["place", "<b>三楼</b>"], ["interviewerId", String(interviewer.id)]],
      { messages: ["validation.date", "validation.time", "validation.markup"], typed: ["2026-02-30", "25:00", "<b>三楼</b>"] },
      admin,
    );
  });

  it("inviting a member of staff", async () => {
    const admin = await sessionCookie(t.db, app, SECRET, { staff: "admin@shuxiang.example" });
    await expectRefused(
      "/staff/admin/staff",
      [["intent", "invite"], ["name", "Zhang<3"], ["email", "zhang-at-library"], ["role", "boss"], ["language", "en"], ["branches", "GL"]],
      { messages: ["validation.markup", "validation.email", "validation.required"], typed: ["Zhang<3", "zhang-at-library"] },
      admin,
    );
  });
});

describe("an event's page, a registration's page and a shift's panel: 400, every message, what was typed, nothing changed", () => {
  it("changing an event", async () => {
    const coordinator = await sessionCookie(t.db, app, SECRET, { staff: "coord.gulou@shuxiang.example" });
    const event = await t.db.selectFrom("shuxiang.events").select("id").where("branch_code", "=", "GL").where("status", "=", "scheduled").where("starts_at", ">", new Date()).orderBy("starts_at").executeTakeFirstOrThrow();
    await expectRefused(
      `/staff/events/${event.id}`,
      [["intent", "edit"], ["titleZh", "新的绘本时光"], ["titleEn", ""], ["kind", "parent-child"], ["audience", "everyone"], ["date", "2026-02-30"], ["start", "25:00"], ["end", "11:00"], ["capacity", "0"], ["place", "二楼<活动室>"]],
      { messages: ["validation.required", "validation.date", "validation.time", "validation.min:1", "validation.markup"], typed: ["新的绘本时光", "2026-02-30", "25:00", "二楼<活动室>"] },
      coordinator,
    );
  });

  it("cancelling an event without a reason", async () => {
    const coordinator = await sessionCookie(t.db, app, SECRET, { staff: "coord.gulou@shuxiang.example" });
    const event = await t.db.selectFrom("shuxiang.events").select("id").where("branch_code", "=", "GL").where("status", "=", "scheduled").where("starts_at", ">", new Date()).orderBy("starts_at").executeTakeFirstOrThrow();
    await expectRefused(`/staff/events/${event.id}`, [["intent", "cancel"], ["reason", "   "], ["scope", "one"]], { messages: ["validation.required"], typed: [] }, coordinator);
  });

  it("changing a party on the registration's own page", async () => {
    const event = await t.db
      .selectFrom("shuxiang.events")
      .select("id")
      .where("status", "=", "scheduled")
      .where("audience", "not in", ["volunteers", "school-groups"])
      .where("card_required", "=", false)
      .where("guests_allowed", "=", true)
      .where("starts_at", ">", new Date(Date.now() + 2 * 86400_000))
      // Room for one, and for one more when the party grows to two.
      .where("max_party", ">=", 2)
      .where(sql<boolean>`capacity - registered >= 2`)
      .orderBy("starts_at")
      .executeTakeFirstOrThrow();
    const registered = await fetch(`${app.url}/events/${event.id}`, {
      method: "POST",
      headers: { Origin: app.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams([["intent", "register"], ["mode", "guest"], ["name", "王芳"], ["email", "wang.fang@example.com"], ["adults", "1"], ["children", "0"], ["language", "en"]]),
      redirect: "manual",
    });
    expect(registered.status).toBe(302);
    const page = new URL(registered.headers.get("Location")!, app.url).pathname;
    await expectRefused(page, [["intent", "party"], ["adults", "two"], ["children", "11"]], { messages: ["validation.integer", "validation.max:10"], typed: ["two", "11"] });
    // The same form, filled in right, is done and says so.
    const changed = await post(page, [["intent", "party"], ["adults", "2"], ["children", "0"]]);
    expect(changed.status).toBe(200);
    expect(changed.html).toContain(message("events.partyChanged"));
  });

  it("changing a shift in the board's panel", async () => {
    const coordinator = await sessionCookie(t.db, app, SECRET, { staff: "coord.gulou@shuxiang.example" });
    const shift = await t.db.selectFrom("shuxiang.shifts").select("id").where("branch_code", "=", "GL").where("status", "=", "scheduled").where("starts_at", ">", new Date()).orderBy("starts_at").executeTakeFirstOrThrow();
    await expectRefused(
      `/staff/board/${shift.id}`,
      [["intent", "edit"], ["date", "2026-02-30"], ["start", "7.30"], ["end", "12:00"], ["capacity", "0"], ["minNeeded", "1"], ["notes", "带<工作证>"], ["scope", "one"]],
      { messages: ["plan.fixErrors", "validation.date", "validation.time", "validation.min:1"], typed: ["2026-02-30", "7.30"] },
      coordinator,
    );
  });
});
