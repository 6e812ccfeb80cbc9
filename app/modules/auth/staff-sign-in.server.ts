// Staff sign-in with a throttle against guessing (docs/decisions/0017). Per address typed (known
// or not, so the answer tells nobody which accounts exist) and per client IP:
// - after FREE_FAILURES wrong passwords within the window, each further try waits a growing delay
//   (1, 2, 4 … seconds after the last failure);
// - at LOCK_AFTER failures the address is locked for LOCK_MINUTES: even the right password is
//   refused, the lock is audited and the account's owner is emailed;
// - one IP gets IP_LIMIT failures within the window across all addresses.
// A refused try is answered without checking the password and is not counted; a success clears
// the address's failures. The second factor's code (docs/decisions/0020) is checked under the
// same throttle: a wrong code is a failure like a wrong password.
import { sql, type Transaction } from "kysely";
import type { Database } from "#db/schema.ts";
import { isLocale, defaultLocale } from "#app/i18n/config.ts";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { queueMessage } from "#app/modules/notifications/outbox.server.ts";
import type { CoreServices } from "#app/lib/deps.server.ts";
import { signInStaff, type StaffSignInResult } from "./sign-in.server.ts";
import {
  challengedStaff,
  endSignInChallenge,
  hasConfirmedTotp,
  issueSignInChallenge,
  redeemTotpCode,
  removeTotp,
  totpRequiredForAdministrators,
} from "./totp.server.ts";

export const FREE_FAILURES = 5;
export const LOCK_AFTER = 10;
export const LOCK_MINUTES = 15;
export const IP_LIMIT = 30;
const WINDOW_MS = LOCK_MINUTES * 60_000;

export type StaffAttemptResult =
  | { ok: true; staffId: number }
  | { ok: false; reason: "wrong-password" | "inactive" }
  | { ok: false; reason: "wait"; seconds: number }
  | { ok: false; reason: "locked"; minutes: number }
  | { ok: false; reason: "ip-limited"; minutes: number };

/** How long the address or the IP must wait before its next try, from its recent failures; null when it may try now. */
export function throttle(
  failures: { byEmail: number; lastByEmail: Date | null; lockingFailureAt: Date | null; byIp: number; oldestByIp: Date | null },
  now: Date,
): Exclude<StaffAttemptResult, { ok: true } | { reason: "wrong-password" | "inactive" }> | null {
  const minutesUntil = (t: number) => Math.max(1, Math.ceil((t - now.getTime()) / 60_000));
  if (failures.byEmail >= LOCK_AFTER && failures.lockingFailureAt) {
    return { ok: false, reason: "locked", minutes: minutesUntil(failures.lockingFailureAt.getTime() + WINDOW_MS) };
  }
  if (failures.byIp >= IP_LIMIT && failures.oldestByIp) {
    return { ok: false, reason: "ip-limited", minutes: minutesUntil(failures.oldestByIp.getTime() + WINDOW_MS) };
  }
  if (failures.byEmail >= FREE_FAILURES && failures.lastByEmail) {
    const waitUntil = failures.lastByEmail.getTime() + 1000 * 2 ** (failures.byEmail - FREE_FAILURES);
    if (waitUntil > now.getTime()) return { ok: false, reason: "wait", seconds: Math.ceil((waitUntil - now.getTime()) / 1000) };
  }
  return null;
}

/** A failed try's message key (a number after a colon, FieldError fills it in as {{max}}) and status: throttled (429) or `message` (400). */
export function failureMessage(result: { reason: string; seconds?: number; minutes?: number }, message: string): [string, number] {
  if (result.reason === "wait") return [`signIn.wait:${result.seconds}`, 429];
  if (result.reason === "locked") return [`signIn.locked:${result.minutes}`, 429];
  if (result.reason === "ip-limited") return [`signIn.ipLimited:${result.minutes}`, 429];
  return [message, 400];
}

