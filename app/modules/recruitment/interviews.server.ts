// Interviews: scheduling one moves the application to "interview"; the applicant and the
// interviewer each get an email with the calendar invite (UID interview-<id>@host), a reschedule
// sends an update of the same invite (higher SEQUENCE), a cancellation a CANCEL. The outcome is
// recorded on the interview and in the application's history.
import { sql } from "kysely";
import type { InterviewMessageData, InterviewMessageKind } from "#emails/interview.tsx";
import type { InterviewOutcome, Locale } from "#db/schema.ts";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { can, type StaffUser } from "#app/modules/auth/policy.ts";
import { planningBranch } from "#app/modules/branches/branches.server.ts";
import { calendarUid, type CalendarItem, type FeedWindow } from "#app/modules/calendar/ical.server.ts";
import { reissueInvites } from "#app/modules/calendar/sequence.server.ts";
import { deskCancel, deskInvite, deskOrganizer, venueLocation, venuePlace, venueTimes, type VenueRow } from "#app/modules/calendar/venue.server.ts";
import { LEAD_TIMES, queueOnce, reminderDue } from "#app/modules/notifications/once.server.ts";
import { queueMessage } from "#app/modules/notifications/outbox.server.ts";
import { transact, type Trx } from "#app/lib/db.server.ts";
import { type AppDeps } from "#app/lib/deps.server.ts";
import { wallInterval, WALL_ERRORS } from "#app/lib/wall-time.ts";

export interface InterviewInput {
  branch: string;
  date: string;
  start: string;
  end: string;
  roomId?: number;
  place: string;
  interviewerId: number;
}

export type InterviewResult = { ok: true; interviewId: number } | { ok: false; errors: Record<string, string>; status?: 403 };

interface InterviewRow extends VenueRow {
  id: number;
  application_id: number;
  sequence: number;
  status: string;
  starts_at: Date;
  ends_at: Date;
  place: string;
  applicant_id: number;
  applicant_wants_reminders: boolean;
  applicant_name: string;
  applicant_email: string;
  applicant_language: Locale;
  interviewer_name: string;
  interviewer_email: string;
  interviewer_language: Locale;
}


const INTERVIEW_SELECT = sql`
    SELECT i.id, i.application_id, i.sequence, i.status, i.starts_at, i.ends_at, i.place, br.timezone,
      br.name_zh AS branch_zh, br.name_en AS branch_en, br.address_zh, br.address_en,
      rm.name_zh AS room_zh, rm.name_en AS room_en, bs.desk_email,
      v.id AS applicant_id, v.wants_reminders AS applicant_wants_reminders, v.name AS applicant_name, v.email AS applicant_email, v.language AS applicant_language,
      st.name AS interviewer_name, st.email AS interviewer_email, st.language AS interviewer_language
    FROM shuxiang.interviews i
    JOIN library.branches br ON br.code = i.branch_code
    LEFT JOIN shuxiang.rooms rm ON rm.id = i.room_id
    LEFT JOIN shuxiang.branch_settings bs ON bs.branch_code = i.branch_code
    JOIN shuxiang.applications a ON a.id = i.application_id
    JOIN shuxiang.volunteers v ON v.id = a.volunteer_id
    JOIN shuxiang.staff st ON st.id = i.interviewer_staff_id`;

async function loadInterview(trx: Trx, id: number): Promise<InterviewRow> {
  const row = await sql<InterviewRow>`${INTERVIEW_SELECT} WHERE i.id = ${id}`.execute(trx);
  return row.rows[0];
}

type Person = { name: string; email: string; language: Locale };

function personOf(r: InterviewRow, audience: "applicant" | "interviewer"): Person {
  return audience === "applicant" ? { name: r.applicant_name, email: r.applicant_email, language: r.applicant_language } : { name: r.interviewer_name, email: r.interviewer_email, language: r.interviewer_language };
}

/** The interview as one person's calendar item (invites and the applicant's feed). */
export function interviewCalendarItem(r: InterviewRow, person: Person, host: string, cancelled: boolean): CalendarItem {
  const en = person.language === "en";
  const branch = en ? r.branch_en : r.branch_zh;
  return {
    uid: calendarUid("interview", r.id, host),
    sequence: r.sequence,
    ...venueTimes(r),
    summary: en ? `Volunteer interview · ${r.applicant_name} · ${branch}` : `志愿者面谈 · ${r.applicant_name} · ${branch}`,
    location: venueLocation(r, en),
    organizer: deskOrganizer(r, en),
    attendee: { name: person.name, email: person.email },
    cancelled,
    alarmMinutesBefore: 60,
  };
}

