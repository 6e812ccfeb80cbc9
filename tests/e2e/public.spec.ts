import { expect, test } from "@playwright/test";
import { expectAccessible } from "./axe.ts";

test("the home page shows the library system in Chinese, with shared circulation marked", async ({ page }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("鼓楼图书馆总分馆");
  const branches = page.getByRole("list").filter({ has: page.getByRole("heading", { name: "鼓楼图书馆" }) }).getByRole("listitem");
  await expect(branches).toHaveCount(9);
  for (const name of ["鼓楼图书馆", "丰财分馆", "环城分馆", "黄楼分馆", "铜沛分馆", "九里分馆", "牌楼分馆", "琵琶分馆", "少儿分馆"]) {
    await expect(page.getByRole("heading", { level: 3, name })).toBeVisible();
  }
  const sharing = branches.filter({ hasText: "通借通还" }).filter({ hasNotText: "暂未加入" });
  await expect(sharing.getByRole("heading")).toHaveText(["鼓楼图书馆", "丰财分馆", "环城分馆", "少儿分馆"]);
  await expect(branches.filter({ has: page.getByRole("heading", { name: "鼓楼图书馆" }) })).toContainText("每周开放 56 小时");
  await expectAccessible(page);
});

test("the language switch turns the site to English and back, and remembers it", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Gulou Library and its branches");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 3, name: "Children's Branch" })).toBeVisible();
  await expectAccessible(page);

  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Staff sign-in");
  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("工作人员登录");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test.describe("a browser that prefers English", () => {
  test.use({ locale: "en-US" });
  test("gets English without choosing", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Gulou Library and its branches");
  });
});

test("an unknown page answers 404 inside the site", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("找不到这个页面");
  await expect(page.getByRole("link", { name: "返回首页" })).toBeVisible();
  await expectAccessible(page);
});

test("health, security headers and the same-origin rule", async ({ request, baseURL }) => {
  const health = await request.get("/healthz");
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: "ok", database: "postgres" });

  const home = await request.get("/");
  const headers = home.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  // The server's own time for the loaders and the render, for developer tools and the benchmark.
  expect(headers["server-timing"]).toMatch(/^app;dur=\d+(\.\d)?;desc="loaders and render"$/);
  const data = await request.get("/events.data");
  expect(data.headers()["server-timing"]).toMatch(/^app;dur=\d+(\.\d)?;desc="loaders"$/);

  const crossSite = await request.post("/sign-in", {
    headers: { Origin: "https://evil.example" },
    form: { email: "admin@shuxiang.example", password: "shuxiang-demo-2026" },
    maxRedirects: 0,
  });
  expect(crossSite.status()).toBe(403);
  const sameSite = await request.post("/sign-in", {
    headers: { Origin: new URL(baseURL!).origin },
    form: { email: "admin@shuxiang.example", password: "wrong" },
    maxRedirects: 0,
  });
  expect(sameSite.status()).toBe(400);
});

test("an oversized form is refused before it is read", async ({ request }) => {
  const response = await request.post("/sign-in", { form: { email: "a@example.com", password: "x".repeat(2_000_000) }, maxRedirects: 0 });
  expect(response.status()).toBe(413);
});
