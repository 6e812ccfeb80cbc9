// Service records (志愿服务记录, docs/decisions/0028): one row per session served, with the fields
// 志愿服务记录办法 Art 7 names. The desk's check-in, check-out and adjustments write through to the
// record in the same transaction; a correction is a new revision, never an overwrite without
// history, and the database refuses to delete either.
import { sql, type Kysely, type RawBuilder, type Transaction } from "kysely";
import { z } from "zod";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { can, type StaffUser } from "#app/modules/auth/policy.ts";
import { transact } from "#app/lib/db.server.ts";
import { safeText } from "#app/lib/input.ts";
import type { Database, RecordQuality, RecordVia } from "#db/schema.ts";
import { QUALITIES } from "./constants.ts";

export { QUALITIES };

/** Minutes served on a booking (alias `b`): the adjusted minutes, else check-in to check-out (or the shift's end). */
export function servedMinutesSql(): RawBuilder<number> {
  return sql<number>`(CASE
    WHEN b.adjusted_minutes IS NOT NULL THEN b.adjusted_minutes
    WHEN b.checked_in_at IS NULL THEN 0
    ELSE GREATEST(0, round(extract(epoch FROM (COALESCE(b.checked_out_at, GREATEST(b.ends_at, b.checked_in_at)) - b.checked_in_at)) / 60))::int
  END)`;
}

/** Confirmed bookings of shifts that were held and have ended (or were checked out). */
export function servedBookingFilter(now?: Date): RawBuilder<boolean> {
  return sql<boolean>`(b.status = 'confirmed' AND (b.ends_at <= ${now ? sql`${now}::timestamptz` : sql`now()`} OR b.checked_out_at IS NOT NULL))`;
}

/** Records (alias `sr`) of service that has ended by now: what hours, certificates and exports count. */
function servedRecordFilter(now?: Date): RawBuilder<boolean> {
  return sql<boolean>`(sr.ended_at <= ${now ? sql`${now}::timestamptz` : sql`now()`})`;
}

/**
 * The one rule for hours of service: records (alias `sr`) that have ended by now and hold time
 * served. A volunteer's hours, the directory, the library's reports, certificates and exports all
 * count these, so a correction (new hours, or service the system did not schedule) shows the same
 * everywhere.
 */
export function countedRecordFilter(now?: Date): RawBuilder<boolean> {
  return sql<boolean>`(${servedRecordFilter(now)} AND sr.minutes > 0)`;
}


export interface RecordChange {
  staffId: number | null;
  via: RecordVia;
  reason?: string;
}

async function addRevision(trx: Transaction<Database>, recordId: number, revision: number, change: RecordChange): Promise<void> {
  const row = await trx
    .selectFrom("shuxiang.service_records")
    .select(["minutes", "started_at", "ended_at", "quality", "quality_note", "content_zh", "beneficiaries"])
    .where("id", "=", recordId)
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("shuxiang.service_record_revisions")
    .values({
      record_id: recordId,
      revision,
      staff_id: change.staffId,
      via: change.via,
      reason: change.reason ?? "",
      snapshot: JSON.stringify({ minutes: row.minutes, startedAt: row.started_at, endedAt: row.ended_at, quality: row.quality, qualityNote: row.quality_note, content: row.content_zh, beneficiaries: row.beneficiaries }),
    })
    .execute();
}

/**
 * Writes a booking's attendance to its record: creates it at the first check-in (or adjustment),
 * updates it after, one revision each time. Nothing happens for a booking nobody served.
 */
