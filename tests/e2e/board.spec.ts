import { expect, test } from "@playwright/test";
import pg from "pg";
import { databaseUrl, E2E_DATABASE } from "../support/database.ts";
import { expectAccessible } from "./axe.ts";
import { mailCount } from "./mail.ts";
import { signInStaff } from "./sign-in.ts";

/** The board's caption writes dates in the one form ("2026年11月30日"); the database wants ISO. */
const isoDate = (text: string) => {
  const [, y, m, d] = /(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(text)!;
  return `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
};

test("a coordinator sees this week's shifts with the short-staffed count the database has, and asks for help", async ({ page }) => {
  await signInStaff(page, "coord.gulou@shuxiang.example");
  await page.getByRole("link", { name: "排班总览" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("排班总览");
  await expectAccessible(page);

  // The summary's short count is the database's, for the week shown and this coordinator's branch.
  const caption = await page.locator("table.board caption").innerText();
  const [from, to] = caption.split(" 至 ").map(isoDate);
  const client = new pg.Client({ connectionString: databaseUrl(E2E_DATABASE) });
  await client.connect();
  const { rows } = await client.query(
    "SELECT count(*)::int AS n FROM shuxiang.shifts WHERE branch_code = 'GL' AND status = 'scheduled' AND booked < min_needed AND local_date BETWEEN $1 AND $2",
    [from, to],
  );
  await client.end();
  await expect(page.locator(".board-summary")).toContainText(`${rows[0].n} 个班次缺人`);
  expect(await page.locator("table.board .chip--short").count()).toBe(rows[0].n);

  // Only short-staffed, next week, then back: the URL holds the view.
  await page.getByLabel("只看缺人的班次").check();
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(/short=1/);
  expect(await page.locator("table.board .chip:not(.chip--event)").count()).toBe(await page.locator("table.board .chip--short").count());
  // Events stay only when their helper shifts are short.
  for (const chip of await page.locator("table.board .chip--event").all()) await expect(chip).toContainText(/缺 \d+ 名志愿者/);
  await page.getByRole("link", { name: "下一周 →" }).click();
  await expect(page).toHaveURL(/week=\d{4}-\d{2}-\d{2}.*short=1/);

  // Open a short shift of a coming day in the side panel and fill a place from the list of
  // trained, free volunteers: the grid updates in place, without a page load.
  await page.goto("/staff/board");
  await page.getByRole("link", { name: "下一周 →" }).click();
  await expect(page).toHaveURL(/week=/);
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
  const chip = page.locator(".chip--short").first();
  const before = (await chip.locator(".chip__count").innerText()).split("/")[0];
  await chip.click();
  await expect(page).toHaveURL(/\/staff\/board\/\d+\?week=/);
  const panel = page.getByRole("complementary", { name: "班次详情" });
  await expect(panel).toBeVisible();
  await expectAccessible(page);
  await panel.getByRole("button", { name: /^安排 / }).first().click();
  await expect(panel.getByRole("status")).toContainText("已安排");
  const id = /\/staff\/board\/(\d+)/.exec(page.url())![1];
  const updated = page.locator(`a.chip[href^="/staff/board/${id}"] .chip__count`);
  await expect(updated).toHaveText(new RegExp(`^${Number(before) + 1}/`));
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);

  // Ask for help on the first short-staffed shift of the coming days.
  await page.goto("/staff/board");
  const mailsBefore = mailCount();
  // The preview comes first: whom it emails, what it says, an optional note; nothing is sent yet.
  await page.getByRole("link", { name: /^发邮件求助/ }).first().click();
  await expect(page.getByRole("heading", { level: 2, name: /^收件人（\d+ 人）$/ })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("textbox", { name: /^留言/ }).fill("新书到馆，急需上架");
  await page.getByRole("button", { name: "更新预览" }).click();
  await expect(page.getByRole("region", { name: "邮件内容（预览）" })).toContainText("协调员留言：新书到馆，急需上架");
  await page.getByRole("button", { name: /^发送给 \d+ 人$/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "求助" })).toContainText(/已向 \d+ 位可以接班的志愿者发出求助邮件/);
  await expect.poll(() => mailCount(), { timeout: 10_000 }).toBeGreaterThan(mailsBefore);
  await expectAccessible(page);
});

test("a coordinator copies a week of shifts to a later week, and adds a shift from a cell", async ({ page }) => {
  await signInStaff(page, "coord.gulou@shuxiang.example");
  await page.goto("/staff/board?branch=GL");
  const target = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + 70 * 86400_000));
  await page.getByText("复制本周", { exact: true }).click();
  await page.getByLabel("复制到（那一周的任一天）").fill(target);
  await page.getByRole("button", { name: "复制班次" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已复制" })).toContainText(/已复制 [1-9]\d* 个班次/);
  await page.getByRole("link", { name: "查看那一周" }).click();
  expect(await page.locator("table.board .chip").count()).toBeGreaterThan(0);
  await expectAccessible(page);
  await page.getByRole("link", { name: /^在鼓楼图书馆 .* 新建班次$/ }).first().click();
  await expect(page).toHaveURL(/\/staff\/shifts\?branch=GL&from=.*&date=/);
  const date = new URL(page.url()).searchParams.get("date")!;
  await expect(page.locator("#create-shift").getByLabel("日期", { exact: true })).toHaveValue(date);
});

test("the board switches to a day, and to rooms or roles as rows within one branch", async ({ page }) => {
  await signInStaff(page, "coord.gulou@shuxiang.example");
  await page.goto("/staff/board?branch=GL");
  await page.getByRole("link", { name: "按天查看" }).click();
  await expect(page).toHaveURL(/span=day/);
  await expect(page.locator("table.board thead th")).toHaveCount(2);
  await page.getByLabel("每行显示").selectOption("rooms");
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(/rows=rooms/);
  await expect(page.locator("table.board thead th").first()).toHaveText("房间");
  await expect(page.locator("table.board tbody th", { hasText: "读者接待台" })).toBeVisible();
  await expect(page.locator("table.board tbody th").last()).toHaveText("未指定地点");
  await expectAccessible(page);
  await page.getByLabel("每行显示").selectOption("roles");
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page.locator("table.board tbody th", { hasText: "读者咨询引导" })).toBeVisible();
  await page.getByRole("link", { name: "后一天 →" }).click();
  await expect(page).toHaveURL(/span=day.*rows=roles|rows=roles.*span=day/);
});

test("a coordinator cannot open another branch's board, and desk staff have none", async ({ browser }) => {
  const streets = await (await browser.newContext()).newPage();
  await signInStaff(streets, "coord.streets@shuxiang.example");
  expect((await streets.request.get("/staff/board?branch=GL")).status()).toBe(403);
  await streets.goto("/staff/board");
  await expect(streets.locator("table.board tbody th")).toHaveText(["丰财分馆", "环城分馆"]);
  const desk = await (await browser.newContext()).newPage();
  await signInStaff(desk, "desk.gulou@shuxiang.example");
  expect((await desk.request.get("/staff/board")).status()).toBe(403);
});

test("events sit on the board with their registrations; 'only events' shows just them", async ({ page }) => {
  await signInStaff(page, "coord.gulou@shuxiang.example");
  await page.goto("/staff/board");
  await page.getByLabel("只看活动").check();
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(/events=1/);
  const caption = await page.locator("table.board caption").innerText();
  const [from, to] = caption.split(" 至 ").map(isoDate);
  const client = new pg.Client({ connectionString: databaseUrl(E2E_DATABASE) });
  await client.connect();
  const { rows } = await client.query("SELECT count(*)::int AS n FROM shuxiang.events WHERE branch_code = 'GL' AND local_date BETWEEN $1 AND $2", [from, to]);
  await client.end();
  expect(await page.locator("table.board .chip").count()).toBe(rows[0].n);
  expect(await page.locator("table.board .chip--event").count()).toBe(rows[0].n);
  await expect(page.locator("table.board .chip--event").first()).toContainText(/报名 \d+\/\d+/);
  await expectAccessible(page);
  await page.locator("table.board .chip--event").first().click();
  await expect(page).toHaveURL(/\/staff\/events\/\d+/);
  await expect(page.getByRole("heading", { name: "签到" })).toBeVisible();
});
