// Phones first: at 390×844 no page a reader, volunteer or desk person uses scrolls sideways or
// stacks text one character per line; open shifts come as day-grouped cards a page at a time;
// the header folds into a menu that works without JavaScript. Desktop (1280×800) keeps its header.
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import pg from "pg";
import { databaseUrl, E2E_DATABASE } from "../support/database.ts";
import { expectAccessible } from "./axe.ts";
import { signInStaff, signInVolunteer } from "./sign-in.ts";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
test.use({ viewport: PHONE });

// One emailed code for the whole file: codes are rate-limited per address and per IP within an
// hour, and the rest of the suite signs volunteers in too.
let volunteerState: Awaited<ReturnType<BrowserContext["storageState"]>>;
test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext();
  await signInVolunteer(await context.newPage(), "volunteer01@example.com");
  volunteerState = await context.storageState();
  await context.close();
});

/** A page signed in as volunteer01, at phone size unless told. */
async function volunteerPage(browser: Browser, options: { javaScriptEnabled?: boolean; viewport?: typeof PHONE } = {}) {
  const context = await browser.newContext({ storageState: volunteerState, viewport: PHONE, ...options });
  return context.newPage();
}

/**
 * What a phone user would notice: the page scrolling sideways, or text stacked one character per
 * line. A CJK character is about 1em wide, so an element whose text holds two or more CJK
 * characters but whose content box is narrower than ~2em (1.9 × its font size, allowing for
 * rounding) can show only one character per line. Visually hidden text (a 1 px clip) is skipped.
 */
async function expectFitsPhone(page: Page) {
  const layout = await page.evaluate(() => {
    const cjk = /[\u3400-\u9fff]/g;
    const squeezed: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>("h1, h2, h3, h4, button, a, th, td, label, dt, dd, li, p, summary")) {
      const text = el.innerText ?? "";
      if ((text.match(cjk) ?? []).length < 2) continue;
      const box = el.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) continue;
      const style = getComputedStyle(el);
      const px = (v: string) => parseFloat(v) || 0;
      // The width text can use: the box less its padding and borders.
      const inner = box.width - px(style.paddingLeft) - px(style.paddingRight) - px(style.borderLeftWidth) - px(style.borderRightWidth);
      if (inner < 1.9 * px(style.fontSize)) squeezed.push(`${el.tagName.toLowerCase()} "${text.slice(0, 20)}" ${Math.round(inner)}px`);
    }
    const scroller = document.scrollingElement!;
    return { scrollWidth: scroller.scrollWidth, clientWidth: scroller.clientWidth, squeezed };
  });
  expect(layout.squeezed, `text one character per line on ${page.url()}`).toEqual([]);
  expect(layout.scrollWidth, `horizontal scroll on ${page.url()}`).toBeLessThanOrEqual(layout.clientWidth);
}

/** Visits each page at phone size; a full-page screenshot of each lands in the test's output folder. */
async function expectPagesFit(page: Page, paths: string[]) {
  for (const path of paths) {
    expect((await page.goto(path))?.status(), path).toBe(200);
    await page.screenshot({ path: test.info().outputPath(`phone${path.replaceAll("/", "_")}.png`), fullPage: true });
    await expectFitsPhone(page);
    await expectAccessible(page);
  }
}

test("public pages fit a phone", async ({ page }) => {
  await page.goto("/events");
  const event = (await page.getByRole("main").getByRole("link").filter({ hasText: /\S/ }).locator("xpath=self::a[starts-with(@href, '/events/')]").first().getAttribute("href"))!;
  await expectPagesFit(page, ["/", "/events", event, "/join", "/join/apply", "/privacy/children", "/certificates", "/feedback", "/sign-in", "/volunteer/sign-in"]);
});

test("volunteer pages fit a phone", async ({ browser }) => {
  const page = await volunteerPage(browser);
  await expectPagesFit(page, ["/volunteer", "/volunteer/shifts", "/volunteer/shifts?page=2", "/volunteer/schedule", "/volunteer/hours", "/volunteer/profile", "/volunteer/appointment"]);
});

