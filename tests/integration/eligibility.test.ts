// One eligibility rule for shifts (app/modules/shifts/eligibility.server.ts): for every reason a
// volunteer may not take a place, the open-shifts list marks it and "only shifts I can take" hides
// it, booking refuses with that same reason, and the coordinator's assign candidates and a call
// for help leave the volunteer out. A volunteer failing nothing is the control: listed, bookable,
// a candidate and asked for help.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Services } from "#app/services.server.ts";
import { askForHelp } from "#app/modules/board/help.server.ts";
import { assignVolunteer, bookShift } from "#app/modules/shifts/bookings.server.ts";
import { eligibleFreeVolunteers, type EligibilityProblem } from "#app/modules/shifts/eligibility.server.ts";
import { listOpenShifts } from "#app/modules/shifts/queries.server.ts";
import { createShiftSchema } from "#app/modules/shifts/schemas.ts";
import { createShifts } from "#app/modules/shifts/shifts.server.ts";
import { appDeps, type AppDeps } from "#app/lib/deps.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/database.ts";
import { startTestServices } from "#tests/support/services.ts";
import { demoStaff } from "#tests/support/staff.ts";
import type { StaffUser } from "#app/modules/auth/policy.ts";

let t: TestDatabase;
let services: Services;
let deps: AppDeps;
let coordinator: { user: StaffUser; staffId: number };
let shelving: number;
let bookRepair: number;
let adultsOnly: number;

const DAY = 86400_000;
const futureDate = (days: number) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + days * DAY));
/** The shifts of this file: a Wednesday afternoon, 14:00–16:00 in Shanghai, about two weeks out. */
const SHIFT_DAY = (() => {
  for (let d = 10; ; d++) if (new Date(`${futureDate(d)}T12:00:00Z`).getUTCDay() === 3) return futureDate(d);
})();

