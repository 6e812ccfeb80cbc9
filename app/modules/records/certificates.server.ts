// Service certificates (志愿服务记录证明, 民发〔2015〕149; docs/decisions/0029): the hours and content
// of a volunteer's service records in a period (optionally one branch and one activity type),
// frozen when issued, with a number from a register that is gap-free per year, the volunteer's
// number, their ID document only with their consent (sealed at rest, masked on screen), the
// issuer's particulars and the issue date in the branch's zone. Anyone can check one at
// /certificates/<code>; staff can revoke one with a reason. Certificates are never deleted.
import crypto from "node:crypto";
import { sql, type Kysely } from "kysely";
import { DateTime } from "luxon";
import { z } from "zod";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { can, type StaffUser } from "#app/modules/auth/policy.ts";
import { transact } from "#app/lib/db.server.ts";
import { checkbox, oneOf, safeText } from "#app/lib/input.ts";
import { sealer } from "#app/lib/sealing.server.ts";
import type { CertificateIssuer, Database, IdDocType } from "#db/schema.ts";
import { countedRecordFilter } from "./records.server.ts";
import { ID_DOC_TYPES, SEAL_MAX_BYTES } from "./constants.ts";

export { ID_DOC_TYPES, SEAL_MAX_BYTES };

export interface CertificateLine {
  activityZh: string;
  activityEn: string;
  branchZh: string;
  branchEn: string;
  sessions: number;
  minutes: number;
}

export interface Certificate {
  code: string;
  number: string;
  volunteerId: number;
  volunteerName: string;
  volunteerNumber: string | null;
  idDocType: IdDocType | null;
  /** Opened only for the volunteer and staff; null otherwise. */
  idDocNumber: string | null;
  periodFrom: string;
  periodTo: string;
  branchZh: string | null;
  branchEn: string | null;
  roleZh: string | null;
  roleEn: string | null;
  sessions: number;
  minutes: number;
  lines: CertificateLine[];
  issuer: CertificateIssuer;
  issueDate: string;
  issuedAt: Date;
  revokedAt: Date | null;
  revokeReason: string | null;
}


/** Each use of the server secret has its own key. */
const idDocSealer = (secret: string) => sealer(secret, "shuxiang/id-document/v1");

