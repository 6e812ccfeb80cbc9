// The wall display as the desk opens it: from check-in, full screen on a hall screen (1920×1080),
// no site header, large type, accessible, in Chinese and English.
import { expect, test } from "@playwright/test";
import { expectAccessible } from "./axe.ts";
import { signInStaff } from "./sign-in.ts";

test.use({ viewport: { width: 1920, height: 1080 } });

test("the desk opens today's wall display for its branch from check-in", async ({ page, browser }) => {
  await signInStaff(page, "desk.gulou@shuxiang.example");
  await page.goto("/staff/check-in");
  await page.getByRole("link", { name: "打开今日看板（全屏显示）" }).click();
  await expect(page).toHaveURL(/\/staff\/display\?branch=GL$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("鼓楼图书馆");
  await expect(page.locator(".site-header")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "今天的班次" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "正在进行的活动" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText(/今天还缺 \d+ 个志愿者名额|今天的班次都已排满/);
  // Readable from across the room: the body text is at least 24 px on a 1920 px screen.
  const size = await page.locator(".display").evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(size).toBeGreaterThanOrEqual(24);
  // It asks for its data again every minute (the clock is fast-forwarded, not waited for).
  // The page sets its timer once hydrated, so the minute is skipped again until the request
  // is seen (a skip before hydration finds no timer yet).
  await page.clock.install();
  await page.reload();
  let redrawn = false;
  page.on("request", (r) => {
    if (/\/staff\/display\.data\?branch=GL/.test(r.url())) redrawn = true;
  });
  await expect
    .poll(async () => {
      await page.clock.fastForward(61_000);
      return redrawn;
    })
    .toBe(true);
  await page.screenshot({ path: test.info().outputPath("display-zh.png") });
  await expectAccessible(page);

  // The same session in a browser that prefers English.
  const english = await (await browser.newContext({ storageState: await page.context().storageState(), locale: "en-US", viewport: { width: 1920, height: 1080 } })).newPage();
  await english.goto("/staff/display?branch=GL");
  await expect(english).toHaveTitle(/^Today at the branch · Gulou Library/);
  await expect(english.getByRole("heading", { name: "Today's shifts" })).toBeVisible();
  await english.screenshot({ path: test.info().outputPath("display-en.png") });
  await expectAccessible(english);
  await english.context().close();
});
