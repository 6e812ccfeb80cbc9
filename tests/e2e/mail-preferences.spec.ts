import { expect, test } from "@playwright/test";
import { unsubscribeToken } from "../../app/modules/notifications/unsubscribe.server.ts";
import { connect, databaseUrl, E2E_DATABASE } from "../support/database.ts";
import { expectAccessible } from "./axe.ts";
import { signInVolunteer } from "./sign-in.ts";

// The secret global-setup gives the app: the test signs a link as the delivery worker would.
const SECRET = "e2e-session-secret-0123456789abcdefghijkl";
const EMAIL = "volunteer23@example.com";

test("a volunteer stops calls for help on their profile, and reminders from an email's unsubscribe link", async ({ browser }) => {
  const db = connect(databaseUrl(E2E_DATABASE), 1);
  const { id } = await db.selectFrom("shuxiang.volunteers").select("id").where("email", "=", EMAIL).executeTakeFirstOrThrow();
  await db.destroy();

  const page = await (await browser.newContext()).newPage();
  await signInVolunteer(page, EMAIL);
  await page.goto("/volunteer/profile");
  const mail = page.getByRole("region", { name: "邮件" });
  const help = mail.getByRole("checkbox", { name: "求助邮件：有您可以接的缺人班次" });
  const reminders = mail.getByRole("checkbox", { name: "班次、活动和面谈前的提醒" });
  await expect(help).toBeChecked();
  await expect(reminders).toBeChecked();
  await expectAccessible(page);

  await help.uncheck();
  await mail.getByRole("button", { name: "保存邮件设置" }).click();
  await expect(page.getByRole("status")).toHaveText("邮件设置已保存。");
  await expect(help).not.toBeChecked();
  await expect(reminders).toBeChecked();
  // Stopping calls for help is not pausing.
  await expect(page.getByRole("button", { name: "暂停服务" })).toBeVisible();

  // The link from a reminder, opened by anyone (no session): what it stops, and a button.
  const stranger = await (await browser.newContext()).newPage();
  await stranger.goto(`/unsubscribe/${unsubscribeToken(SECRET, { kind: "reminders", volunteerId: id })}`);
  await expect(stranger.getByRole("heading", { level: 1 })).toHaveText("退订邮件");
  await expect(stranger.getByText("停止接收您所预约或报名事项的提醒邮件？")).toBeVisible();
  await expectAccessible(stranger);
  await stranger.getByRole("button", { name: "停止接收这类邮件" }).click();
  await expect(stranger.getByRole("status")).toHaveText("已完成：您将不再收到提醒邮件。确认和变更通知仍会发给您。");
  await expectAccessible(stranger);

  await page.reload();
  await expect(help).not.toBeChecked();
  await expect(reminders).not.toBeChecked();
  // And back on, both.
  await help.check();
  await reminders.check();
  await mail.getByRole("button", { name: "保存邮件设置" }).click();
  await expect(page.getByRole("status")).toHaveText("邮件设置已保存。");
  await expect(help).toBeChecked();
  await expect(reminders).toBeChecked();

  // A link that was altered: a clear page that says so, not an error.
  const altered = await stranger.goto(`/unsubscribe/${unsubscribeToken(SECRET, { kind: "help", volunteerId: id }).slice(0, -2)}xx`);
  expect(altered?.status()).toBe(404);
  await expect(stranger.getByRole("alert")).toContainText("此退订链接无效");
  await expectAccessible(stranger);
});
