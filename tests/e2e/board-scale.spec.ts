// The board at the benchmark's scale, in the browser: 2,000 shifts, 10,000 bookings and 300 events
// in one week across 9 branches. The short-staffed count a coordinator reads (summary and chips)
// is the database's, every shift has its chip, and the page stays accessible and usable.
import { expect, test } from "@playwright/test";
import { connect, databaseUrl, E2E_DATABASE } from "../support/database.ts";
import { countBoardWeek, removeBoardWeek, seedBoardWeek } from "../support/board-scale.ts";
import { expectAccessible } from "./axe.ts";
import { signInStaff } from "./sign-in.ts";

const SCALE = { week: "2027-06-07", shifts: 2000, bookings: 10_000, events: 300, tag: "board-scale" };

test("the board at benchmark scale shows every shift and the database's short-staffed count", async ({ page }) => {
  test.setTimeout(120_000);
  const db = connect(databaseUrl(E2E_DATABASE), 2);
  try {
    await seedBoardWeek(db, SCALE);
    const expected = await countBoardWeek(db, SCALE.week);
    expect(expected).toMatchObject({ shifts: 2000, bookings: 10_000, events: 300 });
    expect(expected.short).toBeGreaterThan(0);

    await signInStaff(page, "admin@shuxiang.example");
    await page.goto(`/staff/board?week=${SCALE.week}`);
    await expect(page.locator("table.board caption")).toHaveText("2027年6月7日 至 2027年6月13日");
    await expect(page.locator(".board-summary")).toContainText(`${expected.short} 个班次缺人`);
    await expect(page.locator(".board-summary")).toContainText(`${expected.shifts} 个班次`);
    expect(await page.locator("table.board .chip--short").count()).toBe(expected.short);
    expect(await page.locator("table.board .chip:not(.chip--event)").count()).toBe(expected.shifts);
    expect(await page.locator("table.board .chip--event").count()).toBe(expected.events);
    // Every short chip says so in words, not by colour alone.
    expect(await page.locator("table.board .chip--short .shift-state--short").count()).toBe(expected.short);
    await expectAccessible(page);

    // Only short-staffed: the same number, and nothing else among the shifts.
    await page.getByLabel("只看缺人的班次").check();
    await page.getByRole("button", { name: "筛选" }).click();
    await expect(page).toHaveURL(/short=1/);
    await expect(page.locator("table.board .chip:not(.chip--event)")).toHaveCount(expected.short);

    // A chip still opens its side panel at this scale, without a page load.
    const chip = page.locator("table.board .chip--short").first();
    const href = (await chip.getAttribute("href"))!;
    await page.evaluate(() => ((window as unknown as { boardMarker: number }).boardMarker = 1));
    await chip.click();
    await expect(page).toHaveURL(new RegExp(href.replace(/[?]/g, "\\?")));
    await expect(page.locator(".board-layout--panel")).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { boardMarker?: number }).boardMarker)).toBe(1);
  } finally {
    await removeBoardWeek(db, SCALE);
    await db.destroy();
  }
});
