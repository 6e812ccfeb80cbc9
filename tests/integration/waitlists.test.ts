// The one waitlist mechanism (app/modules/waitlists/promotion.server.ts) under simultaneous
// cancellations and waitlist leaves, for shifts, for events with parties and for training sessions, on the real
// PostgreSQL through the module functions the routes call, fired at once with Promise.all and
// repeated for several rounds. Also: nothing is promoted once a shift or event has started, and
// `transact` runs a deadlocked transaction again.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Services } from "#app/services.server.ts";
import type { StaffUser } from "#app/modules/auth/policy.ts";
import { createEvents } from "#app/modules/events/events.server.ts";
import { cancelRegistration, promoteRegistrations, registerForEvent } from "#app/modules/events/registrations.server.ts";
import { createEventSchema, registrationSchema, withNeeds } from "#app/modules/events/schemas.ts";
import { bookShift, cancelBooking, removeVolunteer } from "#app/modules/shifts/bookings.server.ts";
import { createShiftSchema } from "#app/modules/shifts/schemas.ts";
import { createShifts } from "#app/modules/shifts/shifts.server.ts";
import { trainingSessionSchema } from "#app/modules/trainings/schemas.ts";
import { cancelEnrolment, createTrainingSession, enrolTrainee } from "#app/modules/trainings/trainings.server.ts";
import { transact, TRANSACTION_ATTEMPTS } from "#app/lib/db.server.ts";
import { log } from "#app/lib/log.server.ts";
import { appDeps, type AppDeps } from "#app/lib/deps.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/database.ts";
import { startTestServices } from "#tests/support/services.ts";
import { demoStaff } from "#tests/support/staff.ts";

let t: TestDatabase;
let services: Services;
let deps: AppDeps;
let coordinator: { user: StaffUser; staffId: number };
let gulou: StaffUser;
let shelving: number;
let room: number;

const ROUNDS = 5;
const DAY = 86400_000;
const futureDate = (days: number) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + days * DAY));

