// A branch in another zone (docs/decisions/0024): the Pipa branch is moved to Europe/Berlin for this
// file — or, when Berlin's date is Shanghai's at the moment the test runs, to a zone whose date is
// not, so the two dates always differ — and the board's today, the desk's check-in, the report's
// days and the printed summary's date follow the branch, not Shanghai.
import { expect, test } from "@playwright/test";
import pg from "pg";
import { databaseUrl, E2E_DATABASE } from "../support/database.ts";
import { expectAccessible } from "./axe.ts";
import { signInStaff } from "./sign-in.ts";

const BRANCH = "PP";
const BRANCH_NAME = "琵琶分馆";
const HOME = "Asia/Shanghai";

const dateIn = (zone: string, at: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: zone }).format(at);
const offsetMinutes = (zone: string, at: Date) => {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).formatToParts(at).map((p) => [p.type, p.value]));
  return (Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute) - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000;
};

/** Berlin when its date differs from Shanghai's now and for the next 20 minutes; otherwise a zone whose does. */
function farZone(now: Date): string {
  const later = new Date(now.getTime() + 20 * 60_000);
  const differs = (zone: string) => dateIn(zone, now) !== dateIn(HOME, now) && dateIn(zone, later) !== dateIn(HOME, later) && dateIn(zone, now) === dateIn(zone, later);
  const zone = ["Europe/Berlin", "Pacific/Honolulu", "Pacific/Kiritimati"].find(differs);
  if (!zone) throw new Error("no zone differs from Shanghai now");
  return zone;
}

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl(E2E_DATABASE) });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

let zone: string;
let today: string;
let before: string;

test.beforeAll(async () => {
  const now = new Date();
  zone = farZone(now);
  today = dateIn(zone, now);
  [{ timezone: before }] = await query<{ timezone: string }>("SELECT timezone FROM library.branches WHERE code = $1", [BRANCH]);
  await query("UPDATE library.branches SET timezone = $1 WHERE code = $2", [zone, BRANCH]);
});
test.afterAll(async () => {
  await query("UPDATE library.branches SET timezone = $1 WHERE code = $2", [before, BRANCH]);
});

test("the board, the check-in, the reports and the printed summary take the branch's own zone", async ({ page }) => {
  expect(today).not.toBe(dateIn(HOME, new Date()));
  await signInStaff(page, "admin@shuxiang.example");

  // A shift planned late on a day in the branch's zone — early the next (or previous) day in Shanghai.
  const day = addDays(today, 2);
  const ahead = offsetMinutes(zone, new Date()) > offsetMinutes(HOME, new Date());
  const [start, end] = ahead ? ["00:30", "01:00"] : ["23:00", "23:30"];
  await page.goto(`/staff/shifts?branch=${BRANCH}&from=${day}&date=${day}#new`);
  const form = page.locator("#create-shift");
  await form.getByLabel("岗位").selectOption({ label: "图书整架" });
  await expect(form.getByLabel("日期", { exact: true })).toHaveValue(day);
  await form.getByLabel("开始时间").fill(start);
  await form.getByLabel("结束时间").fill(end);
  await form.getByLabel("名额").fill("1");
  await form.getByLabel("最少需要人数").fill("1");
  await form.getByRole("button", { name: "创建班次" }).click();
  // The message names the day as the branch counts it.
  const [y, m, d] = day.split("-").map(Number);
  await expect(page.getByRole("status")).toHaveText(`班次已创建：${y}年${m}月${d}日。`);
  const [planned] = await query<{ starts_at: Date; local_date: string }>(
    "SELECT starts_at, local_date::text FROM shuxiang.shifts WHERE branch_code = $1 ORDER BY id DESC LIMIT 1",
    [BRANCH],
  );
  expect(planned.local_date).toBe(day);
  expect(dateIn(zone, planned.starts_at)).toBe(day);
  expect(dateIn(HOME, planned.starts_at)).not.toBe(day);

  // The board's day view opens on the branch's today, and "+" plans from there on.
  await page.goto(`/staff/board?branch=${BRANCH}&span=day`);
  await expect(page.getByRole("link", { name: `在${BRANCH_NAME} ${today} 新建班次` })).toBeVisible();
  await expectAccessible(page);
  await page.goto(`/staff/board?branch=${BRANCH}`);
  await expect(page.getByRole("link", { name: `在${BRANCH_NAME} ${today} 新建班次` })).toBeVisible();
  await expect(page.getByRole("link", { name: `在${BRANCH_NAME} ${addDays(today, -1)} 新建班次` })).toHaveCount(0);

  // The desk's check-in: the branch's today, with a shift that is today there (not in Shanghai).
  const [role] = await query<{ id: number }>("SELECT id FROM shuxiang.roles WHERE code = 'shelving'");
  const [admin] = await query<{ id: number }>("SELECT id FROM shuxiang.staff WHERE email = 'admin@shuxiang.example'");
  const [todayStart, todayEnd] = ahead ? ["00:10", "00:25"] : ["23:40", "23:55"];
  const [{ id: todays }] = await query<{ id: number }>(
    `INSERT INTO shuxiang.shifts (branch_code, role_id, local_date, starts_at, ends_at, capacity, min_needed, notes, created_by)
     VALUES ($1, $2, $3::date, ($3::date + $4::time) AT TIME ZONE $5, ($3::date + $4::time + interval '15 minutes') AT TIME ZONE $5, 1, 1, '时区测试', $6) RETURNING id`,
    [BRANCH, role.id, today, todayStart, zone, admin.id],
  );
  await page.goto(`/staff/check-in?branch=${BRANCH}`);
  await expect(page.getByText(`${BRANCH_NAME} · ${today}`)).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: new RegExp(`^${todayStart}–${todayEnd} · 图书整架`) })).toBeVisible();
  await expectAccessible(page);
  await query("DELETE FROM shuxiang.shifts WHERE id = $1", [todays]);

  // The report counts the planned shift on its day in the branch's zone, not on Shanghai's.
  const plannedOn = async (date: string) => {
    await page.goto(`/staff/reports?period=custom&from=${date}&to=${date}&branch=${BRANCH}`);
    const row = page.getByRole("table", { name: "班次：按馆" }).getByRole("row", { name: new RegExp(BRANCH_NAME) });
    return (await row.count()) === 0 ? 0 : Number((await row.locator(":scope > *").allInnerTexts())[1]);
  };
  const [{ n: there }] = await query<{ n: number }>("SELECT count(*)::int AS n FROM shuxiang.shifts WHERE branch_code = $1 AND (starts_at AT TIME ZONE $2)::date = $3::date", [BRANCH, zone, day]);
  expect(there).toBeGreaterThan(0);
  expect(await plannedOn(day)).toBe(there);
  const shanghaiDay = dateIn(HOME, planned.starts_at);
  const [{ n: thereOnShanghaiDay }] = await query<{ n: number }>("SELECT count(*)::int AS n FROM shuxiang.shifts WHERE branch_code = $1 AND (starts_at AT TIME ZONE $2)::date = $3::date", [BRANCH, zone, shanghaiDay]);
  expect(await plannedOn(shanghaiDay)).toBe(thereOnShanghaiDay);

  // The printed summary is dated the branch's today.
  await page.goto(`/staff/reports/summary?year=${today.slice(0, 4)}&branch=${BRANCH}`);
  await expect(page.getByText(`生成于 ${today}`)).toBeVisible();
});
