// Reading events on real PostgreSQL: planning with rooms that are never double-booked (also when
// coordinators plan at once), volunteer needs as shifts, registration by card or as a guest with
// every refusal, the capacity under 500 simultaneous registrations of mixed party sizes, the
// waitlist and its promotion, invites (one UID, rising SEQUENCE, CANCEL), school groups, the
// desk's check-in, reminders, no-shows, feedback requests and replies.
import ICAL from "ical.js";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Services } from "#app/services.server.ts";
import type { StaffUser } from "#app/modules/auth/policy.ts";
import { boardEvents } from "#app/modules/board/board.server.ts";
import { cancelEvents, createEvents, updateEvent } from "#app/modules/events/events.server.ts";
import { answerFeedback, listFeedback, submitFeedback } from "#app/modules/events/feedback.server.ts";
import { runEventMaintenance } from "#app/modules/events/maintenance.server.ts";
import { branchEventsFeed } from "#app/modules/events/queries.server.ts";
import { cancelRegistration, changeParty, checkInRegistration, decideGroup, registerForEvent, registrationByToken, requestGroupVisit } from "#app/modules/events/registrations.server.ts";
import { createEventSchema, editEventSchema, feedbackSchema, groupSchema, registrationSchema, withNeeds } from "#app/modules/events/schemas.ts";
import { openMessage } from "#app/modules/notifications/outbox.server.ts";
import { appDeps, type AppDeps } from "#app/lib/deps.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/database.ts";
import { startTestServices } from "#tests/support/services.ts";
import { demoStaff } from "#tests/support/staff.ts";

let t: TestDatabase;
let services: Services;
let deps: AppDeps;
let gulou: StaffUser;
let streets: StaffUser;
let desk: StaffUser;
let room: number;
let helperRole: number;
let reader: { card_number: string; name: string };

const day = (offset: number) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + offset * 86400_000));

beforeAll(async () => {
  t = await createTestDatabase();
  services = await startTestServices(t, { WORKERS: "off" });
  deps = appDeps(services);
  const user = await demoStaff(t.db);
  gulou = user("coord.gulou@shuxiang.example", ["GL"]);
  streets = user("coord.streets@shuxiang.example", ["FC", "HC"]);
  desk = user("desk.gulou@shuxiang.example", ["GL"]);
  // A room of its own, so the demo programme never gets in the way.
  room = (await t.db.insertInto("shuxiang.rooms").values({ branch_code: "GL", code: "test-hall", name_zh: "测试报告厅", name_en: "Test hall", capacity: 600 }).returning("id").executeTakeFirstOrThrow()).id;
  helperRole = (await t.db.selectFrom("shuxiang.roles").select("id").where("code", "=", "event-help").executeTakeFirstOrThrow()).id;
  // An adult's card (a child's needs their guardian: children.test.ts).
  reader = await t.db.selectFrom("library.readers").select(["card_number", "name"]).where("status", "=", "active").where((eb) => eb.or([eb("birth_date", "is", null), eb("birth_date", "<", "2000-01-01")])).orderBy("card_number").executeTakeFirstOrThrow();
});
afterAll(async () => {
  await services?.close();
  await t?.drop();
});

const plan = (overrides: Record<string, unknown> = {}) =>
  createEventSchema.parse(
    withNeeds({
      titleZh: "亲子绘本日",
      titleEn: "Parent-child picture-book day",
      kind: "parent-child",
      audience: "parent-child",
      branch: "GL",
      roomId: String(room),
      date: day(30),
      start: "09:30",
      end: "11:00",
      capacity: "20",
      maxParty: "4",
      guestsAllowed: "on",
      closesHoursBefore: "1",
      ...overrides,
    }),
  );

const register = (overrides: Record<string, unknown> = {}) =>
  registrationSchema.parse({ mode: "guest", name: "王芳", email: `guest${Math.random().toString(36).slice(2)}@example.com`, adults: "1", children: "0", ...overrides });

async function newEvent(overrides: Record<string, unknown> = {}) {
  const result = await createEvents(deps, gulou, plan(overrides));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.ids[0];
}

/** Messages to an address as the delivery worker sends them (links and invites stored sealed). */
async function messagesFor(email: string) {
  const rows = await t.db.selectFrom("shuxiang.messages").select(["template", "ical", "ical_method", "data"]).where("recipient_email", "=", email).orderBy("id").execute();
  return rows.map((row) => openMessage(deps.secret, row));
}