/** The applicant's interviews for their personal feed (cancelled ones kept `since`). */
export async function interviewFeedItems(db: AppDeps["db"], volunteerId: number, window: FeedWindow, host: string): Promise<CalendarItem[]> {
  const rows = await sql<InterviewRow>`${INTERVIEW_SELECT}
    WHERE a.volunteer_id = ${volunteerId} AND i.ends_at > ${window.from} AND (i.status IN ('scheduled', 'done') OR i.updated_at > ${window.cancelledSince})
    ORDER BY i.starts_at`.execute(db);
  return rows.rows.map((r) => interviewCalendarItem(r, personOf(r, "applicant"), host, r.status === "cancelled"));
}

/** The email and invite to both people, each in their own language. */
async function notifyInterview(trx: Trx, deps: AppDeps, id: number, kind: InterviewMessageKind, extra: { previous?: { start: Date; end: Date }; reason?: string; leadHours?: number } = {}) {
  const r = await loadInterview(trx, id);
  const host = deps.publicUrl.hostname;
  const reminder = kind === "interview-reminder";
  for (const audience of ["applicant", "interviewer"] as const) {
    // The applicant may stop reminders; the interviewer's is part of their work and always goes.
    const unsubscribable = reminder && audience === "applicant";
    if (unsubscribable && !r.applicant_wants_reminders) continue;
    const person = personOf(r, audience);
    const data: InterviewMessageData = {
      name: person.name,
      audience,
      applicantName: r.applicant_name,
      interviewerName: r.interviewer_name,
      branch: { zh: r.branch_zh, en: r.branch_en },
      place: venuePlace(r, person.language === "en"),
      address: { zh: r.address_zh, en: r.address_en },
      start: new Date(r.starts_at).toISOString(),
      end: new Date(r.ends_at).toISOString(),
      zone: r.timezone,
      previousStart: extra.previous?.start.toISOString(),
      previousEnd: extra.previous?.end.toISOString(),
      reason: extra.reason,
      leadHours: extra.leadHours,
      unsubscribe: unsubscribable ? { kind: "reminders", volunteerId: r.applicant_id } : undefined,
      // The interviewer cancels on the application's page; the applicant has no page for it.
      cancel: audience === "interviewer" ? { place: "application", href: new URL(`/staff/applications/${r.application_id}`, deps.publicUrl).href } : deskCancel(r),
    };
    await queueMessage(trx, deps, {
      to: person,
      template: kind,
      data,
      calendar: reminder ? undefined : deskInvite(interviewCalendarItem(r, person, host, kind === "interview-cancel")),
      idempotencyKey: reminder ? `interview-reminder:${r.id}:${extra.leadHours}:${data.start}:${audience}` : `interview:${r.id}:${r.sequence}:${audience}`,
      applicationId: r.application_id,
    });
  }
}

async function checkedInterval(trx: Trx, user: StaffUser, input: InterviewInput, now: Date): Promise<{ ok: true; start: Date; end: Date } | { ok: false; errors: Record<string, string>; status?: 403 }> {
  // The interview's branch is one of the coordinator's (the applicant's choice alone is not enough).
  if (!can(user, "interview.schedule", input.branch)) return { ok: false, errors: { branch: "interview.errors.branchScope" }, status: 403 };
  const branch = await planningBranch(trx, input.branch);
  if (!branch.ok) return branch;
  const interval = wallInterval(input.date, input.start, input.end, branch.timezone);
  if (!interval.ok) return { ok: false, errors: { [interval.field]: `${WALL_ERRORS[interval.error]}:${input.date}` } };
  if (interval.start.toJSDate() <= now) return { ok: false, errors: { date: "shifts.errors.past" } };
  if (input.roomId !== undefined) {
    const room = await trx.selectFrom("shuxiang.rooms").select("id").where("id", "=", input.roomId).where("branch_code", "=", input.branch).executeTakeFirst();
    if (!room) return { ok: false, errors: { roomId: "shifts.errors.room" } };
  }
  const interviewer = await trx.selectFrom("shuxiang.staff").select("id").where("id", "=", input.interviewerId).where("active", "=", true).where("role", "in", ["administrator", "coordinator"]).executeTakeFirst();
  if (!interviewer) return { ok: false, errors: { interviewerId: "interview.errors.interviewer" } };
  return { ok: true, start: interval.start.toJSDate(), end: interval.end.toJSDate() };
}

