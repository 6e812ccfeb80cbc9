// Shift booking on real PostgreSQL: capacity and overlap under concurrency, waitlist order and
// promotion, cut-off, eligibility, DST-safe series, and the messages each change writes.
import ICAL from "ical.js";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Services } from "#app/services.server.ts";
import { adjustHours, checkIn, checkOut, markNoShows } from "#app/modules/shifts/attendance.server.ts";
import { assignVolunteer, bookShift, cancelBooking, removeVolunteer } from "#app/modules/shifts/bookings.server.ts";
import { appDeps, type AppDeps } from "#app/lib/deps.server.ts";
import { mySchedule, listOpenShifts } from "#app/modules/shifts/queries.server.ts";
import { myHours } from "#app/modules/records/records.server.ts";
import { sendDueReminders } from "#app/modules/shifts/reminders.server.ts";
import { feedToken, replaceFeedToken, volunteerFeed } from "#app/modules/feeds/feeds.server.ts";
import { createShiftSchema } from "#app/modules/shifts/schemas.ts";
import { cancelShifts, createShifts, updateShift } from "#app/modules/shifts/shifts.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/database.ts";
import type { StaffActor } from "#app/modules/auth/policy.ts";
import { startTestServices } from "#tests/support/services.ts";
import { demoStaff } from "#tests/support/staff.ts";

let t: TestDatabase;
let services: Services;
let deps: AppDeps;
let coordinator: StaffActor;
let shelving: number;
let bookRepair: number;

beforeAll(async () => {
  t = await createTestDatabase();
  services = await startTestServices(t, { WORKERS: "off" });
  deps = appDeps(services);
  // Covering the branches these tests plan at (the module checks it, as the route does).
  coordinator = { user: (await demoStaff(t.db))("coord.gulou@shuxiang.example", ["GL", "FC", "HC", "NY", "PP", "JL", "TP"]) };
  shelving = (await t.db.selectFrom("shuxiang.roles").select("id").where("code", "=", "shelving").executeTakeFirstOrThrow()).id;
  bookRepair = (await t.db.selectFrom("shuxiang.roles").select("id").where("code", "=", "book-repair").executeTakeFirstOrThrow()).id;
  // A branch in another zone, as a library elsewhere would have.
  await t.db
    .insertInto("library.branches")
    .values({ code: "NY", name_zh: "纽约分馆", name_en: "New York Branch", kind: "street", address_zh: "", address_en: "", shares_circulation: false, timezone: "America/New_York", opening_hours: "{}", sort_order: 99 })
    .execute();
  await t.db.insertInto("shuxiang.branch_settings").values({ branch_code: "NY", desk_email: "newyork.desk@shuxiang.example" }).execute();
});
afterAll(async () => {
  await services?.close();
  await t?.drop();
});

const DAY = 86400_000;
function futureDate(days: number, zone = "Asia/Shanghai"): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone }).format(new Date(Date.now() + days * DAY));
}

async function newVolunteers(count: number, prefix: string, extra: { status?: "appointed" | "paused" } = {}): Promise<number[]> {
  const rows = await t.db
    .insertInto("shuxiang.volunteers")
    .values(Array.from({ length: count }, (_, i) => ({ email: `${prefix}${i}@test.example`, name: `测试${prefix}${i}`, status: extra.status ?? "appointed", preferred_branches: ["GL"] })))
    .returning("id")
    .execute();
  return rows.map((r) => r.id);
}