type Refusal = Exclude<StaffAttemptResult, { ok: true } | { reason: "wrong-password" | "inactive" }>;
/** What a checked try does to the address's count: a failure adds one, a finished sign-in clears it. */
type Outcome<T> = { result: T; counts: "failure" | "clears" | "nothing" };

/**
 * Runs one check of a staff secret (a password, a second-factor code) under the address's and the
 * IP's throttle: refused tries are answered without running `check`; a failure is recorded and
 * may lock the address. The check runs in the same transaction, under an advisory lock per address.
 */
async function underThrottle<T>(
  services: Pick<CoreServices, "db" | "boss" | "config">,
  input: { email: string; ip: string; requestId?: string },
  check: (trx: Transaction<Database>) => Promise<Outcome<T>>,
): Promise<T | Refusal> {
  const email = input.email.trim().toLowerCase();
  return services.db.transaction().execute(async (trx) => {
    // One try at a time per address: simultaneous guesses cannot all slip under the limit.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${"staff-sign-in:" + email}))`.execute(trx);
    const now = new Date();
    const since = new Date(now.getTime() - WINDOW_MS);
    const recent = await trx
      .selectFrom("shuxiang.staff_sign_in_failures")
      .select([
        sql<number>`count(*) FILTER (WHERE email = ${email})::int`.as("by_email"),
        sql<Date | null>`max(at) FILTER (WHERE email = ${email})`.as("last_by_email"),
        // The failure that locked the address: the LOCK_AFTER-th newest within the window.
        sql<Date | null>`(SELECT f.at FROM shuxiang.staff_sign_in_failures f WHERE f.email = ${email} AND f.at > ${since} ORDER BY f.at DESC OFFSET ${LOCK_AFTER - 1} LIMIT 1)`.as("locking_at"),
        sql<number>`count(*) FILTER (WHERE ip = ${input.ip})::int`.as("by_ip"),
        sql<Date | null>`min(at) FILTER (WHERE ip = ${input.ip})`.as("oldest_by_ip"),
      ])
      .where("at", ">", since)
      .where((eb) => eb.or([eb("email", "=", email), eb("ip", "=", input.ip)]))
      .executeTakeFirstOrThrow();
    const refused = throttle(
      {
        byEmail: recent.by_email,
        lastByEmail: recent.last_by_email && new Date(recent.last_by_email),
        lockingFailureAt: recent.locking_at && new Date(recent.locking_at),
        byIp: recent.by_ip,
        oldestByIp: recent.oldest_by_ip && new Date(recent.oldest_by_ip),
      },
      now,
    );
    if (refused) return refused;

    const { result, counts } = await check(trx);
    if (counts === "clears") {
      await trx.deleteFrom("shuxiang.staff_sign_in_failures").where("email", "=", email).execute();
    } else if (counts === "failure") {
      await trx.insertInto("shuxiang.staff_sign_in_failures").values({ email, ip: input.ip }).execute();
      // Old rows go as new ones come: nothing older than a day is kept.
      await trx.deleteFrom("shuxiang.staff_sign_in_failures").where("at", "<", new Date(now.getTime() - 86400_000)).execute();
      if (recent.by_email + 1 === LOCK_AFTER) await lockNotice(services, trx, email, input.ip, now, input.requestId);
    }
    return result;
  });
}

/**
 * The password step. With a second factor, a right password gives only a challenge for the code
 * step and leaves the address's failures as they are: a wrong code counts like a wrong password,
 * and knowing the password must not wipe the count of guessed codes.
 */
export async function attemptStaffSignIn(
  services: Pick<CoreServices, "db" | "boss" | "config">,
  input: { email: string; password: string; ip: string; requestId?: string },
): Promise<StaffAttemptResult | { ok: "code"; challenge: string }> {
  return underThrottle<StaffSignInResult | { ok: "code"; challenge: string }>(services, input, async (trx) => {
    const result = await signInStaff(trx, input.email.trim().toLowerCase(), input.password);
    if (!result.ok) return { result, counts: result.reason === "inactive" ? "clears" : "failure" };
    if (await hasConfirmedTotp(trx, result.staffId)) return { result: { ok: "code" as const, challenge: await issueSignInChallenge(trx, result.staffId) }, counts: "nothing" };
    return { result, counts: "clears" };
  });
}

