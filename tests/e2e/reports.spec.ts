import fs from "node:fs";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { databaseUrl, E2E_DATABASE } from "../support/database.ts";
import { expectAccessible } from "./axe.ts";
import { signInStaff } from "./sign-in.ts";

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl(E2E_DATABASE) });
  await client.connect();
  try {
    return Number((await client.query(sql, params)).rows[0].n);
  } finally {
    await client.end();
  }
}

test("an administrator produces a year's figures for the system and one branch, downloads a table and prints the summary", async ({ page }) => {
  await signInStaff(page, "admin@shuxiang.example");
  await page.getByRole("link", { name: "统计报表" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("统计报表");
  await expectAccessible(page);

  const year = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date()).slice(0, 4);
  await page.getByLabel("统计周期").selectOption({ label: "按年" });
  await page.getByLabel("年份").fill(year);
  await page.getByRole("button", { name: "生成报表" }).click();
  await expect(page).toHaveURL(new RegExp(`period=year.*year=${year}`));
  await expect(page.getByRole("status")).toContainText(`${year}年1月1日 至 ${year}年12月31日`);
  // The page's figure is the database's: events held this year across the system.
  const held = await count("SELECT count(*) AS n FROM shuxiang.events WHERE status = 'scheduled' AND ends_at <= now() AND local_date BETWEEN $1::date AND $2::date", [`${year}-01-01`, `${year}-12-31`]);
  const summary = page.getByRole("table", { name: "活动概况" });
  await expect(summary.getByRole("row", { name: /已举办活动（场）/ })).toContainText(String(held));
  await expect(page.getByRole("img", { name: /^按类型/ })).toBeVisible();
  await expectAccessible(page);

  // CSV: UTF-8 with a byte-order mark, Chinese headers, one line per kind.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "下载 CSV 按类型" }).click();
  const file = await (await download).path();
  const csv = fs.readFileSync(file!, "utf8");
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  expect(csv.split("\n")[0]).toContain("类型,已举办场次,到场人数");

  // One branch: Fengcai only.
  await page.getByLabel("馆", { exact: true }).selectOption({ label: "丰财分馆" });
  await page.getByRole("button", { name: "生成报表" }).click();
  await expect(page.getByRole("status")).toContainText("丰财分馆");
  const fcHeld = await count("SELECT count(*) AS n FROM shuxiang.events WHERE status = 'scheduled' AND ends_at <= now() AND branch_code = 'FC' AND local_date BETWEEN $1::date AND $2::date", [`${year}-01-01`, `${year}-12-31`]);
  await expect(page.getByRole("table", { name: "活动概况" }).getByRole("row", { name: /已举办活动（场）/ })).toContainText(String(fcHeld));

  // Bad input is a 400 with the message beside the field (and above the form), not an error page.
  const bad = await page.goto("/staff/reports?period=custom&from=2026-05-01&to=2026-04-01");
  expect(bad!.status()).toBe(400);
  await expect(page.getByLabel("结束日期", { exact: true })).toHaveAccessibleDescription("结束日期不能早于开始日期。");
  await expect(page.getByRole("alert").first()).toContainText("结束日期不能早于开始日期。");

  // The printable summary: the year's title, no staff-only top list.
  await page.goto(`/staff/reports?period=year&year=${year}`);
  await page.getByRole("link", { name: "打印年度统计（A4）" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${year} 年度统计`);
  await expect(page.getByText("服务时长前十")).toHaveCount(0);
  await expectAccessible(page);
});

test("reports stay within a coordinator's branches and are closed to the desk; library figures are entered and imported", async ({ browser }) => {
  const coordinator = await (await browser.newContext()).newPage();
  await signInStaff(coordinator, "coord.streets@shuxiang.example");
  expect((await coordinator.goto("/staff/reports?branch=GL"))!.status()).toBe(403);
  await coordinator.goto("/staff/reports/figures");
  await expectAccessible(coordinator);
  await coordinator.getByLabel("馆", { exact: true }).selectOption({ label: "环城分馆" });
  await coordinator.getByLabel("月份").fill("2026-10");
  await coordinator.getByLabel("到馆人次").fill("-5");
  await coordinator.getByLabel("到馆人次").evaluate((el) => el.removeAttribute("min"));
  await coordinator.getByRole("button", { name: "保存" }).click();
  await expect(coordinator.getByText("不能小于 0。")).toBeVisible();
  await coordinator.getByLabel("到馆人次").fill("2345");
  await coordinator.getByLabel("新办证").fill("31");
  await coordinator.getByRole("button", { name: "保存" }).click();
  await expect(coordinator.getByRole("status")).toHaveText("已保存 1 条。");
  await coordinator.getByLabel("或把 CSV 内容粘贴在这里").fill("branch,month,cards_issued,visits,loans,donated_books\nGL,2026-10,1,1,1,1\n");
  await coordinator.getByRole("button", { name: "导入" }).click();
  await expect(coordinator.getByRole("alert")).toContainText("第 2 行");
  await expect(coordinator.getByRole("row", { name: /2026年10月 环城分馆/ })).toContainText("2345");

  const desk = await (await browser.newContext()).newPage();
  await signInStaff(desk, "desk.gulou@shuxiang.example");
  expect((await desk.goto("/staff/reports"))!.status()).toBe(403);
});
