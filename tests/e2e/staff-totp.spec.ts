// A staff member sets up two-step sign-in on the account security page, reading the key as the
// page shows it, and then signs in with the password and a code made by the same library an
// authenticator app would use (docs/decisions/0020).
import { expect, test } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import pg from "pg";
import { databaseUrl, E2E_DATABASE } from "../support/database.ts";
import { expectAccessible } from "./axe.ts";
import { signInStaff, STAFF_PASSWORD } from "./sign-in.ts";

const EMAIL = "totp.desk@shuxiang.example";
const ADMIN = "totp.admin@shuxiang.example";
const codeFor = (secret: string, steps = 0) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + steps * 30_000 });

async function query(text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: databaseUrl(E2E_DATABASE) });
  await client.connect();
  await client.query(text, values).finally(() => client.end());
}

test.beforeAll(async () => {
  // Staff of its own, so no other test's account gets a second factor.
  for (const [email, name, role] of [[EMAIL, "周琳", "desk"], [ADMIN, "陈刚", "administrator"]]) {
    await query(
      `INSERT INTO shuxiang.staff (email, name, role, password_hash)
       SELECT $1, $2, $3, password_hash FROM shuxiang.staff WHERE email = 'desk.gulou@shuxiang.example'`,
      [email, name, role],
    );
  }
});

test("staff enrol an authenticator app from the account security page, then sign in with the password and a code", async ({ page }) => {
  await signInStaff(page, EMAIL);
  await page.getByRole("link", { name: "账户安全（两步登录）" }).click();
  await expect(page.getByRole("heading", { name: "账户安全" })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("button", { name: "设置身份验证器" }).click();
  await expect(page.getByRole("img", { name: "身份验证器应用使用的二维码" })).toBeVisible();
  const secret = (await page.getByLabel("手动输入此密钥").inputValue()).replace(/\s/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expectAccessible(page);

  // A wrong code is refused beside the field.
  const right = codeFor(secret);
  await page.getByLabel("验证码", { exact: true }).fill(right === "000000" ? "111111" : "000000");
  await page.getByRole("button", { name: "确认并开启" }).click();
  await expect(page.getByText("验证码不正确或已用过")).toBeVisible();
  await page.getByLabel("验证码", { exact: true }).fill(right);
  await page.getByRole("button", { name: "确认并开启" }).click();
  await expect(page.getByRole("status")).toContainText("两步登录已开启");
  await expect(page.getByRole("button", { name: "关闭两步登录" })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("button", { name: "退出登录" }).click();
  await page.goto("/sign-in");
  await page.getByLabel("邮箱").fill(EMAIL);
  await page.getByLabel("密码").fill(STAFF_PASSWORD);
  await page.getByRole("button", { name: "登录" }).last().click();
  await expect(page.getByRole("heading", { name: "输入验证码" })).toBeVisible();
  await expectAccessible(page);
  // The code just used is spent: the next step's code, as the app would show it a moment later.
  await page.getByLabel("身份验证器中的验证码").fill(codeFor(secret, 1));
  await page.getByRole("button", { name: "验证并登录" }).click();
  await expect(page).toHaveURL(/\/staff$/);
});

test.describe("when administrators must use it", () => {
  // Set in the database (the page's own form needs the administrator's factor first, tested in
  // staff-totp.test.ts), and taken back so the other tests' administrator is not sent to enrol.
  test.beforeAll(() => query(`INSERT INTO shuxiang.app_meta (key, value) VALUES ('staff_totp_required', 'true')`));
  test.afterAll(() => query(`DELETE FROM shuxiang.app_meta WHERE key = 'staff_totp_required'`));

  test("an administrator without it is sent to enrol right after the password, and gets on once enrolled", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("邮箱").fill(ADMIN);
    await page.getByLabel("密码").fill(STAFF_PASSWORD);
    await page.getByRole("button", { name: "登录" }).last().click();
    await expect(page).toHaveURL(/\/staff\/security$/);
    await expect(page.getByRole("alert")).toContainText("管理员必须使用两步登录");
    await expectAccessible(page);
    await page.goto("/staff/board");
    await expect(page).toHaveURL(/\/staff\/security$/);

    await page.getByRole("button", { name: "设置身份验证器" }).click();
    const secret = (await page.getByLabel("手动输入此密钥").inputValue()).replace(/\s/g, "");
    await page.getByLabel("验证码", { exact: true }).fill(codeFor(secret));
    await page.getByRole("button", { name: "确认并开启" }).click();
    await expect(page.getByRole("status")).toContainText("两步登录已开启");
    // Administrators cannot turn it off while it is required.
    await expect(page.getByText("管理员必须使用两步登录，因此无法关闭。")).toBeVisible();
    await page.getByRole("link", { name: "返回工作台" }).click();
    await expect(page).toHaveURL(/\/staff$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("工作台");
  });
});