beforeAll(async () => {
  t = await createTestDatabase();
  services = await startTestServices(t, { WORKERS: "off" });
  deps = appDeps(services);
  const user = (await demoStaff(t.db))("coord.gulou@shuxiang.example", ["GL"]);
  coordinator = { user, staffId: user.id };
  gulou = (await demoStaff(t.db))("coord.gulou@shuxiang.example", ["GL"]);
  shelving = (await t.db.selectFrom("shuxiang.roles").select("id").where("code", "=", "shelving").executeTakeFirstOrThrow()).id;
  room = (await t.db.insertInto("shuxiang.rooms").values({ branch_code: "GL", code: "race-hall", name_zh: "并发测试厅", name_en: "Race hall", capacity: 100 }).returning("id").executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await services?.close();
  await t?.drop();
});

let serial = 0;
async function newVolunteers(count: number): Promise<Array<{ id: number; email: string }>> {
  const rows = await t.db
    .insertInto("shuxiang.volunteers")
    .values(Array.from({ length: count }, () => ({ email: `wait${++serial}@test.example`, name: `候补${serial}`, status: "appointed" as const })))
    .returning(["id", "email"])
    .execute();
  return rows;
}

async function newShift(overrides: Record<string, unknown> = {}): Promise<number> {
  const input = createShiftSchema.parse({ branch: "GL", roleId: shelving, date: futureDate(5), start: "09:00", end: "12:00", capacity: 5, minNeeded: 1, ...overrides });
  const result = await createShifts(deps, coordinator, input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.ids[0];
}

/** A guest-friendly event in this file's own room, 09:30–11:00 on `date`. */
async function newEvent(date: string, capacity: number, maxParty: number): Promise<number> {
  const input = createEventSchema.parse(
    withNeeds({
      titleZh: "并发测试", titleEn: "Race test", kind: "parent-child", audience: "parent-child", branch: "GL", roomId: String(room),
      date, start: "09:30", end: "11:00", capacity: String(capacity), maxParty: String(maxParty), guestsAllowed: "on", closesHoursBefore: "1",
    }),
  );
  const created = await createEvents(deps, gulou, input);
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  return created.ids[0];
}

/** Templates of the messages written to each address after message id `since`. */
async function templatesSince(since: number, emails: string[]): Promise<Map<string, string[]>> {
  const rows = await t.db.selectFrom("shuxiang.messages").select(["recipient_email", "template"]).where("id", ">", since).where("recipient_email", "in", emails).orderBy("id").execute();
  const out = new Map(emails.map((e) => [e, [] as string[]]));
  for (const r of rows) out.get(r.recipient_email)!.push(r.template);
  return out;
}

async function lastMessageId(): Promise<number> {
  const row = await t.db.selectFrom("shuxiang.messages").select((eb) => eb.fn.max("id").as("id")).executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** A different interleaving each round: the same requests in another order. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let x = seed * 7919 + 17;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Runs the requests at once and answers what they returned and whether any transaction had to be
 * run again (a deadlock or serialization failure): with one lock order there is none to retry.
 */
async function allAtOnce<R>(requests: Array<() => Promise<R>>): Promise<{ results: R[]; retried: number }> {
  const warn = vi.spyOn(log, "warn");
  try {
    const results = await Promise.all(requests.map((request) => request()));
    return { results, retried: warn.mock.calls.filter(([message]) => message === "transaction retried").length };
  } finally {
    warn.mockRestore();
  }
}

/** A promoted-then-left person heard both, in that order; anyone else only their own change. */
function leaverHeard(templates: string[], promoted: string, cancelled: string): boolean {
  return (templates.length === 1 && templates[0] === cancelled) || (templates.length === 2 && templates[0] === promoted && templates[1] === cancelled);
}

describe("shifts: five confirmed cancel and the first five waiting leave, all at once", () => {
  it(`${ROUNDS} rounds: no errors, never over capacity, nobody who left is confirmed, the next five in arrival order move up, one email per change`, async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const shift = await newShift({ date: futureDate(5 + round) });
      const confirmed = await newVolunteers(5);
      const waiting = await newVolunteers(12);
      for (const v of confirmed) expect(await bookShift(deps, v.id, shift)).toMatchObject({ ok: true, status: "confirmed" });
      for (const [i, v] of waiting.entries()) expect(await bookShift(deps, v.id, shift)).toMatchObject({ ok: true, status: "waitlisted", position: i + 1 });
      const leavers = waiting.slice(0, 5);
      const since = await lastMessageId();

      const { results, retried } = await allAtOnce(shuffled([...confirmed, ...leavers], round).map((v) => () => cancelBooking(deps, v.id, shift)));
      expect(results.every((r) => r.ok), JSON.stringify(results)).toBe(true);
      expect(retried, "deadlocks retried").toBe(0);

      const rows = await t.db.selectFrom("shuxiang.bookings").select(["volunteer_id", "status", "cancelled_at"]).where("shift_id", "=", shift).execute();
      const status = new Map(rows.map((r) => [r.volunteer_id, r.status]));
      const counter = await t.db.selectFrom("shuxiang.shifts").select(["booked", "capacity"]).where("id", "=", shift).executeTakeFirstOrThrow();
      const holding = rows.filter((r) => r.status === "confirmed");
      expect(counter.booked).toBe(holding.length);
      expect(holding.length).toBeLessThanOrEqual(counter.capacity);
      for (const r of holding) expect(r.cancelled_at).toBeNull();
      for (const v of [...confirmed, ...leavers]) expect(status.get(v.id), `round ${round}: volunteer ${v.id} left`).toBe("cancelled");
      expect(waiting.slice(5, 10).map((v) => status.get(v.id))).toEqual(Array(5).fill("confirmed"));
      expect(waiting.slice(10).map((v) => status.get(v.id))).toEqual(["waitlisted", "waitlisted"]);

      const heard = await templatesSince(since, [...confirmed, ...waiting].map((v) => v.email));
      for (const v of confirmed) expect(heard.get(v.email)).toEqual(["booking-cancelled"]);
      // Leaving a waitlist sends nothing; one moved up before their leave went through hears both.
      for (const v of leavers) expect(heard.get(v.email)!.length === 0 || leaverHeard(heard.get(v.email)!, "shift-promoted", "booking-cancelled"), `${heard.get(v.email)}`).toBe(true);
      for (const v of waiting.slice(5, 10)) expect(heard.get(v.email)).toEqual(["shift-promoted"]);
      for (const v of waiting.slice(10)) expect(heard.get(v.email)).toEqual([]);
    }
  });
});

const PARTIES = { confirmed: [3, 3, 4], waiting: [2, 4, 1, 3, 2, 6, 1, 2] };

describe("events: three confirmed parties and the first four waiting parties cancel through their links at once", () => {
  it(`${ROUNDS} rounds: no errors, never over capacity, nobody who left is confirmed, parties move up in arrival order as they fit, one email per change`, async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const eventId = await newEvent(futureDate(20 + round), 10, 6);
      const register = async (places: number, i: number) => {
        const email = `party${round}-${i}-${places}@example.com`;
        const input = registrationSchema.parse({ mode: "guest", name: "王芳", email, adults: "1", children: String(places - 1) });
        const result = await registerForEvent(deps, eventId, input);
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        return { ...result, email, places };
      };
      const confirmed = [];
      for (const [i, p] of PARTIES.confirmed.entries()) confirmed.push(await register(p, i));
      const waiting = [];
      for (const [i, p] of PARTIES.waiting.entries()) waiting.push(await register(p, 10 + i));
      expect(confirmed.map((r) => r.status)).toEqual(["confirmed", "confirmed", "confirmed"]);
      expect(waiting.map((r) => r.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      const leavers = waiting.slice(0, 4);
      const staying = waiting.slice(4);
      const since = await lastMessageId();

      const { results, retried } = await allAtOnce(shuffled([...confirmed, ...leavers], round).map((r) => () => cancelRegistration(deps, r.token)));
      expect(results.every((r) => r.ok), JSON.stringify(results)).toBe(true);
      expect(retried, "deadlocks retried").toBe(0);

      const rows = await t.db.selectFrom("shuxiang.registrations").select(["id", "status", "places", "cancelled_at", "arrival"]).where("event_id", "=", eventId).execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      const event = await t.db.selectFrom("shuxiang.events").select(["registered", "capacity"]).where("id", "=", eventId).executeTakeFirstOrThrow();
      const holding = rows.filter((r) => r.status === "confirmed");
      expect(event.registered).toBe(holding.reduce((n, r) => n + r.places, 0));
      expect(event.registered).toBeLessThanOrEqual(event.capacity);
      for (const r of holding) expect(r.cancelled_at).toBeNull();
      for (const r of [...confirmed, ...leavers]) expect(byId.get(r.registrationId)!.status, `round ${round}: registration ${r.registrationId} left`).toBe("cancelled");
      // Arrival order among those who fit: no party still waiting would fit in the places left,
      // and none still waiting arrived before a party that moved up while being no larger.
      const free = event.capacity - event.registered;
      const stillWaiting = staying.filter((r) => byId.get(r.registrationId)!.status === "waitlisted");
      const movedUp = staying.filter((r) => byId.get(r.registrationId)!.status === "confirmed");
      expect(stillWaiting.length + movedUp.length).toBe(staying.length);
      for (const w of stillWaiting) expect(w.places).toBeGreaterThan(free);
      for (const w of stillWaiting) for (const p of movedUp) if (byId.get(w.registrationId)!.arrival < byId.get(p.registrationId)!.arrival) expect(w.places).toBeGreaterThan(p.places);
      expect(movedUp.length).toBeGreaterThan(0);

      const heard = await templatesSince(since, [...confirmed, ...waiting].map((r) => r.email));
      for (const r of confirmed) expect(heard.get(r.email)).toEqual(["event-registration-cancelled"]);
      for (const r of leavers) expect(leaverHeard(heard.get(r.email)!, "event-promoted", "event-registration-cancelled"), `${heard.get(r.email)}`).toBe(true);
      for (const r of movedUp) expect(heard.get(r.email)).toEqual(["event-promoted"]);
      for (const r of stillWaiting) expect(heard.get(r.email)).toEqual([]);
    }
  });
});

describe("nothing moves up once it has started", () => {
  it("removing a no-show half an hour into a shift promotes nobody and emails nobody; before the start it does", async () => {
    for (const started of [false, true]) {
      const shift = await newShift({ date: futureDate(3), capacity: 1 });
      const [noShow, next] = await newVolunteers(2);
      await bookShift(deps, noShow.id, shift);
      expect(await bookShift(deps, next.id, shift)).toMatchObject({ ok: true, status: "waitlisted" });
      if (started) {
        // The shift began 30 minutes ago (moved there directly: planning refuses the past).
        await sql`UPDATE shuxiang.shifts SET starts_at = now() - interval '30 minutes', ends_at = now() + interval '150 minutes' WHERE id = ${shift}`.execute(t.db);
        await sql`UPDATE shuxiang.bookings SET starts_at = now() - interval '30 minutes', ends_at = now() + interval '150 minutes' WHERE shift_id = ${shift}`.execute(t.db);
      }
      const booking = await t.db.selectFrom("shuxiang.bookings").select("id").where("shift_id", "=", shift).where("volunteer_id", "=", noShow.id).executeTakeFirstOrThrow();
      const since = await lastMessageId();
      const removed = await removeVolunteer(deps, coordinator, booking.id, "未到岗");
      expect(removed.ok).toBe(true);
      expect(removed.promoted).toHaveLength(started ? 0 : 1);
      const after = await t.db.selectFrom("shuxiang.bookings").select("status").where("shift_id", "=", shift).where("volunteer_id", "=", next.id).executeTakeFirstOrThrow();
      expect(after.status).toBe(started ? "waitlisted" : "confirmed");
      expect((await templatesSince(since, [next.email])).get(next.email)).toEqual(started ? [] : ["shift-promoted"]);
    }
  });

  it("an event that has begun fills no freed place from its waitlist", async () => {
    const eventId = await newEvent(futureDate(40), 2, 2);
    const first = await registerForEvent(deps, eventId, registrationSchema.parse({ mode: "guest", name: "王芳", email: "begun1@example.com", adults: "2", children: "0" }));
    const second = await registerForEvent(deps, eventId, registrationSchema.parse({ mode: "guest", name: "李雷", email: "begun2@example.com", adults: "1", children: "0" }));
    expect([first.ok && first.status, second.ok && second.status]).toEqual(["confirmed", "waitlisted"]);
    // The desk frees the place after the start (moved there directly), and then promotion is asked.
    await sql`UPDATE shuxiang.events SET starts_at = now() - interval '10 minutes', ends_at = now() + interval '80 minutes',
      blocked_from = now() - interval '40 minutes', blocked_until = now() + interval '110 minutes', registered = 0 WHERE id = ${eventId}`.execute(t.db);
    expect(await transact(t.db, (trx) => promoteRegistrations(trx, deps, eventId))).toEqual([]);
    const row = await t.db.selectFrom("shuxiang.registrations").select("status").where("email", "=", "begun2@example.com").executeTakeFirstOrThrow();
    expect(row.status).toBe("waitlisted");
  });
});

describe("training sessions: the same mechanism", () => {
  let training: number;
  let dayOffset = 20;
  beforeAll(async () => {
    training = (await t.db.selectFrom("shuxiang.trainings").select("id").where("code", "=", "book-repair").executeTakeFirstOrThrow()).id;
  });
  async function newSession(capacity: number): Promise<number> {
    const created = await createTrainingSession(deps, gulou, trainingSessionSchema.parse({ trainingId: training, branch: "GL", date: futureDate(++dayOffset), start: "14:00", end: "16:00", capacity }));
    if (!created.ok) throw new Error(JSON.stringify(created));
    return created.sessionId;
  }
  /** Enrols each in turn; answers their enrolment ids. */
  async function enrolAll(session: number, people: Array<{ id: number }>, waitlisted: boolean): Promise<number[]> {
    const ids: number[] = [];
    for (const v of people) {
      const r = await enrolTrainee(deps, gulou, session, { volunteerId: v.id });
      expect(r).toMatchObject({ ok: true, waitlisted });
      if (r.ok) ids.push(r.enrolmentId);
    }
    return ids;
  }
  const statusOf = async (session: number) =>
    new Map((await t.db.selectFrom("shuxiang.training_enrolments").select(["id", "status"]).where("session_id", "=", session).execute()).map((r) => [r.id, r.status]));

  it("a full session puts people on its waitlist and tells them; a cancellation gives the place to the first waiting, who alone gets the invite, once", async () => {
    const session = await newSession(2);
    const [a, b] = await newVolunteers(2);
    const waiting = await newVolunteers(3);
    const before = await lastMessageId();
    const [enrolA] = await enrolAll(session, [a, b], false);
    const waitIds = await enrolAll(session, waiting, true);
    // Told they wait, with no calendar invite (there is nothing in their calendar yet).
    const told = await t.db.selectFrom("shuxiang.messages").select(["recipient_email", "template", "ical"]).where("id", ">", before).where("recipient_email", "in", waiting.map((v) => v.email)).orderBy("id").execute();
    expect(told.map((m) => [m.recipient_email, m.template, m.ical])).toEqual(waiting.map((v) => [v.email, "training-waitlist", null]));
    expect((await statusOf(session)).get(waitIds[0])).toBe("waitlisted");
    // Enrolling someone already waiting is refused, nothing changed.
    expect(await enrolTrainee(deps, gulou, session, { volunteerId: waiting[0].id })).toEqual({ ok: false, errors: { email: "training.errors.alreadyWaiting" } });

    const since = await lastMessageId();
    expect(await cancelEnrolment(deps, gulou, enrolA, "生病")).toEqual({ ok: true, promoted: [waitIds[0]] });
    const status = await statusOf(session);
    expect(waitIds.map((id) => status.get(id))).toEqual(["enrolled", "waitlisted", "waitlisted"]);
    expect((await t.db.selectFrom("shuxiang.training_sessions").select("enrolled").where("id", "=", session).executeTakeFirstOrThrow()).enrolled).toBe(2);
    const heard = await templatesSince(since, [a, b, ...waiting].map((v) => v.email));
    expect([...heard.values()]).toEqual([["training-cancel"], [], ["training-invite"], [], []]);
    const invite = await t.db.selectFrom("shuxiang.messages").select(["ical_method"]).where("id", ">", since).where("recipient_email", "=", waiting[0].email).executeTakeFirstOrThrow();
    expect(invite.ical_method).toBe("REQUEST");
  });

  it(`${ROUNDS} rounds: five enrolled taken off and the first five waiting taken off the waitlist at once: no errors, never over capacity, nobody who left enrolled, the next five in arrival order move up, one email per change`, async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const session = await newSession(5);
      const enrolled = await newVolunteers(5);
      const waiting = await newVolunteers(12);
      const enrolledIds = await enrolAll(session, enrolled, false);
      const waitIds = await enrolAll(session, waiting, true);
      const since = await lastMessageId();

      const leaving = [...enrolledIds, ...waitIds.slice(0, 5)];
      const { results, retried } = await allAtOnce(shuffled(leaving, round).map((id) => () => cancelEnrolment(deps, gulou, id, "改期")));
      expect(results.every((r) => r.ok), JSON.stringify(results)).toBe(true);
      expect(retried, "deadlocks retried").toBe(0);

      const status = await statusOf(session);
      const counter = await t.db.selectFrom("shuxiang.training_sessions").select(["enrolled", "capacity"]).where("id", "=", session).executeTakeFirstOrThrow();
      const holding = [...status.values()].filter((s) => s === "enrolled");
      expect(counter.enrolled).toBe(holding.length);
      expect(holding.length).toBeLessThanOrEqual(counter.capacity);
      for (const id of leaving) expect(status.get(id), `round ${round}: enrolment ${id} left`).toBe("cancelled");
      expect(waitIds.slice(5, 10).map((id) => status.get(id))).toEqual(Array(5).fill("enrolled"));
      expect(waitIds.slice(10).map((id) => status.get(id))).toEqual(["waitlisted", "waitlisted"]);

      const heard = await templatesSince(since, [...enrolled, ...waiting].map((v) => v.email));
      for (const v of enrolled) expect(heard.get(v.email)).toEqual(["training-cancel"]);
      // Leaving the waitlist sends nothing; one moved up before their removal went through hears both.
      for (const v of waiting.slice(0, 5)) expect(heard.get(v.email)!.length === 0 || leaverHeard(heard.get(v.email)!, "training-invite", "training-cancel"), `${heard.get(v.email)}`).toBe(true);
      for (const v of waiting.slice(5, 10)) expect(heard.get(v.email)).toEqual(["training-invite"]);
      for (const v of waiting.slice(10)) expect(heard.get(v.email)).toEqual([]);
    }
  });

  it("taking a no-show off half an hour into the session promotes nobody and emails nobody", async () => {
    const session = await newSession(1);
    const [a, next] = await newVolunteers(2);
    const [enrolA] = await enrolAll(session, [a], false);
    const [waitNext] = await enrolAll(session, [next], true);
    await sql`UPDATE shuxiang.training_sessions SET starts_at = now() - interval '30 minutes', ends_at = now() + interval '90 minutes' WHERE id = ${session}`.execute(t.db);
    const since = await lastMessageId();
    expect(await cancelEnrolment(deps, gulou, enrolA, "没来")).toEqual({ ok: true, promoted: [] });
    expect((await statusOf(session)).get(waitNext)).toBe("waitlisted");
    expect((await t.db.selectFrom("shuxiang.training_sessions").select("enrolled").where("id", "=", session).executeTakeFirstOrThrow()).enrolled).toBe(0);
    expect((await templatesSince(since, [next.email])).get(next.email)).toEqual([]);
  });
});

