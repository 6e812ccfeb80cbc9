import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectAccessible } from "./axe.ts";
import { latestMailTo, mailCount } from "./mail.ts";
import { signInStaff, signInVolunteer } from "./sign-in.ts";

/** A page of its own (own cookies): one person each. */
const personPage = async (browser: Browser) => (await browser.newContext()).newPage();

// Beyond the demo month, so the volunteers hold nothing else that day.
const date = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + 24 * 86400_000));

/** Plans a 10:00–12:00 shelving shift at the main library on the shifts page's form. */
async function planShelving(coordinator: Page, day: string, places: number) {
  const form = coordinator.locator("#create-shift");
  await form.getByLabel("岗位").selectOption({ label: "图书整架" });
  await form.getByLabel("日期", { exact: true }).fill(day);
  await form.getByLabel("开始时间").fill("10:00");
  await form.getByLabel("结束时间").fill("12:00");
  await form.getByLabel("名额").fill(String(places));
  await form.getByLabel("最少需要人数").fill("1");
  await form.getByRole("button", { name: "创建班次" }).click();
  // The message names the day it planned, in the one date form ("2027年1月4日").
  await expect(coordinator.getByRole("status")).toHaveText(`班次已创建：${new Intl.DateTimeFormat("zh-CN", { dateStyle: "medium", timeZone: "UTC" }).format(new Date(day))}。`);
}

test("a coordinator plans a one-place shift; a volunteer books it, a second waits, the first cancels and the second is promoted", async ({ browser }) => {
  const coordinator = await personPage(browser);
  await signInStaff(coordinator, "coord.gulou@shuxiang.example");
  await coordinator.getByRole("link", { name: "班次", exact: true }).click();
  await expect(coordinator.getByRole("heading", { level: 1 })).toHaveText("班次安排");
  await expectAccessible(coordinator);

  // A past date is refused beside the field, with 400, and nothing is created.
  const form = coordinator.locator("#create-shift");
  await form.getByLabel("岗位").selectOption({ label: "图书整架" });
  await form.getByLabel("日期", { exact: true }).fill("2020-01-01");
  const refused = coordinator.waitForResponse((r) => r.request().method() === "POST");
  await form.getByRole("button", { name: "创建班次" }).click();
  expect((await refused).status()).toBe(400);
  await expect(form.getByText("不能安排已经过去的时间")).toBeVisible();

  await form.getByLabel("日期", { exact: true }).fill(date);
  await form.getByLabel("开始时间").fill("10:00");
  await form.getByLabel("结束时间").fill("12:00");
  await form.getByLabel("名额").fill("1");
  await form.getByLabel("最少需要人数").fill("1");
  await form.getByRole("button", { name: "创建班次" }).click();
  await expect(coordinator.getByRole("status")).toHaveText(`班次已创建：${new Intl.DateTimeFormat("zh-CN", { dateStyle: "medium", timeZone: "UTC" }).format(new Date(date))}。`);
  await expect(coordinator.getByRole("heading", { level: 1 })).toHaveText("图书整架 · 鼓楼图书馆");
  await expect(coordinator.getByText("缺人")).toBeVisible();
  await expectAccessible(coordinator);
  const shiftUrl = coordinator.url();

  // First volunteer books the only place (one who stated no weekly availability: any day will do).
  const first = await personPage(browser);
  await signInVolunteer(first, "volunteer09@example.com");
  await first.goto(`/volunteer/shifts?branch=GL&from=${date}&to=${date}`);
  await expectAccessible(first);
  const before = mailCount();
  await first.getByRole("button", { name: /^预约: 图书整架/ }).click();
  await expect(first.getByRole("status")).toContainText("预约成功");
  const confirmation = await latestMailTo("volunteer09@example.com", before, 10_000, /^已预约/);
  expect(confirmation.subject).toMatch(/^已预约：图书整架/);
  // Add to calendar: the same UID as the invite in the email.
  const ics = await first.request.get((await first.getByRole("link", { name: "添加到日历" }).getAttribute("href"))!);
  expect(ics.status()).toBe(200);
  expect(await ics.text()).toMatch(/UID:shift-\d+@localhost/);
  await first.getByRole("link", { name: "我的班次" }).first().click();
  const row = first.getByRole("article", { name: /10:00–12:00 图书整架/ });
  await expect(row).toContainText("已预约");
  await expectAccessible(first);

  // Second volunteer finds it full and joins the waitlist.
  const second = await personPage(browser);
  await signInVolunteer(second, "volunteer11@example.com");
  await second.goto(`/volunteer/shifts?branch=GL&from=${date}&to=${date}`);
  await expect(second.getByRole("article", { name: /10:00–12:00 图书整架/ })).toContainText("已满");
  await second.getByRole("button", { name: /^加入候补: 图书整架/ }).click();
  await expect(second.getByRole("status")).toContainText("目前排第 1 位");

  // The first cancels; the second moves up and is told.
  const promotedMail = mailCount();
  await row.getByRole("link", { name: /^取消预约/ }).click();
  await expect(first.getByRole("heading", { level: 1 })).toHaveText("确定取消这个班次吗？");
  await first.getByRole("button", { name: "确定取消班次" }).click();
  await expect(first.getByRole("status")).toContainText("已取消预约");
  const promoted = await latestMailTo("volunteer11@example.com", promotedMail, 10_000, /^候补转正/);
  expect(promoted.subject).toMatch(/^候补转正：图书整架/);
  await second.goto("/volunteer/schedule");
  await expect(second.getByRole("article", { name: /10:00–12:00 图书整架/ })).toContainText("已预约");
  await expectAccessible(second);

  // The coordinator sees who holds the place now.
  await coordinator.goto(shiftUrl);
  await expect(coordinator.getByRole("heading", { name: "已预约（1 人）" })).toBeVisible();
  await expect(coordinator.getByText("volunteer11@example.com")).toBeVisible();
});

