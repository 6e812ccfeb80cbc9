// Ask before destroying (also without JavaScript), say what happened after, and the pages that
// show it: the volunteer's and the public home page, the audit log in words.
import { expect, test, type Browser, type BrowserContext } from "@playwright/test";
import pg from "pg";
import { databaseUrl, E2E_DATABASE } from "../support/database.ts";
import { expectAccessible } from "./axe.ts";
import { signInStaff, signInVolunteer } from "./sign-in.ts";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const VOLUNTEER = "volunteer12@example.com";
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

const dayAhead = (days: number) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + days * 86400_000));

/** A shift at Fengcai on its own day, with the volunteer booked on it. */
async function bookedShift(daysAhead: number, start: string): Promise<number> {
  const date = dayAhead(daysAhead);
  const [shift] = await sql<{ id: number }>(
    `INSERT INTO shuxiang.shifts (branch_code, role_id, local_date, starts_at, ends_at, capacity, min_needed, booked)
     SELECT 'FC', r.id, $1::date, ($1::date + $2::time) AT TIME ZONE 'Asia/Shanghai', ($1::date + $2::time + interval '2 hours') AT TIME ZONE 'Asia/Shanghai', 2, 1, 1
     FROM shuxiang.roles r WHERE r.name_zh = '图书整架' RETURNING id`,
    [date, start],
  );
  await sql(
    `INSERT INTO shuxiang.bookings (shift_id, volunteer_id, status, starts_at, ends_at, confirmed_at)
     SELECT s.id, v.id, 'confirmed', s.starts_at, s.ends_at, now() FROM shuxiang.shifts s, shuxiang.volunteers v WHERE s.id = $1 AND v.email = $2`,
    [shift.id, VOLUNTEER],
  );
  return shift.id;
}

let volunteerState: Awaited<ReturnType<BrowserContext["storageState"]>>;
test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext();
  await signInVolunteer(await context.newPage(), VOLUNTEER);
  volunteerState = await context.storageState();
  await context.close();
});

async function volunteerPage(browser: Browser, viewport: typeof PHONE, javaScriptEnabled = true) {
  const context = await browser.newContext({ storageState: volunteerState, viewport, javaScriptEnabled });
  return context.newPage();
}

