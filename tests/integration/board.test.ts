// The scheduling board on real PostgreSQL: one statement per view, states and totals right, and
// "ask for help" reaching exactly the volunteers who could take the shift, once per 12 hours.
import type { KyselyPlugin } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Services } from "#app/services.server.ts";
import { boardShifts, summarize } from "#app/modules/board/board.server.ts";
import { weekStart } from "#app/modules/board/week.ts";
import { askForHelp, shortStaffed } from "#app/modules/board/help.server.ts";
import { copyWeek } from "#app/modules/board/copy.server.ts";
import { addDays } from "#app/modules/board/week.ts";
import { bookShift } from "#app/modules/shifts/bookings.server.ts";
import { appDeps, type AppDeps } from "#app/lib/deps.server.ts";
import { createShiftSchema } from "#app/modules/shifts/schemas.ts";
import { cancelShifts, createShifts } from "#app/modules/shifts/shifts.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/database.ts";
import type { StaffActor } from "#app/modules/auth/policy.ts";
import { startTestServices } from "#tests/support/services.ts";
import { demoStaff } from "#tests/support/staff.ts";

let t: TestDatabase;
let services: Services;
let deps: AppDeps;
let coordinator: StaffActor;
let shelving: number;
let repair: number;
const BRANCH = "ZZ";

beforeAll(async () => {
  t = await createTestDatabase();
  services = await startTestServices(t, { WORKERS: "off" });
  deps = appDeps(services);
  coordinator = { user: (await demoStaff(t.db))("coord.gulou@shuxiang.example", [BRANCH, "CW"]) };
  shelving = (await t.db.selectFrom("shuxiang.roles").select("id").where("code", "=", "shelving").executeTakeFirstOrThrow()).id;
  repair = (await t.db.selectFrom("shuxiang.roles").select("id").where("code", "=", "book-repair").executeTakeFirstOrThrow()).id;
  // A branch of its own, so the demo data does not mix in.
  await t.db
    .insertInto("library.branches")
    .values({ code: BRANCH, name_zh: "测试分馆", name_en: "Test Branch", kind: "street", address_zh: "", address_en: "", shares_circulation: false, timezone: "Asia/Shanghai", opening_hours: "{}", sort_order: 50 })
    .execute();
  await t.db.insertInto("shuxiang.branch_settings").values({ branch_code: BRANCH, desk_email: "test.desk@shuxiang.example" }).execute();
});
afterAll(async () => {
  await services?.close();
  await t?.drop();
});

const day = (offset: number) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + offset * 86400_000));

async function shift(date: string, start: string, capacity: number, minNeeded: number, roleId = shelving) {
  const result = await createShifts(deps, coordinator, createShiftSchema.parse({ branch: BRANCH, roleId, date, start, end: `${String(Number(start.slice(0, 2)) + 1).padStart(2, "0")}:00`, capacity, minNeeded }));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.ids[0];
}

async function volunteers(n: number, prefix: string, home = BRANCH) {
  const rows = await t.db
    .insertInto("shuxiang.volunteers")
    .values(Array.from({ length: n }, (_, i) => ({ email: `${prefix}${i}@board.example`, name: `看板${prefix}${i}`, home_branch_code: home })))
    .returning("id")
    .execute();
  return rows.map((r) => r.id);
}

describe("board", () => {
  it("shows the week's shifts with their state and totals, from one SQL statement", async () => {
    const date = day(9);
    const from = weekStart(date);
    const full = await shift(date, "09:00", 2, 1);
    const short = await shift(date, "11:00", 3, 2);
    const open = await shift(date, "13:00", 3, 1);
    const cancelled = await shift(date, "15:00", 2, 1);
    const people = await volunteers(4, "grid");
    await bookShift(deps, people[0], full);
    await bookShift(deps, people[1], full);
    await bookShift(deps, people[2], full); // waits
    await bookShift(deps, people[3], short);
    await bookShift(deps, people[2], open);
    await cancelShifts(deps, coordinator, cancelled, "测试", "one");

    let statements = 0;
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        statements++;
        return args.node;
      },
      transformResult: (args) => Promise.resolve(args.result),
    };
    const rows = await boardShifts(t.db.withPlugin(counter), { branchCodes: [BRANCH], from, days: 7 });
    expect(statements).toBe(1);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(full)).toMatchObject({ state: "full", booked: 2, waitlisted: 1 });
    expect(byId.get(short)).toMatchObject({ state: "short", booked: 1 });
    expect(byId.get(open)).toMatchObject({ state: "open", booked: 1 });
    expect(byId.get(cancelled)).toMatchObject({ state: "cancelled" });
    expect(summarize(rows.filter((r) => r.localDate === date))).toEqual({ shifts: 3, places: 8, filled: 4, short: 1 });
    const onlyShort = await boardShifts(t.db, { branchCodes: [BRANCH], from, days: 7, onlyShort: true });
    expect(onlyShort.map((r) => r.id)).toContain(short);
    expect(onlyShort.every((r) => r.state === "short")).toBe(true);
    expect(await boardShifts(t.db, { branchCodes: [], from, days: 7 })).toEqual([]);
  });
});

