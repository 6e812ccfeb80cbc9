import fs from "node:fs";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { databaseUrl, E2E_DATABASE } from "../support/database.ts";
import { expectAccessible } from "./axe.ts";
import { latestMailTo, mailCount } from "./mail.ts";
import { signInStaff } from "./sign-in.ts";

test("an administrator invites a coordinator, who sets a password from the emailed link, signs in and sees only their branch; deactivating ends the session", async ({ browser }) => {
  const admin = await (await browser.newContext()).newPage();
  await signInStaff(admin, "admin@shuxiang.example");
  await admin.getByRole("link", { name: "管理", exact: true }).click();
  await admin.getByRole("link", { name: "工作人员账号" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("工作人员账号");
  await expectAccessible(admin);

  const invite = admin.getByRole("region", { name: "邀请工作人员" });
  // A coordinator without a branch is refused beside the field.
  await invite.getByLabel("姓名").fill("周文");
  await invite.getByLabel("邮箱").fill("zhou.wen@shuxiang.example");
  await invite.getByLabel("角色").selectOption({ label: "志愿者协调员" });
  await invite.getByRole("button", { name: "发送邀请" }).click();
  await expect(admin.getByText("协调员和服务台至少要负责一个馆。")).toBeVisible();
  const before = mailCount();
  await invite.getByLabel("姓名").fill("周文");
  await invite.getByLabel("邮箱").fill("zhou.wen@shuxiang.example");
  await invite.getByLabel("角色").selectOption({ label: "志愿者协调员" });
  await invite.getByLabel("铜沛分馆").check();
  await invite.getByRole("button", { name: "发送邀请" }).click();
  await expect(admin.getByRole("status")).toHaveText("邀请已发出。");
  await expect(admin.getByRole("row", { name: /周文/ })).toContainText("已邀请，待设密码");

  const mail = await latestMailTo("zhou.wen@shuxiang.example", before, 10_000, /邀请您使用书香/);
  const link = /http:\/\/localhost:\d+\/staff\/set-password\/[A-Za-z0-9_-]+/.exec(mail.text)![0];
  const coordinator = await (await browser.newContext()).newPage();
  await coordinator.goto(link);
  await expect(coordinator.getByText("周文，欢迎加入书香")).toBeVisible();
  await expectAccessible(coordinator);
  await coordinator.getByLabel("新密码").fill("铜沛分馆的新密码要足够长才行");
  await coordinator.getByLabel("再输入一次").fill("不一样的密码也要足够长才行");
  await coordinator.getByRole("button", { name: "保存密码" }).click();
  await expect(coordinator.getByText("两次输入的密码不一致。")).toBeVisible();
  await coordinator.getByLabel("新密码").fill("铜沛分馆的新密码要足够长才行");
  await coordinator.getByLabel("再输入一次").fill("铜沛分馆的新密码要足够长才行");
  await coordinator.getByRole("button", { name: "保存密码" }).click();
  await expect(coordinator).toHaveURL(/\/sign-in\?passwordSet=1/);
  await expect(coordinator.getByRole("status")).toHaveText("密码已设置，请登录。");
  // The link works once.
  await coordinator.goto(link);
  await expect(coordinator.getByRole("alert")).toContainText("这个链接无效、已使用或已过期");

  await signInStaff(coordinator, "zhou.wen@shuxiang.example", "铜沛分馆的新密码要足够长才行");
  await expect(coordinator.getByText("负责范围：铜沛分馆")).toBeVisible();
  await coordinator.getByRole("link", { name: "管理", exact: true }).click();
  await expect(coordinator.getByRole("main").getByRole("link")).toHaveText(["铜沛分馆"]);
  expect((await coordinator.goto("/staff/admin/branches/GL"))!.status()).toBe(403);
  expect((await coordinator.goto("/staff/admin/staff"))!.status()).toBe(403);
  expect((await coordinator.goto("/staff/admin/audit"))!.status()).toBe(403);

  // The audit log answers "who did this": the invitation, by the administrator.
  await admin.goto("/staff/admin/audit?kind=staff");
  await expect(admin.getByRole("row", { name: /邀请工作人员/ }).first()).toContainText("王静");
  await expectAccessible(admin);
  const download = admin.waitForEvent("download");
  await admin.getByRole("link", { name: "导出 CSV" }).click();
  const csv = fs.readFileSync((await (await download).path())!, "utf8");
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  expect(csv).toContain("staff.invite");

  // Deactivated: the coordinator's next request finds no session.
  await admin.goto("/staff/admin/staff");
  await admin.getByRole("link", { name: "停用: 周文" }).click();
  await admin.getByRole("button", { name: "确定停用账号" }).click();
  await expect(admin.getByRole("status")).toHaveText("账号已停用，所有登录已结束。");
  await coordinator.goto("/staff");
  await expect(coordinator).toHaveURL(/\/sign-in/);
});

test("branch settings and rooms: a coordinator within their branches, desk staff nowhere", async ({ browser }) => {
  const coordinator = await (await browser.newContext()).newPage();
  await signInStaff(coordinator, "coord.streets@shuxiang.example");
  await coordinator.goto("/staff/admin/branches/HC");
  await expect(coordinator.getByRole("heading", { level: 1 })).toHaveText("环城分馆");
  await expectAccessible(coordinator);
  // The browser checks the address too; without its check the server still refuses it.
  await coordinator.getByLabel("志愿者服务台邮箱（日历邀请的组织者）").evaluate((el) => el.setAttribute("type", "text"));
  await coordinator.getByLabel("志愿者服务台邮箱（日历邀请的组织者）").fill("not-an-email");
  await coordinator.getByRole("button", { name: "保存设置" }).click();
  await expect(coordinator.getByText("请输入有效的邮箱地址")).toBeVisible();
  await coordinator.getByLabel("志愿者服务台邮箱（日历邀请的组织者）").fill("huancheng.desk@library.example");
  await coordinator.getByLabel("提前几小时提醒").fill("36");
  await coordinator.getByRole("button", { name: "保存设置" }).click();
  await expect(coordinator.getByRole("status")).toHaveText("设置已保存。");
  await expect(coordinator.getByLabel("提前几小时提醒")).toHaveValue("36");

  await coordinator.getByLabel("代码（如 meeting-2）").fill("study-2");
  await coordinator.getByLabel("名称（中文）").fill("第二自习区");
  await coordinator.getByLabel("名称（英文）").fill("Second study area");
  await coordinator.getByLabel("容量").fill("16");
  await coordinator.getByRole("button", { name: "添加", exact: true }).click();
  await expect(coordinator.getByRole("status")).toHaveText("空间已添加。");
  await expect(coordinator.getByRole("row", { name: /第二自习区/ })).toBeVisible();
  await coordinator.getByRole("link", { name: "删除: 第二自习区" }).click();
  await coordinator.getByRole("button", { name: "确定删除" }).click();
  await expect(coordinator.getByRole("status")).toHaveText("空间已删除。");

  const desk = await (await browser.newContext()).newPage();
  await signInStaff(desk, "desk.gulou@shuxiang.example");
  for (const path of ["/staff/admin/catalogue", "/staff/admin/retention"]) {
    expect((await coordinator.goto(path))!.status(), path).toBe(403);
  }
  for (const path of ["/staff/admin/branches", "/staff/admin/branches/GL", "/staff/admin/staff", "/staff/admin/audit", "/staff/admin/catalogue", "/staff/admin/retention", "/staff/reports/figures"]) {
    expect((await desk.goto(path))!.status(), path).toBe(403);
  }
});

test("an administrator adds a training and a role that needs it, and sees what data retention will remove", async ({ page }) => {
  await signInStaff(page, "admin@shuxiang.example");
  await page.goto("/staff/admin/branches");
  await page.getByRole("link", { name: "岗位与培训" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("岗位与培训");
  await expectAccessible(page);
  const newTraining = page.getByRole("region", { name: "添加培训项目" });
  await newTraining.getByLabel("代码（小写字母、数字、连字符）").fill("storytelling");
  await newTraining.getByLabel("名称（中文）").fill("故事讲述培训");
  await newTraining.getByLabel("名称（英文）").fill("Storytelling training");
  await newTraining.getByRole("button", { name: "添加" }).click();
  await expect(page.getByRole("heading", { name: "故事讲述培训" })).toBeVisible();
  const newRole = page.getByRole("region", { name: "添加岗位" });
  await newRole.getByLabel("代码（小写字母、数字、连字符）").fill("storyteller");
  await newRole.getByLabel("名称（中文）").fill("故事姐姐");
  await newRole.getByLabel("名称（英文）").fill("Storyteller");
  await newRole.getByLabel("故事讲述培训").check();
  await newRole.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "故事姐姐" }) })).toContainText("需要的培训: 故事讲述培训");
  // The same code again: a message, nothing added.
  await newRole.getByLabel("代码（小写字母、数字、连字符）").fill("storyteller");
  await newRole.getByLabel("名称（中文）").fill("另一个");
  await newRole.getByLabel("名称（英文）").fill("Another");
  await newRole.getByRole("button", { name: "保存" }).click();
  await expect(page.getByText("这个代码已被使用。")).toBeVisible();

  await page.goto("/staff/admin/retention");
  await expect(page.getByText(/下一次会匿名化 \d+ 条访客或团体报名/)).toBeVisible();
  await expectAccessible(page);
  // Running it now asks first; going back runs nothing.
  await page.getByRole("link", { name: "立即清理" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "确定现在就清理吗？" })).toBeFocused();
  await expectAccessible(page);
  await page.getByRole("link", { name: "不了，返回" }).click();
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText("确定现在就清理吗？");
  await expect(page.getByRole("link", { name: "立即清理" })).toBeVisible();
});

