// Corrections (志愿服务记录与证明出具办法: a volunteer who finds an error or a gap may ask, and the
// organisation verifies and corrects it promptly). A volunteer asks with a note — a missing
// check-in, wrong hours, or service nobody scheduled — and a coordinator of that branch approves
// (the hours change on the booking and its record, a new revision, audited, emailed) or declines
// with a reason. The volunteer sees the request's state throughout.
import { sql, type Kysely } from "kysely";
import { DateTime } from "luxon";
import { z } from "zod";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { can, type StaffUser } from "#app/modules/auth/policy.ts";
import { queueMessage } from "#app/modules/notifications/outbox.server.ts";
import { transact } from "#app/lib/db.server.ts";
import type { AppDeps } from "#app/lib/deps.server.ts";
import { calendarDate, code, intId, safeText } from "#app/lib/input.ts";
import { formatHours } from "#app/lib/time.ts";
import type { CorrectionKind, CorrectionStatus, Database } from "#db/schema.ts";
import { recordFromBooking } from "./records.server.ts";

export const CORRECTION_KINDS = ["missing-check-in", "wrong-hours", "unscheduled"] as const satisfies readonly CorrectionKind[];
/** How far back a correction may reach. */
const MAX_AGE_DAYS = 366;

const hoursField = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : /^\s*\d{1,2}(\.\d{1,2})?\s*$/.test(v) ? Number(v) : v) : v),
  z.number({ required_error: "validation.required", invalid_type_error: "records.errors.hours" }).min(0, "records.errors.hours").max(24, "records.errors.hours"),
);

export const correctionRequestSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("missing-check-in"), bookingId: intId, hours: hoursField, note: safeText(500, { multiline: true }).pipe(z.string().min(1, "validation.required")) }),
  z.object({ kind: z.literal("wrong-hours"), bookingId: intId, hours: hoursField, note: safeText(500, { multiline: true }).pipe(z.string().min(1, "validation.required")) }),
  z.object({
    kind: z.literal("unscheduled"),
    branch: code(),
    date: calendarDate,
    activity: safeText(120).pipe(z.string().min(1, "validation.required")),
    hours: hoursField,
    note: safeText(500, { multiline: true }).pipe(z.string().min(1, "validation.required")),
  }),
]);
export type CorrectionRequest = z.output<typeof correctionRequestSchema>;

export const correctionDecisionSchema = z.discriminatedUnion("decision", [
  z.object({ decision: z.literal("approve"), id: intId, hours: hoursField, reason: safeText(500, { multiline: true }) }),
  z.object({ decision: z.literal("decline"), id: intId, reason: safeText(500, { multiline: true }).pipe(z.string().min(1, "records.errors.reasonRequired")) }),
]);
export type CorrectionDecision = z.output<typeof correctionDecisionSchema>;

export type CorrectionResult = { ok: true; id: number } | { ok: false; status: 400 | 403 | 404 | 409; errors: Record<string, string> };

