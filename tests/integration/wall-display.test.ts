// A branch's wall display, against the built app on a copy of the demo database: today's shifts
// in the branch's own zone with who is on, the events on now and next, the places still short,
// names without phone numbers, no site header, a redraw every minute — and only for staff of
// that branch.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { TestDatabase } from "#tests/support/database.ts";
import { sessionCookie, startAppOnCopy, stopAppOnCopy, type AppProcess } from "#tests/support/app-process.ts";
import { wallDisplay } from "#app/modules/board/display.server.ts";
import { todayIn } from "#app/modules/shifts/queries.server.ts";

const SECRET = "wall-display-session-secret-0123456789abcdef";
let t: TestDatabase;
let app: AppProcess;

beforeAll(async () => void ({ t, app } = await startAppOnCopy(SECRET)), 90_000);
afterAll(() => stopAppOnCopy({ t, app }));

const HOUR = 3600_000;

/** A shift at GL around now, with three booked volunteers in three states. */
async function scene(now: Date) {
  const zone = (await t.db.selectFrom("library.branches").select("timezone").where("code", "=", "GL").executeTakeFirstOrThrow()).timezone;
  const day = todayIn(zone, now);
  const shift = await t.db
    .insertInto("shuxiang.shifts")
    .values({ branch_code: "GL", role_id: 1, local_date: day, starts_at: new Date(now.getTime() - HOUR), ends_at: new Date(now.getTime() + HOUR), capacity: 5, min_needed: 2, booked: 3 })
    .returning("id")
    .executeTakeFirstOrThrow();
  const [startsAt, endsAt] = [new Date(now.getTime() - HOUR), new Date(now.getTime() + HOUR)];
  // Three volunteers with nothing else booked at that time (a volunteer's bookings may not overlap).
  const people = await t.db
    .selectFrom("shuxiang.volunteers as v")
    .select(["v.id", "v.name", "v.phone"])
    .where("v.status", "=", "appointed")
    .where("v.phone", "is not", null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("shuxiang.bookings as b").select("b.id").whereRef("b.volunteer_id", "=", "v.id").where("b.starts_at", "<", endsAt).where("b.ends_at", ">", startsAt))))
    .orderBy("v.id")
    .limit(3)
    .execute();
  const states = [
    { checked_in_at: new Date(now.getTime() - HOUR), checked_out_at: null, no_show: false },
    { checked_in_at: null, checked_out_at: null, no_show: false },
    { checked_in_at: null, checked_out_at: null, no_show: true },
  ];
  for (const [i, p] of people.entries()) {
    await t.db.insertInto("shuxiang.bookings").values({ shift_id: shift.id, volunteer_id: p.id, status: "confirmed", starts_at: startsAt, ends_at: endsAt, ...states[i] }).execute();
  }
  return { shift: shift.id, people, day, zone };
}

it("shows today's shifts with who is on, the short places and the events, in the branch's zone", async () => {
  // Noon in Shanghai today: two hours later is still today, whenever the test runs.
  const now = new Date(`${todayIn("Asia/Shanghai")}T04:00:00Z`);
  const { shift, people, day } = await scene(now);
  const display = await wallDisplay(t.db, { code: "GL", timezone: "Asia/Shanghai" }, now);
  expect(display.today).toBe(day);
  const mine = display.shifts.find((s) => s.id === shift)!;
  expect(mine.now).toBe(true);
  expect(mine.short).toBe(2);
  expect(Object.fromEntries(mine.people.map((p) => [p.name, p.state]))).toEqual({ [people[0].name]: "on", [people[1].name]: "expected", [people[2].name]: "absent" });
  // Once the shift is over, whoever checked in and never out has served it to its end.
  const later = await wallDisplay(t.db, { code: "GL", timezone: "Asia/Shanghai" }, new Date(now.getTime() + 2 * HOUR));
  const over = later.shifts.find((s) => s.id === shift)!;
  expect([over.now, over.over, over.people.find((p) => p.name === people[0].name)!.state]).toEqual([false, true, "done"]);
  expect(later.shortPlaces).toBe(later.shifts.filter((s) => !s.over).reduce((n, s) => n + s.short, 0));

  // Short places: the unbooked places of the shifts not yet over today, this one included.
  expect(display.shortPlaces).toBe(display.shifts.filter((s) => s.endsAt > now).reduce((n, s) => n + s.short, 0));
  expect(display.shortPlaces).toBeGreaterThanOrEqual(2);
  // Events: those on now have started; "next" ones have not, and are today's in the branch's zone.
  for (const e of display.eventsNow) expect(e.startsAt.getTime()).toBeLessThanOrEqual(now.getTime());
  for (const e of display.eventsNext) {
    expect(e.startsAt.getTime()).toBeGreaterThan(now.getTime());
    expect(todayIn("Asia/Shanghai", e.startsAt)).toBe(day);
  }

  // Another zone draws another day: at 20:00 UTC it is tomorrow in Shanghai but today in Berlin.
  const evening = new Date(`${now.toISOString().slice(0, 10)}T20:00:00Z`);
  const [shanghai, berlin] = await Promise.all([
    wallDisplay(t.db, { code: "GL", timezone: "Asia/Shanghai" }, evening),
    wallDisplay(t.db, { code: "GL", timezone: "Europe/Berlin" }, evening),
  ]);
  expect(shanghai.today).not.toBe(berlin.today);
  expect(berlin.today).toBe(evening.toISOString().slice(0, 10));
});

it("is a bare page that redraws itself, names without phones, for the branch's staff only", async () => {
  const { people } = await scene(new Date());
  const desk = await sessionCookie(t.db, app, SECRET, { staff: "desk.gulou@shuxiang.example" });
  const page = async (cookie: string, query = "") => {
    const res = await fetch(`${app.url}/staff/display${query}`, { headers: { Cookie: cookie }, redirect: "manual" });
    return { status: res.status, html: await res.text() };
  };
  // The desk has one branch: it is shown at once.
  const shown = await page(desk);
  expect(shown.status).toBe(200);
  expect(shown.html).toContain('data-refresh-seconds="60"');
  expect(shown.html).not.toContain('class="site-header"');
  expect(shown.html).toContain("鼓楼图书馆");
  for (const p of people) {
    expect(shown.html).toContain(p.name);
    expect(shown.html).not.toContain(p.phone!);
  }
  expect(shown.html).toContain("缺席");
  expect(shown.html).toContain("在岗");

  // A coordinator of other branches may not show GL; a refused code is a 400 with its message.
  const streets = await sessionCookie(t.db, app, SECRET, { staff: "coord.streets@shuxiang.example" });
  expect((await page(streets, "?branch=GL")).status).toBe(403);
  const chooser = await page(streets);
  expect(chooser.status).toBe(200);
  expect(chooser.html).toContain("?branch=FC");
  expect(chooser.html).toContain("?branch=HC");
  const refused = await page(streets, "?branch=%3Cscript%3E");
  expect(refused.status).toBe(400);
  expect(refused.html).toContain('role="alert"');

  // Signed out: to the sign-in page, nothing of the display.
  const anonymous = await fetch(`${app.url}/staff/display?branch=GL`, { redirect: "manual" });
  expect(anonymous.status).toBe(302);
  expect(await anonymous.text()).not.toContain(people[0].name);
});
