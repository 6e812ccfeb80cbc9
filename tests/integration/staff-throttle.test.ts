// Staff passwords cannot be guessed at speed: after FREE_FAILURES wrong passwords each try waits a
// growing delay, at LOCK_AFTER the address locks (even the right password is refused; audited; the
// owner is emailed), and one IP's failures across addresses are capped. Unknown addresses are
// treated alike, so the answers tell nobody which accounts exist. Time is moved by moving the
// recorded failures back, never by sleeping.
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Services } from "#app/services.server.ts";
import { attemptStaffSignIn, FREE_FAILURES, IP_LIMIT, LOCK_AFTER, LOCK_MINUTES } from "#app/modules/auth/staff-sign-in.server.ts";
import { DEMO_STAFF_PASSWORD } from "#db/seed/index.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/database.ts";
import { startTestServices } from "#tests/support/services.ts";
import { startApp, type AppProcess } from "#tests/support/app-process.ts";

let t: TestDatabase;
let services: Services;
const COORD = "coord.gulou@shuxiang.example";

beforeAll(async () => {
  t = await createTestDatabase();
  services = await startTestServices(t, { WORKERS: "off" });
});
afterAll(async () => {
  await services?.close();
  await t?.drop();
});
beforeEach(async () => {
  await t.db.deleteFrom("shuxiang.staff_sign_in_failures").execute();
  await t.db.deleteFrom("shuxiang.messages").execute();
});

const attempt = (email: string, password: string, ip = "198.51.100.1") => attemptStaffSignIn(services, { email, password, ip });
/** As if every recorded failure had happened `seconds` earlier. */
const rewind = (seconds: number) => sql`UPDATE shuxiang.staff_sign_in_failures SET at = at - make_interval(secs => ${seconds})`.execute(t.db);

