// What the HTTP server guards, against the built app.
// - State changes only from our own pages: a POST from another site, or one whose origin the browser
//   hid ("Origin: null": a sandboxed frame, or a page with a no-referrer policy — which is why no page
//   of ours sets one), is refused with 403 and changes nothing, never a 500.
// - Pages with personal data are never stored by browsers or proxies (Cache-Control: no-store).
// - Signing out everywhere ends every session of that person and nobody else's.
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_VOLUNTEER_EMAIL } from "#db/seed/index.ts";
import type { TestDatabase } from "#tests/support/database.ts";
import { sessionCookie, startAppOnCopy, stopAppOnCopy, type AppProcess } from "#tests/support/app-process.ts";

const SECRET = "server-guards-session-secret-0123456789abcdef";
let t: TestDatabase;
let app: AppProcess;

beforeAll(async () => void ({ t, app } = await startAppOnCopy(SECRET)), 90_000);
afterAll(() => stopAppOnCopy({ t, app }));

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

const signIn = (who: { staff: string } | { volunteer: string }) => sessionCookie(t.db, app, SECRET, who);

const get = (path: string, cookie?: string) => fetch(app.url + path, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });

it("sends Cache-Control: no-store with staff, volunteer, sign-in and private registration pages, and not with public ones", async () => {
  const staff = await signIn({ staff: "coord.gulou@shuxiang.example" });
  const volunteer = await signIn({ volunteer: DEMO_VOLUNTEER_EMAIL });
  const personal = [
    ["/staff", staff],
    ["/staff/shifts", staff],
    ["/staff/board", staff],
    ["/volunteer", volunteer],
    ["/volunteer/profile", volunteer],
    ["/volunteer/profile/data", volunteer],
    ["/events/registration/not-a-real-token-0123456789", undefined],
    ["/sign-in", undefined],
    ["/volunteer/sign-in", undefined],
  ] as const;
  for (const [path, cookie] of personal) {
    const res = await get(path, cookie);
    expect([path, res.status < 500, res.headers.get("cache-control")]).toEqual([path, true, "no-store"]);
  }
  for (const path of ["/", "/events", "/join"]) {
    const res = await get(path);
    expect([path, res.status]).toEqual([path, 200]);
    expect(res.headers.get("cache-control") ?? "").not.toContain("no-store");
  }
});

it("refuses a language it does not have with 400 and sets no cookie", async () => {
  const res = await fetch(`${app.url}/language`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url },
    body: "locale=xx&redirectTo=%2Fevents",
    redirect: "manual",
  });
  expect(res.status).toBe(400);
  expect(res.headers.get("set-cookie")).toBeNull();
  expect((await res.json()).error).toHaveProperty("locale");
});

it("signs a person out on every device, and nobody else", async () => {
  const [first, second, other] = await Promise.all([
    signIn({ staff: "coord.gulou@shuxiang.example" }),
    signIn({ staff: "coord.gulou@shuxiang.example" }),
    signIn({ staff: "coord.streets@shuxiang.example" }),
  ]);
  for (const cookie of [first, second, other]) expect((await get("/staff", cookie)).status).toBe(200);
  const signOut = (cookie: string, scope: string) =>
    fetch(`${app.url}/sign-out`, { method: "POST", headers: { Cookie: cookie, Origin: app.url, "Content-Type": "application/x-www-form-urlencoded" }, body: `scope=${scope}`, redirect: "manual" });
  expect((await signOut(first, "somewhere")).status).toBe(400);
  expect((await get("/staff", first)).status).toBe(200);

  const res = await signOut(first, "everywhere");
  expect(res.status).toBe(302);
  expect(res.headers.get("set-cookie")).toMatch(/Max-Age=0/);
  expect((await get("/staff", first)).status).toBe(302);
  expect((await get("/staff", second)).status).toBe(302);
  expect((await get("/staff", other)).status).toBe(200);
});