for (const [size, viewport, days, start] of [["390×844", PHONE, 71, "14:00"], ["1280×800", DESKTOP, 72, "15:00"]] as const) {
  test(`at ${size} without JavaScript, cancelling a shift asks first, "go back" keeps it, "yes" cancels and says so`, async ({ browser }) => {
    const shiftId = await bookedShift(days, start);
    const page = await volunteerPage(browser, viewport, false);
    await page.goto("/volunteer/schedule");
    const card = page.getByRole("article", { name: new RegExp(`${start}–\\d\\d:00 图书整架`) });
    await card.getByRole("link", { name: /^取消预约/ }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("确定取消这个班次吗？");
    await expect(page.getByRole("main")).toContainText("丰财分馆");

    // Going back changes nothing.
    await page.getByRole("link", { name: "不了，返回" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("我的班次");
    expect((await sql<{ status: string }>("SELECT status FROM shuxiang.bookings WHERE shift_id = $1", [shiftId]))[0].status).toBe("confirmed");

    await card.getByRole("link", { name: /^取消预约/ }).click();
    await page.getByRole("button", { name: "确定取消班次" }).click();
    await expect(page.getByRole("status")).toContainText("已取消预约");
    expect((await sql<{ status: string }>("SELECT status FROM shuxiang.bookings WHERE shift_id = $1", [shiftId]))[0].status).toBe("cancelled");
    await page.context().close();
  });
}

test("past the cut-off there is no cancel button, but the desk's number to call", async ({ browser }) => {
  // Starts in 3 hours: inside Fengcai's 24-hour cut-off, which does not allow late cancelling.
  const [shift] = await sql<{ id: number }>(
    `INSERT INTO shuxiang.shifts (branch_code, role_id, local_date, starts_at, ends_at, capacity, min_needed, booked)
     SELECT 'FC', r.id, (now() AT TIME ZONE 'Asia/Shanghai' + interval '3 hours')::date, now() + interval '3 hours', now() + interval '4 hours', 2, 1, 1
     FROM shuxiang.roles r WHERE r.name_zh = '图书整架' RETURNING id`,
  );
  await sql(
    `INSERT INTO shuxiang.bookings (shift_id, volunteer_id, status, starts_at, ends_at, confirmed_at)
     SELECT s.id, v.id, 'confirmed', s.starts_at, s.ends_at, now() FROM shuxiang.shifts s, shuxiang.volunteers v WHERE s.id = $1 AND v.email = $2`,
    [shift.id, VOLUNTEER],
  );
  const page = await volunteerPage(browser, PHONE);
  await page.goto("/volunteer/schedule");
  const card = page.locator("li.shift-card").filter({ hasText: "0516-8380 1210" });
  await expect(card).toContainText("请致电分馆志愿者服务台 0516-8380 1210");
  await expect(card.getByRole("link", { name: /^取消预约/ })).toHaveCount(0);
  await page.context().close();
});

test("the volunteer's home page lists their coming shifts and the open shifts that fit them", async ({ browser }) => {
  await bookedShift(73, "10:00");
  for (const viewport of [PHONE, DESKTOP]) {
    const page = await volunteerPage(browser, viewport);
    await page.goto("/volunteer");
    const mine = page.getByRole("region", { name: "我接下来的班次" });
    await expect(mine).toContainText("图书整架");
    await expect(mine.getByRole("link", { name: "查看我的全部班次" })).toBeVisible();
    await expect(page.getByRole("region", { name: "适合您的空缺班次" })).toBeVisible();
    await expectAccessible(page);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/volunteer-home-${viewport.width}.png`, fullPage: true });
    // The confirmation step itself, checked for accessibility (axe needs JavaScript in the page).
    await mine.getByRole("link", { name: "查看我的全部班次" }).click();
    await page.getByRole("article", { name: /10:00–12:00 图书整架/ }).getByRole("link", { name: /^取消预约/ }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("确定取消这个班次吗？");
    await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
    await expectAccessible(page);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/confirm-cancel-${viewport.width}.png`, fullPage: true });
    await page.getByRole("link", { name: "不了，返回" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("我的班次");
    await page.context().close();
  }
});

test("the public home page invites people to volunteer and shows the next events", async ({ browser }) => {
  for (const viewport of [PHONE, DESKTOP]) {
    const page = await (await browser.newContext({ viewport })).newPage();
    await page.goto("/");
    await page.getByRole("link", { name: "成为志愿者" }).first().click();
    await expect(page).toHaveURL(/\/join$/);
    await page.goto("/");
    const next = page.getByRole("region", { name: "近期活动" });
    await expect(next.getByRole("listitem").first()).toBeVisible();
    expect(await next.getByRole("listitem").count()).toBeLessThanOrEqual(4);
    await expectAccessible(page);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/home-${viewport.width}.png`, fullPage: true });
    await page.context().close();
  }
});

test("planning a weekly series says how many and when, lists all of it, and the audit log says it in words", async ({ page }) => {
  await signInStaff(page, "coord.gulou@shuxiang.example");
  await page.goto("/staff/shifts");
  const form = page.locator("#create-shift");
  await form.getByLabel("岗位").selectOption({ label: "图书整架" });
  const first = dayAhead(80);
  await form.getByLabel("日期", { exact: true }).fill(first);
  await form.getByLabel("开始时间").fill("18:00");
  await form.getByLabel("结束时间").fill("20:00");
  await form.getByLabel("每周重复").check();
  const weekday = new Date(`${first}T12:00:00Z`).getUTCDay() || 7;
  await form.getByRole("group", { name: "星期几" }).getByRole("checkbox").nth(weekday - 1).check();
  await form.getByLabel("或重复次数").fill("6");
  await form.getByRole("button", { name: "创建班次" }).click();
  const fmt = (d: string) => new Intl.DateTimeFormat("zh-CN", { dateStyle: "medium", timeZone: "UTC" }).format(new Date(d));
  const last = new Date(new Date(`${first}T00:00:00Z`).getTime() + 35 * 86400_000).toISOString().slice(0, 10);
  await expect(page.getByRole("status")).toHaveText(`已安排 6 个班次：${fmt(first)} 至 ${fmt(last)}。`);
  await expect(page.getByRole("row").filter({ hasText: "18:00–20:00" })).toHaveCount(6);
  await expectAccessible(page);
  // The message is said once: a reload does not repeat it.
  await page.reload();
  await expect(page.getByRole("status")).toHaveCount(0);
});

test("the audit log names actions and fields in the reader's language, without JSON, and fits its page", async ({ page }) => {
  await signInStaff(page, "admin@shuxiang.example");
  for (const viewport of [DESKTOP, PHONE]) {
    await page.setViewportSize(viewport);
    await page.goto("/staff/admin/audit");
    const table = page.getByRole("table");
    await expect(table).toBeVisible();
    await expect(table).not.toContainText("{\"");
    if (viewport === DESKTOP) await expect(table).toContainText("安排班次系列");
    for (const code of ["shift.create", "event.create", "application.move"]) await expect(table).not.toContainText(code);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (viewport === DESKTOP) expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/audit-${viewport.width}.png` });
  }
});

test("without JavaScript, deleting the stored ID document asks first; 'go back' keeps it, 'yes' deletes it", async ({ browser }) => {
  const page = await volunteerPage(browser, PHONE, false);
  await page.goto("/volunteer/hours");
  const section = page.getByRole("region", { name: "证件信息（可选）" });
  await section.getByLabel("证件号码", { exact: true }).fill("32010219900101123X");
  await section.getByLabel(/我同意图书馆保存我的证件号码/).check();
  await section.getByRole("button", { name: "保存证件信息" }).click();
  await expect(section.getByRole("status")).toHaveText("已保存。");
  const stored = () => sql<{ id_doc_type: string | null }>("SELECT id_doc_type FROM shuxiang.volunteers WHERE email = $1", [VOLUNTEER]);

  await section.getByRole("link", { name: "删除证件信息" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("确定删除您的证件信息吗？");
  await expect(page.getByRole("main")).toContainText("320***********123X");
  await page.getByRole("link", { name: "不了，返回" }).click();
  expect((await stored())[0].id_doc_type).toBe("resident-id");

  await section.getByRole("link", { name: "删除证件信息" }).click();
  await page.getByRole("button", { name: "确定删除" }).click();
  await expect(section.getByRole("status")).toHaveText("已删除。");
  await expect(section.getByLabel("证件号码", { exact: true })).toBeVisible();
  expect((await stored())[0].id_doc_type).toBeNull();
  await page.context().close();
});