describe("staff sign-in throttle", () => {
  it(`lets ${FREE_FAILURES} wrong passwords through, then makes each try wait longer`, async () => {
    for (let i = 0; i < FREE_FAILURES; i++) expect(await attempt(COORD, "wrong")).toEqual({ ok: false, reason: "wrong-password" });
    // Straight away: wait a second (the password is not even checked, so the right one waits too).
    expect(await attempt(COORD, DEMO_STAFF_PASSWORD)).toEqual({ ok: false, reason: "wait", seconds: 1 });
    await rewind(1);
    expect(await attempt(COORD, "wrong")).toEqual({ ok: false, reason: "wrong-password" });
    expect(await attempt(COORD, "wrong")).toMatchObject({ ok: false, reason: "wait", seconds: 2 });
    await rewind(2);
    expect(await attempt(COORD, "wrong")).toEqual({ ok: false, reason: "wrong-password" });
    expect(await attempt(COORD, "wrong")).toMatchObject({ ok: false, reason: "wait", seconds: 4 });
    await rewind(4);
    // The right password after waiting signs in and clears the count.
    expect(await attempt(COORD, DEMO_STAFF_PASSWORD)).toMatchObject({ ok: true });
    expect(await attempt(COORD, "wrong")).toEqual({ ok: false, reason: "wrong-password" });
    const left = await t.db.selectFrom("shuxiang.staff_sign_in_failures").select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow();
    expect(left.n).toBe(1);
  });

  it(`locks the address for ${LOCK_MINUTES} minutes at ${LOCK_AFTER} failures: audited, the owner emailed once, the right password refused`, async () => {
    for (let i = 0; i < LOCK_AFTER; i++) {
      await rewind(20); // past each delay (at most 16 s), well within the window
      expect(await attempt(COORD, "wrong")).toEqual({ ok: false, reason: "wrong-password" });
    }
    expect(await attempt(COORD, DEMO_STAFF_PASSWORD)).toMatchObject({ ok: false, reason: "locked" });
    const audit = await t.db.selectFrom("shuxiang.audit_log").select(["actor_staff_id", "after"]).where("action", "=", "staff.sign-in-locked").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_staff_id).toBeNull();
    expect(audit[0].after).toMatchObject({ ip: "198.51.100.1" });
    const mail = await t.db.selectFrom("shuxiang.messages").select(["recipient_email", "template", "data"]).execute();
    expect(mail).toEqual([{ recipient_email: COORD, template: "staff-account-locked", data: expect.objectContaining({ minutes: LOCK_MINUTES, ip: "198.51.100.1", zone: "Asia/Shanghai" }) }]);
    // Once the window has passed, the right password works again.
    await rewind(LOCK_MINUTES * 60);
    expect(await attempt(COORD, DEMO_STAFF_PASSWORD)).toMatchObject({ ok: true });
  });

  it("answers an unknown address exactly as a known one, and emails nobody", async () => {
    const answers = { known: [] as unknown[], unknown: [] as unknown[] };
    for (let i = 0; i < LOCK_AFTER + 2; i++) {
      answers.known.push(await attempt(COORD, "wrong", "198.51.100.2"));
      answers.unknown.push(await attempt("nobody@shuxiang.example", "wrong", "198.51.100.3"));
      await rewind(20);
    }
    expect(answers.unknown).toEqual(answers.known);
    expect(answers.unknown.at(-1)).toMatchObject({ reason: "locked" });
    const mail = await t.db.selectFrom("shuxiang.messages").select("recipient_email").execute();
    expect(mail.map((m) => m.recipient_email)).toEqual([COORD]);
  });

  it(`caps one IP at ${IP_LIMIT} failures across addresses; other IPs are not held up`, async () => {
    for (let i = 0; i < IP_LIMIT; i++) expect(await attempt(`guess${i}@shuxiang.example`, "wrong", "203.0.113.50")).toEqual({ ok: false, reason: "wrong-password" });
    expect(await attempt(COORD, DEMO_STAFF_PASSWORD, "203.0.113.50")).toMatchObject({ ok: false, reason: "ip-limited", minutes: LOCK_MINUTES });
    expect(await attempt(COORD, DEMO_STAFF_PASSWORD, "203.0.113.51")).toMatchObject({ ok: true });
  });

  it("holds under simultaneous guesses: no more than the free failures are checked before the delay applies", async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => attempt(COORD, "wrong")));
    expect(results.filter((r) => !r.ok && r.reason === "wrong-password")).toHaveLength(FREE_FAILURES);
    expect(results.filter((r) => !r.ok && r.reason === "wait")).toHaveLength(20 - FREE_FAILURES);
  });
});

describe("the sign-in page", () => {
  let app: AppProcess;
  beforeAll(async () => {
    app = await startApp({ DATABASE_URL: t.url, SESSION_SECRET: "throttle-page-session-secret-0123456789abcdef", WORKERS: "off", DEMO_DATA: "never" });
  }, 90_000);
  afterAll(() => app?.stop());

  it("answers a throttled try with 429 and says how long to wait, in the reader's language", async () => {
    const post = (password: string, language = "zh-CN") =>
      fetch(`${app.url}/sign-in`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url, "Accept-Language": language },
        body: new URLSearchParams({ email: COORD, password }).toString(),
        redirect: "manual",
      });
    expect((await post("wrong")).status).toBe(400);
    // Three more than the free failures, just now: the next try waits 2³ = 8 seconds.
    const failures = Array.from({ length: FREE_FAILURES + 2 }, () => ({ email: COORD, ip: "127.0.0.1" }));
    await t.db.insertInto("shuxiang.staff_sign_in_failures").values(failures).execute();
    const zh = await post(DEMO_STAFF_PASSWORD);
    expect(zh.status).toBe(429);
    expect(await zh.text()).toMatch(/密码错误次数较多，请 [1-8] 秒后再试。/);
    const en = await post(DEMO_STAFF_PASSWORD, "en");
    expect(en.status).toBe(429);
    expect(await en.text()).toMatch(/please wait [1-8] seconds? before trying again/);
  });
});
