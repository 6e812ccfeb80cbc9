// Training sessions: coordinators plan a session of a training (book repair, fire safety…) with a
// capacity, enrol trainees (each gets an invite with the session's stable UID and the enrolment's
// own SEQUENCE), and the desk or a coordinator marks attendance. Attending records the training
// for the volunteer (unlocking the roles that need it); marking "absent" afterwards takes back
// only the record this session gave.
import { sql } from "kysely";
import type { Locale } from "#db/schema.ts";
import type { TrainingMessageData, TrainingMessageKind } from "#emails/training.tsx";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { can, type StaffUser } from "#app/modules/auth/policy.ts";
import { planningBranch } from "#app/modules/branches/branches.server.ts";
import { calendarUid, type CalendarItem, type FeedWindow } from "#app/modules/calendar/ical.server.ts";
import { reissueInvites } from "#app/modules/calendar/sequence.server.ts";
import { deskCancel, deskInvite, deskOrganizer, VENUE_COLUMNS, venueLocation, venuePlace, venueTimes, type VenueRow } from "#app/modules/calendar/venue.server.ts";
import { queueMessage } from "#app/modules/notifications/outbox.server.ts";
import { lockEntryAndHolder, promote, releasePlaces, TRAINING_WAITLIST } from "#app/modules/waitlists/promotion.server.ts";
import { transact, type Trx } from "#app/lib/db.server.ts";
import { type AppDeps } from "#app/lib/deps.server.ts";
import { wallInterval, WALL_ERRORS } from "#app/lib/wall-time.ts";
import type { TrainingSessionInput } from "./schemas.ts";

export type TrainingResult<T = object> = ({ ok: true } & T) | { ok: false; errors: Record<string, string>; status?: 400 | 403 | 404 };

const forbidden = { ok: false as const, errors: { form: "training.errors.forbidden" }, status: 403 as const };
const notFound = { ok: false as const, errors: { form: "training.errors.notFound" }, status: 404 as const };

export async function createTrainingSession(deps: AppDeps, user: StaffUser, input: TrainingSessionInput, now: Date = new Date(), requestId?: string | null): Promise<TrainingResult<{ sessionId: number }>> {
  if (!can(user, "training.manage", input.branch)) return forbidden;
  return transact(deps.db, async (trx): Promise<TrainingResult<{ sessionId: number }>> => {
    const branch = await planningBranch(trx, input.branch);
    if (!branch.ok) return branch;
    const training = await trx.selectFrom("shuxiang.trainings").select("id").where("id", "=", input.trainingId).executeTakeFirst();
    if (!training) return { ok: false, errors: { trainingId: "training.errors.training" } };
    const interval = wallInterval(input.date, input.start, input.end, branch.timezone);
    if (!interval.ok) return { ok: false, errors: { [interval.field]: `${WALL_ERRORS[interval.error]}:${input.date}` } };
    if (interval.start.toJSDate() <= now) return { ok: false, errors: { date: "shifts.errors.past" } };
    if (input.roomId !== undefined) {
      const room = await trx.selectFrom("shuxiang.rooms").select("capacity").where("id", "=", input.roomId).where("branch_code", "=", input.branch).where("active", "=", true).executeTakeFirst();
      if (!room) return { ok: false, errors: { roomId: "shifts.errors.room" } };
      if (room.capacity < input.capacity) return { ok: false, errors: { capacity: `training.errors.roomCapacity:${room.capacity}` } };
    }
    const row = await trx
      .insertInto("shuxiang.training_sessions")
      .values({
        training_id: input.trainingId,
        branch_code: input.branch,
        room_id: input.roomId ?? null,
        place: input.place,
        trainer: input.trainer,
        local_date: input.date,
        starts_at: interval.start.toJSDate(),
        ends_at: interval.end.toJSDate(),
        capacity: input.capacity,
        created_by: user.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actorStaffId: user.id, action: "training.create", entityType: "training_session", entityId: row.id, branchCode: input.branch, after: input, requestId });
    return { ok: true, sessionId: row.id };
  });
}

interface EnrolmentRow extends VenueRow {
  enrolment_id: number;
  session_id: number;
  sequence: number;
  status: string;
  session_status: string;
  starts_at: Date;
  ends_at: Date;
  place: string;
  trainer: string;
  training_zh: string;
  training_en: string;
  volunteer_name: string;
  volunteer_email: string;
  language: Locale;
  cancelled_at: Date | null;
}

