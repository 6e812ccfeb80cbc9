// Staff accounts: invitations and password resets by one-time link (random, stored as its hash,
// 72 hours, single use), roles and branches, deactivation that ends every session at once. The
// last active administrator can be neither deactivated nor given another role. Audited.
import { sql } from "kysely";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { can, type StaffUser } from "#app/modules/auth/policy.ts";
import { hashPassword } from "#app/modules/auth/password.server.ts";
import { hashToken, randomToken } from "#app/lib/tokens.server.ts";
import { queueMessage } from "#app/modules/notifications/outbox.server.ts";
import { transact, type Trx } from "#app/lib/db.server.ts";
import { type AppDeps } from "#app/lib/deps.server.ts";
import type { StaffInput } from "./schemas.ts";

export const LINK_HOURS = 72;
export type AdminResult<T = object> = ({ ok: true } & T) | { ok: false; errors: Record<string, string>; status?: 403 | 404 };
const forbidden = { ok: false as const, errors: { form: "admin.errors.forbidden" }, status: 403 as const };

export async function listStaff(db: AppDeps["db"]) {
  return db
    .selectFrom("shuxiang.staff as s")
    .select([
      "s.id", "s.name", "s.email", "s.role", "s.language", "s.active", "s.created_at",
      sql<boolean>`s.password_hash IS NOT NULL`.as("has_password"),
      sql<string[]>`coalesce((SELECT array_agg(sb.branch_code ORDER BY sb.branch_code) FROM shuxiang.staff_branches sb WHERE sb.staff_id = s.id), '{}')`.as("branches"),
    ])
    .orderBy("s.active", "desc")
    .orderBy("s.role")
    .orderBy("s.name")
    .execute();
}

async function checkBranches(trx: Trx, branches: string[]): Promise<boolean> {
  if (branches.length === 0) return true;
  const known = await trx.selectFrom("library.branches").select("code").where("code", "in", branches).execute();
  return known.length === new Set(branches).size;
}

/** Writes a one-time link (earlier unused ones of the account stop working) and emails it. */
async function sendLink(trx: Trx, deps: AppDeps, actor: StaffUser, staffId: number, purpose: "invite" | "reset") {
  const token = randomToken();
  await trx.updateTable("shuxiang.staff_tokens").set({ used_at: new Date() }).where("staff_id", "=", staffId).where("used_at", "is", null).execute();
  await trx
    .insertInto("shuxiang.staff_tokens")
    .values({ staff_id: staffId, purpose, token_hash: hashToken(token), expires_at: new Date(Date.now() + LINK_HOURS * 3600_000), created_by: actor.id })
    .execute();
  const person = await trx.selectFrom("shuxiang.staff").select(["name", "email", "role", "language"]).where("id", "=", staffId).executeTakeFirstOrThrow();
  await queueMessage(trx, deps, {
    to: { email: person.email, name: person.name, language: person.language },
    template: purpose === "invite" ? "staff-invite" : "staff-password-reset",
    data: { name: person.name, role: person.role, invitedBy: actor.name, link: new URL(`/staff/set-password/${token}`, deps.publicUrl).href, hours: LINK_HOURS },
  });
}

/** An administrator invites a staff member, who sets a password through the emailed link. */
export async function inviteStaff(deps: AppDeps, actor: StaffUser, input: StaffInput, requestId?: string | null): Promise<AdminResult<{ staffId: number }>> {
  if (!can(actor, "admin.staff")) return forbidden;
  return transact(deps.db, async (trx): Promise<AdminResult<{ staffId: number }>> => {
    if (!(await checkBranches(trx, input.branches))) return { ok: false, errors: { branches: "shifts.errors.branch" } };
    const exists = await trx.selectFrom("shuxiang.staff").select("id").where(sql`lower(email)`, "=", input.email.toLowerCase()).executeTakeFirst();
    if (exists) return { ok: false, errors: { email: "admin.errors.emailTaken" } };
    const row = await trx.insertInto("shuxiang.staff").values({ email: input.email, name: input.name, role: input.role, language: input.language, password_hash: null }).returning("id").executeTakeFirstOrThrow();
    const branches = input.role === "administrator" ? [] : [...new Set(input.branches)];
    if (branches.length) await trx.insertInto("shuxiang.staff_branches").values(branches.map((b) => ({ staff_id: row.id, branch_code: b }))).execute();
    await sendLink(trx, deps, actor, row.id, "invite");
    await recordAudit(trx, { actorStaffId: actor.id, action: "staff.invite", entityType: "staff", entityId: row.id, after: { ...input, branches }, requestId });
    return { ok: true, staffId: row.id };
  });
}

