// Reports on real PostgreSQL against a fixture computed by hand: March 2027 at two branches, one in
// Shanghai and one in New York, with things on both sides of the period's edges in each branch's
// own zone (an event at 23:30 on 31 March belongs to March; an appointment at 01:00 on 1 April
// Shanghai time — still 31 March in UTC — does not).
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateToLatest } from "#db/migrate.ts";
import type { StaffUser } from "#app/modules/auth/policy.ts";
import { importFigures, saveFigures } from "#app/modules/reports/figures.server.ts";
import { monthsOf, resolvePeriod } from "#app/modules/reports/periods.ts";
import { buildReport, eventFigures, feedbackFigures, libraryFigures, shiftFigures, volunteerFigures, type Scope } from "#app/modules/reports/reports.server.ts";
import type { AppDeps } from "#app/lib/deps.server.ts";
import { createEmptyDatabase, type TestDatabase } from "#tests/support/database.ts";
import { transact } from "#app/lib/db.server.ts";
import { recordServedBookings } from "#app/modules/records/records.server.ts";

let t: TestDatabase;
const NOW = new Date("2027-04-15T00:00:00Z");
const march = (branches: string[]): Scope => ({ from: "2027-03-01", to: "2027-03-31", branches, now: NOW, defaultZone: "Asia/Shanghai" });
const admin: StaffUser = { kind: "staff", id: 1, name: "管理员", email: "admin@x.example", role: "administrator", language: "zh-CN", branchCodes: [] };
const coordinatorNY: StaffUser = { kind: "staff", id: 2, name: "协调员", email: "ny@x.example", role: "coordinator", language: "zh-CN", branchCodes: ["NY"] };

