// Staff pages ask before destroying — suspending a volunteer, taking a trainee off a training,
// cancelling a training session, deactivating a staff account, cancelling an interview, deleting
// a room — with JavaScript and without it (the confirmation is a page of its own), and say what
// happened after. "Go back" changes nothing.
import { expect, test, type Browser, type Page } from "@playwright/test";
import pg from "pg";
import { databaseUrl, E2E_DATABASE } from "../support/database.ts";
import { expectAccessible } from "./axe.ts";
import { signInStaff } from "./sign-in.ts";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const SHOTS = process.env.SHOTS_DIR;

async function sql<T>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl(E2E_DATABASE) });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

const dayAhead = (days: number) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + days * 86400_000));

async function staffPage(browser: Browser, email: string, viewport: typeof PHONE, javaScriptEnabled = true): Promise<Page> {
  const page = await (await browser.newContext({ viewport, javaScriptEnabled })).newPage();
  await signInStaff(page, email);
  return page;
}

test("suspending a volunteer asks first with the reason, 'go back' keeps them, 'yes' suspends and says so", async ({ browser }) => {
  const [v] = await sql<{ id: number; name: string }>("SELECT id, name FROM shuxiang.volunteers WHERE email = 'volunteer30@example.com' AND status = 'appointed'");
  const page = await staffPage(browser, "admin@shuxiang.example", DESKTOP);
  await page.goto(`/staff/volunteers/${v.id}`);
  const suspension = page.getByRole("region", { name: "停用资格" });
  // No reason: no question, but the message beside the field.
  await suspension.getByRole("button", { name: "停用资格" }).click();
  await expect(suspension.getByRole("alert")).toHaveText("请填写此项。");
  await expect(suspension.getByLabel(/停用原因/)).toHaveAttribute("aria-invalid", "true");
  await suspension.getByLabel(/停用原因/).fill("多次无故缺席，暂停待核实");
  await suspension.getByRole("button", { name: "停用资格" }).click();
  const question = page.getByRole("heading", { level: 1, name: `确定停用${v.name}的资格吗？` });
  await expect(question).toBeFocused();
  await expect(page.getByRole("main")).toContainText("原因：多次无故缺席，暂停待核实");
  await expectAccessible(page);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/confirm-suspend-1280.png` });

  await page.getByRole("link", { name: "不了，返回" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(v.name);
  expect((await sql<{ status: string }>("SELECT status FROM shuxiang.volunteers WHERE id = $1", [v.id]))[0].status).toBe("appointed");

  await suspension.getByLabel(/停用原因/).fill("多次无故缺席，暂停待核实");
  await suspension.getByRole("button", { name: "停用资格" }).click();
  await page.getByRole("button", { name: "确定停用资格" }).click();
  await expect(page.getByRole("status")).toHaveText("已停用资格：此人已在所有设备上退出登录，今后的班次已放弃并通知本人。");
  expect((await sql<{ status: string }>("SELECT status FROM shuxiang.volunteers WHERE id = $1", [v.id]))[0].status).toBe("suspended");
  await page.context().close();
});

test("taking a trainee off a training and cancelling the session each ask first, and say what happened", async ({ browser }) => {
  const date = dayAhead(60);
  const [session] = await sql<{ id: number }>(
    `INSERT INTO shuxiang.training_sessions (training_id, branch_code, local_date, starts_at, ends_at, capacity)
     SELECT t.id, 'GL', $1::date, ($1::date + time '09:00') AT TIME ZONE 'Asia/Shanghai', ($1::date + time '11:00') AT TIME ZONE 'Asia/Shanghai', 5
     FROM shuxiang.trainings t ORDER BY t.id LIMIT 1 RETURNING id`,
    [date],
  );
  const [v] = await sql<{ name: string }>("SELECT name FROM shuxiang.volunteers WHERE email = 'volunteer31@example.com'");
  const page = await staffPage(browser, "coord.gulou@shuxiang.example", PHONE);
  await page.goto(`/staff/trainings/${session.id}`);
  await page.getByLabel("按邮箱报名学员").fill("volunteer31@example.com");
  await page.getByRole("button", { name: "报名参加", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("已报名，邀请已发出。");

  await page.getByLabel(`原因 (${v.name})`).fill("时间冲突");
  await page.getByRole("button", { name: `取消报名 ${v.name}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `确定取消${v.name}的培训报名吗？` })).toBeFocused();
  await expectAccessible(page);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/confirm-unenrol-390.png` });
  await page.getByRole("button", { name: "确定取消报名" }).click();
  await expect(page.getByRole("status")).toHaveText("已取消该学员的报名，并已通知本人。");
  expect((await sql<{ status: string }>("SELECT e.status FROM shuxiang.training_enrolments e JOIN shuxiang.volunteers v ON v.id = e.volunteer_id WHERE e.session_id = $1 AND v.email = 'volunteer31@example.com'", [session.id]))[0].status).toBe("cancelled");

  const cancel = page.getByRole("form", { name: "取消整场培训" });
  await cancel.getByLabel("原因").fill("讲师生病");
  await cancel.getByRole("button", { name: "取消整场培训" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "确定取消整场培训吗？" })).toBeFocused();
  await expect(page.getByRole("main")).toContainText("原因：讲师生病");
  await page.getByRole("link", { name: "不了，返回" }).click();
  expect((await sql<{ status: string }>("SELECT status FROM shuxiang.training_sessions WHERE id = $1", [session.id]))[0].status).toBe("scheduled");
  await cancel.getByLabel("原因").fill("讲师生病");
  await cancel.getByRole("button", { name: "取消整场培训" }).click();
  await page.getByRole("button", { name: "确定取消培训" }).click();
  await expect(page.getByRole("status")).toHaveText("培训已取消，已通知 0 位学员。");
  expect((await sql<{ status: string }>("SELECT status FROM shuxiang.training_sessions WHERE id = $1", [session.id]))[0].status).toBe("cancelled");
  await page.context().close();
});

test("without JavaScript, deactivating a staff account is a confirmation page; 'go back' keeps it, 'yes' deactivates", async ({ browser }) => {
  const [staff] = await sql<{ id: number }>("INSERT INTO shuxiang.staff (email, name, role) VALUES ('desk.temp@shuxiang.example', '临时值班', 'desk') RETURNING id");
  const page = await staffPage(browser, "admin@shuxiang.example", PHONE, false);
  await page.goto("/staff/admin/staff");
  await page.getByRole("link", { name: "停用: 临时值班" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("确定停用临时值班的账号吗？");
  await expect(page.getByRole("main")).toContainText("desk.temp@shuxiang.example");
  await page.getByRole("link", { name: "不了，返回" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("工作人员账号");
  expect((await sql<{ active: boolean }>("SELECT active FROM shuxiang.staff WHERE id = $1", [staff.id]))[0].active).toBe(true);

  await page.getByRole("link", { name: "停用: 临时值班" }).click();
  await page.getByRole("button", { name: "确定停用账号" }).click();
  await expect(page.getByRole("row").filter({ hasText: "临时值班" }).getByRole("status")).toHaveText("账号已停用，所有登录已结束。");
  expect((await sql<{ active: boolean }>("SELECT active FROM shuxiang.staff WHERE id = $1", [staff.id]))[0].active).toBe(false);
  await page.context().close();
});

test("without JavaScript, cancelling an interview asks first with the reason, then cancels it and says so", async ({ browser }) => {
  const date = dayAhead(40);
  const [a] = await sql<{ id: number; name: string }>(
    `SELECT a.id, v.name FROM shuxiang.applications a JOIN shuxiang.volunteers v ON v.id = a.volunteer_id
     WHERE a.status IN ('applied', 'interview') AND NOT EXISTS (SELECT 1 FROM shuxiang.interviews i WHERE i.application_id = a.id) ORDER BY a.id DESC LIMIT 1`,
  );
  const [interview] = await sql<{ id: number }>(
    `INSERT INTO shuxiang.interviews (application_id, branch_code, interviewer_staff_id, local_date, starts_at, ends_at)
     SELECT $1, 'GL', s.id, $2::date, ($2::date + time '10:00') AT TIME ZONE 'Asia/Shanghai', ($2::date + time '10:30') AT TIME ZONE 'Asia/Shanghai'
     FROM shuxiang.staff s WHERE s.email = 'admin@shuxiang.example' RETURNING id`,
    [a.id, date],
  );
  const page = await staffPage(browser, "admin@shuxiang.example", DESKTOP, false);
  await page.goto(`/staff/applications/${a.id}`);
  await page.getByLabel("取消原因").fill("面试官临时出差");
  await page.getByRole("button", { name: "取消面谈" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`确定取消与${a.name}的面谈吗？`);
  await expect(page.getByRole("main")).toContainText("原因：面试官临时出差");
  expect((await sql<{ status: string }>("SELECT status FROM shuxiang.interviews WHERE id = $1", [interview.id]))[0].status).toBe("scheduled");
  await page.getByRole("button", { name: "确定取消面谈" }).click();
  await expect(page.getByRole("status")).toHaveText("面谈已取消，双方都收到了取消通知。");
  expect((await sql<{ status: string }>("SELECT status FROM shuxiang.interviews WHERE id = $1", [interview.id]))[0].status).toBe("cancelled");
  await page.context().close();
});

test("deleting a room asks first; the page says it is gone", async ({ browser }) => {
  const [room] = await sql<{ id: number }>("INSERT INTO shuxiang.rooms (branch_code, code, name_zh, name_en, capacity) VALUES ('GL', 'e2e-temp', '临时会议室', 'Temporary room', 8) RETURNING id");
  const page = await staffPage(browser, "admin@shuxiang.example", DESKTOP);
  await page.goto("/staff/admin/branches/GL");
  await page.getByRole("link", { name: "删除: 临时会议室" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "确定删除“临时会议室”吗？" })).toBeFocused();
  await expectAccessible(page);
  await page.getByRole("button", { name: "确定删除" }).click();
  await expect(page.getByRole("status")).toHaveText("空间已删除。");
  expect(await sql("SELECT id FROM shuxiang.rooms WHERE id = $1", [room.id])).toHaveLength(0);
  await page.context().close();
});

test("declining or withdrawing an application asks first with the reason, also without JavaScript; 'go back' keeps it, 'yes' declines and says so", async ({ browser }) => {
  const [a] = await sql<{ id: number; name: string }>("SELECT a.id, v.name FROM shuxiang.applications a JOIN shuxiang.volunteers v ON v.id = a.volunteer_id WHERE v.email = 'applicant10@example.com' AND a.status = 'training'");
  const status = async () => (await sql<{ status: string }>("SELECT status FROM shuxiang.applications WHERE id = $1", [a.id]))[0].status;
  const reason = "原因（会记录在历史中，并在邮件中告知报名者）";

  const page = await staffPage(browser, "admin@shuxiang.example", PHONE);
  await page.goto(`/staff/applications/${a.id}`);
  const ending = page.getByRole("form", { name: "不予录用或撤回" });
  await ending.getByLabel(reason).fill("本人来信说搬去外地");
  await ending.getByRole("button", { name: "撤回报名" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `确定撤回${a.name}的报名吗？` })).toBeFocused();
  await expect(page.getByRole("main")).toContainText("原因：本人来信说搬去外地");
  await expectAccessible(page);
  await page.getByRole("link", { name: "不了，返回" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(a.name);
  expect(await status()).toBe("training");
  await page.context().close();

  const plain = await staffPage(browser, "admin@shuxiang.example", DESKTOP, false);
  await plain.goto(`/staff/applications/${a.id}`);
  await plain.getByLabel(reason).fill("暂时没有合适的岗位");
  await plain.getByRole("button", { name: "不予录用" }).click();
  await expect(plain.getByRole("heading", { level: 1 })).toHaveText(`确定不予录用${a.name}吗？`);
  await expect(plain.getByRole("main")).toContainText("原因：暂时没有合适的岗位");
  expect(await status()).toBe("training");
  await plain.getByRole("button", { name: "确定不予录用" }).click();
  await expect(plain.getByRole("status")).toHaveText("已更新，并已邮件通知报名者。");
  await expect(plain.getByText("培训 → 未录用")).toBeVisible();
  expect(await status()).toBe("declined");
  expect((await sql<{ note: string }>("SELECT note FROM shuxiang.application_events WHERE application_id = $1 ORDER BY id DESC LIMIT 1", [a.id]))[0].note).toBe("暂时没有合适的岗位");
  await plain.context().close();
});
