import { expect, test } from "@playwright/test";
import { expectAccessible } from "./axe.ts";
import { latestMailTo, mailCount } from "./mail.ts";
import { signInStaff } from "./sign-in.ts";

// Issue 20: the staff home's counts open lists of the same size; the directory; the roster; a message to the people booked.
for (const [width, height] of [[1280, 800], [390, 844]] as const) {
  test(`the workbench's counts match the lists they open, at ${width}px`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await signInStaff(page, "coord.gulou@shuxiang.example");
    const work = page.getByRole("region", { name: "待办" });
    await expectAccessible(page);
    const count = async (label: string) => Number((await work.getByRole("link", { name: label }).innerText()).match(/\d+/)![0]);
    const applied = await count("份新报名待处理");
    expect(applied).toBeGreaterThan(0);
    await work.getByRole("link", { name: "份新报名待处理" }).click();
    await expect(page).toHaveURL(/\/staff\/applications\?status=applied$/);
    await expect(page.getByRole("table").locator("caption")).toHaveText(`共 ${applied} 份报名`);
    await page.goBack();
    const events = await count("场活动还缺志愿者");
    await work.getByRole("link", { name: "场活动还缺志愿者" }).click();
    await expect(page).toHaveURL(/\/staff\/events\?needs=helpers$/);
    if (events > 0) await expect(page.getByRole("table").locator("caption")).toHaveText(`共 ${events} 场`);
    await page.goBack();
    expect(await count("个班次缺人")).toBeGreaterThan(0);
    await work.getByRole("link", { name: "个班次缺人" }).click();
    await expect(page).toHaveURL(/\/staff\/board\?short=1#alerts-title$/);
  });
}

test("the directory finds a volunteer, refuses a bad filter, shows their page and downloads CSV", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInStaff(page, "coord.gulou@shuxiang.example");
  await page.goto("/staff/volunteers?served=forever");
  await expect(page.getByRole("alert")).toHaveText("请从列表中选择。");
  await expect(page.getByLabel("最近服务")).toHaveAttribute("aria-invalid", "true");
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByLabel(/^查找/).fill("volunteer01@example.com");
  await page.getByLabel("最近服务").selectOption("");
  await page.getByRole("button", { name: "筛选" }).click();
  const rows = page.getByRole("table").getByRole("rowheader");
  await expect(rows).toHaveCount(1);
  await expectAccessible(page);
  const csv = await page.request.get(await page.getByRole("link", { name: /下载 CSV/ }).getAttribute("href").then((h) => h!));
  const body = await csv.body();
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(body.toString("utf8")).toContain("volunteer01@example.com");
  await rows.first().getByRole("link").click();
  await expect(page.getByRole("heading", { level: 2, name: "协调员备注" })).toBeVisible();
  await page.getByLabel(/^新备注/).fill("擅长带领亲子阅读");
  await page.getByRole("button", { name: "添加备注" }).click();
  await expect(page.getByRole("status")).toHaveText("备注已添加。");
  await expect(page.getByText("擅长带领亲子阅读")).toBeVisible();
  await expectAccessible(page);
});

test("the roster prints, and a message to the people booked is previewed, then sent", async ({ page }) => {
  await signInStaff(page, "coord.gulou@shuxiang.example");
  await page.goto("/staff/roster?branch=GL");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("志愿者签到表");
  await expectAccessible(page);
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation").first()).toBeHidden();
  await page.emulateMedia({ media: "screen" });

  // A shift of the demo volunteer's, from their page.
  await page.goto("/staff/volunteers?q=volunteer01%40example.com");
  await page.getByRole("table").getByRole("rowheader").getByRole("link").click();
  await page.getByRole("region", { name: /今后的班次/ }).getByRole("row").filter({ hasText: "已预约" }).first().getByRole("link").click();
  await page.getByRole("link", { name: "给已预约的人发消息" }).click();
  const before = mailCount();
  await page.getByRole("textbox", { name: /^留言/ }).fill("请提前十分钟到服务台");
  await page.getByRole("button", { name: "更新预览" }).click();
  await expect(page.getByRole("region", { name: "邮件内容（预览）" })).toContainText("协调员留言：请提前十分钟到服务台");
  await expectAccessible(page);
  await page.getByRole("button", { name: /^发送给 \d+ 人$/ }).click();
  await expect(page.getByRole("status")).toContainText(/已发送给 \d+ 人/);
  const mail = await latestMailTo("volunteer01@example.com", before, 15_000, /班次通知/);
  expect(mail.subject).toContain("班次通知");
});
