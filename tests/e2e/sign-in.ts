import { expect, type Page } from "@playwright/test";
import { latestMailTo, mailCount } from "./mail.ts";

export const STAFF_PASSWORD = "shuxiang-demo-2026";

export async function signInStaff(page: Page, email: string, password = STAFF_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("邮箱").fill(email);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).last().click();
  await expect(page).toHaveURL(/\/staff$/);
}

/** Signs a volunteer in with the code from the email the real SMTP server received. */
export async function signInVolunteer(page: Page, email: string) {
  const before = mailCount();
  await page.goto("/volunteer/sign-in");
  await page.getByLabel("邮箱").fill(email);
  await page.getByRole("button", { name: "发送验证码" }).click();
  await expect(page.getByRole("status")).toBeVisible();
  const mail = await latestMailTo(email, before, 10_000, /\d{6}/);
  await page.getByLabel("验证码").fill(/\d{6}/.exec(mail.subject)![0]);
  await page.getByRole("button", { name: "验证并登录" }).click();
  await expect(page).toHaveURL(/\/volunteer$/);
}