export async function recordFromBooking(trx: Transaction<Database>, bookingId: number, change: RecordChange): Promise<number | null> {
  const result = await sql<{ id: number; revision: number }>`
    INSERT INTO shuxiang.service_records (volunteer_id, booking_id, branch_code, room_id, role_id, event_id, activity_zh, activity_en, local_date,
      started_at, ended_at, minutes, beneficiaries, content_zh, content_en, person_in_charge, recorder, recorded_via)
    SELECT b.volunteer_id, b.id, s.branch_code, COALESCE(s.room_id, e.room_id), s.role_id, s.event_id,
      COALESCE(e.title_zh, r.name_zh), COALESCE(e.title_en, r.name_en), s.local_date,
      b.checked_in_at, COALESCE(b.checked_out_at, GREATEST(b.ends_at, COALESCE(b.checked_in_at, b.ends_at))),
      LEAST(1440, ${servedMinutesSql()}),
      COALESCE(e.audience, CASE WHEN br.kind = 'children' THEN 'children' ELSE 'everyone' END),
      r.name_zh || CASE WHEN s.notes <> '' THEN '：' || s.notes ELSE '' END,
      r.name_en || CASE WHEN s.notes <> '' THEN ': ' || s.notes ELSE '' END,
      s.created_by, ${change.staffId}::int, ${change.via}
    FROM shuxiang.bookings b
    JOIN shuxiang.shifts s ON s.id = b.shift_id
    JOIN shuxiang.roles r ON r.id = s.role_id
    JOIN library.branches br ON br.code = s.branch_code
    LEFT JOIN shuxiang.events e ON e.id = s.event_id
    WHERE b.id = ${bookingId} AND b.status = 'confirmed' AND (b.checked_in_at IS NOT NULL OR b.adjusted_minutes IS NOT NULL)
    ON CONFLICT (booking_id) DO UPDATE SET started_at = excluded.started_at, ended_at = excluded.ended_at, minutes = excluded.minutes,
      revision = shuxiang.service_records.revision + 1, updated_at = now()
    RETURNING id, revision`.execute(trx);
  const row = result.rows[0];
  if (!row) return null;
  await addRevision(trx, row.id, row.revision, change);
  return row.id;
}

/** Records for every served booking that has none yet (demo data; a store loaded by hand). */
export async function recordServedBookings(trx: Transaction<Database>): Promise<number> {
  const missing = await trx
    .selectFrom("shuxiang.bookings as b")
    .leftJoin("shuxiang.service_records as sr", "sr.booking_id", "b.id")
    .select("b.id")
    .where("sr.id", "is", null)
    .where("b.status", "=", "confirmed")
    .where((eb) => eb.or([eb("b.checked_in_at", "is not", null), eb("b.adjusted_minutes", "is not", null)]))
    .orderBy("b.id")
    .execute();
  for (const b of missing) await recordFromBooking(trx, b.id, { staffId: null, via: "desk" });
  return missing.length;
}

export interface RecordEdit {
  minutes?: number;
  quality?: RecordQuality | null;
  qualityNote?: string;
  content?: string;
}

/** A coordinator's correction or evaluation of a record: a new revision with the reason. */
export async function reviseRecord(trx: Transaction<Database>, recordId: number, edit: RecordEdit, change: RecordChange): Promise<boolean> {
  const updated = await trx
    .updateTable("shuxiang.service_records")
    .set({
      ...(edit.minutes !== undefined ? { minutes: edit.minutes } : {}),
      ...(edit.quality !== undefined ? { quality: edit.quality } : {}),
      ...(edit.qualityNote !== undefined ? { quality_note: edit.qualityNote } : {}),
      ...(edit.content !== undefined ? { content_zh: edit.content, content_en: edit.content } : {}),
      revision: sql`revision + 1`,
      updated_at: new Date(),
    })
    .where("id", "=", recordId)
    .returning("revision")
    .executeTakeFirst();
  if (!updated) return false;
  await addRevision(trx, recordId, updated.revision, change);
  return true;
}

export interface ServiceRecordView {
  id: number;
  volunteerId: number;
  volunteerName: string;
  volunteerNumber: string | null;
  bookingId: number | null;
  branchCode: string;
  branchZh: string;
  branchEn: string;
  roomZh: string | null;
  roomEn: string | null;
  activityZh: string;
  activityEn: string;
  localDate: string;
  startedAt: Date | null;
  endedAt: Date;
  minutes: number;
  beneficiaries: string;
  contentZh: string;
  contentEn: string;
  quality: RecordQuality | null;
  qualityNote: string;
  personInCharge: string | null;
  recorder: string | null;
  recordedVia: RecordVia;
  revision: number;
  timezone: string;
}