/** Enrolments with everything an invite, an email or a feed entry shows. */
function enrolmentQuery(trx: Pick<AppDeps, "db">["db"] | Trx) {
  return trx
    .selectFrom("shuxiang.training_enrolments as e")
    .innerJoin("shuxiang.training_sessions as ts", "ts.id", "e.session_id")
    .innerJoin("shuxiang.trainings as tr", "tr.id", "ts.training_id")
    .innerJoin("library.branches as br", "br.code", "ts.branch_code")
    .leftJoin("shuxiang.rooms as rm", "rm.id", "ts.room_id")
    .leftJoin("shuxiang.branch_settings as bs", "bs.branch_code", "ts.branch_code")
    .innerJoin("shuxiang.volunteers as v", "v.id", "e.volunteer_id")
    .select([
      "e.id as enrolment_id",
      "e.session_id",
      "e.sequence",
      "e.status",
      "e.cancelled_at",
      "ts.status as session_status",
      "ts.starts_at",
      "ts.ends_at",
      "ts.place",
      "ts.trainer",
      ...VENUE_COLUMNS,
      "tr.name_zh as training_zh",
      "tr.name_en as training_en",
      "v.name as volunteer_name",
      "v.email as volunteer_email",
      "v.language",
    ]);
}

/** The session as one trainee's calendar item (invites and the personal feed). */
export function trainingCalendarItem(r: EnrolmentRow, host: string, baseUrl: URL): CalendarItem {
  const en = r.language === "en";
  const branch = en ? r.branch_en : r.branch_zh;
  return {
    uid: calendarUid("training", r.session_id, host),
    sequence: r.sequence,
    ...venueTimes(r),
    summary: en ? `Training: ${r.training_en} · ${branch}` : `培训：${r.training_zh} · ${branch}`,
    description: r.trainer ? (en ? `Trainer: ${r.trainer}` : `培训老师：${r.trainer}`) : undefined,
    location: venueLocation(r, en),
    url: new URL("/volunteer", baseUrl).href,
    organizer: deskOrganizer(r, en),
    attendee: { name: r.volunteer_name, email: r.volunteer_email },
    cancelled: r.status !== "enrolled" || r.session_status !== "scheduled",
    alarmMinutesBefore: 60,
  };
}

async function notifyEnrolment(trx: Trx, deps: AppDeps, enrolmentId: number, kind: TrainingMessageKind, reason?: string) {
  const r = (await enrolmentQuery(trx).where("e.id", "=", enrolmentId).executeTakeFirstOrThrow()) as EnrolmentRow;
  const host = deps.publicUrl.hostname;
  const data: TrainingMessageData = {
    name: r.volunteer_name,
    training: { zh: r.training_zh, en: r.training_en },
    branch: { zh: r.branch_zh, en: r.branch_en },
    place: venuePlace(r, r.language === "en"),
    address: { zh: r.address_zh, en: r.address_en },
    trainer: r.trainer,
    start: new Date(r.starts_at).toISOString(),
    end: new Date(r.ends_at).toISOString(),
    zone: r.timezone,
    reason,
    link: new URL("/volunteer", deps.publicUrl).href,
    cancel: deskCancel(r),
    waiting: r.status === "waitlisted" || undefined,
  };
  await queueMessage(trx, deps, {
    to: { name: r.volunteer_name, email: r.volunteer_email, language: r.language },
    template: kind,
    data,
    // Someone who only waits has no invite yet (none to cancel either).
    calendar: r.status === "waitlisted" ? undefined : deskInvite(trainingCalendarItem(r, host, deps.publicUrl)),
    idempotencyKey: `training:${r.enrolment_id}:${r.sequence}`,
  });
}

async function lockSession(trx: Trx, sessionId: number) {
  return trx.selectFrom("shuxiang.training_sessions").selectAll().where("id", "=", sessionId).forUpdate().executeTakeFirst();
}

/**
 * Enrols a person (an applicant in the pipeline or a volunteer) by id or email. The session row is
 * locked, so the capacity holds however many coordinators enrol at once; a second enrolment of
 * the same person is refused, a cancelled one comes back with a higher SEQUENCE. In a full session
 * the person joins its waitlist (`waitlisted`, told by email without an invite); a place given
 * back later goes to the first waiting through the waitlist mechanism (`cancelEnrolment`).
 */
