import { sql, type Kysely } from "kysely";
import type { Database } from "#db/schema.ts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getCurrentUser, startSession, endSession } from "#app/modules/auth/session.server.ts";
import {
  issueSignInCode as issueInTransaction,
  MAX_CODES_PER_EMAIL_PER_HOUR,
  MAX_CODES_PER_IP_PER_HOUR,
  peekSignInLink,
  redeemSignInCode,
  redeemSignInLink,
  signInStaff,
} from "#app/modules/auth/sign-in.server.ts";
import { DEMO_STAFF_PASSWORD, DEMO_VOLUNTEER_EMAIL } from "#db/seed/index.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/database.ts";
import { testConfig } from "#tests/support/services.ts";

/** Issues a code in a transaction of its own (in the app, the one that also queues the email). */
const issueSignInCode = (db: Kysely<Database>, secret: string, input: { email: string; ip: string }) =>
  db.transaction().execute((trx) => issueInTransaction(trx, secret, input));

let t: TestDatabase;
let services: { config: ReturnType<typeof testConfig> };
const secret = () => services.config.sessionSecret;

beforeAll(async () => {
  t = await createTestDatabase();
  services = { config: testConfig(t) };
});
afterAll(() => t.drop());
beforeEach(async () => {
  await t.db.deleteFrom("shuxiang.sign_in_codes").execute();
});

function requestWith(cookieHeader?: string) {
  const cookie = cookieHeader?.split(";")[0];
  return new Request("http://localhost:3999/", { headers: cookie ? { Cookie: cookie } : {} });
}

describe("staff sign-in", () => {
  it("accepts the right password, case-insensitively on the email", async () => {
    const result = await signInStaff(t.db, "Coord.Gulou@Shuxiang.example ", DEMO_STAFF_PASSWORD);
    expect(result.ok).toBe(true);
  });

  it("gives the same answer for a wrong password and an unknown email", async () => {
    expect(await signInStaff(t.db, "coord.gulou@shuxiang.example", "wrong")).toEqual({ ok: false, reason: "wrong-password" });
    expect(await signInStaff(t.db, "nobody@shuxiang.example", DEMO_STAFF_PASSWORD)).toEqual({ ok: false, reason: "wrong-password" });
  });

  it("refuses a deactivated account, and its open sessions end at once", async () => {
    const result = await signInStaff(t.db, "desk.gulou@shuxiang.example", DEMO_STAFF_PASSWORD);
    if (!result.ok) throw new Error("expected sign-in");
    const cookie = await startSession(t.db, services.config, requestWith(), { staffId: result.staffId });
    expect((await getCurrentUser(t.db, services.config, requestWith(cookie)))?.kind).toBe("staff");

    await t.db.updateTable("shuxiang.staff").set({ active: false }).where("id", "=", result.staffId).execute();
    expect(await getCurrentUser(t.db, services.config, requestWith(cookie))).toBeNull();
    expect(await signInStaff(t.db, "desk.gulou@shuxiang.example", DEMO_STAFF_PASSWORD)).toEqual({ ok: false, reason: "inactive" });
    await t.db.updateTable("shuxiang.staff").set({ active: true }).where("id", "=", result.staffId).execute();
  });
});

