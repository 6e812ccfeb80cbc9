// State changes only from our own pages, against the built app: a POST from another site, or one whose
// origin the browser hid ("Origin: null": a sandboxed frame, or a page with a no-referrer policy —
// which is why no page of ours sets one), is refused with 403 and changes nothing, never a 500.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "#tests/support/database.ts";
import { startApp, type AppProcess } from "#tests/support/app-process.ts";

let t: TestDatabase;
let app: AppProcess;

beforeAll(async () => {
  t = await createTestDatabase();
  app = await startApp({ DATABASE_URL: t.url, SESSION_SECRET: "same-origin-session-secret-0123456789abcdef", WORKERS: "off", DEMO_DATA: "never" });
}, 90_000);
afterAll(async () => {
  await app?.stop();
  await t?.drop();
});

const post = (headers: Record<string, string>) =>
  fetch(`${app.url}/language`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: "locale=en&redirectTo=%2Fevents",
    redirect: "manual",
  });

it.each([
  ["another site's origin", { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" }],
  ["another site's origin, without fetch metadata", { Origin: "https://evil.example" }],
  ["a hidden origin from another site", { Origin: "null", "Sec-Fetch-Site": "cross-site" }],
  ["a hidden origin without fetch metadata", { Origin: "null" }],
  ["a hidden origin that claims to be our own page", { Origin: "null", "Sec-Fetch-Site": "same-origin" }],
  ["no origin, from another site", { "Sec-Fetch-Site": "cross-site" }],
])("refuses a POST with %s (403, no cookie set)", async (_, headers) => {
  const res = await post(headers);
  expect(res.status).toBe(403);
  expect(res.headers.get("set-cookie")).toBeNull();
});

it.each([
  ["our own origin", () => ({ Origin: app.url, "Sec-Fetch-Site": "same-origin" })],
  ["no origin and no fetch metadata (not a browser)", () => ({})],
])("accepts a POST with %s", async (_, headers) => {
  const res = await post(headers());
  expect(res.status).toBe(302);
  expect(res.headers.get("location")).toBe("/events");
  expect(res.headers.get("set-cookie")).toMatch(/^lng=/);
});