beforeAll(async () => {
  t = await createEmptyDatabase();
  await migrateToLatest(t.db);
  const db = t.db;
  await db.insertInto("library.branches").values([
    { code: "GL", name_zh: "鼓楼图书馆", name_en: "Gulou Library", kind: "main", address_zh: "", address_en: "", shares_circulation: true, timezone: "Asia/Shanghai", opening_hours: "{}", sort_order: 1 },
    { code: "NY", name_zh: "纽约分馆", name_en: "New York Branch", kind: "street", address_zh: "", address_en: "", shares_circulation: false, timezone: "America/New_York", opening_hours: "{}", sort_order: 2 },
  ]).execute();
  await db.insertInto("shuxiang.staff").values([
    { id: 1, email: "admin@x.example", name: "管理员", role: "administrator" },
    { id: 2, email: "ny@x.example", name: "协调员", role: "coordinator" },
  ]).execute();
  const role = (await db.insertInto("shuxiang.roles").values({ code: "shelving", name_zh: "图书整架", name_en: "Shelving", description_zh: "", description_en: "", min_age: 14, sort_order: 1 }).returning("id").executeTakeFirstOrThrow()).id;
  const volunteer = async (email: string, home: string, appointedAt: string | null, status: "appointed" | "left" | "applicant" = "appointed") =>
    (await db.insertInto("shuxiang.volunteers").values({ email, name: email.split("@")[0], home_branch_code: home, appointed_at: appointedAt, status, preferred_branches: [home] }).returning("id").executeTakeFirstOrThrow()).id;
  const v1 = await volunteer("v1@x.example", "GL", "2026-05-01T02:00:00Z");
  const v2 = await volunteer("v2@x.example", "GL", "2027-03-31T17:00:00Z"); // 1 April 01:00 in Shanghai
  const v3 = await volunteer("v3@x.example", "NY", "2027-03-05T15:00:00Z");
  await volunteer("v4@x.example", "GL", "2026-01-01T02:00:00Z", "left");
  const a1 = await volunteer("a1@x.example", "GL", null, "applicant");
  const a2 = await volunteer("a2@x.example", "GL", null, "applicant");
  await db.insertInto("shuxiang.applications").values([
    { volunteer_id: a1, consent_at: "2027-03-31T15:30:00Z", created_at: "2027-03-31T15:30:00Z" }, // 23:30 on 31 March in Shanghai
    { volunteer_id: a2, consent_at: "2027-03-31T16:30:00Z", created_at: "2027-03-31T16:30:00Z" }, // 00:30 on 1 April
  ]).execute();

  // Events (instants in UTC; local dates as each branch sees them).
  const event = async (v: { branch: string; kind: string; audience: string; date: string; start: string; end: string; capacity: number; registered: number; status?: string }) =>
    (await sql<{ id: number }>`
      INSERT INTO shuxiang.events (branch_code, kind, audience, title_zh, title_en, local_date, starts_at, ends_at, blocked_from, blocked_until, capacity, registered, status)
      VALUES (${v.branch}, ${v.kind}, ${v.audience}, 'x', 'x', ${v.date}::date, ${v.start}::timestamptz, ${v.end}::timestamptz, ${v.start}::timestamptz, ${v.end}::timestamptz, ${v.capacity}, ${v.registered}, ${v.status ?? "scheduled"})
      RETURNING id`.execute(db)).rows[0].id;
  const A = await event({ branch: "GL", kind: "lecture", audience: "adults", date: "2027-03-31", start: "2027-03-31T15:30:00Z", end: "2027-03-31T16:30:00Z", capacity: 10, registered: 6 });
  await event({ branch: "GL", kind: "lecture", audience: "adults", date: "2027-04-01", start: "2027-03-31T16:30:00Z", end: "2027-03-31T17:30:00Z", capacity: 10, registered: 0 });
  const C = await event({ branch: "NY", kind: "parent-child", audience: "parent-child", date: "2027-03-01", start: "2027-03-01T14:00:00Z", end: "2027-03-01T15:30:00Z", capacity: 20, registered: 6 });
  const D = await event({ branch: "GL", kind: "study-tour", audience: "school-groups", date: "2027-03-10", start: "2027-03-10T01:00:00Z", end: "2027-03-10T03:30:00Z", capacity: 100, registered: 40 });
  await event({ branch: "GL", kind: "salon", audience: "adults", date: "2027-03-20", start: "2027-03-20T06:00:00Z", end: "2027-03-20T08:00:00Z", capacity: 40, registered: 0, status: "cancelled" });
  let n = 0;
  const reg = (e: number, v: Record<string, unknown>) => ({ event_id: e, name: "r", places: 1, status: "confirmed" as const, token_nonce: `n${++n}`, token_hash: `h${n}`, adults: 1, children: 0, ...v });
  await db.insertInto("shuxiang.registrations").values([
    reg(A, { adults: 2, children: 2, places: 4, checked_in_at: "2027-03-31T15:30:00Z", checked_in_count: 3, confirmed_at: "2027-03-20T00:00:00Z" }),
    reg(A, { adults: 2, places: 2, no_show: true, confirmed_at: "2027-03-20T00:00:00Z" }),
    reg(C, { adults: 2, children: 3, places: 5, checked_in_at: "2027-03-01T14:00:00Z", checked_in_count: 5, confirmed_at: "2027-02-20T00:00:00Z" }),
    reg(C, { waitlisted_at: "2027-02-21T00:00:00Z", confirmed_at: "2027-02-25T00:00:00Z" }),
    reg(C, { status: "waitlisted", waitlisted_at: "2027-02-22T00:00:00Z" }),
    reg(D, { kind: "group", school: "实验小学", class_name: "四（2）班", adults: 0, places: 40, checked_in_at: "2027-03-10T01:00:00Z", checked_in_count: 38, confirmed_at: "2027-03-01T00:00:00Z" }),
    reg(D, { kind: "group", school: "三中", class_name: "初一（1）班", adults: 0, places: 30, status: "requested" }),
  ]).execute();

  // Shifts and bookings.
  const shift = async (branch: string, date: string, start: string, end: string, capacity: number, min: number, booked: number, status = "scheduled") =>
    (await db.insertInto("shuxiang.shifts").values({ branch_code: branch, role_id: role, local_date: date, starts_at: start, ends_at: end, capacity, min_needed: min, booked, status: status as "scheduled" }).returning("id").executeTakeFirstOrThrow()).id;
  const s1 = await shift("GL", "2027-03-31", "2027-03-31T01:00:00Z", "2027-03-31T04:00:00Z", 2, 2, 2);
  const s2 = await shift("GL", "2027-03-15", "2027-03-15T01:00:00Z", "2027-03-15T04:00:00Z", 3, 2, 1);
  await shift("GL", "2027-03-16", "2027-03-16T01:00:00Z", "2027-03-16T04:00:00Z", 3, 2, 0, "cancelled");
  const s4 = await shift("NY", "2027-03-01", "2027-03-01T14:00:00Z", "2027-03-01T17:00:00Z", 1, 1, 1);
  await shift("GL", "2027-04-02", "2027-04-02T01:00:00Z", "2027-04-02T04:00:00Z", 2, 1, 0);
  const booking = (shiftId: number, volunteerId: number, start: string, end: string, v: Record<string, unknown>) => ({ shift_id: shiftId, volunteer_id: volunteerId, status: "confirmed" as const, starts_at: start, ends_at: end, ...v });
  await db.insertInto("shuxiang.bookings").values([
    booking(s1, v1, "2027-03-31T01:00:00Z", "2027-03-31T04:00:00Z", { checked_in_at: "2027-03-31T01:00:00Z", checked_out_at: "2027-03-31T03:00:00Z" }),
    booking(s1, v2, "2027-03-31T01:00:00Z", "2027-03-31T04:00:00Z", { no_show: true }),
    booking(s2, v3, "2027-03-15T01:00:00Z", "2027-03-15T04:00:00Z", { checked_in_at: "2027-03-15T01:10:00Z", adjusted_minutes: 90 }),
    booking(s4, v1, "2027-03-01T14:00:00Z", "2027-03-01T17:00:00Z", { checked_in_at: "2027-03-01T14:00:00Z" }),
  ]).execute();
  // Bookings written by hand get their service records as the desk's check-in would write them:
  // the report counts hours from the records.
  await transact(db, (trx) => recordServedBookings(trx));

  await db.insertInto("shuxiang.feedback").values([
    { kind: "suggestion", body: "多办活动", branch_code: "GL", created_at: "2027-03-10T02:00:00Z", replied_at: "2027-03-12T02:00:00Z", status: "answered" },
    { kind: "complaint", body: "太冷", branch_code: "GL", created_at: "2027-03-20T02:00:00Z", replied_at: "2027-03-30T02:00:00Z", status: "answered" },
    { kind: "question", body: "几点开门", branch_code: null, created_at: "2027-02-28T15:00:00Z" }, // 23:00 on 28 February in Shanghai
  ]).execute();
});
afterAll(async () => {
  await t?.drop();
});