test("a failed delivery stays on an administrator's staff home until it is marked as dealt with", async ({ page }) => {
  const client = new pg.Client({ connectionString: databaseUrl(E2E_DATABASE) });
  await client.connect();
  const { rows } = await client
    .query<{ id: number }>(
      `INSERT INTO shuxiang.messages (recipient_email, recipient_name, language, template, data, message_id, status, attempts, last_error, subject)
       VALUES ('gone@example.com', '赵六', 'zh-CN', 'application-received', '{}', '<e2e-failed@localhost>', 'failed', 1, '550 5.1.1 mailbox unavailable', '报名已收到') RETURNING id`,
    )
    .finally(() => client.end());
  const id = rows[0].id;

  await signInStaff(page, "admin@shuxiang.example");
  const alert = page.getByRole("alert").filter({ hasText: "封邮件发送失败" });
  await expect(alert).toContainText("有 1 封邮件发送失败");
  await expectAccessible(page);
  await alert.getByRole("link", { name: "查看发送失败的邮件" }).click();
  await expect(page).toHaveURL(/status=failed/);
  const row = page.getByRole("row").filter({ hasText: "gone@example.com" });
  await expect(row).toContainText("550 5.1.1 mailbox unavailable");
  await row.getByRole("button", { name: `标记为已处理 #${id}` }).click();
  await expect(page.getByRole("status")).toContainText(`邮件 #${id} 已标记为已处理`);
  await expect(page.getByRole("row").filter({ hasText: "gone@example.com" })).toContainText("已处理");
  await expectAccessible(page);

  await page.goto("/staff");
  await expect(page.getByRole("alert").filter({ hasText: "封邮件发送失败" })).toHaveCount(0);
});