export async function enrolTrainee(
  deps: AppDeps,
  user: StaffUser,
  sessionId: number,
  who: { volunteerId: number } | { email: string },
  now: Date = new Date(),
  requestId?: string | null,
): Promise<TrainingResult<{ enrolmentId: number; waitlisted: boolean }>> {
  return transact(deps.db, async (trx): Promise<TrainingResult<{ enrolmentId: number; waitlisted: boolean }>> => {
    const session = await lockSession(trx, sessionId);
    if (!session) return notFound;
    if (!can(user, "training.manage", session.branch_code)) return forbidden;
    if (session.status !== "scheduled") return { ok: false, errors: { form: "training.errors.cancelled" } };
    if (new Date(session.starts_at) <= now) return { ok: false, errors: { form: "training.errors.started" } };
    let query = trx.selectFrom("shuxiang.volunteers").select(["id", "status"]);
    query = "volunteerId" in who ? query.where("id", "=", who.volunteerId) : query.where(sql`lower(email)`, "=", who.email.trim().toLowerCase());
    const person = await query.executeTakeFirst();
    if (!person) return { ok: false, errors: { email: "training.errors.noSuchPerson" } };
    if (person.status === "left" || person.status === "retired" || person.status === "suspended") return { ok: false, errors: { email: "training.errors.inactive" } };
    const existing = await trx.selectFrom("shuxiang.training_enrolments").select(["id", "status"]).where("session_id", "=", sessionId).where("volunteer_id", "=", person.id).executeTakeFirst();
    if (existing?.status === "enrolled") return { ok: false, errors: { email: "training.errors.already" } };
    if (existing?.status === "waitlisted") return { ok: false, errors: { email: "training.errors.alreadyWaiting" } };
    if (session.enrolled >= session.capacity) {
      // Full: the waitlist, in arrival order (a new arrival for someone taken off before).
      const waiting = existing
        ? await trx
            .updateTable("shuxiang.training_enrolments")
            .set({ status: "waitlisted", cancelled_at: null, attendance: null, enrolled_by: user.id, waitlisted_at: now, confirmed_at: null, arrival: sql`nextval('shuxiang.training_enrolment_arrival_seq')` })
            .where("id", "=", existing.id)
            .returning("id")
            .executeTakeFirstOrThrow()
        : await trx
            .insertInto("shuxiang.training_enrolments")
            .values({ session_id: sessionId, volunteer_id: person.id, enrolled_by: user.id, status: "waitlisted", waitlisted_at: now })
            .returning("id")
            .executeTakeFirstOrThrow();
      // A row taken off before: its feed showed a cancellation, so the number rises.
      await reissueInvites(trx, "enrolment", existing ? [waiting.id] : [], () => notifyEnrolment(trx, deps, waiting.id, "training-waitlist"));
      await recordAudit(trx, { actorStaffId: user.id, action: "training.waitlist", entityType: "training_session", entityId: sessionId, branchCode: session.branch_code, after: { volunteerId: person.id }, requestId });
      return { ok: true, enrolmentId: waiting.id, waitlisted: true };
    }
    const enrolment = existing
      ? await trx
          .updateTable("shuxiang.training_enrolments")
          .set({ status: "enrolled", cancelled_at: null, attendance: null, enrolled_by: user.id, confirmed_at: now })
          .where("id", "=", existing.id)
          .returning("id")
          .executeTakeFirstOrThrow()
      : await trx.insertInto("shuxiang.training_enrolments").values({ session_id: sessionId, volunteer_id: person.id, enrolled_by: user.id, confirmed_at: now }).returning("id").executeTakeFirstOrThrow();
    await trx.updateTable("shuxiang.training_sessions").set({ enrolled: sql`enrolled + 1` }).where("id", "=", sessionId).execute();
    // Enrolled again after being taken off: the same UID, a SEQUENCE above the cancellation's.
    await reissueInvites(trx, "enrolment", existing ? [enrolment.id] : [], () => notifyEnrolment(trx, deps, enrolment.id, "training-invite"));
    await recordAudit(trx, { actorStaffId: user.id, action: "training.enrol", entityType: "training_session", entityId: sessionId, branchCode: session.branch_code, after: { volunteerId: person.id }, requestId });
    return { ok: true, enrolmentId: enrolment.id, waitlisted: false };
  });
}

/**
 * Takes one trainee off a session: the invite is cancelled (same UID, higher SEQUENCE), and the
 * place goes to the first waiting in arrival order through the waitlist mechanism (who moves up
 * gets their invite; nothing moves up once the session has begun). Someone only waiting just
 * leaves the waitlist (no invite to cancel, no email; the page says so). Locks as the mechanism
 * requires: the session's row, then the enrolment.
 */
