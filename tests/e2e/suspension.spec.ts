import { expect, test } from "@playwright/test";
import { expectAccessible } from "./axe.ts";
import { latestMailTo, mailCount } from "./mail.ts";
import { signInStaff } from "./sign-in.ts";

// A demo volunteer of the main library with an application and shifts to come, used by no other spec.
const EMAIL = "volunteer03@example.com";

test("an administrator suspends a volunteer from their page and lifts it again, at desktop and phone widths", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  // Demo applications chose no branch, so only an administrator finds them in the pipeline.
  await signInStaff(page, "admin@shuxiang.example");
  await page.goto(`/staff/applications?q=${encodeURIComponent(EMAIL)}`);
  await page.getByRole("link", { name: "吕静" }).click();
  await page.getByRole("link", { name: "志愿者页面：停用或恢复资格" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("吕静");
  const suspension = page.getByRole("region", { name: "停用资格" });
  await expectAccessible(page);

  // No reason: the message beside the field, nothing sent.
  await suspension.getByRole("button", { name: "停用资格" }).click();
  await expect(suspension.getByRole("alert")).toHaveText("请填写此项。");
  await expect(suspension.getByLabel(/停用原因/)).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);

  const before = mailCount();
  await suspension.getByLabel(/停用原因/).fill("账号疑似被他人使用，暂停待核实");
  await suspension.getByRole("button", { name: "停用资格" }).click();
  // Suspending asks first.
  await page.getByRole("button", { name: "确定停用资格" }).click();
  await expect(page.getByRole("status")).toHaveText("已停用资格：此人已在所有设备上退出登录，今后的班次已放弃并通知本人。");
  await expect(page.getByRole("definition").filter({ hasText: "已停用资格" })).toBeVisible();
  await expect(suspension.getByText("账号疑似被他人使用，暂停待核实")).toBeVisible();
  const removed = await latestMailTo(EMAIL, before, 10_000, /^您已不在该班次/);
  expect(removed.text).toContain("协调员已将您从");
  await expectAccessible(page);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expectAccessible(page);
  const lift = suspension.getByRole("button", { name: "恢复资格" });
  await expect(lift).toBeVisible();
  // Nothing wider than the phone's screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await suspension.getByLabel(/备注/).fill("已核实，本人操作");
  await lift.click();
  await expect(page.getByRole("status")).toHaveText("已恢复资格，此人可以再次登录。");
  await expect(page.getByRole("definition").filter({ hasText: "已任命" })).toBeVisible();
  await expect(suspension.getByRole("button", { name: "停用资格" })).toBeVisible();
  await expectAccessible(page);
});