beforeAll(async () => {
  t = await createTestDatabase();
  services = await startTestServices(t, { WORKERS: "off" });
  deps = appDeps(services);
  const user = (await demoStaff(t.db))("coord.gulou@shuxiang.example", ["GL", "HC"]);
  coordinator = { user, staffId: user.id };
  shelving = (await t.db.selectFrom("shuxiang.roles").select("id").where("code", "=", "shelving").executeTakeFirstOrThrow()).id;
  bookRepair = (await t.db.selectFrom("shuxiang.roles").select("id").where("code", "=", "book-repair").executeTakeFirstOrThrow()).id;
  adultsOnly = (
    await t.db
      .insertInto("shuxiang.roles")
      .values({ code: "night-desk", name_zh: "夜间服务台", name_en: "Night desk", description_zh: "", description_en: "", min_age: 18, sort_order: 99 })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await services?.close();
  await t?.drop();
});

async function newShift(overrides: Record<string, unknown> = {}): Promise<number> {
  const input = createShiftSchema.parse({ branch: "GL", roleId: shelving, date: SHIFT_DAY, start: "14:00", end: "16:00", capacity: 3, minNeeded: 2, ...overrides });
  const result = await createShifts(deps, coordinator, input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.ids[0];
}

let serial = 0;
async function newVolunteer(values: Record<string, unknown> = {}): Promise<{ id: number; email: string }> {
  const email = `rule${++serial}@test.example`;
  const row = await t.db
    .insertInto("shuxiang.volunteers")
    .values({ email, name: `规则${serial}`, status: "appointed", home_branch_code: "GL", ...values })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, email };
}

/** Sixteen on the shift's day. */
const sixteen = `${Number(SHIFT_DAY.slice(0, 4)) - 16}-01-01`;

const cases: Array<{ reason: EligibilityProblem | "booked"; setUp: () => Promise<{ volunteer: number; email: string; shift: number }> }> = [
  { reason: "not-volunteer", setUp: async () => ({ ...(await person({ status: "applicant" })), shift: await newShift() }) },
  { reason: "suspended", setUp: async () => ({ ...(await person({ status: "suspended", suspended_at: new Date(), suspended_by: coordinator.staffId, suspension_reason: "测试", status_before_suspension: "appointed" })), shift: await newShift() }) },
  { reason: "paused", setUp: async () => ({ ...(await person({ status: "paused" })), shift: await newShift() }) },
  { reason: "untrained", setUp: async () => ({ ...(await person()), shift: await newShift({ roleId: bookRepair }) }) },
  { reason: "too-young", setUp: async () => ({ ...(await person({ birth_date: sixteen })), shift: await newShift({ roleId: adultsOnly }) }) },
  // Only Monday mornings stated; the shift is on a Wednesday afternoon.
  { reason: "unavailable", setUp: async () => ({ ...(await person({ availability: ["mon-am", "sat-pm"] })), shift: await newShift() }) },
  {
    reason: "overlap",
    setUp: async () => {
      const p = await person();
      const other = await newShift({ branch: "HC", start: "15:00", end: "17:00" });
      expect(await bookShift(deps, p.volunteer, other)).toMatchObject({ ok: true, status: "confirmed" });
      return { ...p, shift: await newShift() };
    },
  },
  {
    reason: "booked",
    setUp: async () => {
      const p = await person();
      const shift = await newShift();
      expect(await bookShift(deps, p.volunteer, shift)).toMatchObject({ ok: true, status: "confirmed", already: false });
      return { ...p, shift };
    },
  },
];

async function person(values: Record<string, unknown> = {}) {
  const v = await newVolunteer(values);
  return { volunteer: v.id, email: v.email };
}

async function calledForHelp(email: string, shift: number): Promise<boolean> {
  const result = await askForHelp(deps, coordinator, shift);
  expect(result.ok).toBe(true);
  const messages = await t.db.selectFrom("shuxiang.messages").select("id").where("recipient_email", "=", email).where("template", "=", "call-for-help").execute();
  return messages.length > 0;
}

describe("one eligibility rule", () => {
  it("control: a volunteer who fails nothing is listed with a Book button, is a candidate, is asked for help, and books", async () => {
    const { volunteer, email } = await person({ availability: ["wed-pm"], birth_date: `${Number(SHIFT_DAY.slice(0, 4)) - 18}-01-01` });
    const shift = await newShift({ roleId: adultsOnly });
    const all = await listOpenShifts(t.db, volunteer, { from: SHIFT_DAY, to: SHIFT_DAY }, false);
    expect(all.find((s) => s.id === shift)).toMatchObject({ refusal: null, myStatus: null });
    expect((await listOpenShifts(t.db, volunteer, { from: SHIFT_DAY, to: SHIFT_DAY }, true)).map((s) => s.id)).toContain(shift);
    expect((await eligibleFreeVolunteers(t.db, { id: shift, branch_code: "GL" })).map((c) => c.id)).toContain(volunteer);
    expect(await calledForHelp(email, shift)).toBe(true);
    expect(await bookShift(deps, volunteer, shift)).toMatchObject({ ok: true, status: "confirmed" });
  });

  for (const { reason, setUp } of cases) {
    const booking = reason === "booked" ? "booking again takes no second place" : `booking refuses with "${reason}"`;
    it(`${reason}: the list marks and hides the shift, ${booking}, and the candidates and the call for help leave them out`, async () => {
      const { volunteer, email, shift } = await setUp();
      const listed = (await listOpenShifts(t.db, volunteer, { from: SHIFT_DAY, to: SHIFT_DAY }, false)).find((s) => s.id === shift);
      const onlyMine = await listOpenShifts(t.db, volunteer, { from: SHIFT_DAY, to: SHIFT_DAY }, true);
      expect(onlyMine.map((s) => s.id)).not.toContain(shift);
      expect((await eligibleFreeVolunteers(t.db, { id: shift, branch_code: "GL" })).map((c) => c.id)).not.toContain(volunteer);
      expect(await calledForHelp(email, shift)).toBe(false);
      const booked = await bookShift(deps, volunteer, shift);
      if (reason === "booked") {
        // Already on it: the list says so and booking again takes no second place.
        expect(listed).toMatchObject({ myStatus: "confirmed", refusal: null });
        expect(booked).toMatchObject({ ok: true, status: "confirmed", already: true });
      } else {
        expect(listed).toMatchObject({ myStatus: null, refusal: reason });
        expect(booked).toMatchObject({ ok: false, reason });
      }
      const places = await t.db.selectFrom("shuxiang.shifts").select("booked").where("id", "=", shift).executeTakeFirstOrThrow();
      expect(places.booked).toBe(reason === "booked" ? 1 : 0);
    });
  }

  it("a coordinator may set aside pause, training, age and availability with a reason, never suspension, status or a clash", async () => {
    for (const { reason, setUp } of cases) {
      if (reason === "booked") continue;
      const { volunteer, shift } = await setUp();
      const result = await assignVolunteer(deps, coordinator, volunteer, shift, "活动急需人手");
      if (["paused", "untrained", "too-young", "unavailable"].includes(reason)) expect(result, reason).toMatchObject({ ok: true, status: "confirmed" });
      else expect(result, reason).toMatchObject({ ok: false, reason });
    }
  });
});