test("a shift outside a volunteer's weekly availability says so instead of offering Book, is left out of the ones they can take, and booking it is refused", async ({ browser }) => {
  // volunteer10 stated no Monday mornings (demo data); a Monday beyond the demo month.
  const monday = (() => {
    for (let d = 25; ; d++) {
      const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + d * 86400_000));
      if (new Date(`${day}T12:00:00Z`).getUTCDay() === 1) return day;
    }
  })();
  const coordinator = await personPage(browser);
  await signInStaff(coordinator, "coord.gulou@shuxiang.example");
  await coordinator.goto("/staff/shifts");
  await planShelving(coordinator, monday, 2);
  const shiftId = /\/staff\/shifts\/(\d+)/.exec(coordinator.url())![1];

  const volunteer = await personPage(browser);
  await signInVolunteer(volunteer, "volunteer10@example.com");
  await volunteer.goto(`/volunteer/shifts?branch=GL&from=${monday}&to=${monday}`);
  const card = volunteer.getByRole("article", { name: /10:00–12:00 图书整架/ });
  await expect(card).toContainText("不在您填写的每周可服务时间内");
  await expect(card.getByRole("button")).toHaveCount(0);
  await expectAccessible(volunteer);
  await volunteer.goto(`/volunteer/shifts?branch=GL&from=${monday}&to=${monday}&mine=1`);
  await expect(volunteer.getByRole("article", { name: /10:00–12:00 图书整架/ })).toHaveCount(0);
  const refused = await volunteer.request.post("/volunteer/shifts", { form: { intent: "book", shiftId }, headers: { Origin: new URL(volunteer.url()).origin } });
  expect(refused.status()).toBe(400);
});

