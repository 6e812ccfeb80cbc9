import { expect, test } from "@playwright/test";
import { expectAccessible } from "./axe.ts";
import { latestMailTo, mailCount } from "./mail.ts";
import { signInStaff, signInVolunteer } from "./sign-in.ts";

test("from the public form to an appointed volunteer signing in, with an email at every step", async ({ browser }) => {
  const email = `applicant-e2e-${Date.now()}@example.com`;
  const applicant = await (await browser.newContext()).newPage();
  await applicant.goto("/");
  await applicant.getByRole("link", { name: "成为志愿者" }).first().click();
  await expect(applicant.getByRole("heading", { level: 1 })).toHaveText("成为图书馆志愿者");
  await expectAccessible(applicant);
  await applicant.getByRole("link", { name: "开始报名" }).click();
  await expectAccessible(applicant);

  // Nonsense first. In the browser the same schema stops it with messages beside the fields…
  await applicant.locator("#apply").evaluate((f: HTMLFormElement) => (f.noValidate = true));
  await applicant.getByLabel("姓名", { exact: true }).fill("<script>x</script>");
  await applicant.getByLabel("手机", { exact: true }).fill("12345");
  await applicant.getByLabel("出生日期").fill("2099-01-01");
  await applicant.getByRole("button", { name: "提交报名" }).click();
  await expect(applicant.getByText("不能包含 < 或 > 符号")).toBeVisible();
  await expect(applicant.getByText("请输入 11 位手机号码")).toBeVisible();
  await expect(applicant.getByText("出生日期不能晚于今天")).toBeVisible();
  await expect(applicant.getByLabel("手机", { exact: true })).toHaveValue("12345");
  await expectAccessible(applicant);
  // …and the server refuses it too (400, messages in the page, nothing stored).
  const origin = new URL(applicant.url()).origin;
  const posted = await applicant.request.post("/join/apply", {
    form: { name: "😀", phone: "12345", email: "not-an-email", birthDate: "2099-01-01", language: "zh-CN", consent: "on", skills: "x".repeat(10_000) },
    headers: { Origin: origin },
  });
  expect(posted.status()).toBe(400);
  const html = await posted.text();
  for (const message of ["请填写真实姓名", "请输入 11 位手机号码", "请输入有效的邮箱地址", "出生日期不能晚于今天", "内容过长，最多 500 个字符", "请至少选择一个分馆"]) expect(html).toContain(message);

  await applicant.getByLabel("姓名", { exact: true }).fill("郑晓书");
  await applicant.getByLabel("手机", { exact: true }).fill("13912345678");
  await applicant.getByLabel("邮箱").fill(email);
  await applicant.getByLabel("出生日期").fill("1990-05-20");
  await applicant.getByRole("group", { name: "希望服务的分馆" }).getByLabel("鼓楼图书馆").check();
  await applicant.getByRole("group", { name: "感兴趣的岗位" }).getByLabel("图书整架").check();
  await applicant.getByLabel("周六 上午").check();
  await applicant.getByLabel(/我已阅读并同意志愿者守则/).check();
  const before = mailCount();
  await applicant.getByRole("button", { name: "提交报名" }).click();
  await expect(applicant.getByRole("heading", { level: 1 })).toHaveText("报名已收到");
  expect((await latestMailTo(email, before, 10_000, /已收到您的志愿者报名/)).text).toContain("协调员会在一周内与您联系");

  // The same email again: no second application, a sign-in link instead.
  await applicant.goto("/join/apply");
  await applicant.getByLabel("姓名", { exact: true }).fill("郑晓书");
  await applicant.getByLabel("手机", { exact: true }).fill("13912345678");
  await applicant.getByLabel("邮箱").fill(email);
  await applicant.getByLabel("出生日期").fill("1990-05-20");
  await applicant.getByRole("group", { name: "希望服务的分馆" }).getByLabel("鼓楼图书馆").check();
  await applicant.getByRole("group", { name: "感兴趣的岗位" }).getByLabel("图书整架").check();
  await applicant.getByLabel("周六 上午").check();
  await applicant.getByLabel(/我已阅读并同意志愿者守则/).check();
  await applicant.getByRole("button", { name: "提交报名" }).click();
  await expect(applicant.getByRole("heading", { level: 1 })).toHaveText("我们已有您的报名");

  // The coordinator takes them through the pipeline.
  const coordinator = await (await browser.newContext()).newPage();
  await signInStaff(coordinator, "coord.gulou@shuxiang.example");
  await coordinator.getByRole("link", { name: "招募" }).click();
  await expectAccessible(coordinator);
  await coordinator.getByLabel("搜索").fill("郑晓书");
  await coordinator.getByRole("button", { name: "筛选" }).click();
  await coordinator.getByRole("link", { name: "郑晓书" }).click();
  await expectAccessible(coordinator);
  // An interview: the applicant and the interviewer (this coordinator) both get the invite.
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + 6 * 86400_000));
  const invited = mailCount();
  const interview = coordinator.getByRole("region", { name: "面谈" });
  await interview.getByLabel("日期").fill(day);
  await interview.getByLabel("开始时间").fill("15:00");
  await interview.getByLabel("结束时间").fill("15:30");
  await interview.getByLabel("地点说明").fill("三楼小会议室");
  await interview.getByRole("button", { name: "安排面谈" }).click();
  await expect(coordinator.getByRole("status")).toContainText("面谈已安排");
  await latestMailTo(email, invited, 10_000, /^志愿者面谈/);
  await latestMailTo("coord.gulou@shuxiang.example", invited, 10_000, /^志愿者面谈/);
  await expect(interview.getByText(/15:00–15:30 .*三楼小会议室/)).toBeVisible();
  await expectAccessible(coordinator);
  const toTraining = mailCount();
  await coordinator.getByRole("button", { name: "进入培训" }).click();
  await expect(coordinator.getByRole("status")).toBeVisible();
  await latestMailTo(email, toTraining, 10_000, /报名进度：培训/);
  // A training session at the branch they chose: enrolled from the application, invite emailed.
  const enrolled = mailCount();
  const training = coordinator.getByRole("region", { name: "培训", exact: true });
  // (A full session's button is disabled: the demo has one, with people waiting.)
  await training.getByRole("button", { name: /^报名参加/, disabled: false }).first().click();
  await expect(coordinator.getByRole("status")).toHaveText("已报名，邀请已发出。");
  await expect(training.getByRole("listitem").filter({ hasText: "已报名" }).first()).toBeVisible();
  await latestMailTo(email, enrolled, 10_000, /^培训通知/);
  await expectAccessible(coordinator);
  const appointing = mailCount();
  await coordinator.getByRole("button", { name: "正式聘任" }).click();
  await expect(coordinator.getByRole("status")).toBeVisible();
  await latestMailTo(email, appointing, 10_000, /您已被聘为图书馆志愿者/);
  await expect(coordinator.getByText(/志愿者编号 GL-\d{4}-\d{5}/)).toBeVisible();
  await expect(coordinator.getByRole("listitem").filter({ hasText: "已报名 → 面谈" })).toBeVisible();

  // Now a volunteer: they sign in with the emailed code and see their appointment letter.
  const volunteer = await (await browser.newContext()).newPage();
  await signInVolunteer(volunteer, email);
  await volunteer.getByRole("link", { name: /查看聘书/ }).click();
  await expect(volunteer.getByRole("heading", { level: 1 })).toHaveText("聘书");
  await expect(volunteer.getByText(/兹聘请 郑晓书/)).toBeVisible();
  await expectAccessible(volunteer);
});

test("another branch's coordinator cannot open or move an application", async ({ browser }) => {
  const gulou = await (await browser.newContext()).newPage();
  await signInStaff(gulou, "coord.gulou@shuxiang.example");
  await gulou.goto("/staff/applications?status=applied");
  const href = (await gulou.locator("table.data tbody a").first().getAttribute("href"))!;
  const streets = await (await browser.newContext()).newPage();
  await signInStaff(streets, "coord.streets@shuxiang.example");
  const origin = new URL(streets.url()).origin;
  expect((await streets.request.get(href)).status()).toBe(403);
  expect((await streets.request.post(href, { form: { intent: "move", from: "applied", to: "declined" }, headers: { Origin: origin } })).status()).toBe(403);
});