async function newShift(overrides: Record<string, unknown> = {}): Promise<number> {
  const input = createShiftSchema.parse({ branch: "GL", roleId: shelving, date: futureDate(5), start: "09:00", end: "12:00", capacity: 2, minNeeded: 1, ...overrides });
  const result = await createShifts(deps, coordinator, input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.ids[0];
}

async function messagesFor(volunteerId: number) {
  const v = await t.db.selectFrom("shuxiang.volunteers").select("email").where("id", "=", volunteerId).executeTakeFirstOrThrow();
  return t.db.selectFrom("shuxiang.messages").select(["template", "ical", "ical_method", "data"]).where("recipient_email", "=", v.email).orderBy("id").execute();
}

function parseInvite(ics: string) {
  const root = new ICAL.Component(ICAL.parse(ics));
  for (const vtz of root.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
  const vevent = root.getFirstSubcomponent("vevent")!;
  const event = new ICAL.Event(vevent);
  return { method: root.getFirstPropertyValue("method"), uid: event.uid, sequence: event.sequence, start: event.startDate.toJSDate().toISOString(), status: vevent.getFirstPropertyValue("status") };
}

describe("capacity under concurrency", () => {
  it("1,000 simultaneous bookings for 10 places: exactly 10 booked, the rest waitlisted in order, no one twice", async () => {
    const shiftId = await newShift({ capacity: 10, minNeeded: 5 });
    const volunteers = await newVolunteers(1000, "crowd");
    const results = await Promise.all(volunteers.map((v) => bookShift(deps, v, shiftId)));
    const confirmed = results.filter((r) => r.ok && r.status === "confirmed");
    const waitlisted = results.filter((r) => r.ok && r.status === "waitlisted");
    expect(confirmed).toHaveLength(10);
    expect(waitlisted).toHaveLength(990);
    // Positions 1…990, each once.
    const told = waitlisted.map((r) => (r.ok && r.status === "waitlisted" ? { position: r.position, bookingId: r.bookingId } : null)).filter((r) => r !== null);
    expect(told.map((r) => r.position).sort((a, b) => a - b)).toEqual(Array.from({ length: 990 }, (_, i) => i + 1));
    // The position each person was told is their place in the queue's arrival order.
    const queue = await t.db.selectFrom("shuxiang.bookings").select("id").where("shift_id", "=", shiftId).where("status", "=", "waitlisted").orderBy("arrival").execute();
    expect(told.sort((a, b) => a.position - b.position).map((r) => r.bookingId)).toEqual(queue.map((q) => q.id));

    const shift = await t.db.selectFrom("shuxiang.shifts").select(["booked", "capacity"]).where("id", "=", shiftId).executeTakeFirstOrThrow();
    expect(shift.booked).toBe(10);
    const counts = await t.db
      .selectFrom("shuxiang.bookings")
      .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
      .where("shift_id", "=", shiftId)
      .groupBy("status")
      .execute();
    expect(Object.fromEntries(counts.map((c) => [c.status, Number(c.n)]))).toEqual({ confirmed: 10, waitlisted: 990 });
    const booked = await t.db.selectFrom("shuxiang.bookings").select("volunteer_id").where("shift_id", "=", shiftId).execute();
    expect(new Set(booked.map((b) => b.volunteer_id)).size).toBe(1000);

    // The waitlist's order is the order people arrived in: cancelling promotes the earliest.
    const first = await t.db.selectFrom("shuxiang.bookings").select(["volunteer_id"]).where("shift_id", "=", shiftId).where("status", "=", "waitlisted").orderBy("arrival").executeTakeFirstOrThrow();
    const holder = await t.db.selectFrom("shuxiang.bookings").select("volunteer_id").where("shift_id", "=", shiftId).where("status", "=", "confirmed").executeTakeFirstOrThrow();
    const cancelled = await cancelBooking(deps, holder.volunteer_id, shiftId);
    expect(cancelled).toMatchObject({ ok: true, late: false });
    const promoted = await t.db.selectFrom("shuxiang.bookings").select("status").where("shift_id", "=", shiftId).where("volunteer_id", "=", first.volunteer_id).executeTakeFirstOrThrow();
    expect(promoted.status).toBe("confirmed");
    expect((await messagesFor(first.volunteer_id)).map((m) => m.template)).toEqual(["shift-promoted"]);
  }, 120_000); // a thousand requests at once: slow on a busy machine, and its figure is a bench's business

  it("a volunteer never holds two overlapping shifts, even when booking both at once", async () => {
    const [v] = await newVolunteers(1, "overlap");
    const date = futureDate(6);
    const a = await newShift({ date, start: "09:00", end: "12:00", capacity: 5 });
    const b = await newShift({ date, start: "11:00", end: "13:00", capacity: 5 });
    const c = await newShift({ date, start: "12:00", end: "14:00", capacity: 5 });
    const results = await Promise.all([bookShift(deps, v, a), bookShift(deps, v, b), bookShift(deps, v, a), bookShift(deps, v, b)]);
    const held = await t.db.selectFrom("shuxiang.bookings").select("shift_id").where("volunteer_id", "=", v).where("status", "=", "confirmed").execute();
    expect(held).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === "overlap")).toBe(true);
    // Back-to-back is not an overlap.
    if (held[0].shift_id === a) expect(await bookShift(deps, v, c)).toMatchObject({ ok: true, status: "confirmed" });
    // The database refuses it too, whatever the code path.
    const other = held[0].shift_id === a ? b : a;
    const shift = await t.db.selectFrom("shuxiang.shifts").select(["starts_at", "ends_at"]).where("id", "=", other).executeTakeFirstOrThrow();
    await expect(
      t.db.insertInto("shuxiang.bookings").values({ shift_id: other, volunteer_id: v, status: "confirmed", starts_at: shift.starts_at, ends_at: shift.ends_at }).execute(),
    ).rejects.toThrow(/bookings_no_overlap/);
  });

  it("ten simultaneous submits by one person book once (or wait once) and all answer the same", async () => {
    const shiftId = await newShift({ capacity: 3 });
    const [v, w] = await newVolunteers(2, "double");
    const results = await Promise.all(Array.from({ length: 10 }, () => bookShift(deps, v, shiftId)));
    expect(results.map((r) => r.ok && r.status)).toEqual(Array(10).fill("confirmed"));
    expect(results.filter((r) => r.ok && !r.already)).toHaveLength(1);
    expect((await t.db.selectFrom("shuxiang.shifts").select("booked").where("id", "=", shiftId).executeTakeFirstOrThrow()).booked).toBe(1);
    expect((await messagesFor(v)).map((m) => m.template)).toEqual(["shift-booked"]);

    const full = await newShift({ capacity: 1 });
    const [holder] = await newVolunteers(1, "double-holder");
    await bookShift(deps, holder, full);
    const waits = await Promise.all(Array.from({ length: 10 }, () => bookShift(deps, w, full)));
    expect(waits.map((r) => r.ok && r.status === "waitlisted" && r.position)).toEqual(Array(10).fill(1));
    const rows = await t.db.selectFrom("shuxiang.bookings").select("status").where("shift_id", "=", full).execute();
    expect(rows.map((r) => r.status).sort()).toEqual(["confirmed", "waitlisted"]);
  });
});

