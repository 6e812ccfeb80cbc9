import { expect, test } from "@playwright/test";
import { expectAccessible } from "./axe.ts";
import { latestMailTo, mailCount } from "./mail.ts";
import { signInStaff, signInVolunteer } from "./sign-in.ts";

const inDays = (n: number) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + n * 86400_000));

test("a coordinator plans a training and enrols a volunteer, who gets the invite; the desk records attendance", async ({ browser }) => {
  const coordinator = await (await browser.newContext()).newPage();
  await signInStaff(coordinator, "coord.gulou@shuxiang.example");
  await coordinator.getByRole("link", { name: "培训", exact: true }).click();
  await expect(coordinator.getByRole("heading", { level: 1 })).toHaveText("培训");
  await expectAccessible(coordinator);

  // The server's rules answer in the page: a date in the past.
  const plan = coordinator.getByRole("region", { name: "安排培训场次" });
  await plan.getByLabel("培训项目").selectOption({ label: "消防安全培训" });
  await plan.getByLabel("日期").fill("2020-01-01");
  await plan.getByLabel("名额").fill("12");
  await plan.getByRole("button", { name: "安排场次" }).click();
  await expect(coordinator.getByText("不能安排已经过去的时间")).toBeVisible();
  await expectAccessible(coordinator);

  await plan.getByLabel("培训项目").selectOption({ label: "消防安全培训" });
  await plan.getByLabel("日期").fill(inDays(8));
  await plan.getByLabel("开始时间").fill("18:30");
  await plan.getByLabel("结束时间").fill("20:00");
  await plan.getByLabel("名额").fill("12");
  await plan.getByLabel("培训老师").fill("鼓楼消防救援站 张队长");
  await plan.getByRole("button", { name: "安排场次" }).click();
  await expect(coordinator.getByRole("heading", { level: 1 })).toHaveText("消防安全培训");
  await expect(coordinator.getByRole("status")).toHaveText("培训场次已安排。");
  await expect(coordinator.getByText(/18:30–20:00 .*0 \/ 12/)).toBeVisible();
  await expectAccessible(coordinator);

  const before = mailCount();
  await coordinator.getByLabel("按邮箱报名学员").fill("volunteer07@example.com");
  await coordinator.getByRole("button", { name: "报名参加", exact: true }).click();
  await expect(coordinator.getByRole("status")).toHaveText("已报名，邀请已发出。");
  await expect(coordinator.getByText(/1 \/ 12/)).toBeVisible();
  const invite = await latestMailTo("volunteer07@example.com", before, 10_000, /^培训通知：消防安全培训/);
  expect(invite.text).toContain("18:30–20:00");
  expect(invite.text).toContain("培训老师：鼓楼消防救援站 张队长");
  // The same person twice: refused with a message, nothing changes.
  await coordinator.getByLabel("按邮箱报名学员").fill("volunteer07@example.com");
  await coordinator.getByRole("button", { name: "报名参加", exact: true }).click();
  // The reason beside the email field (and the form's "fix what is marked" above it).
  await expect(coordinator.getByRole("alert").filter({ hasText: "此人已报名这场培训。" })).toBeVisible();
  await expect(coordinator.getByLabel("按邮箱报名学员")).toHaveAttribute("aria-invalid", "true");
  await expect(coordinator.getByText(/1 \/ 12/)).toBeVisible();

  // The desk marks attendance at a session that has been held.
  const desk = await (await browser.newContext()).newPage();
  await signInStaff(desk, "desk.gulou@shuxiang.example");
  await desk.getByRole("link", { name: "培训", exact: true }).click();
  await expect(desk.getByRole("region", { name: "安排培训场次" })).toHaveCount(0);
  await desk.getByRole("link", { name: /查看 图书修复培训/ }).first().click();
  const first = desk.locator("ul.roster > li").first();
  const name = (await first.locator("strong").textContent())!;
  await first.getByRole("button", { name: `缺席 ${name}` }).click();
  await expect(desk.getByRole("status")).toHaveText("出勤已记录。");
  await expect(desk.locator("ul.roster > li").filter({ hasText: name })).toContainText("出勤: 缺席");
  await desk.locator("ul.roster > li").filter({ hasText: name }).getByRole("button", { name: `出勤 ${name}` }).click();
  await expect(desk.locator("ul.roster > li").filter({ hasText: name })).toContainText("出勤: 出勤");
  await expectAccessible(desk);
  // Planning is not the desk's job: the server says no.
  const origin = new URL(desk.url()).origin;
  expect((await desk.request.post("/staff/trainings", { form: { trainingId: "1", branch: "GL", date: inDays(9), start: "10:00", end: "11:00", capacity: "5" }, headers: { Origin: origin } })).status()).toBe(403);
});

test("a volunteer keeps their profile, pauses and resumes, downloads their data and has it deleted", async ({ browser }) => {
  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await signInVolunteer(page, "volunteer44@example.com");
  await page.getByRole("link", { name: "个人资料" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("个人资料");
  await expectAccessible(page);

  // Bad input is refused by the server with messages (400), and the page keeps what was typed.
  const origin = new URL(page.url()).origin;
  const bad = await page.request.post("/volunteer/profile", { form: { intent: "save", name: "<script>", phone: "123", skills: "x".repeat(10_000) }, headers: { Origin: origin } });
  expect(bad.status()).toBe(400);
  const html = await bad.text();
  for (const message of ["不能包含 &lt; 或 &gt; 符号", "请输入 11 位手机号码", "内容过长，最多 500 个字符", "请至少选择一个分馆"]) expect(html).toContain(message);

  await page.getByLabel("手机").fill("139 0000 4444");
  await page.getByRole("group", { name: "感兴趣的岗位" }).getByLabel("图书整架").check();
  await page.getByLabel("周三 晚上").check();
  await page.getByRole("button", { name: "保存资料" }).click();
  await expect(page.getByRole("status")).toHaveText("资料已保存。");
  await expect(page.getByLabel("手机")).toHaveValue("13900004444");
  await expect(page.getByLabel("周三 晚上")).toBeChecked();

  await page.getByRole("button", { name: "暂停服务" }).click();
  await expect(page.getByRole("status")).toContainText("已暂停");
  await expect(page.getByText("状态: 暂停中")).toBeVisible();
  await page.getByRole("button", { name: "恢复服务" }).click();
  await expect(page.getByText("状态: 已任命")).toBeVisible();
  await expectAccessible(page);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "下载我的数据" }).click()]);
  const file = await download.path();
  const data = JSON.parse(await (await import("node:fs/promises")).readFile(file!, "utf8"));
  expect(data.profile.email).toBe("volunteer44@example.com");
  expect(data.profile.phone).toBe("13900004444");

  // Deletion needs the box ticked (refused otherwise), then erases the person and signs them out.
  const unconfirmed = await page.request.post("/volunteer/profile", { form: { intent: "delete" }, headers: { Origin: origin } });
  expect(unconfirmed.status()).toBe(400);
  await page.getByLabel("我明白删除后无法恢复").check();
  await page.getByRole("button", { name: "永久删除我的个人信息" }).click();
  await expect(page.getByRole("status")).toHaveText("您的个人信息已删除。");
  await expect(page.getByRole("link", { name: "志愿者登录" }).first()).toBeVisible();
  expect((await page.request.get("/volunteer/profile", { maxRedirects: 0 })).status()).toBe(302);
});