export async function cancelEnrolment(deps: AppDeps, user: StaffUser, enrolmentId: number, reason: string, requestId?: string | null, now: Date = new Date()): Promise<TrainingResult<{ promoted: number[] }>> {
  return transact(deps.db, async (trx): Promise<TrainingResult<{ promoted: number[] }>> => {
    if (!(await lockEntryAndHolder(trx, TRAINING_WAITLIST, enrolmentId))) return notFound;
    const enrolment = await trx.selectFrom("shuxiang.training_enrolments").selectAll().where("id", "=", enrolmentId).executeTakeFirstOrThrow();
    const session = await trx.selectFrom("shuxiang.training_sessions").select(["id", "branch_code"]).where("id", "=", enrolment.session_id).executeTakeFirstOrThrow();
    if (!can(user, "training.manage", session.branch_code)) return forbidden;
    if (enrolment.status === "waitlisted") {
      await trx.updateTable("shuxiang.training_enrolments").set({ status: "cancelled", cancelled_at: now }).where("id", "=", enrolmentId).execute();
      await recordAudit(trx, { actorStaffId: user.id, action: "training.unwaitlist", entityType: "training_session", entityId: session.id, branchCode: session.branch_code, after: { volunteerId: enrolment.volunteer_id, reason }, requestId });
      return { ok: true, promoted: [] };
    }
    if (enrolment.status !== "enrolled") return { ok: false, errors: { form: "training.errors.notEnrolled" } };
    await trx.updateTable("shuxiang.training_enrolments").set({ status: "cancelled", cancelled_at: now }).where("id", "=", enrolmentId).execute();
    await releasePlaces(trx, TRAINING_WAITLIST, session.id, 1);
    await reissueInvites(trx, "enrolment", [enrolmentId], () => notifyEnrolment(trx, deps, enrolmentId, "training-cancel", reason));
    const promoted = await promote(trx, TRAINING_WAITLIST, session.id, now);
    // Moved up: the invite (the number rises above whatever their feed showed while waiting).
    await reissueInvites(trx, "enrolment", promoted, async () => {
      for (const id of promoted) await notifyEnrolment(trx, deps, id, "training-invite");
    });
    await recordAudit(trx, { actorStaffId: user.id, action: "training.unenrol", entityType: "training_session", entityId: session.id, branchCode: session.branch_code, after: { volunteerId: enrolment.volunteer_id, reason, promoted }, requestId });
    return { ok: true, promoted };
  });
}

/**
 * Cancels the whole session: every trainee's invite is cancelled, and everyone on its waitlist is
 * told too (an email without an invite: they had none). Their places stay as they were, so the
 * session's page still shows who was enrolled and who waited.
 */
export async function cancelTrainingSession(deps: AppDeps, user: StaffUser, sessionId: number, reason: string, requestId?: string | null): Promise<TrainingResult<{ told: number }>> {
  return transact(deps.db, async (trx): Promise<TrainingResult<{ told: number }>> => {
    const session = await lockSession(trx, sessionId);
    if (!session) return notFound;
    if (!can(user, "training.manage", session.branch_code)) return forbidden;
    if (session.status !== "scheduled") return { ok: false, errors: { form: "training.errors.cancelled" } };
    await trx.updateTable("shuxiang.training_sessions").set({ status: "cancelled", cancel_reason: reason }).where("id", "=", sessionId).execute();
    const bumped = await trx
      .updateTable("shuxiang.training_enrolments")
      .set({ cancelled_at: new Date() })
      .where("session_id", "=", sessionId)
      .where("status", "=", "enrolled")
      .returning("id")
      .execute();
    const waiting = await trx.selectFrom("shuxiang.training_enrolments").select("id").where("session_id", "=", sessionId).where("status", "=", "waitlisted").orderBy("arrival").execute();
    // Those waiting are raised too: their message's key carries the number, and their waitlist
    // email already used the current one.
    const told = [...bumped, ...waiting].map((e) => e.id);
    await reissueInvites(trx, "enrolment", told, async () => {
      for (const id of told) await notifyEnrolment(trx, deps, id, "training-cancel", reason);
    });
    await recordAudit(trx, { actorStaffId: user.id, action: "training.cancel", entityType: "training_session", entityId: sessionId, branchCode: session.branch_code, after: { reason, told: bumped.length, toldWaiting: waiting.length }, requestId });
    return { ok: true, told: told.length };
  });
}

