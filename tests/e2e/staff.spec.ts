import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "./axe.ts";

const PASSWORD = "shuxiang-demo-2026";

async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("邮箱").fill(email);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
}

test("a wrong password shows the error beside the field with status 400, and keeps the email", async ({ page }) => {
  await page.goto("/sign-in");
  await expectAccessible(page);
  await page.getByLabel("邮箱").fill("coord.gulou@shuxiang.example");
  await page.getByLabel("密码").fill("not-the-password");
  const response = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/sign-in"));
  await page.getByRole("button", { name: "登录" }).click();
  expect((await response).status()).toBe(400);
  const password = page.getByLabel("密码");
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("邮箱或密码不正确。")).toBeVisible();
  await expect(password).toHaveAttribute("aria-describedby", /password-error/);
  await expect(page.getByLabel("邮箱")).toHaveValue("coord.gulou@shuxiang.example");
  await expectAccessible(page);
});

test("a malformed email is refused on the server too, with the message beside the field", async ({ request }) => {
  for (const form of [
    { email: "", password: "" },
    { email: "not-an-email", password: "x" },
    { email: `${"a".repeat(300)}@example.com`, password: "x" },
    { email: "admin@shuxiang.example", password: "x".repeat(5000) },
  ]) {
    const response = await request.post("/sign-in", { form, maxRedirects: 0 });
    expect(response.status(), JSON.stringify(form).slice(0, 60)).toBe(400);
  }
});

test("a coordinator signs in and sees the branches, rooms and roles", async ({ page }) => {
  await signIn(page, "coord.gulou@shuxiang.example");
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("工作台");
  await expect(page.getByText("李敏，您好（志愿者协调员）")).toBeVisible();
  const branches = page.getByRole("table", { name: "馆" });
  await expect(branches.getByRole("row")).toHaveCount(10);
  await expect(branches.getByRole("rowheader")).toHaveText(["鼓楼图书馆", "丰财分馆", "环城分馆", "黄楼分馆", "铜沛分馆", "九里分馆", "牌楼分馆", "琵琶分馆", "少儿分馆"]);
  // Rooms: only this coordinator's branch.
  const rooms = page.getByRole("table", { name: "活动空间" });
  await expect(rooms.getByRole("rowheader", { name: "多功能会议室" })).toBeVisible();
  await expect(rooms.getByRole("rowheader", { name: "亲子阅读室" })).toHaveCount(0);
  const roles = page.getByRole("table", { name: "志愿服务岗位" });
  await expect(roles.getByRole("row", { name: /图书修补/ })).toContainText("图书修复培训");
  await expectAccessible(page);

  // Coordinators may not read the mailbox (it holds everyone's mail).
  const mailbox = await page.goto("/staff/mailbox");
  expect(mailbox?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("没有权限");

  await page.goto("/staff");
  await page.getByRole("button", { name: "退出登录", exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  const after = await page.goto("/staff");
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fstaff$/);
  expect(after?.status()).toBe(200);
});

test("a coordinator of two street branches sees only their rooms", async ({ page }) => {
  await signIn(page, "coord.streets@shuxiang.example");
  await expect(page.getByText("负责范围：丰财分馆、环城分馆")).toBeVisible();
  const rooms = page.getByRole("table", { name: "活动空间" });
  await expect(rooms.getByRole("row")).toHaveCount(5);
  await expect(rooms.getByRole("rowheader", { name: "多功能会议室" })).toHaveCount(0);
});

test("the staff pages need a sign-in, and a sign-in returns to the page asked for", async ({ page }) => {
  await page.goto("/staff/mailbox");
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fstaff%2Fmailbox$/);
  await page.getByLabel("邮箱").fill("admin@shuxiang.example");
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(page).toHaveURL(/\/staff\/mailbox$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("邮件箱");
  await expect(page.getByText("已配置 SMTP 服务器")).toBeVisible();
  await expectAccessible(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("staff can still sign in and see errors", async ({ page }) => {
    await signIn(page, "desk.gulou@shuxiang.example", "wrong");
    await expect(page.getByText("邮箱或密码不正确。")).toBeVisible();
    await page.getByLabel("密码").fill(PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("工作台");
    await expect(page.getByText("刘洋，您好（服务台）")).toBeVisible();
  });
});
