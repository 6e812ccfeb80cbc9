// A reader's registration page carries a QR check-in code; the desk checks the party in by typing
// the code, and by holding the QR code up to the camera (Chromium's fake camera plays the page's own
// QR code as video). The QR code is decoded in node with the library the desk's page loads.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, expect, test, type Browser, type Page } from "@playwright/test";
import pg from "pg";
import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader";
import { databaseUrl, E2E_DATABASE } from "../support/database.ts";
import { expectAccessible } from "./axe.ts";
import { signInStaff } from "./sign-in.ts";

prepareZXingModule({ overrides: { wasmBinary: fs.readFileSync(path.resolve("node_modules/zxing-wasm/dist/reader/zxing_reader.wasm")).buffer as ArrayBuffer } });

const SHOTS = process.env.SCREENSHOT_DIR;

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl(E2E_DATABASE) });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const noOverflow = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

/** A guest registers through the event's public page and lands on their private registration page. */
async function registerGuest(page: Page, eventId: number, name: string, email: string) {
  await page.goto(`/events/${eventId}`);
  const form = page.getByRole("region", { name: "报名" });
  await form.getByLabel("访客报名（无读者证）").check();
  await form.getByLabel("姓名", { exact: true }).fill(name);
  await form.getByLabel("邮箱（接收确认和日历邀请）").fill(email);
  await form.getByLabel("成人人数").fill("1");
  await form.getByLabel("儿童人数").fill("1");
  await form.getByRole("button", { name: "提交报名" }).click();
  await expect(page).toHaveURL(/\/events\/registration\/[A-Za-z0-9_-]+\?new=1$/);
}

/** The QR code as the page shows it, decoded from a screenshot; and the code printed under it. */
async function readPass(page: Page) {
  const qr = page.getByRole("img", { name: /^签到二维码/ });
  await expect(qr).toBeVisible();
  const [found] = await readBarcodes(new Uint8Array(await qr.screenshot()), { formats: ["QRCode"] });
  const printed = await page.getByRole("region", { name: "签到码" }).locator("strong").innerText();
  return { decoded: found?.text, printed };
}

/** One grey video frame (YUV 4:2:0, for Chromium's fake camera) with the page's QR image in the middle. */
async function cameraFrame(page: Page): Promise<Buffer> {
  const [width, height] = [640, 480];
  const luma = await page.getByRole("img", { name: /^签到二维码/ }).evaluate(async (img: HTMLImageElement, [w, h]) => {
    const canvas = document.createElement("canvas");
    canvas.width = w;
    canvas.height = h;
    const context = canvas.getContext("2d")!;
    context.fillStyle = "#fff";
    context.fillRect(0, 0, w, h);
    context.imageSmoothingEnabled = false;
    context.drawImage(img, (w - 360) / 2, (h - 360) / 2, 360, 360);
    const rgba = context.getImageData(0, 0, w, h).data;
    let out = "";
    for (let i = 0; i < rgba.length; i += 4) out += String.fromCharCode(rgba[i]);
    return btoa(out);
  }, [width, height] as const);
  const y = Buffer.from(luma, "base64");
  const chroma = Buffer.alloc(width * height / 2, 128);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), y, chroma]);
  return Buffer.concat([header, frame, frame]);
}

test("a reader's page shows a QR check-in code; the desk checks the party in by typing it and by the camera", async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  // Starts in 100 minutes: the desk may check in from two hours before, and events.spec's "event on
  // now" (within an hour) does not pick it up; it is cancelled at the end all the same.
  const [event] = await query<{ id: number }>(
    `INSERT INTO shuxiang.events (branch_code, kind, audience, title_zh, title_en, local_date, starts_at, ends_at, blocked_from, blocked_until, capacity, max_party, guests_allowed)
     SELECT 'GL', 'lecture', 'everyone', '扫码签到讲座', 'Scan check-in talk', ((now() + interval '100 minutes') AT TIME ZONE 'Asia/Shanghai')::date,
            now() + interval '100 minutes', now() + interval '160 minutes', now() + interval '100 minutes', now() + interval '160 minutes', 10, 2, true
     RETURNING id`,
  );
  try {
    await checkInByQrCode(browser, event.id, baseURL!);
  } finally {
    await query("UPDATE shuxiang.events SET status = 'cancelled', cancel_reason = 'e2e', cancelled_at = now() WHERE id = $1", [event.id]);
  }
});