async function guardApplication(trx: Trx, user: StaffUser, applicationId: number) {
  const row = await trx
    .selectFrom("shuxiang.applications as a")
    .innerJoin("shuxiang.volunteers as v", "v.id", "a.volunteer_id")
    .select(["a.id", "a.status", "v.preferred_branches", "v.home_branch_code"])
    .where("a.id", "=", applicationId)
    .forUpdate("a")
    .executeTakeFirst();
  if (!row) return { ok: false as const, errors: { form: "pipeline.refusal.not-found" } };
  if (!can(user, "application.review", row.preferred_branches)) return { ok: false as const, errors: { form: "pipeline.refusal.forbidden" }, status: 403 as const };
  return { ok: true as const, row };
}

export async function scheduleInterview(deps: AppDeps, user: StaffUser, applicationId: number, input: InterviewInput, now: Date = new Date(), requestId?: string | null): Promise<InterviewResult> {
  return transact(deps.db, async (trx) => {
    const guard = await guardApplication(trx, user, applicationId);
    if (!guard.ok) return guard;
    if (!["applied", "interview"].includes(guard.row.status)) return { ok: false, errors: { form: "interview.errors.stage" } };
    const existing = await trx.selectFrom("shuxiang.interviews").select("id").where("application_id", "=", applicationId).where("status", "=", "scheduled").executeTakeFirst();
    if (existing) return { ok: false, errors: { form: "interview.errors.exists" } };
    const interval = await checkedInterval(trx, user, input, now);
    if (!interval.ok) return interval;
    const interview = await trx
      .insertInto("shuxiang.interviews")
      .values({
        application_id: applicationId,
        branch_code: input.branch,
        room_id: input.roomId ?? null,
        place: input.place,
        interviewer_staff_id: input.interviewerId,
        local_date: input.date,
        starts_at: interval.start,
        ends_at: interval.end,
        created_by: user.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (guard.row.status === "applied") {
      await trx.updateTable("shuxiang.applications").set({ status: "interview", updated_at: now }).where("id", "=", applicationId).execute();
      await trx.insertInto("shuxiang.application_events").values({ application_id: applicationId, actor_staff_id: user.id, from_status: "applied", to_status: "interview", note: `${input.date} ${input.start}` }).execute();
    }
    await notifyInterview(trx, deps, interview.id, "interview-invite");
    await recordAudit(trx, { actorStaffId: user.id, action: "interview.schedule", entityType: "application", entityId: applicationId, branchCode: input.branch, after: input, requestId });
    return { ok: true, interviewId: interview.id };
  });
}

export async function rescheduleInterview(deps: AppDeps, user: StaffUser, interviewId: number, input: InterviewInput, now: Date = new Date(), requestId?: string | null): Promise<InterviewResult> {
  return transact(deps.db, async (trx) => {
    const current = await trx.selectFrom("shuxiang.interviews").selectAll().where("id", "=", interviewId).forUpdate().executeTakeFirst();
    if (!current || current.status !== "scheduled") return { ok: false, errors: { form: "interview.errors.notScheduled" } };
    const guard = await guardApplication(trx, user, current.application_id);
    if (!guard.ok) return guard;
    // Another interviewer: cancel and schedule anew, so each person's calendar stays true.
    if (input.interviewerId !== current.interviewer_staff_id) return { ok: false, errors: { interviewerId: "interview.errors.changeInterviewer" } };
    const interval = await checkedInterval(trx, user, input, now);
    if (!interval.ok) return interval;
    await trx
      .updateTable("shuxiang.interviews")
      .set({
        branch_code: input.branch,
        room_id: input.roomId ?? null,
        place: input.place,
        local_date: input.date,
        starts_at: interval.start,
        ends_at: interval.end,
        updated_at: now,
      })
      .where("id", "=", interviewId)
      .execute();
    const previous = { start: new Date(current.starts_at), end: new Date(current.ends_at) };
    await reissueInvites(trx, "interview", [interviewId], () => notifyInterview(trx, deps, interviewId, "interview-update", { previous }));
    await recordAudit(trx, {
      actorStaffId: user.id,
      action: "interview.reschedule",
      entityType: "application",
      entityId: current.application_id,
      branchCode: input.branch,
      before: { startsAt: current.starts_at, interviewer: current.interviewer_staff_id },
      after: input,
      requestId,
    });
    return { ok: true, interviewId };
  });
}

export async function cancelInterview(deps: AppDeps, user: StaffUser, interviewId: number, reason: string, requestId?: string | null): Promise<InterviewResult> {
  return transact(deps.db, async (trx) => {
    const current = await trx.selectFrom("shuxiang.interviews").selectAll().where("id", "=", interviewId).forUpdate().executeTakeFirst();
    if (!current || current.status !== "scheduled") return { ok: false, errors: { form: "interview.errors.notScheduled" } };
    const guard = await guardApplication(trx, user, current.application_id);
    if (!guard.ok) return guard;
    await trx.updateTable("shuxiang.interviews").set({ status: "cancelled", updated_at: new Date() }).where("id", "=", interviewId).execute();
    await reissueInvites(trx, "interview", [interviewId], () => notifyInterview(trx, deps, interviewId, "interview-cancel", { reason }));
    await recordAudit(trx, { actorStaffId: user.id, action: "interview.cancel", entityType: "application", entityId: current.application_id, branchCode: current.branch_code, after: { reason }, requestId });
    return { ok: true, interviewId };
  });
}

export async function recordOutcome(deps: AppDeps, user: StaffUser, interviewId: number, outcome: InterviewOutcome, note: string, requestId?: string | null): Promise<InterviewResult> {
  return transact(deps.db, async (trx) => {
    const current = await trx.selectFrom("shuxiang.interviews").selectAll().where("id", "=", interviewId).forUpdate().executeTakeFirst();
    if (!current || current.status !== "scheduled") return { ok: false, errors: { form: "interview.errors.notScheduled" } };
    const guard = await guardApplication(trx, user, current.application_id);
    if (!guard.ok) return guard;
    await trx.updateTable("shuxiang.interviews").set({ status: "done", outcome, outcome_note: note, updated_at: new Date() }).where("id", "=", interviewId).execute();
    await trx
      .insertInto("shuxiang.application_events")
      .values({ application_id: current.application_id, actor_staff_id: user.id, from_status: guard.row.status, to_status: guard.row.status, note: `interview:${outcome}${note ? ` ${note}` : ""}` })
      .execute();
    await recordAudit(trx, { actorStaffId: user.id, action: "interview.outcome", entityType: "application", entityId: current.application_id, branchCode: current.branch_code, after: { outcome, note }, requestId });
    return { ok: true, interviewId };
  });
}

export async function interviewsOf(deps: Pick<AppDeps, "db">, applicationId: number) {
  return deps.db
    .selectFrom("shuxiang.interviews as i")
    .innerJoin("library.branches as br", "br.code", "i.branch_code")
    .innerJoin("shuxiang.staff as st", "st.id", "i.interviewer_staff_id")
    .leftJoin("shuxiang.rooms as rm", "rm.id", "i.room_id")
    .select(["i.id", "i.status", "i.outcome", "i.outcome_note", "i.starts_at", "i.ends_at", "i.local_date", "i.place", "i.branch_code", "i.room_id", "i.interviewer_staff_id", "br.timezone", "br.name_zh as branch_zh", "br.name_en as branch_en", "st.name as interviewer", "rm.name_zh as room_zh", "rm.name_en as room_en"])
    .where("i.application_id", "=", applicationId)
    .orderBy("i.starts_at")
    .execute();
}

/**
 * Reminders before interviews, to both people, at the branch's lead times (as for shifts): found
 * from the interviews as they are now, so a moved one's reminder moves and a cancelled one has
 * none; one scheduled or moved after its reminder was due gets none (the invite just went out).
 */
export async function sendDueInterviewReminders(deps: AppDeps, now: Date = new Date(), limit = 200): Promise<number> {
  const due = await sql<{ interview_id: number; lead_hours: number; starts_at: Date }>`
    SELECT i.id AS interview_id, l.lead_hours, i.starts_at
    FROM shuxiang.interviews i
    LEFT JOIN shuxiang.branch_settings bs ON bs.branch_code = i.branch_code
    ${LEAD_TIMES}
    WHERE i.status = 'scheduled' AND ${reminderDue("i.starts_at", "i.updated_at", now)}
      AND NOT EXISTS (SELECT 1 FROM shuxiang.interview_reminders_sent r
        WHERE r.interview_id = i.id AND r.lead_hours = l.lead_hours AND r.for_starts_at = i.starts_at)
    ORDER BY i.starts_at
    LIMIT ${limit}`.execute(deps.db);
  return queueOnce(
    deps.db,
    due.rows,
    async (trx, r) => (await sql`
      INSERT INTO shuxiang.interview_reminders_sent (interview_id, lead_hours, for_starts_at) VALUES (${r.interview_id}, ${r.lead_hours}, ${r.starts_at})
      ON CONFLICT DO NOTHING RETURNING interview_id`.execute(trx)).rows.length > 0,
    (trx, r) => notifyInterview(trx, deps, r.interview_id, "interview-reminder", { leadHours: r.lead_hours }),
  );
}