function parseInvite(ics: string) {
  const root = new ICAL.Component(ICAL.parse(ics));
  const vevent = root.getFirstSubcomponent("vevent")!;
  const e = new ICAL.Event(vevent);
  return { method: String(root.getFirstPropertyValue("method")), uid: e.uid, sequence: e.sequence, status: String(vevent.getFirstPropertyValue("status") ?? ""), start: e.startDate.toJSDate().toISOString() };
}

describe("planning", () => {
  it("refuses other branches, the past, bad input and a room too small; plans a weekly series with its helper shifts", async () => {
    expect(createEventSchema.safeParse(withNeeds({ titleZh: "", kind: "nope", branch: "GL", date: "x" })).success).toBe(false);
    expect(await createEvents(deps, streets, plan())).toMatchObject({ ok: false, status: 403 });
    expect(await createEvents(deps, gulou, plan({ date: day(-1) }))).toMatchObject({ ok: false, errors: { date: "shifts.errors.past" } });
    expect(await createEvents(deps, gulou, plan({ capacity: "700" }))).toMatchObject({ ok: false, errors: { capacity: "events.errors.roomTooSmall:600" } });

    // Its four Saturdays (within day 120–147) stay clear of the dates the other tests plan in this room.
    const series = await createEvents(deps, gulou, plan({ date: day(120), repeat: "weekly", weekdays: ["6"], count: "4", [`need-${helperRole}`]: "3" }));
    expect(series.ok).toBe(true);
    if (!series.ok) return;
    expect(series.ids).toHaveLength(4);
    expect(series.shiftIds).toHaveLength(4);
    const shifts = await t.db.selectFrom("shuxiang.shifts").select(["event_id", "capacity", "min_needed", "starts_at"]).where("id", "in", series.shiftIds).execute();
    const events = await t.db.selectFrom("shuxiang.events").select(["id", "starts_at", "local_date"]).where("id", "in", series.ids).orderBy("starts_at").execute();
    // One week apart in local time, and each helper shift starts with the setup (30 min before).
    expect(new Set(events.map((e) => new Date(e.starts_at).toISOString().slice(11, 16)))).toEqual(new Set(["01:30"]));
    for (const s of shifts) {
      const ev = events.find((e) => e.id === s.event_id)!;
      expect(s).toMatchObject({ capacity: 3, min_needed: 3 });
      expect(new Date(ev.starts_at).getTime() - new Date(s.starts_at).getTime()).toBe(30 * 60_000);
    }
    // On the board: each occurrence with its registrations and the helpers it still needs.
    const board = await boardEvents(t.db, { branchCodes: ["GL"], from: events[0].local_date, days: 1 });
    expect(board.find((e) => e.id === events[0].id)).toMatchObject({ titleZh: "亲子绘本日", registered: 0, capacity: 20, helpersShort: 3, clock: "09:30–11:00" });
    expect((await boardEvents(t.db, { branchCodes: ["FC"], from: events[0].local_date, days: 1 })).find((e) => e.id === events[0].id)).toBeUndefined();
  });

  it("never double-books a room: a clash names the other event, margins included, and only one of ten simultaneous plans wins", async () => {
    await newEvent({ date: day(50), start: "14:00", end: "16:00", titleZh: "经典诵读分享会", titleEn: "Classics sharing" });
    // 16:20 is inside the 30-minute teardown + 30-minute setup margins.
    const clash = await createEvents(deps, gulou, plan({ date: day(50), start: "16:20", end: "17:00" }));
    expect(clash).toMatchObject({ ok: false, errors: { roomId: "events.errors.roomClash" }, clash: { title_zh: "经典诵读分享会" } });
    expect((await createEvents(deps, gulou, plan({ date: day(50), start: "17:00", end: "18:00" }))).ok).toBe(true);

    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => createEvents(deps, gulou, plan({ date: day(51), start: "10:00", end: "11:00", titleZh: `讲座${i}` }))));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.errors.roomId?.startsWith("events.errors.roomClash"))).toBe(true);
    const rows = await t.db.selectFrom("shuxiang.events").select("id").where("room_id", "=", room).where("local_date", "=", day(51)).execute();
    expect(rows).toHaveLength(1);
  });
});