async function checkInByQrCode(browser: Browser, eventId: number, baseURL: string) {
  const event = { id: eventId };

  // The reader, on a phone: the registration page carries the QR code and the code under it.
  const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const phone = await phoneContext.newPage();
  await registerGuest(phone, event.id, "林小雨", "lin.xiaoyu@example.com");
  const token = new URL(phone.url()).pathname.split("/").pop()!;
  const typed = await readPass(phone);
  const [stored] = await query<{ check_in_code: string }>("SELECT check_in_code FROM shuxiang.registrations WHERE event_id = $1 AND email = 'lin.xiaoyu@example.com'", [event.id]);
  expect(typed.printed).toBe(`${stored.check_in_code.slice(0, 4)}-${stored.check_in_code.slice(4)}`);
  // The QR code carries the check-in code, never the private link (which can cancel).
  expect(typed.decoded).toBe(typed.printed);
  expect(typed.decoded).not.toContain(token);
  await expectAccessible(phone);
  await noOverflow(phone);
  if (SHOTS) await phone.screenshot({ path: `${SHOTS}/registration-qr-390.png`, fullPage: true });
  await phone.setViewportSize({ width: 1280, height: 800 });
  await expectAccessible(phone);
  if (SHOTS) await phone.screenshot({ path: `${SHOTS}/registration-qr-1280.png`, fullPage: true });

  // A second party registers; its QR code is what the desk's camera will see.
  const other = await phoneContext.newPage();
  await registerGuest(other, event.id, "郑大山", "zheng.dashan@example.com");
  const scanned = await readPass(other);
  const video = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "shuxiang-camera-")), "qr.y4m");
  fs.writeFileSync(video, await cameraFrame(other));

  // The desk types the first code (lower case, as it is read out): checked in, and named.
  const deskContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const desk = await deskContext.newPage();
  await signInStaff(desk, "desk.gulou@shuxiang.example");
  await desk.goto(`/staff/events/${event.id}`);
  await desk.getByLabel("签到码", { exact: true }).fill("nope");
  await desk.getByRole("button", { name: "用签到码签到" }).click();
  await expect(desk.getByRole("alert")).toContainText("这不是签到码");
  await expect(desk.getByLabel("签到码", { exact: true })).toHaveValue("nope");
  await desk.getByLabel("签到码", { exact: true }).fill(typed.printed.toLowerCase());
  await desk.getByRole("button", { name: "用签到码签到" }).click();
  await expect(desk.getByRole("status")).toHaveText("已签到：林小雨 · 成人 1，儿童 1");
  await expect(desk.getByRole("row", { name: /林小雨/ })).toContainText("已到 2 人");
  await expectAccessible(desk);
  if (SHOTS) await desk.screenshot({ path: `${SHOTS}/desk-code-1280.png`, fullPage: true });
  // Again: it says so, and nothing changes.
  await desk.getByLabel("签到码", { exact: true }).fill(typed.printed);
  await desk.getByRole("button", { name: "用签到码签到" }).click();
  await expect(desk.getByRole("alert")).toContainText("已经签到过了，不用再签。");
  await expect(desk.getByRole("alert")).toContainText("报名人：林小雨 · 成人 1，儿童 1");
  // Search by part of a code works too.
  await desk.setViewportSize({ width: 390, height: 844 });
  await desk.getByLabel("按姓名、读者证号（可只输其中几位）或签到码查找").fill(scanned.printed);
  await desk.getByRole("button", { name: "查找" }).click();
  await expect(desk.getByRole("table")).toContainText("郑大山");
  await expect(desk.getByRole("table")).not.toContainText("林小雨");
  await noOverflow(desk);
  await expectAccessible(desk);
  if (SHOTS) await desk.screenshot({ path: `${SHOTS}/desk-search-390.png`, fullPage: true });
  await deskContext.close();

  // The desk's camera (Chromium's fake camera playing the second party's QR code).
  const cameraBrowser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", `--use-file-for-fake-video-capture=${video}`],
  });
  try {
    const cameraContext = await cameraBrowser.newContext({ baseURL, locale: "zh-CN", timezoneId: "Asia/Shanghai", viewport: { width: 390, height: 844 }, permissions: ["camera"] });
    const camera = await cameraContext.newPage();
    await signInStaff(camera, "desk.gulou@shuxiang.example");
    await camera.goto(`/staff/events/${event.id}`);
    await camera.getByRole("button", { name: "扫码签到" }).click();
    await expect(camera.getByRole("status")).toHaveText("已签到：郑大山 · 成人 1，儿童 1", { timeout: 20_000 });
    await expect(camera.getByRole("row", { name: /郑大山/ })).toContainText("已到 2 人");
    await expect(camera.getByRole("button", { name: "停止扫码" })).toHaveAttribute("aria-pressed", "true");
    await noOverflow(camera);
    await expectAccessible(camera);
    if (SHOTS) await camera.screenshot({ path: `${SHOTS}/desk-camera-390.png`, fullPage: true });
    await camera.getByRole("button", { name: "停止扫码" }).click();
    await expect(camera.getByRole("button", { name: "扫码签到" })).toBeVisible();
  } finally {
    await cameraBrowser.close();
  }
  const rows = await query<{ name: string; checked_in_count: number }>("SELECT name, checked_in_count FROM shuxiang.registrations WHERE event_id = $1 ORDER BY id", [event.id]);
  expect(rows).toEqual([{ name: "林小雨", checked_in_count: 2 }, { name: "郑大山", checked_in_count: 2 }]);
  await phoneContext.close();
}
