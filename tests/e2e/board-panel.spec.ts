// The board's side panel never hides days: with it open, at 1280×800 all seven days stay on the
// screen; at 390×844 the grid scrolls sideways in its own box, with the shift just opened in view.
// Focus moves into the panel, and Escape closes it and returns to the shift. Copying a week works
// from the default view, with the branch chosen in its form.
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { databaseUrl, E2E_DATABASE } from "../support/database.ts";
import { expectAccessible } from "./axe.ts";
import { signInStaff } from "./sign-in.ts";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const SHOTS = process.env.SHOTS_DIR;

async function sql<T>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl(E2E_DATABASE) });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The Monday `weeks` weeks from this one, in Shanghai. */
function monday(weeks: number): string {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7) + 7 * weeks);
  return d.toISOString().slice(0, 10);
}
const plusDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400_000).toISOString().slice(0, 10);

/** A shift at `branch` on `date` from `start` for two hours (Shanghai time). */
async function shiftOn(branch: string, date: string, start: string): Promise<number> {
  const [row] = await sql<{ id: number }>(
    `INSERT INTO shuxiang.shifts (branch_code, role_id, local_date, starts_at, ends_at, capacity, min_needed, booked)
     SELECT $1, r.id, $2::date, ($2::date + $3::time) AT TIME ZONE 'Asia/Shanghai', ($2::date + $3::time + interval '2 hours') AT TIME ZONE 'Asia/Shanghai', 3, 1, 0
     FROM shuxiang.roles r WHERE r.name_zh = '图书整架' RETURNING id`,
    [branch, date, start],
  );
  return row.id;
}

/** Is `inner` wholly inside `outer` from left to right (where a sideways-scrolling box shows it)? */
async function horizontallyWithin(page: Page, inner: ReturnType<Page["locator"]>, outer: ReturnType<Page["locator"]>) {
  const [a, b] = [await inner.boundingBox(), await outer.boundingBox()];
  return !!a && !!b && a.x >= b.x - 1 && a.x + a.width <= b.x + b.width + 1;
}

for (const [size, viewport, start] of [["1280×800", DESKTOP, "19:00"], ["390×844", PHONE, "19:30"]] as const) {
  test(`at ${size} the panel keeps all seven days reachable, takes focus, and Escape gives it back to the shift`, async ({ page }) => {
    await page.setViewportSize(viewport);
    const week = monday(2);
    const sunday = plusDays(week, 6);
    const id = await shiftOn("GL", sunday, start);
    await signInStaff(page, "coord.gulou@shuxiang.example");
    await page.goto(`/staff/board?week=${week}`);
    // The caption names the week in the one date form (2026年12月14日 至 2026年12月20日).
    const zh = (iso: string) => { const [y, m, d] = iso.split("-").map(Number); return `${y}年${m}月${d}日`; };
    const grid = page.getByRole("region", { name: `${zh(week)} 至 ${zh(sunday)}`, exact: true });
    const chip = page.locator(`a.chip[href^="/staff/board/${id}?"]`);
    const sundayColumn = grid.getByRole("columnheader").last();

    // By keyboard: to the Sunday shift, Enter.
    await chip.focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/staff/board/${id}\\?week=${week}$`));
    const panel = page.getByRole("complementary", { name: "班次详情" });
    await expect(panel.getByRole("heading", { level: 2, name: /图书整架 · 鼓楼图书馆/ })).toBeFocused();
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/board-panel-${viewport.width}.png` });

    // The shift just opened and the Sunday column are in the grid's view; the page itself does not scroll sideways.
    expect(await horizontallyWithin(page, chip, grid)).toBe(true);
    expect(await horizontallyWithin(page, sundayColumn, grid)).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    if (viewport === DESKTOP) {
      // Wide enough for every day beside the panel: nothing to scroll, the shift on screen.
      expect(await grid.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1);
      await expect(chip).toBeInViewport();
      await expect(sundayColumn).toBeInViewport();
    } else {
      // The grid scrolls sideways in its own box, which the keyboard reaches too.
      expect(await grid.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
      await expect(grid).toHaveAttribute("tabindex", "0");
    }
    await expectAccessible(page);

    // Escape closes it and focus goes back to the shift that opened it.
    await page.keyboard.press("Escape");
    await expect(page).toHaveURL(new RegExp(`/staff/board\\?week=${week}$`));
    await expect(panel).toHaveCount(0);
    await expect(chip).toBeFocused();
    await expect(chip).toBeInViewport();

    // Again from a control inside the panel: Tab moves on within it, Escape still closes.
    await page.keyboard.press("Enter");
    await expect(panel.getByRole("heading", { level: 2 }).first()).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(panel.locator(":focus")).toHaveCount(1);
    await page.keyboard.press("Escape");
    await expect(chip).toBeFocused();
  });
}

