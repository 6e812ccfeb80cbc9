import { expect, test } from "@playwright/test";
import pg from "pg";
import { databaseUrl, E2E_DATABASE } from "../support/database.ts";
import { expectAccessible } from "./axe.ts";
import { latestMailTo, mailCount } from "./mail.ts";

// volunteer02 signs in here only: other specs ask for codes for their own volunteers, and codes are limited per hour.
test("a volunteer asks for a code, reads it from the email and signs in", async ({ page }) => {
  const email = "volunteer02@example.com";
  const before = mailCount();
  await page.goto("/volunteer/sign-in");
  await expectAccessible(page);
  await page.getByLabel("邮箱").fill(email);
  await page.getByRole("button", { name: "发送验证码" }).click();
  await expect(page.getByRole("status")).toContainText(`如果 ${email} 是已登记的志愿者邮箱，验证码已经发往这个邮箱`);
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

  // Opening the link uses nothing up (mail scanners open links): only the press does.
  await page.goto(link);
  await expect(page.getByText(`以 ${email} 登录书香`)).toBeVisible();
  await expectAccessible(page);
  // Without JavaScript, as a mail app's built-in browser may be: the press is a plain form post.
  const plain = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await plain.goto(link);
  await expect(plain.getByText(`以 ${email} 登录书香`)).toBeVisible();
  await plain.getByRole("button", { name: "登录" }).last().click();
  await expect(plain).toHaveURL(/\/volunteer$/);
  await expect(plain.getByRole("heading", { level: 1 })).toHaveText("我的志愿服务");
  await plain.context().close();

  const other = await browser.newPage();
  await other.goto(link);
  await expect(other.getByText("这个登录链接无效、已使用或已过期")).toBeVisible();
  await other.close();
});

test("an unknown email gets the same answer as a volunteer's, and no email", async ({ page }) => {
  const answer = async (email: string) => {
    await page.goto("/volunteer/sign-in");
    await page.getByLabel("邮箱").fill(email);
    const response = page.waitForResponse((r) => r.request().method() === "POST");
    await page.getByRole("button", { name: "发送验证码" }).click();
    const status = (await response).status();
    await expect(page.getByRole("status")).toBeVisible();
    return { status, text: (await page.getByRole("status").textContent())!.replace(email, "<email>") };
  };
  const before = mailCount();
  const unknown = await answer("nobody-here@example.com");
  await expectAccessible(page);
  const known = await answer("volunteer05@example.com");
  expect(unknown).toEqual(known);
  expect(unknown.status).toBe(200);
  // Only the volunteer was sent a code: nothing was even written for the unknown address.
  await latestMailTo("volunteer05@example.com", before, 10_000, /\d{6}/);
  const client = new pg.Client({ connectionString: databaseUrl(E2E_DATABASE) });
  await client.connect();
  const written = await client.query("SELECT count(*)::int AS n FROM shuxiang.messages WHERE recipient_email = $1", ["nobody-here@example.com"]).finally(() => client.end());
  expect(written.rows[0].n).toBe(0);
});

test("an administrator sees those emails on the delivery page, sent, with no resend for sign-in codes", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("邮箱").fill("admin@shuxiang.example");
  await page.getByLabel("密码").fill("shuxiang-demo-2026");
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByRole("link", { name: "邮件投递" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("邮件投递");
  const row = page.getByRole("row").filter({ hasText: "volunteer02@example.com" }).first();
  await expect(row).toContainText("书香登录验证码：••••••"); // the code itself is not kept
  await expect(row).toContainText("已发送");
  await expect(row).toContainText("250");
  await expectAccessible(page);

  await page.getByRole("link", { name: /^失败/ }).click();
  await expect(page).toHaveURL(/status=failed/);
  await page.getByRole("link", { name: /^已发送/ }).click();
  await expect(page).toHaveURL(/status=sent/);
  // Its code is gone once sent: there is nothing to resend, so no button is offered.
  await expect(page.getByRole("row").filter({ hasText: "volunteer02@example.com" }).first().getByRole("button", { name: /重新发送/ })).toHaveCount(0);
});