describe("sessions", () => {
  it("know who is signed in, with a coordinator's branches", async () => {
    const result = await signInStaff(t.db, "coord.streets@shuxiang.example", DEMO_STAFF_PASSWORD);
    if (!result.ok) throw new Error("expected sign-in");
    const cookie = await startSession(t.db, services.config, requestWith(), { staffId: result.staffId });
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const user = await getCurrentUser(t.db, services.config, requestWith(cookie));
    expect(user).toMatchObject({ kind: "staff", role: "coordinator", branchCodes: ["FC", "HC"] });
  });

  it("rotate at sign-in: the old id stops working; signing out ends the new one", async () => {
    const staff = await signInStaff(t.db, "admin@shuxiang.example", DEMO_STAFF_PASSWORD);
    if (!staff.ok) throw new Error("expected sign-in");
    const first = await startSession(t.db, services.config, requestWith(), { staffId: staff.staffId });
    const second = await startSession(t.db, services.config, requestWith(first), { staffId: staff.staffId });
    expect(await getCurrentUser(t.db, services.config, requestWith(first))).toBeNull();
    expect(await getCurrentUser(t.db, services.config, requestWith(second))).not.toBeNull();
    await endSession(t.db, services.config, requestWith(second));
    expect(await getCurrentUser(t.db, services.config, requestWith(second))).toBeNull();
  });

  it("ignore a forged or tampered cookie and keep only hashes in the database", async () => {
    const volunteer = await t.db.selectFrom("shuxiang.volunteers").select("id").where("email", "=", DEMO_VOLUNTEER_EMAIL).executeTakeFirstOrThrow();
    const cookie = await startSession(t.db, services.config, requestWith(), { volunteerId: volunteer.id });
    const value = cookie.split(";")[0].split("=")[1];
    const tampered = `sx_session=${value.slice(0, -2)}xx`;
    expect(await getCurrentUser(t.db, services.config, requestWith(tampered))).toBeNull();
    const rows = await t.db.selectFrom("shuxiang.sessions").select("id_hash").execute();
    expect(rows.every((r) => !decodeURIComponent(value).includes(r.id_hash))).toBe(true);
  });
});