export interface RecordFilter {
  volunteerId?: number;
  branchCodes?: readonly string[] | "all";
  branch?: string;
  from?: string;
  to?: string;
  /** Only service that has ended by now (what counts). */
  servedOnly?: boolean;
  limit?: number;
}

export async function listRecords(db: Kysely<Database>, filter: RecordFilter): Promise<ServiceRecordView[]> {
  let q = db
    .selectFrom("shuxiang.service_records as sr")
    .innerJoin("shuxiang.volunteers as v", "v.id", "sr.volunteer_id")
    .innerJoin("library.branches as br", "br.code", "sr.branch_code")
    .leftJoin("shuxiang.rooms as rm", "rm.id", "sr.room_id")
    .leftJoin("shuxiang.staff as pic", "pic.id", "sr.person_in_charge")
    .leftJoin("shuxiang.staff as rec", "rec.id", "sr.recorder")
    .select([
      "sr.id",
      "sr.volunteer_id",
      "v.name as volunteer_name",
      "v.volunteer_number",
      "sr.booking_id",
      "sr.branch_code",
      "br.name_zh as branch_zh",
      "br.name_en as branch_en",
      "br.timezone",
      "rm.name_zh as room_zh",
      "rm.name_en as room_en",
      "sr.activity_zh",
      "sr.activity_en",
      "sr.local_date",
      "sr.started_at",
      "sr.ended_at",
      "sr.minutes",
      "sr.beneficiaries",
      "sr.content_zh",
      "sr.content_en",
      "sr.quality",
      "sr.quality_note",
      "pic.name as person_in_charge",
      "rec.name as recorder",
      "sr.recorded_via",
      "sr.revision",
    ]);
  if (filter.volunteerId !== undefined) q = q.where("sr.volunteer_id", "=", filter.volunteerId);
  if (filter.branchCodes && filter.branchCodes !== "all") q = q.where("sr.branch_code", "in", filter.branchCodes.length ? [...filter.branchCodes] : [""]);
  if (filter.branch) q = q.where("sr.branch_code", "=", filter.branch);
  if (filter.from) q = q.where("sr.local_date", ">=", filter.from);
  if (filter.to) q = q.where("sr.local_date", "<=", filter.to);
  if (filter.servedOnly) q = q.where(servedRecordFilter());
  const rows = await q.orderBy("sr.local_date", "desc").orderBy("sr.id", "desc").limit(filter.limit ?? 500).execute();
  return rows.map((r) => ({
    id: r.id,
    volunteerId: r.volunteer_id,
    volunteerName: r.volunteer_name,
    volunteerNumber: r.volunteer_number,
    bookingId: r.booking_id,
    branchCode: r.branch_code,
    branchZh: r.branch_zh,
    branchEn: r.branch_en,
    roomZh: r.room_zh,
    roomEn: r.room_en,
    activityZh: r.activity_zh,
    activityEn: r.activity_en,
    localDate: r.local_date,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    minutes: r.minutes,
    beneficiaries: r.beneficiaries,
    contentZh: r.content_zh,
    contentEn: r.content_en,
    quality: r.quality,
    qualityNote: r.quality_note,
    personInCharge: r.person_in_charge,
    recorder: r.recorder,
    recordedVia: r.recorded_via,
    revision: r.revision,
    timezone: r.timezone,
  }));
}

export interface RecordRevisionView {
  revision: number;
  at: Date;
  staffName: string | null;
  via: string;
  reason: string;
  snapshot: Record<string, unknown>;
}

export async function recordHistory(db: Kysely<Database>, recordId: number): Promise<{ record: ServiceRecordView; revisions: RecordRevisionView[] } | null> {
  const row = await db.selectFrom("shuxiang.service_records").select("volunteer_id").where("id", "=", recordId).executeTakeFirst();
  if (!row) return null;
  const [record] = (await listRecords(db, { volunteerId: row.volunteer_id, limit: 100_000 })).filter((r) => r.id === recordId);
  const revisions = await db
    .selectFrom("shuxiang.service_record_revisions as rv")
    .leftJoin("shuxiang.staff as st", "st.id", "rv.staff_id")
    .select(["rv.revision", "rv.at", "st.name as staff_name", "rv.via", "rv.reason", "rv.snapshot"])
    .where("rv.record_id", "=", recordId)
    .orderBy("rv.revision")
    .execute();
  return { record, revisions: revisions.map((r) => ({ revision: r.revision, at: r.at, staffName: r.staff_name, via: r.via, reason: r.reason, snapshot: r.snapshot })) };
}

