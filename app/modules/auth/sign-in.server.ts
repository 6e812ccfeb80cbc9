// Staff sign in with email and password; volunteers with a one-time code or link sent by email.
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "#db/schema.ts";
import { NO_SIGN_IN } from "./sign-in-status.ts";
import { dummyPasswordHash, verifyPassword } from "./password.server.ts";
import { hashCode, hashToken, randomCode, randomToken, safeEqual } from "#app/lib/tokens.server.ts";

export const CODE_TTL_MINUTES = 15;
export const MAX_CODES_PER_EMAIL_PER_HOUR = 5;
export const MAX_CODES_PER_IP_PER_HOUR = 20;
export const MAX_CODE_ATTEMPTS = 5;

export type StaffSignInResult = { ok: true; staffId: number } | { ok: false; reason: "wrong-password" | "inactive" };

export async function signInStaff(db: Kysely<Database>, email: string, password: string): Promise<StaffSignInResult> {
  const staff = await db
    .selectFrom("shuxiang.staff")
    .select(["id", "password_hash", "active"])
    .where(sql`lower(email)`, "=", email.trim().toLowerCase())
    .executeTakeFirst();
  // Verify against a dummy hash for unknown accounts so the answer takes as long either way.
  const valid = await verifyPassword(staff?.password_hash ?? (await dummyPasswordHash()), password);
  if (!staff || !staff.password_hash || !valid) return { ok: false, reason: "wrong-password" };
  if (!staff.active) return { ok: false, reason: "inactive" };
  return { ok: true, staffId: staff.id };
}

export type CodeRequestResult =
  | { ok: true; volunteer: { id: number; name: string; email: string; language: string }; code: string; linkToken: string }
  | { ok: false; reason: "unknown" | "inactive" }
  | { ok: false; reason: "rate-limited"; retryMinutes: number };

/**
 * Issues a code and link for a volunteer's email, within the rate limits, in the caller's
 * transaction (which also queues the email). Earlier unused codes for the address stop working.
 * A request for an address no active volunteer uses is refused here but counted against the same
 * limits, so the page can answer both alike without becoming a free way to test addresses.
 */
export async function issueSignInCode(
  trx: Transaction<Database>,
  secret: string,
  input: { email: string; ip: string },
): Promise<CodeRequestResult> {
  const email = input.email.trim().toLowerCase();
  // Serialise requests for one address so two at once cannot both pass the limit.
  await sql`SELECT pg_advisory_xact_lock(hashtext(${"sign-in:" + email}))`.execute(trx);
  const hourAgo = new Date(Date.now() - 3600_000);
  const recent = await trx
    .selectFrom("shuxiang.sign_in_codes")
    .select([
      sql<number>`count(*) FILTER (WHERE lower(email) = ${email})`.as("by_email"),
      sql<number>`count(*) FILTER (WHERE requested_ip = ${input.ip})`.as("by_ip"),
      sql<Date | null>`min(created_at) FILTER (WHERE lower(email) = ${email})`.as("oldest_by_email"),
      sql<Date | null>`min(created_at) FILTER (WHERE requested_ip = ${input.ip})`.as("oldest_by_ip"),
    ])
    .where("created_at", ">", hourAgo)
    .where((eb) => eb.or([eb(sql`lower(email)`, "=", email), eb("requested_ip", "=", input.ip)]))
    .executeTakeFirstOrThrow();
  const limitedSince =
    recent.by_email >= MAX_CODES_PER_EMAIL_PER_HOUR ? recent.oldest_by_email
    : recent.by_ip >= MAX_CODES_PER_IP_PER_HOUR ? recent.oldest_by_ip
    : null;
  if (limitedSince) {
    const freeAt = new Date(limitedSince).getTime() + 3600_000;
    return { ok: false, reason: "rate-limited", retryMinutes: Math.max(1, Math.ceil((freeAt - Date.now()) / 60_000)) };
  }

  const volunteer = await trx
    .selectFrom("shuxiang.volunteers")
    .select(["id", "name", "email", "language", "status"])
    .where(sql`lower(email)`, "=", email)
    .executeTakeFirst();
  const now = new Date();
  if (!volunteer || NO_SIGN_IN.includes(volunteer.status)) {
    // Counted, never usable: no volunteer, already used, already expired.
    await trx
      .insertInto("shuxiang.sign_in_codes")
      .values({ email, volunteer_id: null, code_hash: hashCode(randomCode(), secret), link_hash: hashToken(randomToken()), requested_ip: input.ip, expires_at: now, used_at: now })
      .execute();
    return { ok: false, reason: volunteer ? "inactive" : "unknown" };
  }

  await trx
    .updateTable("shuxiang.sign_in_codes")
    .set({ expires_at: now })
    .where(sql`lower(email)`, "=", email)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .execute();
  const code = randomCode();
  const linkToken = randomToken();
  await trx
    .insertInto("shuxiang.sign_in_codes")
    .values({
      email,
      volunteer_id: volunteer.id,
      code_hash: hashCode(code, secret),
      link_hash: hashToken(linkToken),
      requested_ip: input.ip,
      expires_at: new Date(now.getTime() + CODE_TTL_MINUTES * 60_000),
    })
    .execute();
  return { ok: true, volunteer, code, linkToken };
}