describe("ask for help", () => {
  it("emails the branch's trained, free volunteers who are not on it yet, once per 12 hours", async () => {
    const date = day(3);
    const target = await shift(date, "14:00", 3, 2, repair);
    const [trained, untrained, busy, booked, elsewhere] = await volunteers(5, "help");
    const [otherBranch] = await volunteers(1, "help-other", "GL");
    const training = await t.db.selectFrom("shuxiang.trainings").select("id").where("code", "=", "book-repair").executeTakeFirstOrThrow();
    await t.db
      .insertInto("shuxiang.volunteer_trainings")
      .values([trained, busy, booked, otherBranch].map((volunteer_id) => ({ volunteer_id, training_id: training.id })))
      .execute();
    void untrained;
    void elsewhere;
    const clash = await shift(date, "14:00", 1, 1);
    await bookShift(deps, busy, clash);
    await bookShift(deps, booked, target);

    expect((await shortStaffed({ db: t.db }, [BRANCH])).map((s) => s.id)).toContain(target);
    const now = new Date();
    const sent = await askForHelp(deps, coordinator, target, now);
    expect(sent).toEqual({ ok: true, recipients: 1 });
    const mails = await t.db.selectFrom("shuxiang.messages").select(["recipient_email", "subject", "data"]).where("template", "=", "call-for-help").execute();
    expect(mails.map((m) => m.recipient_email)).toEqual(["help0@board.example"]);
    expect((mails[0].data as { needed: number; url: string }).needed).toBe(1);
    expect((mails[0].data as { url: string }).url).toContain(`branch=${BRANCH}`);

    expect(await askForHelp(deps, coordinator, target, new Date(now.getTime() + 3600_000))).toMatchObject({ ok: false, reason: "too-soon" });
    expect((await shortStaffed({ db: t.db }, [BRANCH], new Date(now.getTime() + 3600_000))).find((s) => s.id === target)?.canAsk).toBe(false);
    // Two coordinators pressing at once after the interval: one round of emails.
    const later = new Date(now.getTime() + 13 * 3600_000);
    const both = await Promise.all([askForHelp(deps, coordinator, target, later), askForHelp(deps, coordinator, target, later)]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    const audit = await t.db.selectFrom("shuxiang.audit_log").select("action").where("action", "=", "shift.ask-for-help").where("entity_id", "=", String(target)).execute();
    expect(audit).toHaveLength(2);

    // A shift at its minimum is not short: no call for help.
    await bookShift(deps, trained, target);
    expect(await askForHelp(deps, coordinator, target, new Date(now.getTime() + 30 * 3600_000))).toEqual({ ok: false, reason: "not-short" });
  });
});

describe("copy a week", () => {
  it("copies a branch's week to another, same weekdays and wall times, skipping what exists and the past", async () => {
    await t.db
      .insertInto("library.branches")
      .values({ code: "CW", name_zh: "复制分馆", name_en: "Copy Branch", kind: "street", address_zh: "", address_en: "", shares_circulation: false, timezone: "America/New_York", opening_hours: "{}", sort_order: 51 })
      .execute();
    await t.db.insertInto("shuxiang.branch_settings").values({ branch_code: "CW", desk_email: "copy.desk@shuxiang.example" }).execute();
    // The week of 1 March 2027 (EST) copied to the week of 15 March (EDT): 10:00 stays 10:00.
    const source = "2027-03-01";
    const target = "2027-03-15";
    const make = (date: string, start: string) =>
      createShifts(deps, coordinator, createShiftSchema.parse({ branch: "CW", roleId: shelving, date, start, end: "12:00", capacity: 2, minNeeded: 1 }), new Date("2027-01-01T00:00:00Z"));
    await make("2027-03-01", "10:00");
    await make("2027-03-03", "09:00");
    await make("2027-03-17", "09:00"); // already there in the target week
    const result = await copyWeek(deps, coordinator, "CW", source, target, new Date("2027-01-01T00:00:00Z"));
    expect(result).toEqual({ copied: 1, existing: 1, past: 0, invalid: 0 });
    const rows = await t.db.selectFrom("shuxiang.shifts").select(["local_date", "starts_at"]).where("branch_code", "=", "CW").where("local_date", ">=", target).orderBy("starts_at").execute();
    expect(rows.map((r) => [r.local_date, r.starts_at.toISOString()])).toEqual([
      ["2027-03-15", "2027-03-15T14:00:00.000Z"],
      ["2027-03-17", "2027-03-17T13:00:00.000Z"],
    ]);
    // Copying again adds nothing; copying into the past copies nothing.
    expect(await copyWeek(deps, coordinator, "CW", source, target, new Date("2027-01-01T00:00:00Z"))).toMatchObject({ copied: 0, existing: 2 });
    expect(await copyWeek(deps, coordinator, "CW", source, addDays(source, -7 * 52), new Date("2027-01-01T00:00:00Z"))).toMatchObject({ copied: 0, past: 2 });
  });
});