describe("registration", () => {
  it("checks the card and name, the window, guests, the party size and duplicates", async () => {
    const id = await newEvent({ date: day(60), roomId: "", maxParty: "3" });
    expect(await registerForEvent(deps, id, register({ mode: "card", cardNumber: reader.card_number, name: "不是本人" }))).toMatchObject({ ok: false, errors: { cardNumber: "events.errors.cardMismatch" } });
    expect(await registerForEvent(deps, id, register({ mode: "card", cardNumber: "9999999999999", name: reader.name }))).toMatchObject({ ok: false, errors: { cardNumber: "events.errors.cardMismatch" } });
    expect(await registerForEvent(deps, id, register({ adults: "2", children: "2" }))).toMatchObject({ ok: false, errors: { adults: "events.errors.partyTooBig:3" } });
    const byCard = await registerForEvent(deps, id, register({ mode: "card", cardNumber: reader.card_number, name: reader.name, adults: "1", children: "2" }));
    expect(byCard).toMatchObject({ ok: true, status: "confirmed" });
    expect(await registerForEvent(deps, id, register({ mode: "card", cardNumber: reader.card_number, name: reader.name }))).toMatchObject({ ok: false, errors: { form: "events.errors.duplicate" } });
    // The same card twice at once: one registration.
    const other = await t.db.selectFrom("library.readers").select(["card_number", "name"]).where("status", "=", "active").where((eb) => eb.or([eb("birth_date", "is", null), eb("birth_date", "<", "2000-01-01")])).orderBy("card_number", "desc").executeTakeFirstOrThrow();
    const twice = await Promise.all([1, 2, 3].map(() => registerForEvent(deps, id, register({ mode: "card", cardNumber: other.card_number, name: other.name }))));
    expect(twice.filter((r) => r.ok)).toHaveLength(1);
    expect(await t.db.selectFrom("shuxiang.events").select("registered").where("id", "=", id).executeTakeFirstOrThrow()).toEqual({ registered: 4 });

    const cardOnly = await newEvent({ date: day(61), roomId: "", guestsAllowed: undefined, cardRequired: "on" });
    expect(await registerForEvent(deps, cardOnly, register())).toMatchObject({ ok: false, errors: { form: "events.errors.guestsNotAllowed" } });
    const later = await newEvent({ date: day(62), roomId: "", opensDaysBefore: "7" });
    expect(await registerForEvent(deps, later, register())).toMatchObject({ ok: false, errors: { form: "events.errors.notYetOpen" } });
    await t.db.updateTable("shuxiang.events").set({ registration_opens_at: null, registration_closes_at: new Date(Date.now() - 60_000) }).where("id", "=", later).execute();
    expect(await registerForEvent(deps, later, register())).toMatchObject({ ok: false, errors: { form: "events.errors.closed" } });
  });

  it("holds 20 places against 500 simultaneous registrations of mixed party sizes; the rest wait in arrival order", async () => {
    const id = await newEvent({ date: day(70), capacity: "20", maxParty: "4" });
    const sizes = Array.from({ length: 500 }, (_, i) => 1 + (i % 4));
    const results = await Promise.all(sizes.map((n, i) => registerForEvent(deps, id, register({ email: `crowd${i}@example.com`, adults: "1", children: String(n - 1) }))));
    expect(results.every((r) => r.ok)).toBe(true);
    const ev = await t.db.selectFrom("shuxiang.events").select(["registered", "capacity"]).where("id", "=", id).executeTakeFirstOrThrow();
    const confirmed = await t.db.selectFrom("shuxiang.registrations").select(sql<number>`coalesce(sum(places), 0)::int`.as("n")).where("event_id", "=", id).where("status", "=", "confirmed").executeTakeFirstOrThrow();
    expect(ev.registered).toBeLessThanOrEqual(20);
    expect(confirmed.n).toBe(ev.registered);
    // Full to the last place unless only parties too large for the remainder were left.
    expect(ev.registered).toBeGreaterThanOrEqual(17);
    const waiting = results.filter((r) => r.ok && r.status === "waitlisted").map((r) => (r.ok ? r.position : 0)).sort((a, b) => a! - b!);
    expect(waiting).toEqual(Array.from({ length: waiting.length }, (_, i) => i + 1));
  }, 120_000); // a thousand requests at once: slow on a busy machine, and its figure is a bench's business

  it("a party too large for the places left waits; a cancellation through the private link promotes it with an invite", async () => {
    const id = await newEvent({ date: day(80), capacity: "4", maxParty: "4" });
    const first = await registerForEvent(deps, id, register({ email: "first@example.com", adults: "1", children: "2" }));
    const family = await registerForEvent(deps, id, register({ email: "family@example.com", adults: "2", children: "1" }));
    expect(first).toMatchObject({ ok: true, status: "confirmed" });
    expect(family).toMatchObject({ ok: true, status: "waitlisted", position: 1 });
    if (!first.ok || !family.ok) return;
    expect(await changeParty(deps, first.token, 2, 3)).toMatchObject({ ok: false, errors: { adults: "events.errors.partyTooBig:4" } });
    expect((await registrationByToken(t.db, family.token))?.waitlistPosition).toBe(1);
    expect(await cancelRegistration(deps, first.token)).toMatchObject({ ok: true, status: "cancelled", promoted: 1 });
    expect(await registrationByToken(t.db, family.token)).toMatchObject({ status: "confirmed" });
    expect(await registrationByToken(t.db, "not-a-token-at-all-xxxxxxxx")).toBeUndefined();

    const mine = await messagesFor("first@example.com");
    expect(mine.map((m) => m.template)).toEqual(["event-registered", "event-registration-cancelled"]);
    const [request, cancel] = mine.map((m) => parseInvite(m.ical!));
    expect(request).toMatchObject({ method: "REQUEST", status: "CONFIRMED" });
    expect(cancel).toMatchObject({ method: "CANCEL", uid: request.uid, status: "CANCELLED" });
    expect(cancel.sequence).toBeGreaterThan(request.sequence);
    expect(mine.map((m) => m.ical_method)).toEqual(["REQUEST", "CANCEL"]);
    const theirs = await messagesFor("family@example.com");
    expect(theirs.map((m) => [m.template, m.ical_method])).toEqual([["event-waitlisted", null], ["event-promoted", "REQUEST"]]);
  });

  it("a school group waits for the coordinator; accepting takes its head count, or is refused when it does not fit", async () => {
    const id = await newEvent({ date: day(90), kind: "study-tour", audience: "school-groups", capacity: "60" });
    const group = (n: number) => groupSchema.parse({ school: "鼓楼区第一实验小学", className: "四年级（2）班", teacher: "陈老师", email: `teacher${n}@example.com`, phone: "13912345678", headCount: String(n) });
    expect(await registerForEvent(deps, id, register())).toMatchObject({ ok: false, errors: { form: "events.errors.groupsOnly" } });
    const a = await requestGroupVisit(deps, id, group(45));
    const b = await requestGroupVisit(deps, id, group(20));
    if (!a.ok || !b.ok) throw new Error("group request refused");
    expect(await decideGroup(deps, streets, a.registrationId, "accept", null)).toMatchObject({ ok: false, status: 403 });
    expect(await decideGroup(deps, gulou, a.registrationId, "accept", null)).toEqual({ ok: true });
    expect(await decideGroup(deps, gulou, b.registrationId, "accept", null)).toMatchObject({ ok: false, errors: { form: "events.errors.groupNoRoom:15" } });
    expect(await decideGroup(deps, gulou, b.registrationId, "decline", "名额已满")).toEqual({ ok: true });
    expect((await messagesFor("teacher45@example.com")).map((m) => [m.template, m.ical_method])).toEqual([["group-requested", null], ["event-registered", "REQUEST"]]);
    expect((await messagesFor("teacher20@example.com")).map((m) => m.template)).toEqual(["group-requested", "group-declined"]);
  });
});