export interface HoursRow {
  period: string;
  sessions: number;
  minutes: number;
}

/** Hours served by month and by year, from the records (the month of the service's local date). */
export async function myHours(db: Kysely<Database>, volunteerId: number): Promise<{ months: HoursRow[]; years: HoursRow[] }> {
  const rows = await db
    .selectFrom("shuxiang.service_records as sr")
    .select([sql<string>`to_char(sr.local_date, 'YYYY-MM')`.as("month"), sql<number>`count(*)`.as("sessions"), sql<number>`sum(sr.minutes)`.as("minutes")])
    .where("sr.volunteer_id", "=", volunteerId)
    .where(countedRecordFilter())
    .groupBy(sql`to_char(sr.local_date, 'YYYY-MM')`)
    .orderBy("month", "desc")
    .execute();
  const months = rows.map((r) => ({ period: r.month, sessions: Number(r.sessions), minutes: Number(r.minutes) }));
  const years = new Map<string, HoursRow>();
  for (const m of months) {
    const y = years.get(m.period.slice(0, 4)) ?? { period: m.period.slice(0, 4), sessions: 0, minutes: 0 };
    y.sessions += m.sessions;
    y.minutes += m.minutes;
    years.set(y.period, y);
  }
  return { months, years: [...years.values()] };
}

export const evaluationSchema = z.object({
  quality: z.preprocess((v) => (v === "" ? null : v), z.enum(QUALITIES, { errorMap: () => ({ message: "validation.choice" }) }).nullable()),
  qualityNote: safeText(300),
  content: safeText(300).pipe(z.string().min(1, "validation.required")),
  reason: safeText(300),
});
export type Evaluation = z.output<typeof evaluationSchema>;

export type EvaluateResult = { ok: true } | { ok: false; status: 403 | 404; errors: Record<string, string> };

/**
 * The quality evaluation (服务质量评价) by the desk or a coordinator of the record's branch, and the
 * content as the person in charge words it: a new revision, audited.
 */
export async function evaluateRecord(db: Kysely<Database>, user: StaffUser, recordId: number, input: Evaluation, requestId?: string | null): Promise<EvaluateResult> {
  return transact(db, async (trx): Promise<EvaluateResult> => {
    const before = await trx.selectFrom("shuxiang.service_records").select(["branch_code", "quality", "quality_note", "content_zh"]).where("id", "=", recordId).forUpdate().executeTakeFirst();
    if (!before) return { ok: false, status: 404, errors: { form: "records.errors.notFound" } };
    if (!can(user, "record.evaluate", before.branch_code)) return { ok: false, status: 403, errors: { form: "records.errors.forbidden" } };
    await reviseRecord(trx, recordId, { quality: input.quality, qualityNote: input.qualityNote, content: input.content }, { staffId: user.id, via: "desk", reason: input.reason || "evaluation" });
    await recordAudit(trx, {
      actorStaffId: user.id,
      action: "record.evaluate",
      entityType: "service-record",
      entityId: recordId,
      branchCode: before.branch_code,
      before: { quality: before.quality, qualityNote: before.quality_note, content: before.content_zh },
      after: { quality: input.quality, qualityNote: input.qualityNote, content: input.content, reason: input.reason },
      requestId,
    });
    return { ok: true };
  });
}

/** A volunteer by their volunteer number (GL-0001) or email, as staff type it. */
export async function findVolunteerByNumberOrEmail(db: Kysely<Database>, typed: string): Promise<{ id: number; name: string } | undefined> {
  const value = typed.trim();
  return db
    .selectFrom("shuxiang.volunteers")
    .select(["id", "name"])
    .where("anonymised_at", "is", null)
    .where((eb) => eb.or([eb(sql`upper(volunteer_number)`, "=", value.toUpperCase()), eb(sql`lower(email)`, "=", value.toLowerCase())]))
    .executeTakeFirst();
}
