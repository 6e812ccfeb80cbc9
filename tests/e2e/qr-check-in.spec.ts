import { expect, test } from "@playwright/test";
import pg from "pg";
import { databaseUrl, E2E_DATABASE } from "../support/database.ts";
import { expectAccessible } from "./axe.ts";
import { signInStaff, signInVolunteer } from "./sign-in.ts";

const EMAIL = "qr-kiosk@example.com";
const NAME = "扫码测试";

test("a volunteer checks in and out by scanning the desk's kiosk QR code on a phone; the kiosk's list follows", async ({ browser }) => {
  // A volunteer of the main library with a shift that starts in 10 minutes.
  const client = new pg.Client({ connectionString: databaseUrl(E2E_DATABASE) });
  await client.connect();
  try {
    const v = await client.query<{ id: number }>(`INSERT INTO shuxiang.volunteers (email, name, status, home_branch_code, volunteer_number) VALUES ($1, $2, 'appointed', 'GL', 'GL-QR01') RETURNING id`, [EMAIL, NAME]);
    const shift = await client.query<{ id: number }>(
      `INSERT INTO shuxiang.shifts (branch_code, role_id, local_date, starts_at, ends_at, capacity, min_needed, booked)
       SELECT 'GL', id, (now() AT TIME ZONE 'Asia/Shanghai')::date, now() + interval '10 minutes', now() + interval '2 hours', 2, 1, 1 FROM shuxiang.roles WHERE code = 'shelving' RETURNING id`,
    );
    await client.query(
      `INSERT INTO shuxiang.bookings (shift_id, volunteer_id, status, starts_at, ends_at, confirmed_at) SELECT id, $2, 'confirmed', starts_at, ends_at, now() FROM shuxiang.shifts WHERE id = $1`,
      [shift.rows[0].id, v.rows[0].id],
    );
  } finally {
    await client.end();
  }

  const desk = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const kiosk = await desk.newPage();
  await signInStaff(kiosk, "desk.gulou@shuxiang.example");
  await kiosk.goto("/staff/check-in");
  await kiosk.getByRole("link", { name: "打开扫码签到屏" }).click();
  await expect(kiosk.getByRole("heading", { level: 1 })).toHaveText("鼓楼图书馆 · 扫码签到");
  await expect(kiosk.getByRole("img", { name: "签到二维码" })).toBeVisible();
  const person = kiosk.getByRole("listitem").filter({ hasText: NAME });
  await expect(person).toContainText("未签到");
  await expectAccessible(kiosk);
  const qrUrl = async () => (await kiosk.getByTestId("kiosk-qr").getAttribute("data-url"))!;

  const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const phone = await phoneContext.newPage();
  await signInVolunteer(phone, EMAIL);

  // A made-up or stale code checks nobody in.
  const stale = new URL(await qrUrl());
  stale.searchParams.set("w", String(Number(stale.searchParams.get("w")) - 5));
  await phone.goto(stale.pathname + stale.search);
  await expect(phone.getByRole("alert")).toHaveText("二维码已过期，请重新扫描服务台屏幕上的二维码。");

  // Scanning: the phone opens the URL the QR code carries.
  const first = new URL(await qrUrl());
  await phone.goto(first.pathname + first.search);
  await expect(phone.getByRole("status")).toContainText("已签到：图书整架");
  await expectAccessible(phone);
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  // The kiosk's list follows without anyone touching it.
  await expect(person).toContainText("已签到", { timeout: 15_000 });

  const second = new URL(await qrUrl());
  await phone.goto(second.pathname + second.search);
  await expect(phone.getByRole("status")).toContainText("已签退：图书整架");
  await expect(person).toContainText("已签退", { timeout: 15_000 });

  // A third scan has nothing left to do.
  const third = new URL(await qrUrl());
  await phone.goto(third.pathname + third.search);
  await expect(phone.getByRole("alert")).toHaveText("您今天在这个分馆的班次已经签退了。");

  // The record says it came from the QR code.
  const check = new pg.Client({ connectionString: databaseUrl(E2E_DATABASE) });
  await check.connect();
  try {
    const rows = await check.query(`SELECT sr.recorded_via, sr.revision FROM shuxiang.service_records sr JOIN shuxiang.volunteers v ON v.id = sr.volunteer_id WHERE v.email = $1`, [EMAIL]);
    expect(rows.rows).toEqual([{ recorded_via: "qr", revision: 2 }]);
  } finally {
    await check.end();
  }
  await desk.close();
  await phoneContext.close();
});
