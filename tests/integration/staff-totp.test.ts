// Staff's optional TOTP second factor (docs/decisions/0020), against the real PostgreSQL and the
// built app: enrolment confirmed by a code; sign-in then needs the code after the password, and
// the session starts only after it; a wrong code is refused and counted by the sign-in throttle;
// a code works once; turning it off takes a current code; the administrators' setting sends an
// administrator without it to enrol and nowhere else, and leaves coordinators alone; the secret
// is never in clear text in the database. Codes are made with the same library an app uses.
import { sql } from "kysely";
import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { StaffUser } from "#app/modules/auth/policy.ts";
import { attemptStaffCode, attemptStaffSignIn, attemptTotpRemoval, LOCK_AFTER } from "#app/modules/auth/staff-sign-in.server.ts";
import { confirmTotpEnrolment, setTotpRequired, startTotpEnrolment, totpStatus } from "#app/modules/auth/totp.server.ts";
import type { Services } from "#app/services.server.ts";
import { DEMO_STAFF_PASSWORD } from "#db/seed/index.ts";
import { sessionCookie, startApp, type AppProcess } from "#tests/support/app-process.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/database.ts";
import { startTestServices } from "#tests/support/services.ts";
import { demoStaff } from "#tests/support/staff.ts";

const SECRET = "staff-totp-session-secret-0123456789abcdef";
const ADMIN = "admin@shuxiang.example";
const SECOND_ADMIN = "admin2@shuxiang.example";
const COORD = "coord.gulou@shuxiang.example";
const IP = "198.51.100.7";
let t: TestDatabase;
let services: Services;
let app: AppProcess;
let staff: (email: string, branches: string[]) => StaffUser;

beforeAll(async () => {
  t = await createTestDatabase();
  // A second administrator, with the demo password, who has no second factor.
  const { password_hash } = await t.db.selectFrom("shuxiang.staff").select("password_hash").where("email", "=", ADMIN).executeTakeFirstOrThrow();
  await t.db.insertInto("shuxiang.staff").values({ email: SECOND_ADMIN, name: "李明", role: "administrator", password_hash }).execute();
  services = await startTestServices(t, { WORKERS: "off", SESSION_SECRET: SECRET });
  app = await startApp({ DATABASE_URL: t.url, SESSION_SECRET: SECRET, WORKERS: "off", DEMO_DATA: "never" });
  staff = await demoStaff(t.db);
}, 90_000);
afterAll(async () => {
  await app?.stop();
  await services?.close();
  await t?.drop();
});
beforeEach(async () => {
  for (const table of ["staff_totp", "staff_sign_in_failures", "staff_sign_in_challenges", "sessions"] as const) await t.db.deleteFrom(`shuxiang.${table}`).execute();
  await t.db.deleteFrom("shuxiang.app_meta").where("key", "=", "staff_totp_required").execute();
});

/** The code an authenticator app shows `steps` 30-second steps from now. */
const codeFor = (secret: string, steps = 0) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + steps * 30_000 });

/** Enrols as the page does: a pending secret, read as the text shown, confirmed with the code of the step before now. */
async function enrol(email: string): Promise<string> {
  const who = staff(email, []);
  await startTotpEnrolment(services.db, SECRET, who);
  const { pending } = await totpStatus(services.db, SECRET, who);
  expect(pending?.qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
  expect(await confirmTotpEnrolment(services.db, SECRET, who, codeFor(pending!.secret, -1))).toEqual({ ok: true });
  return pending!.secret;
}

/** A code no step within the window accepts. */
const wrongCodeFor = (secret: string) => ["000000", "111111", "222222", "333333"].find((c) => ![-1, 0, 1].some((s) => codeFor(secret, s) === c))!;

const post = (path: string, fields: Record<string, string>, cookie?: string) =>
  fetch(app.url + path, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields),
    redirect: "manual",
  });
const get = (path: string, cookie: string) => fetch(app.url + path, { headers: { Cookie: cookie }, redirect: "manual" });
const sessionFrom = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith("sx_session="))?.split(";")[0];
const failures = async (email: string) =>
  (await t.db.selectFrom("shuxiang.staff_sign_in_failures").select(sql<number>`count(*)::int`.as("n")).where("email", "=", email).executeTakeFirstOrThrow()).n;