describe("transact", () => {
  it("runs a deadlocked transaction again: two that lock two rows in opposite orders both succeed, each once", async () => {
    await sql`CREATE TABLE deadlock_probe (id int PRIMARY KEY, n int NOT NULL)`.execute(t.db);
    await sql`INSERT INTO deadlock_probe VALUES (1, 0), (2, 0)`.execute(t.db);
    let attempts = 0;
    let holding = 0;
    let bothHold!: () => void;
    const bothHolding = new Promise<void>((resolve) => (bothHold = resolve));
    const work = (first: number, second: number) =>
      transact(t.db, async (trx) => {
        attempts++;
        await sql`UPDATE deadlock_probe SET n = n + 1 WHERE id = ${first}`.execute(trx);
        // The first attempts meet here holding one row each, then each asks for the other's.
        if (++holding === 2) bothHold();
        await bothHolding;
        await sql`UPDATE deadlock_probe SET n = n + 1 WHERE id = ${second}`.execute(trx);
        return first;
      });
    expect(await Promise.all([work(1, 2), work(2, 1)])).toEqual([1, 2]);
    expect(attempts).toBe(3);
    const rows = await sql<{ id: number; n: number }>`SELECT id, n FROM deadlock_probe ORDER BY id`.execute(t.db);
    expect(rows.rows).toEqual([{ id: 1, n: 2 }, { id: 2, n: 2 }]);
  });

  it(`gives up after ${TRANSACTION_ATTEMPTS} attempts and passes the failure on`, async () => {
    let attempts = 0;
    const always = transact(t.db, async () => {
      attempts++;
      throw Object.assign(new Error("could not serialize access"), { code: "40001" });
    });
    await expect(always).rejects.toMatchObject({ code: "40001" });
    expect(attempts).toBe(TRANSACTION_ATTEMPTS);
  });
});