test("a desk person checks in today's volunteers at their branch only", async ({ page }) => {
  await signInStaff(page, "desk.gulou@shuxiang.example");
  await page.getByRole("link", { name: "签到" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("志愿者签到");
  await expectAccessible(page);
  // Desk staff do not plan shifts.
  expect((await page.request.get("/staff/shifts")).status()).toBe(403);
});

test("a certificate is checked by its code, with the name shortened for strangers", async ({ browser }) => {
  const volunteer = await personPage(browser);
  await signInVolunteer(volunteer, "volunteer01@example.com");
  await volunteer.goto("/volunteer/hours");
  await expectAccessible(volunteer);
  await volunteer.getByRole("button", { name: "生成证明" }).click();
  await expect(volunteer.getByRole("heading", { level: 1 })).toHaveText("志愿服务记录证明");
  await expectAccessible(volunteer);
  // Issuing opens the certificate at its verification address.
  await expect(volunteer).toHaveURL(/\/certificates\/[^/]+$/);
  const code = decodeURIComponent(new URL(volunteer.url()).pathname.split("/").pop()!);

  const stranger = await personPage(browser);
  await stranger.goto("/certificates");
  await stranger.getByLabel("核验码").fill(code.toLowerCase());
  await stranger.getByRole("button", { name: "核验" }).click();
  await expect(stranger.getByRole("status")).toContainText("由本馆开具");
  await expect(stranger.getByText("*")).toBeVisible();
  await expectAccessible(stranger);
  expect((await stranger.request.get("/certificates/AAAA-BBBB-CCCC")).status()).toBe(404);
});

test("coordinators never see or change shifts outside their branches; bad input is a 400 that changes nothing", async ({ browser, request }) => {
  const gulou = await personPage(browser);
  await signInStaff(gulou, "coord.gulou@shuxiang.example");
  await gulou.goto("/staff/shifts?branch=GL");
  const href = (await gulou.locator("table.data tbody a").first().getAttribute("href"))!;

  const streets = await personPage(browser);
  await signInStaff(streets, "coord.streets@shuxiang.example");
  await streets.goto("/staff/shifts");
  await expect(streets.locator("table.data tbody")).not.toContainText("鼓楼图书馆");
  expect((await streets.request.get(href)).status()).toBe(403);
  const origin = new URL(streets.url()).origin;
  const cancel = await streets.request.post(href, { form: { intent: "cancel", reason: "试试", scope: "one" }, headers: { Origin: origin } });
  expect(cancel.status()).toBe(403);
  const create = await streets.request.post("/staff/shifts", {
    form: { branch: "GL", roleId: "1", date: "2027-06-01", start: "09:00", end: "10:00", capacity: "1", minNeeded: "1" },
    headers: { Origin: origin },
  });
  expect(create.status()).toBe(403);
  await gulou.goto(href);
  await expect(gulou.getByText("已取消", { exact: true })).toHaveCount(0);

  // The shift's edit form refuses nonsense with messages beside the fields.
  // (The browser would stop this itself; the server must too.)
  await gulou.locator("form:has(input[name=intent][value=edit])").evaluate((form: HTMLFormElement) => (form.noValidate = true));
  await gulou.getByLabel("名额").fill("0");
  const edit = gulou.waitForResponse((r) => r.request().method() === "POST");
  await gulou.getByRole("button", { name: "保存修改" }).click();
  expect((await edit).status()).toBe(400);
  await expect(gulou.getByText("不能小于 1")).toBeVisible();
  await expectAccessible(gulou);

  // A volunteer's booking form with nonsense, and without signing in.
  const volunteer = await personPage(browser);
  await signInVolunteer(volunteer, "volunteer12@example.com");
  const headers = { Origin: origin };
  expect((await volunteer.request.post("/volunteer/shifts", { form: { intent: "book", shiftId: "abc" }, headers })).status()).toBe(400);
  expect((await volunteer.request.post("/volunteer/shifts", { form: { intent: "book", shiftId: "99999999" }, headers })).status()).toBe(404);
  expect((await volunteer.request.post("/volunteer/schedule", { form: { intent: "cancel", shiftId: "99999999" }, headers })).status()).toBe(400);
  expect((await request.post("/volunteer/shifts", { form: { intent: "book", shiftId: "1" }, headers })).status()).toBe(401);
  expect((await volunteer.request.get("/staff/shifts")).status()).toBe(403);
});

test("a volunteer subscribes to their calendar feed and can replace its address", async ({ browser }) => {
  const page = await personPage(browser);
  await signInVolunteer(page, "volunteer01@example.com");
  await expect(page.getByRole("heading", { name: "订阅我的日历" })).toBeVisible();
  await expectAccessible(page);
  const webcal = await page.getByRole("link", { name: "在日历应用中订阅" }).getAttribute("href");
  const https = await page.getByLabel("订阅地址").inputValue();
  expect(webcal).toBe(https.replace(/^http:/, "webcal:"));
  const feed = await page.request.get(https);
  expect(feed.status()).toBe(200);
  expect(feed.headers()["content-type"]).toContain("text/calendar");
  const body = await feed.text();
  expect(body).toContain("BEGIN:VCALENDAR");
  expect(body).toMatch(/UID:shift-\d+@localhost/);

  await page.getByRole("link", { name: "换一个新地址" }).click();
  // Replacing breaks every calendar using the old address: it asks first (a page of its own without JavaScript).
  await page.getByRole("button", { name: "确定更换" }).click();
  await expect(page.getByRole("status")).toContainText("旧地址已失效");
  expect((await page.request.get(https)).status()).toBe(404);
  await expect(page.getByLabel("订阅地址")).not.toHaveValue(https);
  const replaced = await page.getByLabel("订阅地址").inputValue();
  expect((await page.request.get(replaced)).status()).toBe(200);
});
