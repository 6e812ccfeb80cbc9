import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { databaseUrl, E2E_DATABASE } from "../support/database.ts";
import { expectAccessible } from "./axe.ts";
import { latestMailTo, mailCount } from "./mail.ts";
import { signInStaff } from "./sign-in.ts";

const inDays = (n: number) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + n * 86400_000));

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl(E2E_DATABASE) });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The coordinator plans an event through the form; returns its staff page URL. */
async function planEvent(page: Page, fields: { title: string; date: string; start: string; end: string; capacity: string; maxParty: string; room?: string }) {
  await page.goto("/staff/events");
  const plan = page.getByRole("region", { name: "安排新活动" });
  await plan.getByLabel("馆", { exact: true }).selectOption({ label: "鼓楼图书馆" });
  await plan.getByLabel("活动名称（中文）").fill(fields.title);
  await plan.getByLabel("活动名称（英文）").fill(`${fields.title} (en)`);
  await plan.getByLabel("类型").selectOption({ label: "亲子阅读" });
  await plan.getByLabel("对象").selectOption({ label: "亲子家庭" });
  await plan.getByLabel("日期", { exact: true }).fill(fields.date);
  await plan.getByLabel("开始时间").fill(fields.start);
  await plan.getByLabel("结束时间").fill(fields.end);
  await plan.getByLabel("活动空间").selectOption(fields.room ? { label: fields.room } : { value: "" });
  await plan.getByLabel("名额（人）").fill(fields.capacity);
  await plan.getByLabel("每次报名最多人数").fill(fields.maxParty);
  await plan.getByRole("button", { name: "保存活动" }).click();
}

