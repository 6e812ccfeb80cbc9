// Staff's TOTP second factor (docs/decisions/0020): enrolment (a pending secret shown as a QR code
// and as text, confirmed by a code), the sign-in challenge between the password and the code,
// removal, and the setting that makes it mandatory for administrators. The secret rests sealed.
import { sql, type Kysely, type Transaction } from "kysely";
import { renderSVG } from "uqr";
import type { Database } from "#db/schema.ts";
import { sealer } from "#app/lib/sealing.server.ts";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { hashToken, randomToken } from "#app/lib/tokens.server.ts";
import { can, type StaffUser } from "./policy.ts";
import { acceptedStep, newTotpSecret, totpUri } from "./totp.ts";

const REQUIRED_KEY = "staff_totp_required";
const CHALLENGE_MINUTES = 5;
const totpSealer = (secret: string) => sealer(secret, "shuxiang staff totp v1");

type Executor = Kysely<Database> | Transaction<Database>;
interface Staff {
  id: number;
  email: string;
  role: string;
}

/** Whether the staff member behind `staff` (a column reference) must enrol before anything else. */
export function mustEnrolTotpSql(staff: { id: string; role: string }) {
  return sql<boolean>`(
    ${sql.ref(staff.role)} = 'administrator'
    AND coalesce((SELECT m.value = 'true'::jsonb FROM shuxiang.app_meta m WHERE m.key = ${REQUIRED_KEY}), false)
    AND NOT EXISTS (SELECT 1 FROM shuxiang.staff_totp t WHERE t.staff_id = ${sql.ref(staff.id)} AND t.confirmed_at IS NOT NULL))`;
}

export async function totpRequiredForAdministrators(db: Executor): Promise<boolean> {
  const row = await db.selectFrom("shuxiang.app_meta").select("value").where("key", "=", REQUIRED_KEY).executeTakeFirst();
  return row?.value === true;
}