describe("rules", () => {
  it("refuses paused volunteers, untrained ones, and shifts that started", async () => {
    const [paused] = await newVolunteers(1, "paused", { status: "paused" });
    const [fresh] = await newVolunteers(1, "untrained");
    const repair = await newShift({ roleId: bookRepair });
    expect(await bookShift(deps, paused, await newShift())).toEqual({ ok: false, reason: "paused" });
    expect(await bookShift(deps, fresh, repair)).toEqual({ ok: false, reason: "untrained" });
    const training = await t.db.selectFrom("shuxiang.trainings").select("id").where("code", "=", "book-repair").executeTakeFirstOrThrow();
    await t.db.insertInto("shuxiang.volunteer_trainings").values({ volunteer_id: fresh, training_id: training.id }).execute();
    expect(await bookShift(deps, fresh, repair)).toMatchObject({ ok: true, status: "confirmed" });

    const started = await newShift();
    await sql`UPDATE shuxiang.shifts SET starts_at = now() - interval '1 hour', ends_at = now() + interval '1 hour' WHERE id = ${started}`.execute(t.db);
    expect(await bookShift(deps, fresh, started)).toEqual({ ok: false, reason: "started" });
    // Nothing was written for the refusals.
    expect(await t.db.selectFrom("shuxiang.bookings").select("id").where("volunteer_id", "=", paused).execute()).toEqual([]);
  });

  it("cut-off: cancelling inside the branch's cut-off is refused, or recorded as late where the branch allows it", async () => {
    const shiftId = await newShift();
    const starts = await t.db.selectFrom("shuxiang.shifts").select("starts_at").where("id", "=", shiftId).executeTakeFirstOrThrow();
    const [v] = await newVolunteers(1, "cutoff");
    expect(await bookShift(deps, v, shiftId)).toMatchObject({ ok: true, status: "confirmed" });
    const inside = new Date(starts.starts_at.getTime() - 2 * 3600_000);
    expect(await cancelBooking(deps, v, shiftId, inside)).toEqual({ ok: false, reason: "cutoff", cutoffHours: 24, deskPhone: "0516-8380 1200" });
    await t.db.updateTable("shuxiang.branch_settings").set({ allow_late_cancellation: true }).where("branch_code", "=", "GL").execute();
    try {
      expect(await cancelBooking(deps, v, shiftId, inside)).toMatchObject({ ok: true, late: true });
      const row = await t.db.selectFrom("shuxiang.bookings").select(["status", "late_cancellation"]).where("shift_id", "=", shiftId).executeTakeFirstOrThrow();
      expect(row).toEqual({ status: "cancelled", late_cancellation: true });
    } finally {
      await t.db.updateTable("shuxiang.branch_settings").set({ allow_late_cancellation: false }).where("branch_code", "=", "GL").execute();
    }
  });

  it("promotes the waitlist in arrival order when capacity is raised, passing over someone now busy", async () => {
    const shiftId = await newShift({ capacity: 1, minNeeded: 1 });
    const [holder, w1, w2, w3] = await newVolunteers(4, "raise");
    for (const v of [holder, w1, w2, w3]) await bookShift(deps, v, shiftId);
    // w1 meanwhile took an overlapping shift elsewhere.
    const shift = await t.db.selectFrom("shuxiang.shifts").select(["local_date"]).where("id", "=", shiftId).executeTakeFirstOrThrow();
    const clash = await newShift({ branch: "FC", date: shift.local_date, start: "10:00", end: "11:00", capacity: 1 });
    expect(await bookShift(deps, w1, clash)).toMatchObject({ ok: true, status: "confirmed" });
    const edit = { intent: "edit" as const, date: shift.local_date, start: "09:00", end: "12:00", capacity: 2, minNeeded: 1, notes: "", scope: "one" as const };
    expect(await updateShift(deps, coordinator, shiftId, edit)).toMatchObject({ ok: true, promoted: 1 });
    const statuses = await t.db.selectFrom("shuxiang.bookings").select(["volunteer_id", "status"]).where("shift_id", "=", shiftId).orderBy("arrival").execute();
    expect(statuses.map((s) => [s.volunteer_id, s.status])).toEqual([
      [holder, "confirmed"],
      [w1, "waitlisted"],
      [w2, "confirmed"],
      [w3, "waitlisted"],
    ]);
    // Capacity cannot go below the people booked.
    expect(await updateShift(deps, coordinator, shiftId, { ...edit, capacity: 1 })).toEqual({ ok: false, errors: { capacity: "shifts.errors.belowBooked:2" } });
  });

  it("a coordinator's assignment needs a reason to override training, is audited, and removal tells the person", async () => {
    const repair = await newShift({ roleId: bookRepair, capacity: 1 });
    const [v] = await newVolunteers(1, "assign");
    expect(await assignVolunteer(deps, coordinator, v, repair, null)).toEqual({ ok: false, reason: "untrained" });
    const assigned = await assignVolunteer(deps, coordinator, v, repair, "经验丰富，已在旧馆修书多年");
    expect(assigned).toMatchObject({ ok: true, status: "confirmed" });
    const [v2] = await newVolunteers(1, "assignfull");
    expect(await assignVolunteer(deps, coordinator, v2, repair, "override")).toEqual({ ok: false, reason: "full" });
    const audit = await t.db.selectFrom("shuxiang.audit_log").select(["action", "after"]).where("entity_id", "=", String(repair)).orderBy("id").execute();
    expect(audit.map((a) => a.action)).toEqual(["shift.create", "booking.assign-override"]);
    if (!assigned.ok) throw new Error();
    expect(await removeVolunteer(deps, coordinator, assigned.bookingId, "调整安排")).toMatchObject({ ok: true });
    const mails = await messagesFor(v);
    expect(mails.map((m) => [m.template, m.ical_method])).toEqual([
      ["shift-booked", "REQUEST"],
      ["shift-removed", "CANCEL"],
    ]);
  });
});