/** The code step after a right password: the session may start only when this says ok. */
export async function attemptStaffCode(
  services: Pick<CoreServices, "db" | "boss" | "config">,
  input: { challenge: string; code: string; ip: string; requestId?: string },
): Promise<{ ok: true; staffId: number } | { ok: false; reason: "wrong-code" | "expired" } | Refusal> {
  const staff = await challengedStaff(services.db, input.challenge);
  if (!staff) return { ok: false, reason: "expired" };
  return underThrottle<{ ok: true; staffId: number } | { ok: false; reason: "wrong-code" }>(services, { email: staff.email, ip: input.ip, requestId: input.requestId }, async (trx) => {
    if (!(await redeemTotpCode(trx, services.config.sessionSecret, staff.id, input.code, { confirmed: true }))) {
      return { result: { ok: false as const, reason: "wrong-code" as const }, counts: "failure" };
    }
    await endSignInChallenge(trx, input.challenge);
    return { result: { ok: true as const, staffId: staff.id }, counts: "clears" };
  });
}

/** Turning the second factor off needs a current code, checked under the same throttle as sign-in. */
export async function attemptTotpRemoval(
  services: Pick<CoreServices, "db" | "boss" | "config">,
  staff: { id: number; email: string; role: string },
  input: { code: string; ip: string; requestId?: string },
): Promise<{ ok: true } | { ok: false; reason: "wrong-code" | "required" } | Refusal> {
  if (staff.role === "administrator" && (await totpRequiredForAdministrators(services.db))) return { ok: false, reason: "required" };
  return underThrottle<{ ok: true } | { ok: false; reason: "wrong-code" }>(services, { email: staff.email, ip: input.ip, requestId: input.requestId }, async (trx) => {
    if (!(await redeemTotpCode(trx, services.config.sessionSecret, staff.id, input.code, { confirmed: true }))) {
      return { result: { ok: false as const, reason: "wrong-code" as const }, counts: "failure" };
    }
    await removeTotp(trx, staff, input.requestId);
    return { result: { ok: true as const }, counts: "nothing" };
  });
}

/** The lock is audited and the account's owner, if the address is an account, is told (in their branch's zone). */
async function lockNotice(services: Pick<CoreServices, "boss" | "config">, trx: Transaction<Database>, email: string, ip: string, now: Date, requestId?: string) {
  const staff = await trx
    .selectFrom("shuxiang.staff as st")
    .select([
      "st.id",
      "st.name",
      "st.email",
      "st.language",
      sql<string>`coalesce(
        (SELECT b.timezone FROM shuxiang.staff_branches sb JOIN library.branches b ON b.code = sb.branch_code WHERE sb.staff_id = st.id ORDER BY sb.branch_code LIMIT 1),
        (SELECT b.timezone FROM library.branches b ORDER BY (b.kind = 'main') DESC, b.code LIMIT 1))`.as("zone"),
    ])
    .where(sql`lower(st.email)`, "=", email)
    .where("st.active", "=", true)
    .executeTakeFirst();
  if (!staff) return;
  const until = new Date(now.getTime() + WINDOW_MS);
  await recordAudit(trx, { actorStaffId: null, action: "staff.sign-in-locked", entityType: "staff", entityId: staff.id, after: { until: until.toISOString(), ip }, requestId });
  await queueMessage(trx, { boss: services.boss, publicUrl: services.config.publicUrl, secret: services.config.sessionSecret }, {
    to: { email: staff.email, name: staff.name, language: isLocale(staff.language) ? staff.language : defaultLocale },
    template: "staff-account-locked",
    data: { name: staff.name, minutes: LOCK_MINUTES, ip, until: until.toISOString(), zone: staff.zone },
    idempotencyKey: `staff-locked:${staff.id}:${until.toISOString()}`,
  });
}
