// Service certificates (志愿服务证明): the sessions and hours of a volunteer in a period, by role
// and branch, frozen when issued and checkable by anyone at /certificates/<code>.
import crypto from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { Database } from "#db/schema.ts";
import { servedBookingFilter, servedMinutesSql } from "#app/modules/records/records.server.ts";
import { parseLocalDate } from "./wall-time.ts";

export interface CertificateLine {
  roleZh: string;
  roleEn: string;
  branchZh: string;
  branchEn: string;
  sessions: number;
  minutes: number;
}

export interface Certificate {
  code: string;
  volunteerId: number;
  volunteerName: string;
  periodFrom: string;
  periodTo: string;
  sessions: number;
  minutes: number;
  lines: CertificateLine[];
  issuedAt: Date;
}

// Crockford's base32 without look-alikes: easy to read out and type from paper.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export function certificateCode(): string {
  const bytes = crypto.randomBytes(12);
  let code = "";
  for (const b of bytes) code += ALPHABET[b % 32];
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}`;
}

export type IssueResult = { ok: true; code: string } | { ok: false; errors: Record<string, string> };

export async function issueCertificate(db: Kysely<Database>, volunteerId: number, from: string, to: string, issuedBy: number | null, today: string): Promise<IssueResult> {
  if (!parseLocalDate(from)) return { ok: false, errors: { from: "validation.date" } };
  if (!parseLocalDate(to)) return { ok: false, errors: { to: "validation.date" } };
  if (to < from) return { ok: false, errors: { to: "certificate.errors.order" } };
  if (from > today) return { ok: false, errors: { from: "certificate.errors.future" } };
  const rows = await db
    .selectFrom("shuxiang.bookings as b")
    .innerJoin("shuxiang.shifts as s", "s.id", "b.shift_id")
    .innerJoin("shuxiang.roles as r", "r.id", "s.role_id")
    .innerJoin("library.branches as br", "br.code", "s.branch_code")
    .select([
      "r.name_zh as role_zh",
      "r.name_en as role_en",
      "br.name_zh as branch_zh",
      "br.name_en as branch_en",
      sql<number>`count(*)`.as("sessions"),
      sql<number>`sum(${servedMinutesSql()})`.as("minutes"),
    ])
    .where("b.volunteer_id", "=", volunteerId)
    .where(servedBookingFilter())
    .where("b.no_show", "=", false)
    .where("s.status", "=", "scheduled")
    .where("s.local_date", ">=", from)
    .where("s.local_date", "<=", to)
    .groupBy(["r.name_zh", "r.name_en", "br.name_zh", "br.name_en", "r.sort_order", "br.sort_order"])
    .orderBy("br.sort_order")
    .orderBy("r.sort_order")
    .execute();
  const lines = rows
    .map((r) => ({ roleZh: r.role_zh, roleEn: r.role_en, branchZh: r.branch_zh, branchEn: r.branch_en, sessions: Number(r.sessions), minutes: Number(r.minutes) }))
    .filter((l) => l.minutes > 0);
  if (lines.length === 0) return { ok: false, errors: { from: "certificate.errors.nothing" } };
  const code = certificateCode();
  await db
    .insertInto("shuxiang.certificates")
    .values({
      code,
      volunteer_id: volunteerId,
      period_from: from,
      period_to: to,
      sessions: lines.reduce((a, l) => a + l.sessions, 0),
      minutes: lines.reduce((a, l) => a + l.minutes, 0),
      details: JSON.stringify(lines),
      issued_by: issuedBy,
    })
    .execute();
  return { ok: true, code };
}

export async function findCertificate(db: Kysely<Database>, code: string): Promise<Certificate | null> {
  const normalized = code.trim().toUpperCase();
  if (!/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(normalized)) return null;
  const row = await db
    .selectFrom("shuxiang.certificates as c")
    .innerJoin("shuxiang.volunteers as v", "v.id", "c.volunteer_id")
    .select(["c.code", "c.volunteer_id", "v.name", "c.period_from", "c.period_to", "c.sessions", "c.minutes", "c.details", "c.issued_at"])
    .where("c.code", "=", normalized)
    .executeTakeFirst();
  if (!row) return null;
  return {
    code: row.code,
    volunteerId: row.volunteer_id,
    volunteerName: row.name,
    periodFrom: row.period_from,
    periodTo: row.period_to,
    sessions: row.sessions,
    minutes: row.minutes,
    lines: row.details as CertificateLine[],
    issuedAt: row.issued_at,
  };
}

/** A name as shown to someone checking a certificate: first and last character only (王*明). */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${"*".repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