/** Checks a typed code: single use, expires, and locked after too many wrong tries. */
export async function redeemSignInCode(
  db: Kysely<Database>,
  secret: string,
  input: { email: string; code: string },
): Promise<number | null> {
  const email = input.email.trim().toLowerCase();
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("shuxiang.sign_in_codes")
      .select(["id", "volunteer_id", "code_hash", "failed_attempts"])
      .where(sql`lower(email)`, "=", email)
      .where("used_at", "is", null)
      .where("expires_at", ">", new Date())
      .orderBy("created_at", "desc")
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    if (!row || row.failed_attempts >= MAX_CODE_ATTEMPTS) return null;
    if (!safeEqual(row.code_hash, hashCode(input.code, secret))) {
      await trx
        .updateTable("shuxiang.sign_in_codes")
        .set((eb) => ({ failed_attempts: eb("failed_attempts", "+", 1) }))
        .where("id", "=", row.id)
        .execute();
      return null;
    }
    await trx.updateTable("shuxiang.sign_in_codes").set({ used_at: new Date() }).where("id", "=", row.id).execute();
    return activeVolunteerId(trx, row.volunteer_id);
  });
}

/** The email a link was sent to, if the link can still be used (shown before confirming). */
export async function peekSignInLink(db: Kysely<Database>, token: string): Promise<string | null> {
  const row = await validLink(db, token).select("email").executeTakeFirst();
  return row?.email ?? null;
}

/** Uses a link once: the conditional update makes two clicks at once sign in only one. */
export async function redeemSignInLink(db: Kysely<Database>, token: string): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("shuxiang.sign_in_codes")
      .set({ used_at: new Date() })
      .where("link_hash", "=", hashToken(token))
      .where("used_at", "is", null)
      .where("expires_at", ">", new Date())
      .where("failed_attempts", "<", MAX_CODE_ATTEMPTS)
      .returning("volunteer_id")
      .executeTakeFirst();
    return row ? activeVolunteerId(trx, row.volunteer_id) : null;
  });
}

function validLink(db: Kysely<Database>, token: string) {
  return db
    .selectFrom("shuxiang.sign_in_codes")
    .where("link_hash", "=", hashToken(token))
    .where("used_at", "is", null)
    .where("expires_at", ">", new Date())
    .where("failed_attempts", "<", MAX_CODE_ATTEMPTS);
}

async function activeVolunteerId(db: Kysely<Database>, id: number | null): Promise<number | null> {
  if (id === null) return null;
  const v = await db.selectFrom("shuxiang.volunteers").select("id").where("id", "=", id).where("status", "not in", NO_SIGN_IN).executeTakeFirst();
  return v?.id ?? null;
}