describe("enrolled staff", () => {
  it("are asked for the code after a right password; the session starts only after the code", async () => {
    const secret = await enrol(COORD);
    const first = await post("/sign-in", { email: COORD, password: DEMO_STAFF_PASSWORD });
    expect(first.status).toBe(200);
    expect(sessionFrom(first)).toBeUndefined();
    const page = await first.text();
    expect(page).toContain("身份验证器中的验证码");
    expect(await t.db.selectFrom("shuxiang.sessions").select("id_hash").execute()).toEqual([]);
    const challenge = page.match(/name="challenge" value="([^"]+)"/)![1];

    const second = await post("/sign-in", { intent: "code", challenge, code: codeFor(secret) });
    expect(second.status).toBe(302);
    expect(second.headers.get("location")).toBe("/staff");
    expect((await get("/staff", sessionFrom(second)!)).status).toBe(200);
  });

  it("have a wrong code refused and counted like a wrong password, up to the lock, which a right password does not clear", async () => {
    const secret = await enrol(COORD);
    const start = await attemptStaffSignIn(services, { email: COORD, password: DEMO_STAFF_PASSWORD, ip: IP });
    expect(start).toMatchObject({ ok: "code" });
    const challenge = (start as { challenge: string }).challenge;
    const wrong = wrongCodeFor(secret);
    expect(await attemptStaffCode(services, { challenge, code: wrong, ip: IP })).toEqual({ ok: false, reason: "wrong-code" });
    expect(await failures(COORD)).toBe(1);
    // Knowing the password again does not wipe the count of wrong codes.
    expect(await attemptStaffSignIn(services, { email: COORD, password: DEMO_STAFF_PASSWORD, ip: IP })).toMatchObject({ ok: "code" });
    expect(await failures(COORD)).toBe(1);
    for (let i = 1; i < LOCK_AFTER; i++) {
      await sql`UPDATE shuxiang.staff_sign_in_failures SET at = at - interval '20 seconds'`.execute(t.db); // past each delay
      expect(await attemptStaffCode(services, { challenge, code: wrong, ip: IP })).toEqual({ ok: false, reason: "wrong-code" });
    }
    // Locked: even the right code is refused, unchecked, and the lock is audited.
    expect(await attemptStaffCode(services, { challenge, code: codeFor(secret), ip: IP })).toMatchObject({ ok: false, reason: "locked" });
    const locks = await t.db.selectFrom("shuxiang.audit_log").select("id").where("action", "=", "staff.sign-in-locked").execute();
    expect(locks.length).toBeGreaterThan(0);

    // Over HTTP the wrong code gets its message beside the field.
    await t.db.deleteFrom("shuxiang.staff_sign_in_failures").execute();
    const res = await post("/sign-in", { intent: "code", challenge, code: wrong });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("验证码不正确或已用过");
  });

  it("cannot use a code twice, not even in a new sign-in", async () => {
    const secret = await enrol(COORD);
    const code = codeFor(secret);
    const first = (await attemptStaffSignIn(services, { email: COORD, password: DEMO_STAFF_PASSWORD, ip: IP })) as { challenge: string };
    expect(await attemptStaffCode(services, { challenge: first.challenge, code, ip: IP })).toMatchObject({ ok: true });
    // The challenge is spent, and the code is spent with a fresh one.
    expect(await attemptStaffCode(services, { challenge: first.challenge, code, ip: IP })).toEqual({ ok: false, reason: "expired" });
    const again = (await attemptStaffSignIn(services, { email: COORD, password: DEMO_STAFF_PASSWORD, ip: IP })) as { challenge: string };
    expect(await attemptStaffCode(services, { challenge: again.challenge, code, ip: IP })).toEqual({ ok: false, reason: "wrong-code" });
    // The next step's code still works.
    expect(await attemptStaffCode(services, { challenge: again.challenge, code: codeFor(secret, 1), ip: IP })).toMatchObject({ ok: true });
  });

  it("turn it off with a current code, not with a wrong one; enrolling and removing are audited; then the password alone signs in", async () => {
    const secret = await enrol(COORD);
    const who = staff(COORD, ["GL"]);
    const wrong = wrongCodeFor(secret);
    expect(await attemptTotpRemoval(services, who, { code: wrong, ip: IP })).toEqual({ ok: false, reason: "wrong-code" });
    expect(await failures(COORD)).toBe(1);
    expect(await attemptTotpRemoval(services, who, { code: codeFor(secret), ip: IP })).toEqual({ ok: true });
    const audit = await t.db.selectFrom("shuxiang.audit_log").select(["action", "actor_staff_id", "entity_id"]).where("action", "like", "staff.totp-%").orderBy("id").execute();
    expect(audit.slice(-2)).toEqual([
      { action: "staff.totp-enrolled", actor_staff_id: who.id, entity_id: String(who.id) },
      { action: "staff.totp-removed", actor_staff_id: who.id, entity_id: String(who.id) },
    ]);
    expect(await attemptStaffSignIn(services, { email: COORD, password: DEMO_STAFF_PASSWORD, ip: IP })).toMatchObject({ ok: true });
  });

  it("keep the secret sealed: it is in no table in clear text", async () => {
    const secret = await enrol(COORD);
    await attemptStaffSignIn(services, { email: COORD, password: DEMO_STAFF_PASSWORD, ip: IP }); // a challenge row too
    for (const table of ["staff", "staff_totp", "staff_sign_in_challenges", "audit_log", "app_meta"]) {
      const { rows } = await sql<{ text: string | null }>`SELECT string_agg(x::text, ' ') AS text FROM ${sql.table(`shuxiang.${table}`)} x`.execute(t.db);
      expect(rows[0].text ?? "", table).not.toContain(secret);
    }
    const row = await t.db.selectFrom("shuxiang.staff_totp").select("secret_sealed").executeTakeFirstOrThrow();
    expect(row.secret_sealed).toMatch(/^sealed:v1:/);
  });
});