describe("changes reach people's calendars", () => {
  it("book → move → cancel: one UID, SEQUENCE strictly increasing, METHOD REQUEST, REQUEST, CANCEL", async () => {
    const date = futureDate(8);
    const shiftId = await newShift({ date, capacity: 2 });
    const [v, waiting] = await newVolunteers(2, "calendar");
    const [other] = await newVolunteers(1, "calendar-b");
    await bookShift(deps, v, shiftId);
    await bookShift(deps, other, shiftId);
    await bookShift(deps, waiting, shiftId);
    const moved = await updateShift(deps, coordinator, shiftId, { intent: "edit", date, start: "14:00", end: "17:00", capacity: 2, minNeeded: 1, notes: "从二楼入口进", scope: "one" });
    expect(moved).toMatchObject({ ok: true, notified: 2 });
    expect(await cancelShifts(deps, coordinator, shiftId, "馆内停电检修", "one")).toMatchObject({ ok: true, cancelled: 1, notified: 3 });

    const mails = await messagesFor(v);
    expect(mails.map((m) => m.template)).toEqual(["shift-booked", "shift-changed", "shift-cancelled"]);
    const invites = mails.map((m) => ({ ...parseInvite(m.ical!), declared: m.ical_method }));
    expect(invites.map((i) => i.method)).toEqual(["REQUEST", "REQUEST", "CANCEL"]);
    expect(invites.every((i) => i.method === i.declared)).toBe(true);
    expect(new Set(invites.map((i) => i.uid))).toEqual(new Set([`shift-${shiftId}@localhost`]));
    expect(invites[1].sequence).toBeGreaterThan(invites[0].sequence);
    expect(invites[2].sequence).toBeGreaterThan(invites[1].sequence);
    expect(invites[2].status).toBe("CANCELLED");
    // 14:00 in Shanghai is 06:00 UTC.
    expect(invites[1].start).toBe(`${date}T06:00:00.000Z`);
    // The person on the waitlist is told too, without an invite for a shift they never had.
    expect((await messagesFor(waiting)).map((m) => [m.template, m.ical_method])).toEqual([["shift-cancelled", null]]);
  });

  it("cancelling and booking again keeps the UID and raises the SEQUENCE", async () => {
    const shiftId = await newShift({ date: futureDate(9) });
    const [v] = await newVolunteers(1, "rebook");
    await bookShift(deps, v, shiftId);
    await cancelBooking(deps, v, shiftId);
    await bookShift(deps, v, shiftId);
    const sequences = (await messagesFor(v)).map((m) => [m.template, parseInvite(m.ical!).method, parseInvite(m.ical!).sequence]);
    expect(sequences).toEqual([
      ["shift-booked", "REQUEST", 0],
      ["booking-cancelled", "CANCEL", 1],
      ["shift-booked", "REQUEST", 2],
    ]);
  });
});

