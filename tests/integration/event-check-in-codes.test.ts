// The desk checks a reader in by the code their registration page shows (scanned or typed), and
// finds registrations by part of a card number, a name or the code; bad search input is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Services } from "#app/services.server.ts";
import type { StaffUser } from "#app/modules/auth/policy.ts";
import { createEvents } from "#app/modules/events/events.server.ts";
import { eventRegistrations } from "#app/modules/events/queries.server.ts";
import { cancelRegistration, checkInByCode, registerForEvent, registrationByToken } from "#app/modules/events/registrations.server.ts";
import { readCheckInCode, showCheckInCode } from "#app/modules/events/check-in-code.ts";
import { createEventSchema, registrationSchema, withNeeds } from "#app/modules/events/schemas.ts";
import { appDeps, type AppDeps } from "#app/lib/deps.server.ts";
import { sessionCookie, startApp, type AppProcess } from "#tests/support/app-process.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/database.ts";
import { startTestServices } from "#tests/support/services.ts";
import { demoStaff } from "#tests/support/staff.ts";

const SECRET = "check-in-codes-test-session-secret-0123456789";
let t: TestDatabase;
let app: AppProcess;
let services: Services;
let deps: AppDeps;
let gulou: StaffUser;
let desk: StaffUser;
let reader: { card_number: string; name: string };

const day = (offset: number) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + offset * 86400_000));

beforeAll(async () => {
  t = await createTestDatabase();
  app = await startApp({ DATABASE_URL: t.url, SESSION_SECRET: SECRET, DEMO_DATA: "never" });
  services = await startTestServices(t, { WORKERS: "off", SESSION_SECRET: SECRET, PUBLIC_URL: app.url });
  deps = appDeps(services);
  const user = await demoStaff(t.db);
  gulou = user("coord.gulou@shuxiang.example", ["GL"]);
  desk = user("desk.gulou@shuxiang.example", ["GL"]);
  reader = await t.db
    .selectFrom("library.readers")
    .select(["card_number", "name"])
    .where("status", "=", "active")
    .where((eb) => eb.or([eb("birth_date", "is", null), eb("birth_date", "<", "2000-01-01")]))
    .where("card_number", "~", "^[0-9]{8,}$")
    .orderBy("card_number")
    .executeTakeFirstOrThrow();
}, 90_000);
afterAll(async () => {
  await app?.stop();
  await services?.close();
  await t?.drop();
});