describe("volunteer sign-in codes", () => {
  const ip = "203.0.113.7";

  async function issue(email = DEMO_VOLUNTEER_EMAIL, from = ip) {
    const result = await issueSignInCode(t.db, secret(), { email, ip: from });
    if (!result.ok) throw new Error(`expected a code, got ${result.reason}`);
    return result;
  }

  it("signs in once with the code, never twice", async () => {
    const { code, volunteer } = await issue();
    expect(await redeemSignInCode(t.db, secret(), { email: DEMO_VOLUNTEER_EMAIL, code })).toBe(volunteer.id);
    expect(await redeemSignInCode(t.db, secret(), { email: DEMO_VOLUNTEER_EMAIL, code })).toBeNull();
  });

  it("stores neither the code nor the link token in clear", async () => {
    const { code, linkToken } = await issue();
    const row = await t.db.selectFrom("shuxiang.sign_in_codes").selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(code);
    expect(JSON.stringify(row)).not.toContain(linkToken);
  });

  it("expires after 15 minutes", async () => {
    const { code } = await issue();
    const row = await t.db.selectFrom("shuxiang.sign_in_codes").select("expires_at").executeTakeFirstOrThrow();
    const minutes = (row.expires_at.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);
    await sql`UPDATE shuxiang.sign_in_codes SET expires_at = now() - interval '1 second'`.execute(t.db);
    expect(await redeemSignInCode(t.db, secret(), { email: DEMO_VOLUNTEER_EMAIL, code })).toBeNull();
  });

  it("locks a code after five wrong guesses, even for the right code afterwards", async () => {
    const { code } = await issue();
    const wrong = code === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) expect(await redeemSignInCode(t.db, secret(), { email: DEMO_VOLUNTEER_EMAIL, code: wrong })).toBeNull();
    expect(await redeemSignInCode(t.db, secret(), { email: DEMO_VOLUNTEER_EMAIL, code })).toBeNull();
  });

  it("a new code replaces the previous one", async () => {
    const first = await issue();
    const second = await issue();
    expect(await redeemSignInCode(t.db, secret(), { email: DEMO_VOLUNTEER_EMAIL, code: first.code })).toBe(first.code === second.code ? second.volunteer.id : null);
    expect(await peekSignInLink(t.db, first.linkToken)).toBeNull();
    expect(await peekSignInLink(t.db, second.linkToken)).toBe(DEMO_VOLUNTEER_EMAIL);
  });

  it("signs in by link once; two clicks at the same moment sign in only one", async () => {
    const { linkToken, volunteer } = await issue();
    const results = await Promise.all(Array.from({ length: 8 }, () => redeemSignInLink(t.db, linkToken)));
    expect(results.filter((r) => r === volunteer.id)).toHaveLength(1);
    expect(await peekSignInLink(t.db, linkToken)).toBeNull();
  });

  it("issues nothing usable for unknown and departed volunteers, but counts their requests against the same limits", async () => {
    const probe = "198.51.100.77";
    expect(await issueSignInCode(t.db, secret(), { email: "stranger@example.com", ip: probe })).toEqual({ ok: false, reason: "unknown" });
    await t.db.updateTable("shuxiang.volunteers").set({ status: "left" }).where("email", "=", "volunteer02@example.com").execute();
    expect(await issueSignInCode(t.db, secret(), { email: "volunteer02@example.com", ip: probe })).toEqual({ ok: false, reason: "inactive" });
    // Nothing recorded for them can sign anyone in.
    const recorded = await t.db.selectFrom("shuxiang.sign_in_codes").select(["volunteer_id", "used_at", "expires_at"]).where("requested_ip", "=", probe).execute();
    expect(recorded).toHaveLength(2);
    for (const r of recorded) expect([r.volunteer_id, r.used_at !== null, new Date(r.expires_at) <= new Date()]).toEqual([null, true, true]);
    // Probing addresses from one IP runs into its limit as sign-in requests do.
    const results = [];
    for (let i = 0; i < MAX_CODES_PER_IP_PER_HOUR; i++) results.push(await issueSignInCode(t.db, secret(), { email: `probe${i}@example.com`, ip: probe }));
    expect(results.filter((r) => !r.ok && r.reason === "unknown")).toHaveLength(MAX_CODES_PER_IP_PER_HOUR - 2);
    expect(results.at(-1)).toMatchObject({ ok: false, reason: "rate-limited" });
    // And a known address from that IP is held up too: the limit does not tell the two apart.
    expect(await issueSignInCode(t.db, secret(), { email: DEMO_VOLUNTEER_EMAIL, ip: probe })).toMatchObject({ ok: false, reason: "rate-limited" });
    // Repeating one unknown address runs into the per-address limit.
    const same = [];
    for (let i = 0; i < MAX_CODES_PER_EMAIL_PER_HOUR + 1; i++) same.push(await issueSignInCode(t.db, secret(), { email: "nobody@example.com", ip: `203.0.113.${i}` }));
    expect(same.at(-1)).toMatchObject({ ok: false, reason: "rate-limited" });
  });

  it(`limits each address to ${MAX_CODES_PER_EMAIL_PER_HOUR} codes an hour, even when all are asked at once`, async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => issueSignInCode(t.db, secret(), { email: DEMO_VOLUNTEER_EMAIL, ip: `198.51.100.${i}` })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(MAX_CODES_PER_EMAIL_PER_HOUR);
    const refused = results.find((r) => !r.ok);
    expect(refused).toMatchObject({ ok: false, reason: "rate-limited" });
    expect((refused as { retryMinutes: number }).retryMinutes).toBeGreaterThanOrEqual(59);
  });

  it(`limits each IP address to ${MAX_CODES_PER_IP_PER_HOUR} codes an hour across addresses`, async () => {
    const emails = Array.from({ length: 25 }, (_, i) => `volunteer${String(10 + i).padStart(2, "0")}@example.com`);
    const results = [];
    for (const email of emails) results.push(await issueSignInCode(t.db, secret(), { email, ip }));
    expect(results.filter((r) => r.ok)).toHaveLength(MAX_CODES_PER_IP_PER_HOUR);
    expect(results.at(-1)).toMatchObject({ ok: false, reason: "rate-limited" });
    // Another address is not held up by this one.
    expect((await issueSignInCode(t.db, secret(), { email: emails[0], ip: "192.0.2.1" })).ok).toBe(true);
  });
});
