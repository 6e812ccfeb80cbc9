// Copying a week from the board's default view: the branch is chosen in the form, and only a
// branch the coordinator plans for is accepted — any other is refused with a message (400), and
// nothing is copied.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { TestDatabase } from "#tests/support/database.ts";
import { postTo, sessionCookie, startAppOnCopy, stopAppOnCopy, type AppProcess } from "#tests/support/app-process.ts";
import { addDays, weekStart } from "#app/modules/board/week.ts";

const SECRET = "board-copy-session-secret-0123456789abcdef";
let t: TestDatabase;
let app: AppProcess;

beforeAll(async () => void ({ t, app } = await startAppOnCopy(SECRET)), 90_000);
afterAll(() => stopAppOnCopy({ t, app }));

const count = async (branch: string, from: string) =>
  Number(
    (
      await t.db
        .selectFrom("shuxiang.shifts")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("branch_code", "=", branch)
        .where("local_date", ">=", from)
        .where("local_date", "<=", addDays(from, 6))
        .executeTakeFirstOrThrow()
    ).n,
  );

it("copies a week of the chosen branch, and refuses a branch the coordinator does not plan for", async () => {
  // A week well ahead with one shift at the main library (GL) and one at Fengcai (FC).
  const source = weekStart(new Date(Date.now() + 120 * 86400_000).toISOString().slice(0, 10));
  const target = addDays(source, 7);
  for (const branch of ["GL", "FC"])
    await t.db
      .insertInto("shuxiang.shifts")
      .values({ branch_code: branch, role_id: 1, local_date: addDays(source, 2), starts_at: new Date(`${addDays(source, 2)}T02:00:00Z`), ends_at: new Date(`${addDays(source, 2)}T04:00:00Z`), capacity: 3, min_needed: 1, booked: 0 })
      .execute();
  const cookie = await sessionCookie(t.db, app, SECRET, { staff: "coord.gulou@shuxiang.example" });
  const copy = (branch: string) => postTo(app, "/staff/board", { intent: "copy", branch, from: source, to: target }, cookie);

  // Another coordinator's branch and one that does not exist (not theirs either: 403, as the policy
  // answers), and none at all (400): the page again, with the message beside the field.
  for (const [branch, status, message] of [["FC", 403, "请选择您负责排班的分馆。"], ["NOPE", 403, "请选择您负责排班的分馆。"], ["", 400, "请填写此项。"]] as const) {
    const res = await copy(branch);
    expect([branch, res.status]).toEqual([branch, status]);
    const html = await res.text();
    expect(html).toContain('id="copy-branch-error"');
    expect(html).toContain(message);
  }
  expect([await count("FC", target), await count("GL", target)]).toEqual([0, 0]);

  // Their own branch: copied, and the page says how many and where.
  const res = await copy("GL");
  expect(res.status).toBe(200);
  expect(await res.text()).toMatch(/已复制 1 个班次到鼓楼图书馆/);
  expect([await count("FC", target), await count("GL", target)]).toEqual([0, 1]);
});