/**
 * Attendance, by the branch's desk staff or a coordinator, once the session has begun. "Attended"
 * records the training for the person (kept if they had it already); "absent" removes only the
 * record this session gave.
 */
export async function markTrainingAttendance(
  deps: Pick<AppDeps, "db">,
  user: StaffUser,
  enrolmentId: number,
  attendance: "attended" | "absent",
  now: Date = new Date(),
  requestId?: string | null,
): Promise<TrainingResult> {
  return transact(deps.db, async (trx): Promise<TrainingResult> => {
    const row = await trx
      .selectFrom("shuxiang.training_enrolments as e")
      .innerJoin("shuxiang.training_sessions as ts", "ts.id", "e.session_id")
      .select(["e.id", "e.volunteer_id", "e.status", "e.attendance", "ts.id as session_id", "ts.training_id", "ts.branch_code", "ts.starts_at", "ts.ends_at", "ts.status as session_status"])
      .where("e.id", "=", enrolmentId)
      .forUpdate("e")
      .executeTakeFirst();
    if (!row) return notFound;
    if (!can(user, "training.attendance", row.branch_code)) return forbidden;
    if (row.status !== "enrolled" || row.session_status !== "scheduled") return { ok: false, errors: { form: "training.errors.notEnrolled" } };
    if (new Date(row.starts_at) > now) return { ok: false, errors: { form: "training.errors.notStarted" } };
    await trx.updateTable("shuxiang.training_enrolments").set({ attendance, attendance_by: user.id, attendance_at: now }).where("id", "=", enrolmentId).execute();
    if (attendance === "attended") {
      await trx
        .insertInto("shuxiang.volunteer_trainings")
        .values({ volunteer_id: row.volunteer_id, training_id: row.training_id, completed_at: row.ends_at, session_id: row.session_id })
        .onConflict((oc) => oc.columns(["volunteer_id", "training_id"]).doNothing())
        .execute();
    } else {
      await trx.deleteFrom("shuxiang.volunteer_trainings").where("volunteer_id", "=", row.volunteer_id).where("training_id", "=", row.training_id).where("session_id", "=", row.session_id).execute();
    }
    await recordAudit(trx, {
      actorStaffId: user.id,
      action: "training.attendance",
      entityType: "training_session",
      entityId: row.session_id,
      branchCode: row.branch_code,
      before: { attendance: row.attendance },
      after: { volunteerId: row.volunteer_id, attendance },
      requestId,
    });
    return { ok: true };
  });
}

/** Sessions with what a list or page shows of them. */
function sessionQuery(deps: Pick<AppDeps, "db">) {
  return deps.db
    .selectFrom("shuxiang.training_sessions as ts")
    .innerJoin("shuxiang.trainings as tr", "tr.id", "ts.training_id")
    .innerJoin("library.branches as br", "br.code", "ts.branch_code")
    .leftJoin("shuxiang.rooms as rm", "rm.id", "ts.room_id")
    .select([
      "ts.id",
      "ts.training_id",
      "ts.local_date",
      "ts.starts_at",
      "ts.ends_at",
      "ts.capacity",
      "ts.enrolled",
      "ts.status",
      "ts.cancel_reason",
      "ts.place",
      "ts.trainer",
      "ts.branch_code",
      "br.timezone",
      "br.name_zh as branch_zh",
      "br.name_en as branch_en",
      "tr.name_zh as training_zh",
      "tr.name_en as training_en",
      "rm.name_zh as room_zh",
      "rm.name_en as room_en",
    ]);
}

/** Sessions of the branches in view (all when `branchCodes` is null) that end after `from`. */
export function listTrainingSessions(deps: Pick<AppDeps, "db">, branchCodes: readonly string[] | null, from: Date) {
  let q = sessionQuery(deps).where("ts.ends_at", ">=", from).orderBy("ts.starts_at").limit(200);
  if (branchCodes) q = q.where("ts.branch_code", "in", branchCodes.length ? branchCodes : ["-"]);
  return q.execute();
}