// Crockford's base32 without look-alikes: easy to read out and type from paper.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export function certificateCode(): string {
  const bytes = crypto.randomBytes(12);
  let code = "";
  for (const b of bytes) code += ALPHABET[b % 32];
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}`;
}

export function certificateNumber(year: number, serial: number): string {
  return `SX-${year}-${String(serial).padStart(6, "0")}`;
}

// ---- The issuer's particulars (administrators keep them; a certificate keeps a copy) ----

const ISSUER_KEY = "certificate-issuer";
const SEAL_KEY = "certificate-seal";

export const DEFAULT_ISSUER: CertificateIssuer = { nameZh: "鼓楼图书馆", nameEn: "Gulou Library", personInCharge: "", handler: "", contact: "" };

export const issuerSchema = z.object({
  nameZh: safeText(80).pipe(z.string().min(1, "validation.required")),
  nameEn: safeText(120).pipe(z.string().min(1, "validation.required")),
  personInCharge: safeText(40).pipe(z.string().min(1, "validation.required")),
  handler: safeText(40).pipe(z.string().min(1, "validation.required")),
  contact: safeText(120).pipe(z.string().min(1, "validation.required")),
  removeSeal: checkbox,
});

export async function certificateIssuer(db: Kysely<Database>): Promise<{ issuer: CertificateIssuer; seal: string | null }> {
  const rows = await db.selectFrom("shuxiang.app_meta").select(["key", "value"]).where("key", "in", [ISSUER_KEY, SEAL_KEY]).execute();
  const issuer = rows.find((r) => r.key === ISSUER_KEY)?.value as CertificateIssuer | undefined;
  const seal = rows.find((r) => r.key === SEAL_KEY)?.value as string | undefined;
  return { issuer: { ...DEFAULT_ISSUER, ...issuer }, seal: seal ?? null };
}

const SEAL_TYPES = ["image/png", "image/jpeg", "image/webp"];

export type IssuerResult = { ok: true } | { ok: false; errors: Record<string, string> };

/** Saves the issuer's particulars and, when given, the seal image (PNG, JPEG or WebP, ≤ 300 KB); audited. */
export async function saveCertificateIssuer(db: Kysely<Database>, user: StaffUser, input: z.output<typeof issuerSchema>, seal: { type: string; bytes: Uint8Array } | null, requestId?: string | null): Promise<IssuerResult> {
  if (seal && !SEAL_TYPES.includes(seal.type)) return { ok: false, errors: { seal: "certificate.errors.sealType" } };
  if (seal && seal.bytes.byteLength > SEAL_MAX_BYTES) return { ok: false, errors: { seal: "certificate.errors.sealSize" } };
  const { removeSeal, ...issuer } = input;
  return transact(db, async (trx): Promise<IssuerResult> => {
    const upsert = (key: string, value: unknown) =>
      trx.insertInto("shuxiang.app_meta").values({ key, value: JSON.stringify(value) }).onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(value) })).execute();
    await upsert(ISSUER_KEY, issuer);
    if (seal) await upsert(SEAL_KEY, `data:${seal.type};base64,${Buffer.from(seal.bytes).toString("base64")}`);
    else if (removeSeal) await trx.deleteFrom("shuxiang.app_meta").where("key", "=", SEAL_KEY).execute();
    await recordAudit(trx, { actorStaffId: user.id, action: "certificate.issuer", entityType: "settings", entityId: ISSUER_KEY, after: { ...issuer, seal: seal ? `${seal.type}, ${seal.bytes.byteLength} bytes` : removeSeal ? "removed" : "unchanged" }, requestId });
    return { ok: true };
  });
}

// ---- The volunteer's ID document, with their consent ----

export const idDocumentSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("id-document"),
    idDocType: oneOf(ID_DOC_TYPES),
    idDocNumber: safeText(30).pipe(z.string().regex(/^[0-9A-Za-z()（）-]{5,30}$/, "certificate.errors.idNumber")),
    consent: checkbox.refine((v) => v, "certificate.errors.consent"),
  }),
  z.object({ intent: z.literal("id-document-remove") }),
]);

export async function setIdDocument(db: Kysely<Database>, secret: string, volunteerId: number, input: z.output<typeof idDocumentSchema>, now: Date = new Date()): Promise<void> {
  await db
    .updateTable("shuxiang.volunteers")
    .set(
      input.intent === "id-document"
        ? { id_doc_type: input.idDocType, id_doc_number_sealed: idDocSealer(secret).seal(input.idDocNumber.toUpperCase()), id_doc_consent_at: now }
        : { id_doc_type: null, id_doc_number_sealed: null, id_doc_consent_at: null },
    )
    .where("id", "=", volunteerId)
    .execute();
}

/** The document's number with all but its first 3 and last 4 characters hidden (320***********1234). */
export function maskIdNumber(value: string): string {
  if (value.length <= 7) return "*".repeat(value.length);
  return `${value.slice(0, 3)}${"*".repeat(value.length - 7)}${value.slice(-4)}`;
}

export async function myIdDocument(db: Kysely<Database>, secret: string, volunteerId: number): Promise<{ type: IdDocType; masked: string; consentAt: Date } | null> {
  const v = await db.selectFrom("shuxiang.volunteers").select(["id_doc_type", "id_doc_number_sealed", "id_doc_consent_at"]).where("id", "=", volunteerId).executeTakeFirst();
  if (!v?.id_doc_type || !v.id_doc_number_sealed || !v.id_doc_consent_at) return null;
  return { type: v.id_doc_type, masked: maskIdNumber(idDocSealer(secret).open(v.id_doc_number_sealed)), consentAt: v.id_doc_consent_at };
}

// ---- Issuing ----

export interface IssueInput {
  volunteerId: number;
  from: string;
  to: string;
  branch?: string;
  roleId?: number;
}

export type IssueResult = { ok: true; code: string; number: string } | { ok: false; errors: Record<string, string> };

/**
 * Issues a certificate for the volunteer (themselves, or staff on their behalf: `staff`), audited.
 * The number comes from the year's register row, raised in the same transaction: concurrent issues
 * queue on that row and a failed one gives its number back, so the numbers have no gaps.
 */
export async function issueCertificate(db: Kysely<Database>, input: IssueInput, staff: { id: number; name: string } | null, requestId?: string | null, now: Date = new Date()): Promise<IssueResult> {
  const { volunteerId, from, to } = input;
  if (to < from) return { ok: false, errors: { to: "certificate.errors.order" } };
  const volunteer = await db
    .selectFrom("shuxiang.volunteers as v")
    .leftJoin("library.branches as hb", "hb.code", "v.home_branch_code")
    .select(["v.id", "v.volunteer_number", "v.id_doc_type", "v.id_doc_number_sealed", "v.anonymised_at", "hb.timezone"])
    .where("v.id", "=", volunteerId)
    .executeTakeFirst();
  if (!volunteer || volunteer.anonymised_at) return { ok: false, errors: { volunteer: "certificate.errors.volunteer" } };
  // A volunteer with no home branch: the issuing (main) library's zone.
  let zone = volunteer.timezone ?? (await db.selectFrom("library.branches").select("timezone").where("kind", "=", "main").executeTakeFirst())?.timezone ?? "UTC";
  if (input.branch) {
    const branch = await db.selectFrom("library.branches").select("timezone").where("code", "=", input.branch).executeTakeFirst();
    if (!branch) return { ok: false, errors: { branch: "validation.choice" } };
    zone = branch.timezone;
  }
  const today = DateTime.fromJSDate(now, { zone }).toISODate()!;
  if (from > today) return { ok: false, errors: { from: "certificate.errors.future" } };
  let q = db
    .selectFrom("shuxiang.service_records as sr")
    .innerJoin("library.branches as br", "br.code", "sr.branch_code")
    .select([
      "sr.activity_zh",
      "sr.activity_en",
      "br.name_zh as branch_zh",
      "br.name_en as branch_en",
      sql<number>`count(*)`.as("sessions"),
      sql<number>`sum(sr.minutes)`.as("minutes"),
    ])
    .where("sr.volunteer_id", "=", volunteerId)
    .where(countedRecordFilter(now))
    .where("sr.local_date", ">=", from)
    .where("sr.local_date", "<=", to);
  if (input.branch) q = q.where("sr.branch_code", "=", input.branch);
  if (input.roleId) q = q.where("sr.role_id", "=", input.roleId);
  const rows = await q
    .groupBy(["sr.activity_zh", "sr.activity_en", "br.name_zh", "br.name_en", "br.sort_order"])
    .orderBy("br.sort_order")
    .orderBy("sr.activity_zh")
    .execute();
  const lines = rows.map((r) => ({ activityZh: r.activity_zh, activityEn: r.activity_en, branchZh: r.branch_zh, branchEn: r.branch_en, sessions: Number(r.sessions), minutes: Number(r.minutes) }));
  if (lines.length === 0) return { ok: false, errors: { from: "certificate.errors.nothing" } };
  const { issuer } = await certificateIssuer(db);
  const code = certificateCode();
  const year = Number(today.slice(0, 4));
  return transact(db, async (trx): Promise<IssueResult> => {
    const register = await sql<{ last_number: number }>`
      INSERT INTO shuxiang.certificate_register (year, last_number) VALUES (${year}, 1)
      ON CONFLICT (year) DO UPDATE SET last_number = shuxiang.certificate_register.last_number + 1
      RETURNING last_number`.execute(trx);
    const serial = register.rows[0].last_number;
    const number = certificateNumber(year, serial);
    const inserted = await trx
      .insertInto("shuxiang.certificates")
      .values({
        code,
        number,
        year,
        serial,
        volunteer_id: volunteerId,
        period_from: from,
        period_to: to,
        branch_code: input.branch ?? null,
        role_id: input.roleId ?? null,
        sessions: lines.reduce((a, l) => a + l.sessions, 0),
        minutes: lines.reduce((a, l) => a + l.minutes, 0),
        details: JSON.stringify(lines),
        issued_at: now,
        issue_date: today,
        issued_by: staff?.id ?? null,
        volunteer_number: volunteer.volunteer_number,
        id_doc_type: volunteer.id_doc_type,
        id_doc_number_sealed: volunteer.id_doc_number_sealed,
        issuer: JSON.stringify({ ...issuer, handler: staff?.name ?? issuer.handler }),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorStaffId: staff?.id ?? null,
      action: "certificate.issue",
      entityType: "certificate",
      entityId: inserted.id,
      branchCode: input.branch ?? null,
      after: { number, code, volunteerId, from, to, branch: input.branch ?? null, roleId: input.roleId ?? null, by: staff ? "staff" : "volunteer" },
      requestId,
    });
    return { ok: true, code, number };
  });
}

export const revokeSchema = z.object({ code: safeText(20), reason: safeText(300).pipe(z.string().min(1, "certificate.errors.reasonRequired")) });

export type RevokeResult = { ok: true } | { ok: false; status: 403 | 404 | 409; errors: Record<string, string> };

/** Administrators revoke any certificate; coordinators those issued for one of their branches or by them. */
export async function revokeCertificate(db: Kysely<Database>, user: StaffUser, code: string, reason: string, requestId?: string | null, now: Date = new Date()): Promise<RevokeResult> {
  return transact(db, async (trx): Promise<RevokeResult> => {
    const c = await trx.selectFrom("shuxiang.certificates").select(["id", "number", "branch_code", "issued_by", "revoked_at"]).where("code", "=", code.trim().toUpperCase()).forUpdate().executeTakeFirst();
    if (!c) return { ok: false, status: 404, errors: { form: "certificate.errors.notFound" } };
    const allowed = user.role === "administrator" || (can(user, "record.review") && ((c.branch_code !== null && can(user, "record.review", c.branch_code)) || c.issued_by === user.id));
    if (!allowed) return { ok: false, status: 403, errors: { form: "certificate.errors.forbidden" } };
    if (c.revoked_at) return { ok: false, status: 409, errors: { form: "certificate.errors.alreadyRevoked" } };
    await trx.updateTable("shuxiang.certificates").set({ revoked_at: now, revoked_by: user.id, revoke_reason: reason }).where("id", "=", c.id).execute();
    await recordAudit(trx, { actorStaffId: user.id, action: "certificate.revoke", entityType: "certificate", entityId: c.id, branchCode: c.branch_code, before: { number: c.number }, after: { revoked: true, reason }, requestId });
    return { ok: true };
  });
}

export async function findCertificate(db: Kysely<Database>, code: string, open?: { secret: string }): Promise<Certificate | null> {
  const normalized = code.trim().toUpperCase();
  if (!/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(normalized)) return null;
  const row = await db
    .selectFrom("shuxiang.certificates as c")
    .innerJoin("shuxiang.volunteers as v", "v.id", "c.volunteer_id")
    .leftJoin("library.branches as br", "br.code", "c.branch_code")
    .leftJoin("shuxiang.roles as r", "r.id", "c.role_id")
    .select([
      "c.code", "c.number", "c.volunteer_id", "v.name", "c.volunteer_number", "c.id_doc_type", "c.id_doc_number_sealed", "c.period_from", "c.period_to",
      "br.name_zh as branch_zh", "br.name_en as branch_en", "r.name_zh as role_zh", "r.name_en as role_en",
      "c.sessions", "c.minutes", "c.details", "c.issuer", "c.issue_date", "c.issued_at", "c.revoked_at", "c.revoke_reason",
    ])
    .where("c.code", "=", normalized)
    .executeTakeFirst();
  if (!row) return null;
  return {
    code: row.code,
    number: row.number,
    volunteerId: row.volunteer_id,
    volunteerName: row.name,
    volunteerNumber: row.volunteer_number,
    idDocType: row.id_doc_type,
    idDocNumber: open && row.id_doc_number_sealed ? idDocSealer(open.secret).open(row.id_doc_number_sealed) : null,
    periodFrom: row.period_from,
    periodTo: row.period_to,
    branchZh: row.branch_zh,
    branchEn: row.branch_en,
    roleZh: row.role_zh,
    roleEn: row.role_en,
    sessions: row.sessions,
    minutes: row.minutes,
    lines: row.details as CertificateLine[],
    issuer: { ...DEFAULT_ISSUER, ...(row.issuer as Partial<CertificateIssuer>) },
    issueDate: row.issue_date,
    issuedAt: row.issued_at,
    revokedAt: row.revoked_at,
    revokeReason: row.revoke_reason,
  };
}

export interface IssuedCertificate {
  code: string;
  number: string;
  volunteerName: string;
  volunteerNumber: string | null;
  periodFrom: string;
  periodTo: string;
  minutes: number;
  issueDate: string;
  revokedAt: Date | null;
}

export async function listCertificates(db: Kysely<Database>, filter: { volunteerId?: number; limit?: number }): Promise<IssuedCertificate[]> {
  let q = db
    .selectFrom("shuxiang.certificates as c")
    .innerJoin("shuxiang.volunteers as v", "v.id", "c.volunteer_id")
    .select(["c.code", "c.number", "v.name", "c.volunteer_number", "c.period_from", "c.period_to", "c.minutes", "c.issue_date", "c.revoked_at"]);
  if (filter.volunteerId !== undefined) q = q.where("c.volunteer_id", "=", filter.volunteerId);
  const rows = await q.orderBy("c.year", "desc").orderBy("c.serial", "desc").limit(filter.limit ?? 50).execute();
  return rows.map((r) => ({ code: r.code, number: r.number, volunteerName: r.name, volunteerNumber: r.volunteer_number, periodFrom: r.period_from, periodTo: r.period_to, minutes: r.minutes, issueDate: r.issue_date, revokedAt: r.revoked_at }));
}

/** A name as shown to someone checking a certificate: first and last character only (王*明). */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${"*".repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