describe("periods", () => {
  it("turn a month, quarter, year or dates into local date ranges", () => {
    expect(resolvePeriod({ period: "month", month: "2027-02" }, "2027-04-15")).toMatchObject({ ok: true, period: { from: "2027-02-01", to: "2027-02-28" } });
    expect(resolvePeriod({ period: "quarter", quarter: "2027-Q1" }, "2027-04-15")).toMatchObject({ ok: true, period: { from: "2027-01-01", to: "2027-03-31", key: "2027-Q1" } });
    expect(resolvePeriod({ period: "year" }, "2027-04-15")).toMatchObject({ ok: true, period: { from: "2027-01-01", to: "2027-12-31" } });
    expect(resolvePeriod({ period: "custom", from: "2027-03-10", to: "2027-03-01" }, "2027-04-15")).toEqual({ ok: false, field: "to", message: "reports.errors.order" });
    expect(resolvePeriod({ period: "custom", from: "2027-02-30", to: "2027-03-01" }, "2027-04-15")).toMatchObject({ ok: false, field: "from" });
    expect(monthsOf({ from: "2026-11-15", to: "2027-02-01" })).toEqual(["2026-11-01", "2026-12-01", "2027-01-01", "2027-02-01"]);
  });
});

describe("figures for March 2027", () => {
  it("events: held and attendance by kind and audience, fill and no-show rates, waitlist conversion, study tours", async () => {
    const e = await eventFigures(t.db, march(["GL", "NY"]));
    expect(e.totals).toEqual({ held: 3, planned: 3, attendance: 46, capacity: 130, registered: 52, fillRate: 0.4, noShowRate: 0.2, noShows: 1 });
    expect(e.byKind.map((k) => [k.key, k.held, k.attendance])).toEqual([["lecture", 1, 3], ["parent-child", 1, 5], ["study-tour", 1, 38]]);
    expect(e.byAudience.find((a) => a.key === "school-groups")).toMatchObject({ held: 1, attendance: 38, capacity: 100, registered: 40, fillRate: 0.4 });
    expect(e.waitlist).toEqual({ waited: 2, promoted: 1, conversion: 0.5 });
    expect(e.studyTours).toEqual({ groups: 1, headCount: 38 });
    // Before the 31 March lecture has ended it is planned, not held.
    const early = await eventFigures(t.db, { ...march(["GL"]), now: new Date("2027-03-31T16:00:00Z") });
    expect(early.totals).toMatchObject({ held: 1, planned: 2 });
    // One branch only.
    expect((await eventFigures(t.db, march(["NY"]))).totals).toMatchObject({ held: 1, attendance: 5, capacity: 20, registered: 6 });
  });

  it("volunteers: head count at the end, applications and appointments by local date, sessions, hours, no-shows, the top list", async () => {
    const v = await volunteerFigures(t.db, march(["GL", "NY"]));
    expect(v).toMatchObject({ appointedAtEnd: 2, newApplications: 1, appointments: 1, sessions: 3, minutes: 390, activeVolunteers: 2, noShows: 1 });
    expect(v.byRoleBranch).toEqual([
      { branch_code: "GL", branch_zh: "鼓楼图书馆", branch_en: "Gulou Library", role_zh: "图书整架", role_en: "Shelving", sessions: 2, minutes: 210 },
      { branch_code: "NY", branch_zh: "纽约分馆", branch_en: "New York Branch", role_zh: "图书整架", role_en: "Shelving", sessions: 1, minutes: 180 },
    ]);
    expect(v.top.map((x) => [x.name, x.sessions, x.minutes])).toEqual([["v1", 2, 300], ["v3", 1, 90]]);
    expect(await volunteerFigures(t.db, march(["NY"]))).toMatchObject({ appointedAtEnd: 1, appointments: 1, sessions: 1, minutes: 180, newApplications: 0 });
  });

  it("shifts: planned, filled, short, cancelled and the fill rate, by branch and role", async () => {
    const s = await shiftFigures(t.db, march(["GL", "NY"]));
    expect(s.byBranch.map((b) => [b.key, b.planned, b.filled, b.short, b.cancelled, b.fillRate])).toEqual([
      ["GL", 3, 1, 1, 1, 3 / 5],
      ["NY", 1, 1, 0, 0, 1],
    ]);
    expect(s.totals).toEqual({ planned: 4, filled: 2, short: 1, cancelled: 1, fillRate: 4 / 6 });
    expect(s.byRole).toHaveLength(1);
  });

  it("feedback by kind, answered within a week, by the date in the branch's zone", async () => {
    expect(await feedbackFigures(t.db, march(["GL", "NY"]))).toEqual([
      { kind: "suggestion", received: 1, answeredInWeek: 1, answeredRate: 1 },
      { kind: "question", received: 0, answeredInWeek: 0, answeredRate: null },
      { kind: "complaint", received: 1, answeredInWeek: 0, answeredRate: 0 },
    ]);
    // 28 February 15:00 UTC is 23:00 that day in Shanghai: February, not March.
    const feb = await feedbackFigures(t.db, { from: "2027-02-01", to: "2027-02-28", branches: ["GL", "NY"], defaultZone: "Asia/Shanghai" });
    expect(feb.find((f) => f.kind === "question")?.received).toBe(1);
  });

  it("library figures entered by form and CSV: all or nothing, within the user's branches", async () => {
    const deps = { db: t.db } as AppDeps;
    expect(await saveFigures(deps, admin, { branch: "GL", month: "2027-03", cards_issued: 10, visits: 100, loans: 50, donated_books: 5 })).toEqual({ ok: true, saved: 1 });
    expect(await importFigures(deps, coordinatorNY, "branch,month,cards_issued,visits,loans,donated_books\nGL,2027-03,1,1,1,1\n")).toMatchObject({ ok: false, status: 403 });
    const bad = await importFigures(deps, admin, "\uFEFFbranch,month,cards_issued,visits,loans,donated_books\nNY,2027-03,2,7,3,0\nNY,2027-13,1,1,1,1\n");
    expect(bad).toMatchObject({ ok: false, line: 3, errors: { csv: "reports.errors.csvLine", field: "month" } });
    expect(await importFigures(deps, admin, "")).toMatchObject({ ok: false, errors: { csv: "reports.errors.csvEmpty" } });
    expect(await importFigures(deps, admin, "branch,month,cards_issued,visits,loans,donated_books\nNY,2027-03,2,7,3,0\nGL,2027-04,9,9,9,9\n")).toEqual({ ok: true, saved: 2 });
    const l = await libraryFigures(t.db, march(["GL", "NY"]));
    expect(l.byBranch.map((b) => [b.branch_code, b.cards_issued, b.visits, b.loans, b.donated_books])).toEqual([["GL", 10, 100, 50, 5], ["NY", 2, 7, 3, 0]]);
    expect(l.totals).toEqual({ cards_issued: 12, visits: 107, loans: 53, donated_books: 5 });
    const audit = await t.db.selectFrom("shuxiang.audit_log").select("action").where("action", "=", "figures.save").execute();
    expect(audit).toHaveLength(3);
  });

  it("a whole year for the system in one call", async () => {
    const r = await buildReport(t.db, { from: "2027-01-01", to: "2027-12-31", branches: ["GL", "NY"], now: NOW, defaultZone: "Asia/Shanghai" });
    expect(r.events.totals.held).toBe(4);
    expect(r.volunteers.appointments).toBe(2);
    expect(r.library.totals.visits).toBe(116);
  });
});
