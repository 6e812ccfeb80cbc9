import { expect, test } from "@playwright/test";
import { expectAccessible } from "./axe.ts";
import { latestMailTo, mailCount } from "./mail.ts";

test("a volunteer asks for a code, reads it from the email and signs in", async ({ page }) => {
  const email = "volunteer01@example.com";
  const before = mailCount();
  await page.goto("/volunteer/sign-in");
  await expectAccessible(page);
  await page.getByLabel("邮箱").fill(email);
  await page.getByRole("button", { name: "发送验证码" }).click();
  await expect(page.getByRole("status")).toContainText(`验证码已发送到 ${email}`);
  await expectAccessible(page);

  const mail = await latestMailTo(email, before, 10_000, /登录验证码/);
  const code = /\d{6}/.exec(mail.subject)![0];

  const wrong = code === "000000" ? "111111" : "000000";
  await page.getByLabel("验证码").fill(wrong);
  const response = page.waitForResponse((r) => r.request().method() === "POST");
  await page.getByRole("button", { name: "验证并登录" }).click();
  expect((await response).status()).toBe(400);
  await expect(page.getByText("验证码不正确或已过期")).toBeVisible();

  await page.getByLabel("验证码").fill(code);
  await page.getByRole("button", { name: "验证并登录" }).click();
  await expect(page).toHaveURL(/\/volunteer$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("我的志愿服务");
  await expect(page.getByText(email)).toBeVisible();
  await expectAccessible(page);

  // A volunteer is not staff.
  expect((await page.goto("/staff"))?.status()).toBe(403);
});

test("the emailed link signs in once, after a confirming press", async ({ page, browser }) => {
  const email = "volunteer04@example.com";
  const before = mailCount();
  await page.goto("/volunteer/sign-in");
  await page.getByLabel("邮箱").fill(email);
  await page.getByRole("button", { name: "发送验证码" }).click();
  await expect(page.getByRole("status")).toBeVisible();
  const mail = await latestMailTo(email, before, 10_000, /登录验证码/);
  const link = /http:\/\/localhost:\d+\/volunteer\/sign-in\/link\/[A-Za-z0-9_-]+/.exec(mail.text)![0];

  await page.goto(link);
  await expect(page.getByText(`以 ${email} 登录书香`)).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "登录" }).last().click();
  await expect(page).toHaveURL(/\/volunteer$/);

  const other = await browser.newPage();
  await other.goto(link);
  await expect(other.getByText("这个登录链接无效、已使用或已过期")).toBeVisible();
  await other.close();
});

test("an unknown email gets a clear message beside the field", async ({ page }) => {
  await page.goto("/volunteer/sign-in");
  await page.getByLabel("邮箱").fill("nobody-here@example.com");
  const response = page.waitForResponse((r) => r.request().method() === "POST");
  await page.getByRole("button", { name: "发送验证码" }).click();
  expect((await response).status()).toBe(400);
  await expect(page.getByText("没有找到使用这个邮箱的志愿者")).toBeVisible();
  await expect(page.getByLabel("邮箱")).toHaveValue("nobody-here@example.com");
  await expectAccessible(page);
});

test("an administrator sees those emails on the delivery page, sent, with no resend for sign-in codes", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("邮箱").fill("admin@shuxiang.example");
  await page.getByLabel("密码").fill("shuxiang-demo-2026");
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByRole("link", { name: "邮件投递" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("邮件投递");
  const row = page.getByRole("row").filter({ hasText: "volunteer01@example.com" }).first();
  await expect(row).toContainText("书香登录验证码：••••••"); // the code itself is not kept
  await expect(row).toContainText("已发送");
  await expect(row).toContainText("250");
  await expectAccessible(page);

  await page.getByRole("link", { name: /^失败/ }).click();
  await expect(page).toHaveURL(/status=failed/);
  await page.getByRole("link", { name: /^已发送/ }).click();
  await expect(page).toHaveURL(/status=sent/);
  // Its code is gone once sent: there is nothing to resend, so no button is offered.
  await expect(page.getByRole("row").filter({ hasText: "volunteer01@example.com" }).first().getByRole("button", { name: /重新发送/ })).toHaveCount(0);
});