export async function trainingSessionDetail(deps: Pick<AppDeps, "db">, sessionId: number) {
  const session = await sessionQuery(deps).where("ts.id", "=", sessionId).executeTakeFirst();
  if (!session) return null;
  const trainees = await deps.db
    .selectFrom("shuxiang.training_enrolments as e")
    .innerJoin("shuxiang.volunteers as v", "v.id", "e.volunteer_id")
    .leftJoin("shuxiang.applications as a", (j) => j.onRef("a.volunteer_id", "=", "v.id").on("a.status", "not in", ["declined", "withdrawn"]))
    .select(["e.id", "e.status", "e.arrival", "e.attendance", "e.volunteer_id", "v.name", "v.phone", "v.email", "v.status as person_status", "v.volunteer_number", "a.id as application_id", "a.status as application_status"])
    .where("e.session_id", "=", sessionId)
    .orderBy("e.status")
    .orderBy("v.name")
    .execute();
  return { session, trainees };
}

/**
 * People a coordinator may want to enrol: applicants at the training stage who chose this branch,
 * and volunteers of this branch without this training yet — not already enrolled.
 */
export function trainingCandidates(deps: Pick<AppDeps, "db">, session: { id: number; branch_code: string; training_id: number }) {
  return sql<{ id: number; name: string; status: string; application_status: string | null }>`
    SELECT v.id, v.name, v.status, a.status AS application_status
    FROM shuxiang.volunteers v
    LEFT JOIN shuxiang.applications a ON a.volunteer_id = v.id AND a.status NOT IN ('declined', 'withdrawn')
    WHERE (
        (v.status = 'applicant' AND a.status IN ('interview', 'training') AND ${session.branch_code} = ANY (v.preferred_branches))
        OR (v.status = 'appointed' AND (v.home_branch_code = ${session.branch_code} OR ${session.branch_code} = ANY (v.preferred_branches)))
      )
      AND NOT EXISTS (SELECT 1 FROM shuxiang.volunteer_trainings vt WHERE vt.volunteer_id = v.id AND vt.training_id = ${session.training_id})
      AND NOT EXISTS (SELECT 1 FROM shuxiang.training_enrolments e WHERE e.volunteer_id = v.id AND e.session_id = ${session.id} AND e.status IN ('enrolled', 'waitlisted'))
    ORDER BY (a.status = 'training') DESC NULLS LAST, v.name
    LIMIT 40`
    .execute(deps.db)
    .then((r) => r.rows);
}

/** One person's trainings: sessions they are enrolled in and trainings completed. */
export async function trainingsOf(deps: Pick<AppDeps, "db">, volunteerId: number) {
  const [enrolments, completed] = await Promise.all([
    deps.db
      .selectFrom("shuxiang.training_enrolments as e")
      .innerJoin("shuxiang.training_sessions as ts", "ts.id", "e.session_id")
      .innerJoin("shuxiang.trainings as tr", "tr.id", "ts.training_id")
      .innerJoin("library.branches as br", "br.code", "ts.branch_code")
      .select(["e.id", "e.session_id", "e.status", "e.attendance", "ts.status as session_status", "ts.starts_at", "ts.ends_at", "ts.local_date", "ts.place", "br.timezone", "br.name_zh as branch_zh", "br.name_en as branch_en", "tr.name_zh as training_zh", "tr.name_en as training_en"])
      .where("e.volunteer_id", "=", volunteerId)
      .orderBy("ts.starts_at", "desc")
      .execute(),
    deps.db
      .selectFrom("shuxiang.volunteer_trainings as vt")
      .innerJoin("shuxiang.trainings as tr", "tr.id", "vt.training_id")
      // The zone of the session that gave it (none for a training recorded without one).
      .leftJoin("shuxiang.training_sessions as ts", "ts.id", "vt.session_id")
      .leftJoin("library.branches as br", "br.code", "ts.branch_code")
      .select(["vt.training_id", "vt.completed_at", "tr.name_zh", "tr.name_en", "br.timezone"])
      .where("vt.volunteer_id", "=", volunteerId)
      .orderBy("vt.completed_at")
      .execute(),
  ]);
  return { enrolments, completed };
}

/** Calendar items of one person's trainings for the personal feed (cancelled kept `since`). */
export async function trainingFeedItems(deps: Pick<AppDeps, "db">, volunteerId: number, window: FeedWindow, host: string, baseUrl: URL): Promise<CalendarItem[]> {
  const rows = (await enrolmentQuery(deps.db)
    .where("e.volunteer_id", "=", volunteerId)
    .where("ts.ends_at", ">", window.from)
    .where((eb) => eb.or([eb.and([eb("e.status", "=", "enrolled"), eb("ts.status", "=", "scheduled")]), eb("e.cancelled_at", ">", window.cancelledSince)]))
    .execute()) as EnrolmentRow[];
  return rows.map((r) => trainingCalendarItem(r, host, baseUrl));
}
