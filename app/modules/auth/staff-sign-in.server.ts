// Staff sign-in with a throttle against guessing (docs/decisions/0017). Per address typed (known
// or not, so the answer tells nobody which accounts exist) and per client IP:
// - after FREE_FAILURES wrong passwords within the window, each further try waits a growing delay
//   (1, 2, 4 … seconds after the last failure);
// - at LOCK_AFTER failures the address is locked for LOCK_MINUTES: even the right password is
//   refused, the lock is audited and the account's owner is emailed;
// - one IP gets IP_LIMIT failures within the window across all addresses.
// A refused try is answered without checking the password and is not counted; a success clears
// the address's failures.
import { sql, type Transaction } from "kysely";
import type { Database } from "#db/schema.ts";
import { isLocale, defaultLocale } from "#app/i18n/config.ts";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { queueMessage } from "#app/modules/notifications/outbox.server.ts";
import type { Services } from "#app/services.server.ts";
import { signInStaff } from "./sign-in.server.ts";

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

export async function attemptStaffSignIn(
  services: Pick<Services, "db" | "boss" | "config">,
  input: { email: string; password: string; ip: string; requestId?: string },
): Promise<StaffAttemptResult> {
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

    const result = await signInStaff(trx, email, input.password);
    if (result.ok || result.reason === "inactive") {
      await trx.deleteFrom("shuxiang.staff_sign_in_failures").where("email", "=", email).execute();
      return result;
    }
    await trx.insertInto("shuxiang.staff_sign_in_failures").values({ email, ip: input.ip }).execute();
    // Old rows go as new ones come: nothing older than a day is kept.
    await trx.deleteFrom("shuxiang.staff_sign_in_failures").where("at", "<", new Date(now.getTime() - 86400_000)).execute();
    if (recent.by_email + 1 === LOCK_AFTER) await lockNotice(services, trx, email, input.ip, now, input.requestId);
    return result;
  });
}

/** The lock is audited and the account's owner, if the address is an account, is told (in their branch's zone). */
async function lockNotice(services: Pick<Services, "boss" | "config">, trx: Transaction<Database>, email: string, ip: string, now: Date, requestId?: string) {
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