test("desk check-in fits a phone, hours and all", async ({ page }) => {
  await signInStaff(page, "desk.gulou@shuxiang.example");
  await expectPagesFit(page, ["/staff/check-in", "/staff/display"]);
  const hours = page.getByLabel(/^调整时长（小时）/).first();
  if ((await hours.count()) > 0) {
    const box = (await hours.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
  }
});

test("in English too, volunteer pages and the menu fit a phone", async ({ browser }) => {
  const page = await volunteerPage(browser);
  await page.goto("/volunteer/shifts");
  await page.locator("summary", { hasText: "菜单" }).click();
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Find shifts");
  await expect(page.locator("summary", { hasText: "Menu" })).toBeVisible();
  await expectPagesFit(page, ["/volunteer/shifts", "/volunteer/schedule", "/events"]);
  await page.context().close();
});

test("the header folds into a menu on a phone, which opens by keyboard and without JavaScript", async ({ browser }) => {
  const page = await volunteerPage(browser);
  await page.goto("/volunteer");
  // <summary> has no ARIA role of its own to find it by; its text is what a person sees.
  const toggle = page.locator("summary", { hasText: "菜单" });
  const menu = page.locator("details", { has: toggle });
  await expect(page.getByRole("link", { name: "找班次" })).toBeHidden();
  const header = (await page.locator("header").boundingBox())!;
  expect(header.height).toBeLessThan(100);

  await toggle.focus();
  await page.keyboard.press("Enter");
  await expect(menu).toHaveAttribute("open", "");
  await expectAccessible(page);
  await page.screenshot({ path: test.info().outputPath("phone-menu-open.png") });
  await page.getByRole("link", { name: "找班次" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("找班次");
  // Followed inside the page (no reload), the menu folds again.
  await expect(page.getByRole("link", { name: "我的班次" })).toBeHidden();

  const plain = await (await browser.newContext({ javaScriptEnabled: false, viewport: PHONE })).newPage();
  await plain.goto("/");
  await plain.locator("summary", { hasText: "菜单" }).click();
  // (The home page has its own "become a volunteer" button: the one in the opened menu is meant.)
  await plain.locator(".site-menu").getByRole("link", { name: "成为志愿者" }).click();
  await expect(plain).toHaveURL(/\/join$/);
  await plain.context().close();
});

test("open shifts come as cards grouped by day, a page at a time, also without JavaScript", async ({ browser }) => {
  const page = await volunteerPage(browser, { javaScriptEnabled: false });
  await page.goto("/volunteer/shifts");
  await expect(page.getByRole("navigation", { name: "班次分页" })).toContainText(/第 1 \/ \d+ 页/);
  await expect(page.getByRole("article")).toHaveCount(20);
  const days = await page.getByRole("main").getByRole("heading", { level: 2 }).allInnerTexts();
  expect(days.length).toBeGreaterThan(1);
  expect(new Set(days).size).toBe(days.length);
  // Every card sits under a day heading: the first card follows the first day.
  const first = page.getByRole("region", { name: days[0] });
  await expect(first.getByRole("article").first()).toBeVisible();

  // Cards are told apart by the shift each names (the same time and role recur on other days).
  const shiftsShown = () => page.getByRole("article").evaluateAll((cards) => cards.map((c) => c.getAttribute("aria-labelledby")));
  const firstPage = await shiftsShown();
  await page.getByRole("link", { name: "下一页" }).click();
  await expect(page).toHaveURL(/[?&]page=2/);
  await expect(page.getByRole("navigation", { name: "班次分页" })).toContainText(/第 2 \/ \d+ 页/);
  const secondPage = await shiftsShown();
  expect(secondPage.length).toBeGreaterThan(0);
  expect(secondPage.filter((id) => firstPage.includes(id))).toEqual([]);
  await page.getByRole("link", { name: "上一页" }).click();
  expect(await shiftsShown()).toEqual(firstPage);
  await page.context().close();
});

test("a volunteer books from a card with a full-width button, then cancels from 我的班次", async ({ browser }) => {
  // A shift of its own, two months out, where nobody else in the tests looks.
  const date = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + 61 * 86400_000));
  const client = new pg.Client({ connectionString: databaseUrl(E2E_DATABASE) });
  await client.connect();
  await client.query(
    `INSERT INTO shuxiang.shifts (branch_code, role_id, local_date, starts_at, ends_at, capacity, min_needed, booked)
     SELECT 'FC', r.id, $1::date, ($1::date + time '14:00') AT TIME ZONE 'Asia/Shanghai', ($1::date + time '16:00') AT TIME ZONE 'Asia/Shanghai', 2, 1, 0
     FROM shuxiang.roles r WHERE r.name_zh = '图书整架'`,
    [date],
  );
  await client.end();

  const page = await volunteerPage(browser);
  await page.goto(`/volunteer/shifts?from=${date}&to=${date}`);
  const card = page.getByRole("article", { name: /14:00–16:00 图书整架/ });
  await expect(card).toContainText("丰财分馆");
  await expect(card).toContainText("剩 2 / 共 2");
  const book = card.getByRole("button", { name: /^预约: 图书整架/ });
  const [button, box] = [(await book.boundingBox())!, (await card.boundingBox())!];
  expect(button.height).toBeGreaterThanOrEqual(44);
  expect(button.width).toBeGreaterThan(box.width * 0.85);
  await expectFitsPhone(page);
  await book.click();
  await expect(page.getByRole("status")).toContainText("预约成功");
  await expect(card).toContainText("已预约");
  await expect(card).toContainText("剩 1 / 共 2");
  await page.screenshot({ path: test.info().outputPath("phone-booked.png"), fullPage: true });

  await page.goto("/volunteer/schedule");
  const mine = page.getByRole("article", { name: /14:00–16:00 图书整架/ });
  const cancel = mine.getByRole("link", { name: /^取消预约: 图书整架/ });
  expect((await cancel.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await expectFitsPhone(page);
  await expectAccessible(page);
  await cancel.click();
  // Asked first, on a page of its own that fits the phone.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("确定取消这个班次吗？");
  await expect(page.getByRole("main")).toContainText("丰财分馆");
  await expectFitsPhone(page);
  await expectAccessible(page);
  await page.getByRole("button", { name: "确定取消班次" }).click();
  await expect(page.getByRole("status")).toContainText("已取消预约");
});

test("the children's part of the application and of an event registration fit a phone", async ({ page }) => {
  const shot = (name: string) => page.screenshot({ path: test.info().outputPath(name), fullPage: true });
  // The application, for an applicant of 12: the guardian's part with its messages.
  await page.goto("/join/apply");
  const twelve = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() - 12 * 365.25 * 86400_000));
  await page.getByLabel("姓名", { exact: true }).fill("郑小书");
  await page.getByLabel("手机", { exact: true }).fill("13912345678");
  await page.getByLabel("邮箱").fill("zheng.xiaoshu@example.com");
  await page.getByLabel("出生日期").fill(twelve);
  await page.getByRole("group", { name: "希望服务的分馆" }).getByLabel("鼓楼图书馆").check();
  await page.getByRole("group", { name: "感兴趣的岗位" }).getByLabel("图书整架").check();
  await page.getByLabel("周六 上午").check();
  await page.getByLabel(/我已阅读并同意志愿者守则/).check();
  await page.getByRole("button", { name: "提交报名" }).click();
  await expect(page.getByText("未满 14 周岁需要监护人阅读《儿童个人信息处理规则》并单独同意。")).toBeVisible();
  await page.getByRole("group", { name: "监护人" }).scrollIntoViewIfNeeded();
  await shot("phone_join_apply_child.png");
  await expectFitsPhone(page);
  await expectAccessible(page);

  // An event registration with a child's card: the guardian's part opens with what is missing.
  const client = new pg.Client({ connectionString: databaseUrl(E2E_DATABASE) });
  await client.connect();
  const [child] = (await client.query<{ card_number: string; name: string }>("SELECT card_number, name FROM library.readers WHERE status = 'active' AND birth_date > now() - interval '13 years' ORDER BY card_number LIMIT 1")).rows;
  const [event] = (
    await client.query<{ id: number }>(
      "SELECT id FROM shuxiang.events WHERE status = 'scheduled' AND audience NOT IN ('volunteers', 'school-groups') AND starts_at > now() + interval '2 days' AND capacity - registered >= 2 AND max_party >= 2 ORDER BY starts_at LIMIT 1",
    )
  ).rows;
  await client.end();
  expect(child, "a child's card in the demo data").toBeTruthy();
  await page.goto(`/events/${event.id}`);
  const form = page.getByRole("region", { name: "报名" });
  await form.getByLabel("读者证号").fill(child.card_number);
  await form.getByLabel("持证人姓名").fill(child.name);
  await form.getByLabel("邮箱（接收确认和日历邀请）").fill("parent.of.child@example.com");
  await form.getByLabel("成人人数").fill("1");
  await form.getByLabel("儿童人数").fill("1");
  await form.getByRole("button", { name: /提交报名|加入候补/ }).click();
  await expect(page.getByText(/这张读者证的持有人未满 14 周岁/).first()).toBeVisible();
  await expect(page.getByLabel("监护人姓名")).toBeVisible();
  await page.getByText("读者未满 14 周岁？请由监护人填写").scrollIntoViewIfNeeded();
  await shot("phone_event_child.png");
  await expectFitsPhone(page);
  await expectAccessible(page);
});

test.describe("at 1280×800", () => {
  test.use({ viewport: DESKTOP });

  test("the header shows its links, no menu; the changed pages still read well", async ({ browser }) => {
    const page = await volunteerPage(browser, { viewport: DESKTOP });
    await page.goto("/volunteer");
    await expect(page.locator("summary", { hasText: "菜单" })).toBeHidden();
    await expect(page.getByRole("link", { name: "找班次" })).toBeVisible();
    for (const path of ["/volunteer/shifts", "/volunteer/schedule"]) {
      await page.goto(path);
      await page.screenshot({ path: test.info().outputPath(`desktop${path.replaceAll("/", "_")}.png`), fullPage: true });
      await expectAccessible(page);
    }
    const desk = await (await browser.newContext({ viewport: DESKTOP })).newPage();
    await signInStaff(desk, "desk.gulou@shuxiang.example");
    await desk.goto("/staff/check-in");
    await desk.screenshot({ path: test.info().outputPath("desktop_staff_check-in.png"), fullPage: true });
    await expectAccessible(desk);
    await desk.goto("/");
    await desk.screenshot({ path: test.info().outputPath("desktop_home.png") });
    await desk.context().close();
  });
});