/** What the account security page shows: enrolled or not, and a pending enrolment's QR code and text. */
export async function totpStatus(db: Executor, serverSecret: string, staff: Staff) {
  const [row, required] = await Promise.all([
    db.selectFrom("shuxiang.staff_totp").select(["secret_sealed", "confirmed_at"]).where("staff_id", "=", staff.id).executeTakeFirst(),
    totpRequiredForAdministrators(db),
  ]);
  let pending: { secret: string; qrDataUrl: string } | null = null;
  if (row && !row.confirmed_at) {
    const secret = totpSealer(serverSecret).open(row.secret_sealed);
    const svg = renderSVG(totpUri(secret, staff.email), { border: 2 });
    pending = { secret, qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}` };
  }
  return { enrolled: Boolean(row?.confirmed_at), confirmedAt: row?.confirmed_at ?? null, pending, required };
}

/** A new pending secret, replacing an unconfirmed one; an enrolled factor is left alone. */
export async function startTotpEnrolment(db: Kysely<Database>, serverSecret: string, staff: Staff): Promise<void> {
  const sealed = totpSealer(serverSecret).seal(newTotpSecret());
  await db
    .insertInto("shuxiang.staff_totp")
    .values({ staff_id: staff.id, secret_sealed: sealed })
    .onConflict((oc) => oc.column("staff_id").doUpdateSet({ secret_sealed: sealed, last_used_step: null }).where("shuxiang.staff_totp.confirmed_at", "is", null))
    .execute();
}

/**
 * Checks a code against the staff member's factor (pending or confirmed, as asked) and, when it is
 * accepted, records its step so it cannot be used again. The row is locked for the check.
 */
export async function redeemTotpCode(
  trx: Transaction<Database>,
  serverSecret: string,
  staffId: number,
  code: string,
  { confirmed }: { confirmed: boolean },
): Promise<boolean> {
  const row = await trx
    .selectFrom("shuxiang.staff_totp")
    .select(["secret_sealed", "last_used_step"])
    .where("staff_id", "=", staffId)
    .where("confirmed_at", confirmed ? "is not" : "is", null)
    .forUpdate()
    .executeTakeFirst();
  if (!row) return false;
  const step = acceptedStep(totpSealer(serverSecret).open(row.secret_sealed), code, row.last_used_step, Date.now());
  if (step === null) return false;
  await trx.updateTable("shuxiang.staff_totp").set({ last_used_step: step }).where("staff_id", "=", staffId).execute();
  return true;
}

/** Confirms a pending enrolment with a code from the app; audited. */
export async function confirmTotpEnrolment(
  db: Kysely<Database>,
  serverSecret: string,
  staff: Staff,
  code: string,
  requestId?: string,
): Promise<{ ok: true } | { ok: false; error: string }> {
  return db.transaction().execute(async (trx) => {
    if (!(await redeemTotpCode(trx, serverSecret, staff.id, code, { confirmed: false }))) return { ok: false as const, error: "security.wrongCode" };
    await trx.updateTable("shuxiang.staff_totp").set({ confirmed_at: new Date() }).where("staff_id", "=", staff.id).execute();
    await recordAudit(trx, { actorStaffId: staff.id, action: "staff.totp-enrolled", entityType: "staff", entityId: staff.id, requestId });
    return { ok: true as const };
  });
}

/** Removes the factor once a current code has been checked (by the caller, under the sign-in throttle); audited. */
export async function removeTotp(trx: Transaction<Database>, staff: Staff, requestId?: string): Promise<void> {
  await trx.deleteFrom("shuxiang.staff_totp").where("staff_id", "=", staff.id).execute();
  await recordAudit(trx, { actorStaffId: staff.id, action: "staff.totp-removed", entityType: "staff", entityId: staff.id, requestId });
}

export async function hasConfirmedTotp(db: Executor, staffId: number): Promise<boolean> {
  const row = await db.selectFrom("shuxiang.staff_totp").select("staff_id").where("staff_id", "=", staffId).where("confirmed_at", "is not", null).executeTakeFirst();
  return Boolean(row);
}

/**
 * Administrators only. Turning it on needs the administrator's own factor first, so the one who
 * sets it is not the first locked out of their work; audited with before and after.
 */
export async function setTotpRequired(
  db: Kysely<Database>,
  staff: StaffUser,
  required: boolean,
  requestId?: string,
): Promise<{ ok: true } | { ok: false; error: string; status: 400 | 403 }> {
  if (!can(staff, "admin.security")) return { ok: false, error: "admin.errors.forbidden", status: 403 };
  return db.transaction().execute(async (trx) => {
    if (required && !(await hasConfirmedTotp(trx, staff.id))) return { ok: false as const, error: "security.enrolFirst", status: 400 as const };
    const before = await totpRequiredForAdministrators(trx);
    await trx
      .insertInto("shuxiang.app_meta")
      .values({ key: REQUIRED_KEY, value: JSON.stringify(required) })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(required) }))
      .execute();
    if (before !== required) {
      await recordAudit(trx, { actorStaffId: staff.id, action: "settings.staff-totp-required", entityType: "settings", entityId: REQUIRED_KEY, before, after: required, requestId });
    }
    return { ok: true as const };
  });
}

/** After a right password: a short-lived, single-use challenge for the code step (its id goes in the form). */
export async function issueSignInChallenge(trx: Transaction<Database>, staffId: number): Promise<string> {
  const token = randomToken();
  await trx.deleteFrom("shuxiang.staff_sign_in_challenges").where("expires_at", "<", new Date()).execute();
  await trx
    .insertInto("shuxiang.staff_sign_in_challenges")
    .values({ id_hash: hashToken(token), staff_id: staffId, expires_at: new Date(Date.now() + CHALLENGE_MINUTES * 60_000) })
    .execute();
  return token;
}

/** The active staff member a live challenge belongs to, with the address their throttle counts under. */
export async function challengedStaff(db: Executor, token: string): Promise<{ id: number; email: string } | null> {
  const row = await db
    .selectFrom("shuxiang.staff_sign_in_challenges as c")
    .innerJoin("shuxiang.staff as st", "st.id", "c.staff_id")
    .select(["st.id", sql<string>`lower(st.email)`.as("email")])
    .where("c.id_hash", "=", hashToken(token))
    .where("c.expires_at", ">", new Date())
    .where("st.active", "=", true)
    .executeTakeFirst();
  return row ?? null;
}

export async function endSignInChallenge(trx: Transaction<Database>, token: string): Promise<void> {
  await trx.deleteFrom("shuxiang.staff_sign_in_challenges").where("id_hash", "=", hashToken(token)).execute();
}
