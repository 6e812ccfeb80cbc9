// A coordinator's board follows their branches as they are now: against the built app, when the
// branches change between two visits the second shows exactly the new ones, on the grid and in
// the short-staffed alerts, and the old branch is closed (403).
import { afterAll, beforeAll, expect, it } from "vitest";
import type { TestDatabase } from "#tests/support/database.ts";
import { sessionCookie, startAppOnCopy, stopAppOnCopy, type AppProcess } from "#tests/support/app-process.ts";

const SECRET = "board-scope-session-secret-0123456789abcdef";
let t: TestDatabase;
let app: AppProcess;

beforeAll(async () => void ({ t, app } = await startAppOnCopy(SECRET)), 90_000);
afterAll(() => stopAppOnCopy({ t, app }));

const rowNames = (html: string) => [...html.matchAll(/<th scope="row">([^<]+)<\/th>/g)].map((m) => m[1]);

it("shows the branches a coordinator has now, also right after they changed", async () => {
  const coordinator = await t.db.selectFrom("shuxiang.staff").select("id").where("email", "=", "coord.gulou@shuxiang.example").executeTakeFirstOrThrow();
  const cookie = await sessionCookie(t.db, app, SECRET, { staff: "coord.gulou@shuxiang.example" });
  // One short-staffed shift tomorrow at each of two branches: on the grid and in the alerts.
  const tomorrow = new Date(Date.now() + 86400_000);
  const day = tomorrow.toISOString().slice(0, 10);
  const [gl, fc] = await Promise.all(
    ["GL", "FC"].map(async (branch) =>
      (
        await t.db
          .insertInto("shuxiang.shifts")
          .values({ branch_code: branch, role_id: 1, local_date: day, starts_at: new Date(`${day}T23:00:00Z`), ends_at: new Date(`${day}T23:30:00Z`), capacity: 3, min_needed: 2, booked: 0 })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id,
    ),
  );
  const board = async (query = `?week=${day}`) => {
    const res = await fetch(`${app.url}/staff/board${query}`, { headers: { Cookie: cookie }, redirect: "manual" });
    const html = await res.text();
    return { status: res.status, html, grid: (id: number) => html.includes(`href="/staff/board/${id}?`), alert: (id: number) => html.includes(`href="/staff/shifts/${id}"`) };
  };

  for (let visit = 0; visit < 2; visit++) {
    const page = await board();
    expect(rowNames(page.html)).toEqual(["鼓楼图书馆"]);
    expect([page.grid(gl), page.alert(gl), page.grid(fc), page.alert(fc)]).toEqual([true, true, false, false]);
  }

  // Given a second branch: its shift is on the grid and in the alerts at once.
  await t.db.insertInto("shuxiang.staff_branches").values({ staff_id: coordinator.id, branch_code: "FC" }).execute();
  const both = await board();
  expect(rowNames(both.html)).toEqual(["鼓楼图书馆", "丰财分馆"]);
  expect([both.grid(gl), both.alert(gl), both.grid(fc), both.alert(fc)]).toEqual([true, true, true, true]);

  // The first taken away: its shift is gone at once.
  await t.db.deleteFrom("shuxiang.staff_branches").where("staff_id", "=", coordinator.id).where("branch_code", "=", "GL").execute();
  const after = await board();
  expect(rowNames(after.html)).toEqual(["丰财分馆"]);
  expect([after.grid(gl), after.alert(gl), after.grid(fc), after.alert(fc)]).toEqual([false, false, true, true]);
  expect(after.html).not.toContain("/staff/shifts?branch=GL");
  expect((await board(`?week=${day}&branch=GL`)).status).toBe(403);

  // Signed out (the session ended): nothing of the board.
  await t.db.deleteFrom("shuxiang.sessions").execute();
  const gone = await board();
  expect(gone.status).toBe(302);
  expect(gone.html).not.toContain(`/staff/board/${fc}`);
}, 60_000);