test("copying a week works from the default view, with the branch chosen in its form, and says what it did", async ({ page }) => {
  // A coordinator of two branches (Fengcai and Huancheng): the form asks which.
  const week = monday(5);
  await shiftOn("FC", plusDays(week, 1), "09:00");
  await shiftOn("FC", plusDays(week, 3), "14:00");
  const target = plusDays(week, 7 * 12 + 2);
  const copied = () => sql<{ n: number }>("SELECT count(*)::int AS n FROM shuxiang.shifts WHERE branch_code = 'FC' AND local_date BETWEEN $1 AND $2", [plusDays(week, 7 * 12), plusDays(week, 7 * 12 + 6)]);
  expect((await copied())[0].n).toBe(0);
  for (const viewport of [DESKTOP, PHONE]) {
    await page.setViewportSize(viewport);
    if (viewport === DESKTOP) await signInStaff(page, "coord.streets@shuxiang.example");
    await page.goto(`/staff/board?week=${week}`);
    await expect(page.getByLabel("分馆", { exact: true })).toHaveValue("");
    await page.getByText("复制本周", { exact: true }).click();
    const form = page.getByRole("form", { name: "复制本周班次" });
    await expect(form.getByLabel("复制哪个分馆的班次").getByRole("option")).toHaveText(["请选择分馆", "丰财分馆", "环城分馆"]);
    await expectAccessible(page);
    if (viewport === PHONE) {
      // Copying into the same week is refused beside the date; nothing is copied.
      const [before] = await copied();
      await form.getByLabel("复制哪个分馆的班次").selectOption({ label: "丰财分馆" });
      await form.getByLabel("复制到（那一周的任一天）").fill(plusDays(week, 4));
      await form.getByRole("button", { name: "复制班次" }).click();
      await expect(page.getByRole("form", { name: "复制本周班次" }).getByRole("alert")).toHaveText("请选择另一周。");
      await expect(page.getByLabel("复制到（那一周的任一天）")).toHaveAttribute("aria-invalid", "true");
      expect((await copied())[0].n).toBe(before.n);
      await expectAccessible(page);
      continue;
    }
    await form.getByLabel("复制哪个分馆的班次").selectOption({ label: "丰财分馆" });
    await form.getByLabel("复制到（那一周的任一天）").fill(target);
    await form.getByRole("button", { name: "复制班次" }).click();
    await expect(page.getByRole("status").filter({ hasText: "已复制" })).toContainText("已复制 2 个班次到丰财分馆");
    expect((await copied())[0].n).toBe(2);
    await expectAccessible(page);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/board-copy-${viewport.width}.png` });
    await page.getByRole("link", { name: "查看那一周" }).click();
    await expect(page).toHaveURL(new RegExp(`week=${plusDays(week, 7 * 12)}`));
    await expect(page.locator("table.board tbody tr").filter({ hasText: "丰财分馆" }).locator(".chip")).toHaveCount(2);
  }
});