/** An event at the main library, today or later, with a hall of its own so nothing clashes. */
async function newEvent(date: string, start: string, end: string) {
  const code = `hall-${Math.random().toString(36).slice(2, 8)}`;
  const room = (await t.db.insertInto("shuxiang.rooms").values({ branch_code: "GL", code, name_zh: "签到测试厅", name_en: "Check-in hall", capacity: 200 }).returning("id").executeTakeFirstOrThrow()).id;
  const result = await createEvents(
    deps,
    gulou,
    createEventSchema.parse(withNeeds({ titleZh: "签到码测试", titleEn: "Check-in code test", kind: "lecture", audience: "everyone", branch: "GL", roomId: String(room), date, start, end, capacity: "20", maxParty: "4", guestsAllowed: "on", closesHoursBefore: "0" })),
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.ids[0];
}

const register = async (eventId: number, overrides: Record<string, unknown>, now?: Date) => {
  const result = await registerForEvent(deps, eventId, registrationSchema.parse({ mode: "guest", name: "王芳", email: `g${Math.random().toString(36).slice(2)}@example.com`, adults: "1", children: "0", ...overrides }), {}, now);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result;
};
const codeOf = async (registrationId: number) => (await t.db.selectFrom("shuxiang.registrations").select("check_in_code").where("id", "=", registrationId).executeTakeFirstOrThrow()).check_in_code;
const stateOf = (registrationId: number) => t.db.selectFrom("shuxiang.registrations").select(["status", "checked_in_at", "checked_in_count"]).where("id", "=", registrationId).executeTakeFirstOrThrow();

describe("check-in by code", () => {
  it("every registration has its own code, not the private link's token, shown on the reader's page", async () => {
    const id = await newEvent(day(20), "10:00", "11:00");
    const a = await register(id, {});
    const b = await register(id, {});
    const [codeA, codeB] = [await codeOf(a.registrationId), await codeOf(b.registrationId)];
    expect(codeA).toMatch(/^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{8}$/);
    expect(codeA).not.toBe(codeB);
    expect(a.token).not.toContain(codeA);
    expect((await registrationByToken(t.db, a.token))?.check_in_code).toBe(codeA);
    // Typed forgivingly: lower case, spaces, the dash, O for 0 and I or L for 1.
    expect(readCheckInCode(` ${showCheckInCode(codeA).toLowerCase()} `)).toBe(codeA);
    expect(readCheckInCode("0O1IL-2345".slice(0, 9))).toBe("00111234");
    expect(readCheckInCode("https://example.com/x")).toBeNull();
    expect(readCheckInCode("ABCD\u0000EFG")).toBeNull();
  });

  it("the right code checks the whole party in; twice says already; another event's code and a cancelled one are refused and change nothing", async () => {
    const today = await newEvent(day(2), "19:00", "20:30");
    const other = await newEvent(day(2), "18:00", "18:50");
    const starts = new Date((await t.db.selectFrom("shuxiang.events").select("starts_at").where("id", "=", today).executeTakeFirstOrThrow()).starts_at);
    const before = new Date(starts.getTime() - 3 * 3600_000);
    const now = new Date(starts.getTime() - 30 * 60_000);
    const family = await register(today, { name: "李明", adults: "1", children: "2" }, before);
    const elsewhere = await register(other, { name: "赵强" }, before);
    const gone = await register(today, { name: "钱芳" }, before);
    expect(await cancelRegistration(deps, gone.token, before)).toMatchObject({ ok: true, status: "cancelled" });

    // Another event's code: refused, and neither registration changes.
    expect(await checkInByCode(deps, desk, today, await codeOf(elsewhere.registrationId), now)).toEqual({ ok: false, errors: { code: "events.errors.codeOtherEvent" } });
    expect(await stateOf(elsewhere.registrationId)).toMatchObject({ status: "confirmed", checked_in_at: null });
    // Unknown code.
    expect(await checkInByCode(deps, desk, today, "ZZZZZZZZ", now)).toEqual({ ok: false, errors: { code: "events.errors.codeUnknown" } });
    // Cancelled: refused, named, unchanged.
    expect(await checkInByCode(deps, desk, today, await codeOf(gone.registrationId), now)).toMatchObject({ ok: false, errors: { code: "events.errors.codeCancelled" }, party: { name: "钱芳" } });
    expect(await stateOf(gone.registrationId)).toMatchObject({ status: "cancelled", checked_in_at: null });
    // Too early (the same rule as the list's check-in button).
    expect(await checkInByCode(deps, desk, today, await codeOf(family.registrationId), before)).toMatchObject({ ok: false, errors: { form: "events.errors.tooEarly" } });
    expect(await stateOf(family.registrationId)).toMatchObject({ checked_in_at: null });

    // The right code: the whole party (1 adult, 2 children) is checked in and named.
    const code = showCheckInCode(await codeOf(family.registrationId));
    expect(await checkInByCode(deps, desk, today, readCheckInCode(code)!, now)).toMatchObject({ ok: true, party: { name: "李明", adults: 1, children: 2, places: 3, checked_in_count: 3 } });
    expect(await stateOf(family.registrationId)).toMatchObject({ status: "confirmed", checked_in_count: 3 });
    const audit = await t.db.selectFrom("shuxiang.audit_log").select(["action", "actor_staff_id"]).where("action", "=", "registration.check-in").where("entity_id", "=", String(today)).execute();
    expect(audit).toEqual([{ action: "registration.check-in", actor_staff_id: desk.id }]);
    // Twice: says already, keeps the first check-in.
    const first = (await stateOf(family.registrationId)).checked_in_at;
    expect(await checkInByCode(deps, desk, today, readCheckInCode(code)!, new Date(now.getTime() + 60_000))).toMatchObject({ ok: false, errors: { code: "events.errors.codeAlready" }, party: { name: "李明" } });
    expect((await stateOf(family.registrationId)).checked_in_at).toEqual(first);
  });
});

describe("the desk's search and typed code through the page", () => {
  it("finds a registration by part of its card number, its name or its code; escapes wildcards; refuses NUL and overlong input with 400", async () => {
    const id = await newEvent(day(25), "14:00", "15:00");
    const carded = await registerForEvent(deps, id, registrationSchema.parse({ mode: "card", cardNumber: reader.card_number, name: reader.name, email: "card@example.com", adults: "1", children: "0" }));
    if (!carded.ok) throw new Error(JSON.stringify(carded.errors));
    await register(id, { name: "周百合" });
    const code = await codeOf(carded.registrationId);
    const names = async (q: string) => (await eventRegistrations(t.db, id, q)).map((r) => r.name);
    const card = reader.card_number;
    expect(await names(card.slice(-4))).toEqual([reader.name]);
    expect(await names(card.slice(2, 7))).toEqual([reader.name]);
    expect(await names(card)).toEqual([reader.name]);
    expect(await names(showCheckInCode(code).toLowerCase())).toEqual([reader.name]);
    expect(await names("百合")).toEqual(["周百合"]);
    expect(await names("00000000000")).toEqual([]);
    // Wildcards typed by the desk match only themselves (unescaped, "%" and "_" would find everyone).
    expect(await names("%")).toEqual([]);
    expect(await names("_")).toEqual([]);
    expect(await names("\\")).toEqual([]);

    const cookie = await sessionCookie(t.db, app, SECRET, { staff: "desk.gulou@shuxiang.example" });
    const get = (q: string) => fetch(`${app.url}/staff/events/${id}?q=${encodeURIComponent(q)}`, { headers: { Cookie: cookie }, redirect: "manual" });
    const found = await get(card.slice(-4));
    expect(found.status).toBe(200);
    expect(await found.text()).toContain(reader.name);
    const nul = await get("12\u000034");
    expect(nul.status).toBe(400);
    expect(await nul.text()).toContain("不能包含控制字符");
    const long = await get("1".repeat(51));
    expect(long.status).toBe(400);
    expect(await long.text()).toContain("50");
  });

  it("a typed code works as a plain form post (no JavaScript): 200 naming the party, 400 with the reason for a wrong one", async () => {
    const id = await newEvent(day(3), "10:00", "11:00");
    const party = await register(id, { name: "孙丽", adults: "2", children: "1" });
    // The day comes: the event starts within the hour, when the desk may check people in.
    await t.db.updateTable("shuxiang.events").set({ starts_at: new Date(Date.now() + 3600_000), ends_at: new Date(Date.now() + 2 * 3600_000), blocked_from: new Date(Date.now() + 1800_000), blocked_until: new Date(Date.now() + 3 * 3600_000) }).where("id", "=", id).execute();
    const cookie = await sessionCookie(t.db, app, SECRET, { staff: "desk.gulou@shuxiang.example" });
    const post = (code: string) =>
      fetch(`${app.url}/staff/events/${id}`, { method: "POST", headers: { Origin: app.url, "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie }, body: new URLSearchParams({ intent: "code", code }), redirect: "manual" });
    const bad = await post("not a code\u0000");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("这不是签到码");
    const unknown = await post("ZZZZ-ZZZZ");
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("没有这个签到码");
    expect(await stateOf(party.registrationId)).toMatchObject({ checked_in_at: null });
    const ok = await post(showCheckInCode(await codeOf(party.registrationId)).toLowerCase());
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("已签到：孙丽 · 成人 2，儿童 1");
    expect(await stateOf(party.registrationId)).toMatchObject({ checked_in_count: 3 });
    const again = await post(showCheckInCode(await codeOf(party.registrationId)));
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("已经签到过了");
  });
});