describe("time zones and series", () => {
  it("a weekly Saturday 10:00 series at a New York branch keeps 10:00 local across 8 March 2026", async () => {
    const input = createShiftSchema.parse({ branch: "NY", roleId: shelving, date: "2027-02-27", start: "10:00", end: "12:00", capacity: 3, minNeeded: 1, repeat: "weekly", weekdays: ["6"], count: "3" });
    const result = await createShifts(deps, coordinator, input, new Date("2027-01-01T00:00:00Z"));
    expect(result.ok).toBe(true);
    const rows = await t.db.selectFrom("shuxiang.shifts").select(["local_date", "starts_at"]).where("branch_code", "=", "NY").orderBy("starts_at").execute();
    // 10:00 EST is 15:00 UTC; from 14 March 2027 (after the change on 14 March) 10:00 EDT is 14:00 UTC.
    expect(rows.map((r) => [r.local_date, r.starts_at.toISOString()])).toEqual([
      ["2027-02-27", "2027-02-27T15:00:00.000Z"],
      ["2027-03-06", "2027-03-06T15:00:00.000Z"],
      ["2027-03-13", "2027-03-13T15:00:00.000Z"],
    ]);
  });

  it("refuses a wall time that does not exist, naming the date, and writes nothing", async () => {
    const before = await t.db.selectFrom("shuxiang.shifts").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const input = createShiftSchema.parse({ branch: "NY", roleId: shelving, date: "2027-03-07", start: "02:30", end: "04:00", capacity: 3, minNeeded: 1, repeat: "weekly", weekdays: ["7"], count: "2" });
    expect(await createShifts(deps, coordinator, input, new Date("2027-01-01T00:00:00Z"))).toEqual({ ok: false, errors: { start: "shifts.errors.nonexistent:2027-03-14" } });
    const after = await t.db.selectFrom("shuxiang.shifts").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("edits this and all following occurrences of a series, leaving earlier ones alone", async () => {
    const start = futureDate(3);
    const input = createShiftSchema.parse({ branch: "GL", roleId: shelving, date: start, start: "09:00", end: "11:00", capacity: 4, minNeeded: 2, repeat: "weekly", weekdays: ["1", "2", "3", "4", "5", "6", "7"], count: "4" });
    const created = await createShifts(deps, coordinator, input);
    if (!created.ok) throw new Error();
    const [first, second] = created.ids;
    const secondRow = await t.db.selectFrom("shuxiang.shifts").select("local_date").where("id", "=", second).executeTakeFirstOrThrow();
    const edited = await updateShift(deps, coordinator, second, { intent: "edit", date: secondRow.local_date, start: "13:00", end: "15:00", capacity: 6, minNeeded: 2, notes: "", scope: "following" });
    expect(edited).toMatchObject({ ok: true, updated: 3 });
    const rows = await t.db.selectFrom("shuxiang.shifts as s").innerJoin("library.branches as b", "b.code", "s.branch_code").select(["s.id", "s.starts_at", "s.capacity"]).where("series_id", "=", created.seriesId).orderBy("starts_at").execute();
    const hours = rows.map((r) => new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit" }).format(r.starts_at));
    expect(hours).toEqual(["09:00", "13:00", "13:00", "13:00"]);
    expect(rows.map((r) => r.capacity)).toEqual([4, 6, 6, 6]);
    expect(rows[0].id).toBe(first);
    expect(await cancelShifts(deps, coordinator, second, "寒假闭馆", "following")).toMatchObject({ ok: true, cancelled: 3 });
    const statuses = await t.db.selectFrom("shuxiang.shifts").select("status").where("series_id", "=", created.seriesId).orderBy("starts_at").execute();
    expect(statuses.map((s) => s.status)).toEqual(["scheduled", "cancelled", "cancelled", "cancelled"]);
  });
});

describe("attendance and hours", () => {
  it("check-in and out give hours; an ended shift without check-in is a no-show; adjustments are audited", async () => {
    const [v, absent] = await newVolunteers(2, "hours");
    const shiftId = await newShift({ capacity: 3 });
    await bookShift(deps, v, shiftId);
    await bookShift(deps, absent, shiftId);
    // The shift is today: 08:00–11:00 Shanghai time three days ago would be past; move it to now.
    await sql`UPDATE shuxiang.shifts SET starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour', local_date = (now() AT TIME ZONE 'Asia/Shanghai')::date WHERE id = ${shiftId}`.execute(t.db);
    await sql`UPDATE shuxiang.bookings SET starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour' WHERE shift_id = ${shiftId}`.execute(t.db);
    const booking = await t.db.selectFrom("shuxiang.bookings").select("id").where("volunteer_id", "=", v).executeTakeFirstOrThrow();
    const inAt = new Date(Date.now() - 3 * 3600_000);
    expect(await checkIn(t.db, coordinator, booking.id, inAt)).toEqual({ ok: true });
    expect(await checkIn(t.db, coordinator, booking.id, inAt)).toEqual({ ok: false, reason: "already" });
    expect(await checkOut(t.db, coordinator, booking.id, new Date(inAt.getTime() + 150 * 60_000))).toEqual({ ok: true });
    expect(await markNoShows(t.db)).toBeGreaterThanOrEqual(1);
    const absentRow = await t.db.selectFrom("shuxiang.bookings").select(["id", "no_show"]).where("volunteer_id", "=", absent).executeTakeFirstOrThrow();
    expect(absentRow.no_show).toBe(true);

    const hours = await myHours(t.db, v);
    expect(hours.months).toHaveLength(1);
    expect(hours.months[0]).toMatchObject({ sessions: 1, minutes: 150 });
    expect((await myHours(t.db, absent)).months).toEqual([]);

    expect(await adjustHours(t.db, coordinator, booking.id, 180, "提前到岗帮忙布置")).toEqual({ ok: true });
    expect((await myHours(t.db, v)).years[0]).toMatchObject({ sessions: 1, minutes: 180 });
    const audit = await t.db.selectFrom("shuxiang.audit_log").select("action").where("entity_type", "=", "booking").where("entity_id", "=", String(booking.id)).orderBy("id").execute();
    expect(audit.map((a) => a.action)).toEqual(["attendance.check-in", "attendance.check-out", "attendance.adjust"]);
    const schedule = await mySchedule(t.db, v);
    expect(schedule.past[0]).toMatchObject({ shiftId, minutes: 180, checkedIn: true });
  });

  it("lists open shifts with places left and waitlist, and 'only shifts I can take' leaves out the rest", async () => {
    const date = futureDate(12);
    const [v] = await newVolunteers(1, "browse");
    const open = await newShift({ date, start: "09:00", end: "10:00", capacity: 2 });
    const repair = await newShift({ date, start: "13:00", end: "14:00", roleId: bookRepair });
    const clash = await newShift({ date, start: "09:30", end: "10:30", branch: "HC" });
    await bookShift(deps, v, open);
    const all = await listOpenShifts(t.db, v, { from: date, to: date }, false);
    expect(all.find((s) => s.id === open)).toMatchObject({ booked: 1, capacity: 2, waitlisted: 0, myStatus: "confirmed" });
    expect(all.find((s) => s.id === repair)).toMatchObject({ refusal: "untrained" });
    expect(all.find((s) => s.id === clash)).toMatchObject({ refusal: "overlap" });
    const mine = await listOpenShifts(t.db, v, { from: date, to: date }, true);
    expect(mine.map((s) => s.id)).not.toContain(repair);
    expect(mine.map((s) => s.id)).not.toContain(clash);
    expect(mine.map((s) => s.id)).not.toContain(open);
  });
});

describe("reminders", () => {
  const HOUR = 3600_000;
  async function shiftAt(startsAt: Date, branch = "PP") {
    const zone = "Asia/Shanghai";
    const local = new Intl.DateTimeFormat("en-CA", { timeZone: zone }).format(startsAt);
    const hhmm = new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit" }).format(startsAt);
    const end = new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit" }).format(new Date(startsAt.getTime() + HOUR));
    if (end <= hhmm) throw new Error("pick a start that ends the same day");
    return newShift({ branch, date: local, start: hhmm, end, capacity: 2 });
  }
  const reminders = async (v: number) => (await messagesFor(v)).filter((m) => m.template === "shift-reminder");
  /** 11:00 in Shanghai (03:00 UTC) on the first day at least `hoursAhead` from now. */
  const at = (hoursAhead: number) => {
    const d = new Date();
    d.setUTCHours(3, 0, 0, 0);
    while (d.getTime() < Date.now() + hoursAhead * HOUR) d.setTime(d.getTime() + 24 * HOUR);
    return d;
  };

  it("goes out once at the lead time, moves when the shift moves, and not for a cancelled shift", async () => {
    const starts = at(72);
    const shiftId = await shiftAt(starts);
    const [v] = await newVolunteers(1, "remind");
    await bookShift(deps, v, shiftId);
    // (Other people's shifts in this database get theirs too: count this volunteer's.)
    await sendDueReminders(deps, new Date(starts.getTime() - 25 * HOUR));
    expect(await reminders(v)).toHaveLength(0);
    await sendDueReminders(deps, new Date(starts.getTime() - 24 * HOUR));
    expect(await reminders(v)).toHaveLength(1);
    await sendDueReminders(deps, new Date(starts.getTime() - 23 * HOUR));
    expect(await reminders(v)).toHaveLength(1);
    expect((await reminders(v))[0].ical).toBeNull();

    // Moved two days later: a reminder for the new time, at the new time's lead.
    const later = new Date(starts.getTime() + 48 * HOUR);
    const row = await t.db.selectFrom("shuxiang.shifts").select("local_date").where("id", "=", shiftId).executeTakeFirstOrThrow();
    const date = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(later);
    const start = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit" }).format(later);
    const end = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit" }).format(new Date(later.getTime() + HOUR));
    expect(row.local_date).not.toBe(date);
    expect(await updateShift(deps, coordinator, shiftId, { intent: "edit", date, start, end, capacity: 2, minNeeded: 1, notes: "", scope: "one" })).toMatchObject({ ok: true });
    await sendDueReminders(deps, new Date(later.getTime() - 25 * HOUR));
    expect(await reminders(v)).toHaveLength(1);
    await sendDueReminders(deps, new Date(later.getTime() - 24 * HOUR));
    expect(await reminders(v)).toHaveLength(2);

    // A cancelled shift gets none, and nothing goes out once a shift has started.
    const other = await shiftAt(at(96), "JL");
    const [w] = await newVolunteers(1, "remind-cancel");
    await bookShift(deps, w, other);
    await cancelShifts(deps, coordinator, other, "临时闭馆", "one");
    const otherStart = at(96);
    await sendDueReminders(deps, new Date(otherStart.getTime() - 24 * HOUR));
    expect(await reminders(w)).toEqual([]);
    await sendDueReminders(deps, new Date(later.getTime() + 10 * 60_000));
    expect(await reminders(v)).toHaveLength(2);
  });

  it("a booking made inside the lead time gets no separate reminder; a second lead time sends a second one", async () => {
    const starts = at(120);
    const shiftId = await shiftAt(starts, "TP");
    const [v] = await newVolunteers(1, "remind-late");
    await bookShift(deps, v, shiftId);
    // Pretend the booking was made 3 hours before the start: its confirmation is the reminder.
    await t.db.updateTable("shuxiang.bookings").set({ notified_at: new Date(starts.getTime() - 3 * HOUR) }).where("shift_id", "=", shiftId).execute();
    await sendDueReminders(deps, new Date(starts.getTime() - 2.5 * HOUR));
    expect(await reminders(v)).toEqual([]);

    await t.db.updateTable("shuxiang.branch_settings").set({ second_reminder_hours: 2 }).where("branch_code", "=", "TP").execute();
    try {
      await sendDueReminders(deps, new Date(starts.getTime() - 2 * HOUR));
      const [only, ...more] = await reminders(v);
      expect(more).toEqual([]);
      expect((only.data as { leadHours: number }).leadHours).toBe(2);
    } finally {
      await t.db.updateTable("shuxiang.branch_settings").set({ second_reminder_hours: null }).where("branch_code", "=", "TP").execute();
    }
  });
});

describe("personal calendar feed", () => {
  it("agrees with the invites: same UIDs and SEQUENCEs, a cancelled shift kept as CANCELLED; a replaced address stops working", async () => {
    const [v] = await newVolunteers(1, "feed");
    const kept = await newShift({ date: futureDate(14), start: "09:00", end: "10:00", capacity: 2 });
    const dropped = await newShift({ date: futureDate(15), start: "09:00", end: "10:00", capacity: 2 });
    await bookShift(deps, v, kept);
    await bookShift(deps, v, dropped);
    await cancelBooking(deps, v, dropped);
    const secret = services.config.sessionSecret;
    const options = { host: "localhost", baseUrl: services.config.publicUrl };

    const token = await feedToken(t.db, secret, v);
    expect(await feedToken(t.db, secret, v)).toBe(token);
    const feed = await volunteerFeed(t.db, token, options);
    const root = new ICAL.Component(ICAL.parse(feed!.ics));
    expect(root.getFirstPropertyValue("method")).toBeNull();
    const events = root.getAllSubcomponents("vevent").map((c) => ({ uid: c.getFirstPropertyValue("uid"), sequence: c.getFirstPropertyValue("sequence"), status: c.getFirstPropertyValue("status") }));
    const invites = (await messagesFor(v)).map((m) => parseInvite(m.ical!));
    const latest = (uid: string) => invites.filter((i) => i.uid === uid).at(-1)!;
    expect(events).toHaveLength(2);
    for (const e of events) {
      expect(e.sequence).toBe(latest(String(e.uid)).sequence);
      expect(e.status).toBe(latest(String(e.uid)).status);
    }
    expect(events.find((e) => e.uid === `shift-${dropped}@localhost`)?.status).toBe("CANCELLED");
    expect(events.find((e) => e.uid === `shift-${kept}@localhost`)?.status).toBe("CONFIRMED");

    const fresh = await replaceFeedToken(t.db, secret, v);
    expect(fresh).not.toBe(token);
    expect(await volunteerFeed(t.db, token, options)).toBeNull();
    expect((await volunteerFeed(t.db, fresh, options))?.ics).toContain(`shift-${kept}@localhost`);
    expect(await volunteerFeed(t.db, "not-a-token", options)).toBeNull();
  });
});