describe("changes and cancellation", () => {
  it("a moved event updates every invite and its helper shifts; cancelling sends CANCEL to all, and the feed agrees", async () => {
    const created = await createEvents(deps, gulou, plan({ date: day(100), [`need-${helperRole}`]: "1" }));
    if (!created.ok) throw new Error("not planned");
    const id = created.ids[0];
    const reg = await registerForEvent(deps, id, register({ email: "mover@example.com" }));
    expect(reg.ok).toBe(true);
    const edit = editEventSchema.parse({ intent: "edit", ...plan({ date: day(101) }), date: day(101), roomId: String(room), start: "10:00", end: "11:30", capacity: "20", maxParty: "4", guestsAllowed: "on", cardRequired: "" });
    expect(await updateEvent(deps, gulou, id, edit)).toMatchObject({ ok: true, notified: 1 });
    const shift = await t.db.selectFrom("shuxiang.shifts").select(["starts_at", "local_date"]).where("event_id", "=", id).executeTakeFirstOrThrow();
    expect(shift.local_date).toBe(day(101));
    expect(new Date(shift.starts_at).toISOString().slice(11, 16)).toBe("01:30");
    expect(await cancelEvents(deps, streets, id, "场地维修", "one")).toMatchObject({ ok: false, status: 403 });
    expect(await cancelEvents(deps, gulou, id, "场地维修", "one")).toMatchObject({ ok: true, cancelled: 1, notified: 1 });
    expect(await t.db.selectFrom("shuxiang.shifts").select("status").where("event_id", "=", id).executeTakeFirstOrThrow()).toEqual({ status: "cancelled" });
    const invites = (await messagesFor("mover@example.com")).map((m) => ({ template: m.template, ...parseInvite(m.ical!) }));
    expect(invites.map((i) => [i.template, i.method])).toEqual([["event-registered", "REQUEST"], ["event-changed", "REQUEST"], ["event-cancelled", "CANCEL"]]);
    expect(new Set(invites.map((i) => i.uid)).size).toBe(1);
    expect(invites[0].sequence).toBeLessThan(invites[1].sequence);
    expect(invites[1].sequence).toBeLessThan(invites[2].sequence);
    expect(invites[1].start).toBe(new Date(`${day(101)}T02:00:00Z`).toISOString());
    const feed = (await branchEventsFeed(t.db, "GL", deps, "zh-CN"))!.ics;
    const vevents = new ICAL.Component(ICAL.parse(feed)).getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    const inFeed = vevents.find((v) => v.uid === `event-${id}@localhost`)!;
    expect(String(inFeed.component.getFirstPropertyValue("status"))).toBe("CANCELLED");
    expect(feed).not.toContain("mover@example.com");
  });
});