/** A volunteer's request; the booking must be theirs and over, the date past and within a year. */
export async function requestCorrection(db: Kysely<Database>, volunteerId: number, input: CorrectionRequest, now: Date = new Date()): Promise<CorrectionResult> {
  return transact(db, async (trx): Promise<CorrectionResult> => {
    let branchCode: string;
    let localDate: string;
    if (input.kind === "unscheduled") {
      const branch = await trx.selectFrom("library.branches").select(["code", "timezone"]).where("code", "=", input.branch).executeTakeFirst();
      if (!branch) return { ok: false, status: 400, errors: { branch: "validation.choice" } };
      const today = DateTime.fromJSDate(now, { zone: branch.timezone });
      if (input.date > today.toISODate()!) return { ok: false, status: 400, errors: { date: "records.errors.future" } };
      if (input.date < today.minus({ days: MAX_AGE_DAYS }).toISODate()!) return { ok: false, status: 400, errors: { date: "records.errors.tooOld" } };
      branchCode = branch.code;
      localDate = input.date;
    } else {
      const booking = await trx
        .selectFrom("shuxiang.bookings as b")
        .innerJoin("shuxiang.shifts as s", "s.id", "b.shift_id")
        .select(["b.id", "b.ends_at", "s.branch_code", "s.local_date"])
        .where("b.id", "=", input.bookingId)
        .where("b.volunteer_id", "=", volunteerId)
        .where("b.status", "=", "confirmed")
        .where("s.status", "=", "scheduled")
        .executeTakeFirst();
      if (!booking) return { ok: false, status: 400, errors: { bookingId: "records.errors.booking" } };
      if (new Date(booking.ends_at) > now) return { ok: false, status: 400, errors: { bookingId: "records.errors.notOver" } };
      if (now.getTime() - new Date(booking.ends_at).getTime() > MAX_AGE_DAYS * 86400_000) return { ok: false, status: 400, errors: { bookingId: "records.errors.tooOld" } };
      const pending = await trx.selectFrom("shuxiang.record_corrections").select("id").where("booking_id", "=", booking.id).where("status", "=", "pending").executeTakeFirst();
      if (pending) return { ok: false, status: 409, errors: { bookingId: "records.errors.pending" } };
      branchCode = booking.branch_code;
      localDate = booking.local_date;
    }
    const record = input.kind === "unscheduled" ? undefined : await trx.selectFrom("shuxiang.service_records").select("id").where("booking_id", "=", input.bookingId).executeTakeFirst();
    const inserted = await trx
      .insertInto("shuxiang.record_corrections")
      .values({
        volunteer_id: volunteerId,
        kind: input.kind,
        booking_id: input.kind === "unscheduled" ? null : input.bookingId,
        record_id: record?.id ?? null,
        branch_code: branchCode,
        local_date: localDate,
        minutes: Math.round(input.hours * 60),
        activity: input.kind === "unscheduled" ? input.activity : "",
        note: input.note,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { ok: true, id: inserted.id };
  });
}

/** Administrators, and coordinators of the branch, decide; desk staff do not. */
export function canDecideCorrection(user: StaffUser, branchCode: string): boolean {
  return can(user, "record.review", branchCode);
}

export async function decideCorrection(deps: AppDeps, user: StaffUser, input: CorrectionDecision, requestId?: string | null, now: Date = new Date()): Promise<CorrectionResult> {
  return transact(deps.db, async (trx): Promise<CorrectionResult> => {
    const c = await trx
      .selectFrom("shuxiang.record_corrections as c")
      .innerJoin("shuxiang.volunteers as v", "v.id", "c.volunteer_id")
      .select(["c.id", "c.kind", "c.status", "c.booking_id", "c.branch_code", "c.local_date", "c.minutes", "c.activity", "c.note", "c.volunteer_id", "v.name", "v.email", "v.language", "v.anonymised_at"])
      .where("c.id", "=", input.id)
      .forUpdate()
      .executeTakeFirst();
    if (!c) return { ok: false, status: 404, errors: { form: "records.errors.notFound" } };
    if (!canDecideCorrection(user, c.branch_code)) return { ok: false, status: 403, errors: { form: "records.errors.forbidden" } };
    if (c.status !== "pending") return { ok: false, status: 409, errors: { form: "records.errors.decided" } };
    const minutes = input.decision === "approve" ? Math.round(input.hours * 60) : null;
    let recordId: number | null = null;
    if (input.decision === "approve" && minutes !== null) {
      const reason = `#${c.id} ${c.note}${input.reason ? ` — ${input.reason}` : ""}`.slice(0, 1000);
      if (c.booking_id !== null) {
        // The booking carries the hours the desk, reports and the record all read.
        await trx.updateTable("shuxiang.bookings").set({ adjusted_minutes: minutes, adjust_reason: reason.slice(0, 300), no_show: false }).where("id", "=", c.booking_id).execute();
        recordId = await recordFromBooking(trx, c.booking_id, { staffId: user.id, via: "correction", reason });
      } else {
        const branch = await trx.selectFrom("library.branches").select("kind").where("code", "=", c.branch_code).executeTakeFirstOrThrow();
        const inserted = await trx
          .insertInto("shuxiang.service_records")
          .values({
            volunteer_id: c.volunteer_id,
            branch_code: c.branch_code,
            activity_zh: c.activity,
            activity_en: c.activity,
            local_date: c.local_date,
            ended_at: now,
            minutes,
            beneficiaries: branch.kind === "children" ? "children" : "everyone",
            content_zh: c.activity,
            content_en: c.activity,
            person_in_charge: user.id,
            recorder: user.id,
            recorded_via: "correction",
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        recordId = inserted.id;
        await trx
          .insertInto("shuxiang.service_record_revisions")
          .values({ record_id: recordId, revision: 1, staff_id: user.id, via: "correction", reason, snapshot: JSON.stringify({ minutes, startedAt: null, endedAt: now, content: c.activity }) })
          .execute();
      }
    }
    await trx
      .updateTable("shuxiang.record_corrections")
      .set({ status: input.decision === "approve" ? "approved" : "declined", decided_by: user.id, decided_at: now, decided_minutes: minutes, decision_reason: input.reason, record_id: recordId ?? sql`record_id` })
      .where("id", "=", c.id)
      .execute();
    await recordAudit(trx, {
      actorStaffId: user.id,
      action: `record-correction.${input.decision}`,
      entityType: "record-correction",
      entityId: c.id,
      branchCode: c.branch_code,
      before: { status: "pending", minutes: c.minutes },
      after: { status: input.decision === "approve" ? "approved" : "declined", minutes, reason: input.reason, recordId },
      requestId,
    });
    if (!c.anonymised_at) {
      await queueMessage(trx, deps, {
        to: { email: c.email, name: c.name, language: c.language },
        template: "record-correction",
        data: { name: c.name, decision: input.decision === "approve" ? "approved" : "declined", date: c.local_date, hours: formatHours(minutes ?? c.minutes), reason: input.reason, link: new URL("/volunteer/hours#corrections", deps.publicUrl).href },
        idempotencyKey: `record-correction:${c.id}`,
      });
    }
    return { ok: true, id: c.id };
  });
}

export interface CorrectionView {
  id: number;
  kind: CorrectionKind;
  status: CorrectionStatus;
  volunteerId: number;
  volunteerName: string;
  volunteerNumber: string | null;
  bookingId: number | null;
  branchCode: string;
  branchZh: string;
  branchEn: string;
  localDate: string;
  minutes: number;
  currentMinutes: number | null;
  activity: string;
  roleZh: string | null;
  roleEn: string | null;
  note: string;
  decidedMinutes: number | null;
  decisionReason: string;
  decidedAt: Date | null;
  createdAt: Date;
}

export async function listCorrections(db: Kysely<Database>, filter: { volunteerId?: number; branchCodes?: readonly string[] | "all"; status?: CorrectionStatus; limit?: number }): Promise<CorrectionView[]> {
  let q = db
    .selectFrom("shuxiang.record_corrections as c")
    .innerJoin("shuxiang.volunteers as v", "v.id", "c.volunteer_id")
    .innerJoin("library.branches as br", "br.code", "c.branch_code")
    .leftJoin("shuxiang.bookings as b", "b.id", "c.booking_id")
    .leftJoin("shuxiang.shifts as s", "s.id", "b.shift_id")
    .leftJoin("shuxiang.roles as r", "r.id", "s.role_id")
    .leftJoin("shuxiang.service_records as sr", (j) => j.on((eb) => eb.or([eb("sr.booking_id", "=", eb.ref("c.booking_id")), eb("sr.id", "=", eb.ref("c.record_id"))])))
    .select([
      "c.id", "c.kind", "c.status", "c.volunteer_id", "v.name", "v.volunteer_number", "c.booking_id", "c.branch_code", "br.name_zh as branch_zh", "br.name_en as branch_en",
      "c.local_date", "c.minutes", "sr.minutes as current_minutes", "c.activity", "r.name_zh as role_zh", "r.name_en as role_en", "c.note", "c.decided_minutes", "c.decision_reason", "c.decided_at", "c.created_at",
    ]);
  if (filter.volunteerId !== undefined) q = q.where("c.volunteer_id", "=", filter.volunteerId);
  if (filter.branchCodes && filter.branchCodes !== "all") q = q.where("c.branch_code", "in", filter.branchCodes.length ? [...filter.branchCodes] : [""]);
  if (filter.status) q = q.where("c.status", "=", filter.status);
  const rows = await q.orderBy("c.created_at", "desc").orderBy("c.id", "desc").limit(filter.limit ?? 200).execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    status: r.status,
    volunteerId: r.volunteer_id,
    volunteerName: r.name,
    volunteerNumber: r.volunteer_number,
    bookingId: r.booking_id,
    branchCode: r.branch_code,
    branchZh: r.branch_zh,
    branchEn: r.branch_en,
    localDate: r.local_date,
    minutes: r.minutes,
    currentMinutes: r.current_minutes,
    activity: r.activity,
    roleZh: r.role_zh,
    roleEn: r.role_en,
    note: r.note,
    decidedMinutes: r.decided_minutes,
    decisionReason: r.decision_reason,
    decidedAt: r.decided_at,
    createdAt: r.created_at,
  }));
}

/** A volunteer's past bookings a correction can be about (the last year, newest first). */
export async function correctableBookings(db: Kysely<Database>, volunteerId: number, now: Date = new Date()) {
  return db
    .selectFrom("shuxiang.bookings as b")
    .innerJoin("shuxiang.shifts as s", "s.id", "b.shift_id")
    .innerJoin("shuxiang.roles as r", "r.id", "s.role_id")
    .innerJoin("library.branches as br", "br.code", "s.branch_code")
    .leftJoin("shuxiang.service_records as sr", "sr.booking_id", "b.id")
    .select(["b.id", "s.local_date", "s.starts_at", "s.ends_at", "br.timezone", "br.name_zh as branch_zh", "br.name_en as branch_en", "r.name_zh as role_zh", "r.name_en as role_en", "sr.minutes"])
    .where("b.volunteer_id", "=", volunteerId)
    .where("b.status", "=", "confirmed")
    .where("s.status", "=", "scheduled")
    .where("b.ends_at", "<=", now)
    .where("b.ends_at", ">", new Date(now.getTime() - MAX_AGE_DAYS * 86400_000))
    .orderBy("s.starts_at", "desc")
    .limit(60)
    .execute();
}