describe("the administrators' setting", () => {
  it("needs the administrator's own second factor first, and is audited", async () => {
    const admin = staff(ADMIN, []);
    expect(await setTotpRequired(services.db, admin, true)).toEqual({ ok: false, error: "security.enrolFirst", status: 400 });
    expect(await setTotpRequired(services.db, staff(COORD, ["GL"]), true)).toMatchObject({ ok: false, status: 403 });
    await enrol(ADMIN);
    expect(await setTotpRequired(services.db, admin, true)).toEqual({ ok: true });
    const audit = await t.db.selectFrom("shuxiang.audit_log").select(["actor_staff_id", "before", "after"]).where("action", "=", "settings.staff-totp-required").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(audit).toEqual({ actor_staff_id: admin.id, before: false, after: true });
    // While it is on, an administrator cannot turn their own off.
    expect(await attemptTotpRemoval(services, admin, { code: "123456", ip: IP })).toEqual({ ok: false, reason: "required" });
  });

  it("sends an administrator without a second factor to enrol right after the password, and nowhere else until enrolled; coordinators are left alone", async () => {
    await enrol(ADMIN);
    expect(await setTotpRequired(services.db, staff(ADMIN, []), true)).toEqual({ ok: true });

    const signedIn = await post("/sign-in", { email: SECOND_ADMIN, password: DEMO_STAFF_PASSWORD, redirectTo: "/staff/admin/staff" });
    expect(signedIn.status).toBe(302);
    const cookie = sessionFrom(signedIn)!;
    const next = await get(signedIn.headers.get("location")!, cookie);
    expect(next.status).toBe(302);
    expect(next.headers.get("location")).toBe("/staff/security");
    for (const path of ["/staff", "/staff/board", "/staff/admin/audit"]) {
      const res = await get(path, cookie);
      expect(res.headers.get("location"), path).toBe("/staff/security");
    }
    // A change elsewhere is not made either.
    const retention = await post("/staff/admin/retention", { intent: "settings", guestMonths: "1", declinedMonths: "1" }, cookie);
    expect(retention.headers.get("location")).toBe("/staff/security");
    expect(await t.db.selectFrom("shuxiang.app_meta").select("key").where("key", "=", "retention").executeTakeFirst()).toBeUndefined();
    const page = await get("/staff/security", cookie);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("管理员必须使用两步登录");

    // Enrolling there opens the rest.
    expect((await post("/staff/security", { intent: "start" }, cookie)).status).toBe(200);
    const { pending } = await totpStatus(services.db, SECRET, staff(SECOND_ADMIN, []));
    expect((await post("/staff/security", { intent: "confirm", code: codeFor(pending!.secret) }, cookie)).status).toBe(200);
    expect((await get("/staff", cookie)).status).toBe(200);

    // A coordinator without a second factor signs in with the password as before.
    const coordinator = await post("/sign-in", { email: COORD, password: DEMO_STAFF_PASSWORD });
    expect(coordinator.status).toBe(302);
    expect((await get("/staff", sessionFrom(coordinator)!)).status).toBe(200);
    expect((await get("/staff", await sessionCookie(t.db, app, SECRET, { staff: "desk.gulou@shuxiang.example" }))).status).toBe(200);
  });
});