describe("on the day and after", () => {
  it("the desk checks parties in; reminders go once; no-shows and feedback requests follow the end; a reply is emailed", async () => {
    const id = await newEvent({ date: day(110) });
    const came = await registerForEvent(deps, id, register({ email: "came@example.com", adults: "1", children: "1" }));
    const away = await registerForEvent(deps, id, register({ email: "away@example.com" }));
    if (!came.ok || !away.ok) throw new Error("not registered");
    const ev = await t.db.selectFrom("shuxiang.events").select(["starts_at", "ends_at"]).where("id", "=", id).executeTakeFirstOrThrow();
    const start = new Date(ev.starts_at).getTime();
    // The confirmations were written long before the 24-hour mark: one reminder each, once.
    await t.db.updateTable("shuxiang.registrations").set({ confirmed_at: new Date(start - 5 * 86400_000) }).where("event_id", "=", id).execute();
    expect((await runEventMaintenance(deps, new Date(start - 23 * 3600_000))).eventReminders).toBe(2);
    expect((await runEventMaintenance(deps, new Date(start - 22 * 3600_000))).eventReminders).toBe(0);
    expect(await checkInRegistration(deps, desk, came.registrationId, 2, new Date(start - 5 * 86400_000))).toMatchObject({ ok: false, errors: { form: "events.errors.tooEarly" } });
    expect(await checkInRegistration(deps, streets, came.registrationId, 2, new Date(start))).toMatchObject({ ok: false, status: 403 });
    expect(await checkInRegistration(deps, desk, came.registrationId, 2, new Date(start))).toEqual({ ok: true });
    const after = await runEventMaintenance(deps, new Date(new Date(ev.ends_at).getTime() + 60_000));
    expect(after).toMatchObject({ feedbackRequests: 1 });
    const rows = await t.db.selectFrom("shuxiang.registrations").select(["id", "no_show"]).where("event_id", "=", id).orderBy("id").execute();
    expect(rows.map((r) => r.no_show)).toEqual([false, true]);
    expect((await runEventMaintenance(deps, new Date(new Date(ev.ends_at).getTime() + 120_000))).feedbackRequests).toBe(0);
    expect((await messagesFor("came@example.com")).map((m) => m.template)).toEqual(["event-registered", "event-reminder", "feedback-request"]);

    const given = await submitFeedback(deps, feedbackSchema.parse({ kind: "suggestion", rating: "5", body: "希望多办几场，周末时间更好。", event: came.token }));
    expect(given.ok).toBe(true);
    if (!given.ok) return;
    expect(await submitFeedback(deps, feedbackSchema.parse({ kind: "question", body: "？", event: "made-up-token-made-up-token" }))).toMatchObject({ ok: false });
    const list = await listFeedback(t.db, gulou, { status: "new" });
    expect(list.rows.find((r) => r.id === given.id)).toMatchObject({ event_zh: "亲子绘本日", contact_email: "came@example.com" });
    expect((await listFeedback(t.db, streets, {})).rows.find((r) => r.id === given.id)).toBeUndefined();
    expect(await answerFeedback(deps, streets, given.id, "reply", "谢谢")).toMatchObject({ ok: false, status: 403 });
    expect(await answerFeedback(deps, gulou, given.id, "reply", "谢谢您的建议，下月起周末加场。")).toEqual({ ok: true });
    const reply = (await messagesFor("came@example.com")).at(-1)!;
    expect(reply.template).toBe("feedback-reply");
    expect(reply.data).toMatchObject({ reply: "谢谢您的建议，下月起周末加场。" });
  });
});