test("a reader registers a family of three with a library card, gets the email, and cancels through its link", async ({ page }) => {
  const [reader] = await query<{ card_number: string; name: string }>("SELECT card_number, name FROM library.readers WHERE status = 'active' AND (birth_date IS NULL OR birth_date < '2000-01-01') ORDER BY card_number DESC LIMIT 1");
  const [event] = await query<{ id: number; title_zh: string; branch_code: string }>(
    "SELECT id, title_zh, branch_code FROM shuxiang.events WHERE status = 'scheduled' AND audience NOT IN ('volunteers', 'school-groups') AND starts_at > now() + interval '2 days' AND capacity - registered >= 4 AND max_party >= 3 AND NOT card_required AND guests_allowed ORDER BY starts_at LIMIT 1",
  );
  // Four places free: after the family of three, the form still offers a place (not the waitlist) to the second try.
  expect(event, "a demo family event with four places").toBeTruthy();

  await page.goto(`/events?branch=${event.branch_code}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("阅读活动");
  await expectAccessible(page);
  await page.getByRole("link", { name: event.title_zh }).first().click();
  await expect(page).toHaveURL(/\/events\/\d+$/);
  await page.goto(`/events/${event.id}`);
  await expectAccessible(page);

  // Wrong name for the card: refused beside the field, what was typed kept.
  const form = page.getByRole("region", { name: "报名" });
  await form.getByLabel("读者证号").fill(reader.card_number);
  await form.getByLabel("持证人姓名").fill("张冒名");
  await form.getByLabel("邮箱（接收确认和日历邀请）").fill("family.of.three@example.com");
  await form.getByLabel("成人人数").fill("1");
  await form.getByLabel("儿童人数").fill("2");
  await form.getByRole("button", { name: "提交报名" }).click();
  await expect(page.getByText("读者证号和姓名对不上，请检查后再试。")).toBeVisible();
  await expect(form.getByLabel("读者证号")).toHaveValue(reader.card_number);
  await expectAccessible(page);

  const before = mailCount();
  await form.getByLabel("持证人姓名").fill(reader.name);
  await form.getByRole("button", { name: "提交报名" }).click();
  await expect(page).toHaveURL(/\/events\/registration\/[A-Za-z0-9_-]+\?new=1$/);
  await expect(page.getByRole("status")).toContainText("报名成功");
  await expect(page.getByText("成人 1，儿童 2")).toBeVisible();
  await expectAccessible(page);

  const mail = await latestMailTo("family.of.three@example.com", before, 10_000, /^报名成功：/);
  expect(mail.text).toContain("共 3 个名额");
  const link = /http:\/\/localhost:\d+\/events\/registration\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
  expect(link).toBeTruthy();
  const registered = await query<{ registered: number }>("SELECT registered FROM shuxiang.events WHERE id = $1", [event.id]);

  // The same card again: one registration per card per event.
  await page.goto(`/events/${event.id}`);
  await page.getByLabel("读者证号").fill(reader.card_number);
  await page.getByLabel("持证人姓名").fill(reader.name);
  await page.getByLabel("邮箱（接收确认和日历邀请）").fill("family.of.three@example.com");
  await page.getByRole("button", { name: "提交报名" }).click();
  await expect(page.getByText("您已经报过名了。请查看确认邮件中的链接。")).toBeVisible();

  const cancelled = mailCount();
  await page.goto(link!);
  await expect(page.getByText("已报名", { exact: true })).toBeVisible();
  await page.getByRole("link", { name: "取消报名" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("确定取消这次活动报名吗？");
  await page.getByRole("button", { name: "确定取消报名" }).click();
  await expect(page.getByRole("status")).toHaveText("报名已取消，日历中的安排会一并删除。");
  await latestMailTo("family.of.three@example.com", cancelled, 10_000, /^已取消报名：/);
  const after = await query<{ registered: number }>("SELECT registered FROM shuxiang.events WHERE id = $1", [event.id]);
  expect(after[0].registered).toBe(registered[0].registered - 3);
});

test("a coordinator plans an event; a room clash names the other event; a waitlisted reader is promoted when a place frees up", async ({ browser }) => {
  const coordinator = await (await browser.newContext()).newPage();
  await signInStaff(coordinator, "coord.gulou@shuxiang.example");
  await coordinator.getByRole("link", { name: "活动安排", exact: true }).click();
  await expect(coordinator.getByRole("heading", { level: 1 })).toHaveText("活动安排");
  await expectAccessible(coordinator);

  const date = inDays(25);
  await planEvent(coordinator, { title: "绘本剧场", date, start: "14:00", end: "15:00", capacity: "3", maxParty: "3", room: "GL · 视听室 (30)" });
  await expect(coordinator.getByRole("status")).toHaveText("已安排 1 场活动。");
  const staffUrl = coordinator.url();
  await expectAccessible(coordinator);
  // The same room at 15:15 falls inside the teardown and setup margins.
  await planEvent(coordinator, { title: "第二场", date, start: "15:15", end: "16:00", capacity: "3", maxParty: "1", room: "GL · 视听室 (30)" });
  await expect(coordinator.getByText(/这个空间已被“绘本剧场”（.*14:00–15:00）占用/)).toBeVisible();
  await expectAccessible(coordinator);

  const eventId = /\/staff\/events\/(\d+)/.exec(staffUrl)![1];
  const reader = await (await browser.newContext()).newPage();
  const register = async (email: string, adults: string, children: string) => {
    await reader.goto(`/events/${eventId}`);
    await reader.getByLabel("访客报名（无读者证）").check();
    await reader.getByLabel("姓名", { exact: true }).fill("刘晓");
    await reader.getByLabel("邮箱（接收确认和日历邀请）").fill(email);
    await reader.getByLabel("成人人数").fill(adults);
    await reader.getByLabel("儿童人数").fill(children);
    await reader.getByRole("button", { name: /^(提交报名|加入候补)$/ }).click();
    await expect(reader).toHaveURL(/\/events\/registration\//);
    return reader.url().replace("?new=1", "");
  };
  const first = await register("first.family@example.com", "1", "2");
  const waiting = mailCount();
  const second = await register("waiting.reader@example.com", "1", "0");
  await expect(reader.getByRole("status")).toContainText("您在候补名单第 1 位");
  await latestMailTo("waiting.reader@example.com", waiting, 10_000, /^已加入候补：/);

  const promoted = mailCount();
  await reader.goto(first);
  await reader.getByRole("link", { name: "取消报名" }).click();
  await reader.getByRole("button", { name: "确定取消报名" }).click();
  await expect(reader.getByRole("status")).toHaveText("报名已取消，日历中的安排会一并删除。");
  const mail = await latestMailTo("waiting.reader@example.com", promoted, 10_000, /^候补转正：/);
  expect(mail.text).toContain("绘本剧场");
  await reader.goto(second);
  await expect(reader.getByText("已报名", { exact: true })).toBeVisible();

  // The coordinator sees the registration, and another branch's coordinator cannot open the event.
  await coordinator.goto(staffUrl);
  await expect(coordinator.getByRole("row", { name: /刘晓/ })).toBeVisible();
  await expectAccessible(coordinator);
  const other = await (await browser.newContext()).newPage();
  await signInStaff(other, "coord.streets@shuxiang.example");
  expect((await other.goto(staffUrl))!.status()).toBe(403);
});

test("the desk checks a party in at today's event; feedback reaches the weekly review and is answered", async ({ browser }) => {
  const [today] = await query<{ id: number; title_zh: string }>(
    // On now, and starting today in the branch's zone (the desk lists today's events): near
    // midnight in Shanghai a window of an hour either side would reach into another day.
    `SELECT e.id, e.title_zh FROM shuxiang.events e WHERE e.branch_code = 'GL' AND e.status = 'scheduled'
       AND e.starts_at BETWEEN now() - interval '1 hour' AND now() + interval '1 hour'
       AND (e.starts_at AT TIME ZONE 'Asia/Shanghai')::date = (now() AT TIME ZONE 'Asia/Shanghai')::date
     ORDER BY e.starts_at LIMIT 1`,
  );
  const desk = await (await browser.newContext()).newPage();
  await signInStaff(desk, "desk.gulou@shuxiang.example");
  let eventId: number;
  if (today) {
    eventId = today.id;
  } else {
    // No demo event is on just now: make one that began up to half an hour ago (but today in
    // Shanghai, whatever the hour) and runs for an hour, with one guest registered.
    const [row] = await query<{ id: number }>(
      `WITH t AS (SELECT greatest(now() - interval '30 minutes', date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai') AS start)
       INSERT INTO shuxiang.events (branch_code, kind, audience, title_zh, title_en, local_date, starts_at, ends_at, blocked_from, blocked_until, capacity, max_party, registered)
       SELECT 'GL', 'lecture', 'everyone', '午间读书分享', 'Lunchtime book talk', (t.start AT TIME ZONE 'Asia/Shanghai')::date, t.start, t.start + interval '1 hour', t.start, t.start + interval '1 hour', 10, 2, 2 FROM t
       RETURNING id`,
    );
    eventId = row.id;
    await query(
      `INSERT INTO shuxiang.registrations (event_id, name, email, adults, children, places, status, token_nonce, token_hash, confirmed_at)
       VALUES ($1, '赵敏', 'zhao.min@example.com', 2, 0, 2, 'confirmed', 'e2e-desk', md5('e2e-desk'), now())`,
      [eventId],
    );
  }
  await desk.getByRole("link", { name: "签到", exact: true }).click();
  await desk.locator(`a[href="/staff/events/${eventId}"]`).click();
  await expect(desk.getByRole("heading", { name: "签到" })).toBeVisible();
  await expect(desk.getByRole("region", { name: "修改活动" })).toHaveCount(0);
  const row = desk.getByRole("row").filter({ has: desk.getByRole("button", { name: /^签到:/ }) }).first();
  const who = (await row.getByRole("rowheader").innerText()).split("\n")[0];
  await row.getByRole("button", { name: /^签到:/ }).click();
  await expect(desk.getByRole("status")).toHaveText("已签到。");
  await expect(desk.getByRole("row", { name: new RegExp(who) })).toContainText("已到");
  await expectAccessible(desk);

  // A reader writes to the suggestion box; a coordinator answers in the weekly review.
  const reader = await (await browser.newContext()).newPage();
  await reader.goto("/feedback");
  await reader.getByRole("button", { name: "提交" }).click();
  await expect(reader.getByText("请填写此项。").first()).toBeVisible();
  await reader.getByLabel("问题").check();
  await reader.getByLabel("内容").fill("周日下午少儿分馆几点开门？");
  await reader.getByLabel("邮箱（选填，用于回复）").fill("asker@example.com");
  await reader.getByRole("button", { name: "提交" }).click();
  await expect(reader.getByRole("status")).toContainText("我们每周整理一次读者意见");
  await expectAccessible(reader);

  const coordinator = await (await browser.newContext()).newPage();
  await signInStaff(coordinator, "coord.gulou@shuxiang.example");
  await coordinator.goto("/staff/feedback");
  await expect(coordinator.getByRole("heading", { level: 1 })).toHaveText("读者意见");
  await expectAccessible(coordinator);
  const item = coordinator.getByRole("listitem").filter({ hasText: "周日下午少儿分馆几点开门？" });
  const before = mailCount();
  await item.getByLabel("回复（会发邮件给读者）").fill("周日 9:00 开门，18:00 闭馆。");
  await item.getByRole("button", { name: "回复" }).click();
  await expect(coordinator.getByRole("status")).toHaveText("回复已保存并发出。");
  // Answered, it leaves the week's "new" list for the answered one.
  await expect(coordinator.getByText("周日下午少儿分馆几点开门？")).toHaveCount(0);
  await coordinator.getByRole("link", { name: /^已回复/ }).click();
  await expect(coordinator.getByRole("listitem").filter({ hasText: "周日下午少儿分馆几点开门？" })).toContainText("周日 9:00 开门，18:00 闭馆。");
  const reply = await latestMailTo("asker@example.com", before, 10_000, /图书馆回复了您的意见/);
  expect(reply.text).toContain("周日 9:00 开门，18:00 闭馆。");
});