async function otherActiveAdmins(trx: Trx, staffId: number): Promise<number> {
  const row = await trx.selectFrom("shuxiang.staff").select((eb) => eb.fn.countAll<number>().as("n")).where("role", "=", "administrator").where("active", "=", true).where("id", "<>", staffId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Changes name, role, language and branches; the last administrator keeps the role. */
export async function updateStaff(deps: AppDeps, actor: StaffUser, staffId: number, input: Omit<StaffInput, "email">, requestId?: string | null): Promise<AdminResult> {
  if (!can(actor, "admin.staff")) return forbidden;
  return transact(deps.db, async (trx): Promise<AdminResult> => {
    // Administrators are serialised here, so two demoting each other at once cannot both win.
    await sql`SELECT id FROM shuxiang.staff WHERE role = 'administrator' ORDER BY id FOR UPDATE`.execute(trx);
    const before = await trx.selectFrom("shuxiang.staff").select(["id", "name", "role", "language", "active"]).where("id", "=", staffId).forUpdate().executeTakeFirst();
    if (!before) return { ok: false, errors: { form: "admin.errors.notFound" }, status: 404 };
    if (!(await checkBranches(trx, input.branches))) return { ok: false, errors: { branches: "shifts.errors.branch" } };
    if (before.role === "administrator" && input.role !== "administrator" && before.active && (await otherActiveAdmins(trx, staffId)) === 0) return { ok: false, errors: { role: "admin.errors.lastAdmin" } };
    await trx.updateTable("shuxiang.staff").set({ name: input.name, role: input.role, language: input.language }).where("id", "=", staffId).execute();
    const branches = input.role === "administrator" ? [] : [...new Set(input.branches)];
    await trx.deleteFrom("shuxiang.staff_branches").where("staff_id", "=", staffId).execute();
    if (branches.length) await trx.insertInto("shuxiang.staff_branches").values(branches.map((b) => ({ staff_id: staffId, branch_code: b }))).execute();
    await recordAudit(trx, { actorStaffId: actor.id, action: "staff.update", entityType: "staff", entityId: staffId, before, after: { ...input, branches }, requestId });
    return { ok: true };
  });
}

/** Deactivating ends every session of the account at once; the last administrator stays. */
export async function setStaffActive(deps: AppDeps, actor: StaffUser, staffId: number, active: boolean, requestId?: string | null): Promise<AdminResult> {
  if (!can(actor, "admin.staff")) return forbidden;
  return transact(deps.db, async (trx): Promise<AdminResult> => {
    await sql`SELECT id FROM shuxiang.staff WHERE role = 'administrator' ORDER BY id FOR UPDATE`.execute(trx);
    const person = await trx.selectFrom("shuxiang.staff").select(["role", "active"]).where("id", "=", staffId).forUpdate().executeTakeFirst();
    if (!person) return { ok: false, errors: { form: "admin.errors.notFound" }, status: 404 };
    if (!active && person.role === "administrator" && (await otherActiveAdmins(trx, staffId)) === 0) return { ok: false, errors: { form: "admin.errors.lastAdmin" } };
    await trx.updateTable("shuxiang.staff").set({ active }).where("id", "=", staffId).execute();
    if (!active) {
      await trx.deleteFrom("shuxiang.sessions").where("staff_id", "=", staffId).execute();
      await trx.updateTable("shuxiang.staff_tokens").set({ used_at: new Date() }).where("staff_id", "=", staffId).where("used_at", "is", null).execute();
    }
    await recordAudit(trx, { actorStaffId: actor.id, action: active ? "staff.activate" : "staff.deactivate", entityType: "staff", entityId: staffId, before: { active: person.active }, after: { active }, requestId });
    return { ok: true };
  });
}

export async function sendPasswordReset(deps: AppDeps, actor: StaffUser, staffId: number, requestId?: string | null): Promise<AdminResult> {
  if (!can(actor, "admin.staff")) return forbidden;
  return transact(deps.db, async (trx): Promise<AdminResult> => {
    const person = await trx.selectFrom("shuxiang.staff").select(["active", "password_hash"]).where("id", "=", staffId).executeTakeFirst();
    if (!person) return { ok: false, errors: { form: "admin.errors.notFound" }, status: 404 };
    if (!person.active) return { ok: false, errors: { form: "admin.errors.inactive" } };
    await sendLink(trx, deps, actor, staffId, person.password_hash ? "reset" : "invite");
    await recordAudit(trx, { actorStaffId: actor.id, action: "staff.password-link", entityType: "staff", entityId: staffId, requestId });
    return { ok: true };
  });
}

/** Who a link is for, while it can still be used. */
export async function peekStaffToken(db: AppDeps["db"], token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  return db
    .selectFrom("shuxiang.staff_tokens as t")
    .innerJoin("shuxiang.staff as s", "s.id", "t.staff_id")
    .select(["s.id", "s.name", "s.email", "t.purpose"])
    .where("t.token_hash", "=", hashToken(token))
    .where("t.used_at", "is", null)
    .where("t.expires_at", ">", new Date())
    .where("s.active", "=", true)
    .executeTakeFirst();
}

/** Sets the password once; every other session of the account ends. */
export async function setPasswordWithToken(db: AppDeps["db"], token: string, password: string): Promise<AdminResult<{ staffId: number }>> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { ok: false, errors: { form: "admin.errors.linkInvalid" }, status: 404 };
  const hash = await hashPassword(password);
  return db.transaction().execute(async (trx): Promise<AdminResult<{ staffId: number }>> => {
    const used = await trx
      .updateTable("shuxiang.staff_tokens")
      .set({ used_at: new Date() })
      .where("token_hash", "=", hashToken(token))
      .where("used_at", "is", null)
      .where("expires_at", ">", new Date())
      .returning("staff_id")
      .executeTakeFirst();
    if (!used) return { ok: false, errors: { form: "admin.errors.linkInvalid" }, status: 404 };
    const person = await trx.updateTable("shuxiang.staff").set({ password_hash: hash }).where("id", "=", used.staff_id).where("active", "=", true).returning("id").executeTakeFirst();
    if (!person) return { ok: false, errors: { form: "admin.errors.linkInvalid" }, status: 404 };
    await trx.deleteFrom("shuxiang.sessions").where("staff_id", "=", used.staff_id).execute();
    await recordAudit(trx, { actorStaffId: used.staff_id, action: "staff.set-password", entityType: "staff", entityId: used.staff_id });
    return { ok: true, staffId: used.staff_id };
  });
}
