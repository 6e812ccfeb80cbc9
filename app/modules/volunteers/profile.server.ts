// The volunteer's own profile: what they see and change themselves, pausing, retiring, their data
// (download) and deletion on request — personal data erased, anonymous service figures kept.
import type { MailKind } from "#app/modules/notifications/unsubscribe.server.ts";
import { sql, type Kysely } from "kysely";
import type { Database, VolunteerStatus } from "#db/schema.ts";
import type { ProfileInput } from "#app/modules/recruitment/schemas.ts";
import { anonymiseMessages } from "#app/modules/notifications/outbox.server.ts";
import { withdrawFromFutureShifts } from "#app/modules/shifts/bookings.server.ts";
import { transact } from "#app/lib/db.server.ts";
import { type AppDeps } from "#app/lib/deps.server.ts";

export function getVolunteerProfile(db: Kysely<Database>, volunteerId: number) {
  return db
    .selectFrom("shuxiang.volunteers as v")
    .leftJoin("library.branches as b", "b.code", "v.home_branch_code")
    .select([
      "v.id",
      "v.name",
      "v.email",
      "v.phone",
      "v.status",
      "v.language",
      "v.volunteer_number",
      "v.availability",
      "v.preferred_branches",
      "v.preferred_roles",
      "v.skills",
      "v.languages_spoken",
      "v.home_branch_code",
      "v.wants_calls_for_help",
      "v.wants_reminders",
      "b.name_zh as branch_name_zh",
      "b.name_en as branch_name_en",
    ])
    .where("v.id", "=", volunteerId)
    .executeTakeFirst();
}

export type ProfileResult = { ok: true } | { ok: false; errors: Record<string, string> };

export async function updateProfile(db: Kysely<Database>, volunteerId: number, input: ProfileInput): Promise<ProfileResult> {
  const [branches, roles] = await Promise.all([
    db.selectFrom("library.branches").select("code").where("code", "in", input.branches).execute(),
    db.selectFrom("shuxiang.roles").select("id").where("id", "in", input.roles).where("active", "=", true).execute(),
  ]);
  const errors: Record<string, string> = {};
  if (branches.length !== new Set(input.branches).size) errors.branches = "apply.errors.branches";
  if (roles.length !== new Set(input.roles).size) errors.roles = "apply.errors.roles";
  if (Object.keys(errors).length) return { ok: false, errors };
  const updated = await db
    .updateTable("shuxiang.volunteers")
    .set({
      name: input.name,
      phone: input.phone,
      language: input.language,
      preferred_branches: [...new Set(input.branches)],
      preferred_roles: [...new Set(input.roles)],
      availability: [...new Set(input.availability)],
      skills: input.skills,
      languages_spoken: input.languagesSpoken,
    })
    .where("id", "=", volunteerId)
    .where("status", "not in", ["left"])
    .returning("id")
    .executeTakeFirst();
  return updated ? { ok: true } : { ok: false, errors: { form: "profile.errors.status" } };
}

/** The mail a volunteer may stop without pausing: calls for help, and reminders before what they booked. */

/** From the profile page (both) or a message's one-click unsubscribe link (one); false when there is no such volunteer. */
export async function setMailPreferences(db: Kysely<Database>, volunteerId: number, wanted: Partial<Record<MailKind, boolean>>): Promise<boolean> {
  const row = await db
    .updateTable("shuxiang.volunteers")
    .set({ wants_calls_for_help: wanted.help, wants_reminders: wanted.reminders })
    .where("id", "=", volunteerId)
    .returning("id")
    .executeTakeFirst();
  return row !== undefined;
}

/** Which status change a volunteer may make themselves, from which status. */
const OWN_MOVES: Record<"pause" | "resume" | "retire", { from: VolunteerStatus[]; to: VolunteerStatus }> = {
  pause: { from: ["appointed"], to: "paused" },
  resume: { from: ["paused", "retired"], to: "appointed" },
  retire: { from: ["appointed", "paused"], to: "retired" },
};

/**
 * Pause (no new bookings, no calls for help; booked shifts stay), resume, or retire (every future
 * booking and waitlist place given up, with cancelling invites; sign-in stays for hours and
 * certificate). Only appointed volunteers ever reach paused or retired, so resuming is theirs.
 */
export async function changeOwnStatus(deps: AppDeps, volunteerId: number, move: keyof typeof OWN_MOVES, now: Date = new Date()): Promise<ProfileResult> {
  const rule = OWN_MOVES[move];
  return transact(deps.db, async (trx): Promise<ProfileResult> => {
    const person = await trx.selectFrom("shuxiang.volunteers").select(["status"]).where("id", "=", volunteerId).forUpdate().executeTakeFirst();
    if (!person || !rule.from.includes(person.status)) return { ok: false, errors: { form: "profile.errors.status" } };
    await trx.updateTable("shuxiang.volunteers").set({ status: rule.to }).where("id", "=", volunteerId).execute();
    if (move === "retire") await withdrawFromFutureShifts(trx, deps, volunteerId, "retired", "booking-cancelled", now);
    return { ok: true };
  });
}

/** Everything held about one person, for them to download (PIPL right of access). */
export async function exportPersonalData(db: Kysely<Database>, volunteerId: number) {
  const person = await db.selectFrom("shuxiang.volunteers").selectAll().where("id", "=", volunteerId).executeTakeFirst();
  if (!person) return null;
  const { feed_token_hash: _feed, feed_version: _version, ...profile } = person;
  const application = await db.selectFrom("shuxiang.applications").select(["id", "status", "heard_from", "consent_at", "guardian_consent_at", "created_at", "updated_at"]).where("volunteer_id", "=", volunteerId).executeTakeFirst();
  const [history, interviews, reader, trainings, enrolments, bookings, certificates, messages, events, serviceRecords, corrections] = await Promise.all([
    application ? db.selectFrom("shuxiang.application_events").select(["at", "from_status", "to_status", "note"]).where("application_id", "=", application.id).orderBy("at").execute() : [],
    application
      ? db.selectFrom("shuxiang.interviews as i").innerJoin("library.branches as br", "br.code", "i.branch_code").select(["i.starts_at", "i.ends_at", "br.name_zh as branch", "i.place", "i.status", "i.outcome"]).where("i.application_id", "=", application.id).orderBy("i.starts_at").execute()
      : [],
    person.reader_id ? db.selectFrom("library.readers").select(["card_number", "name"]).where("id", "=", person.reader_id).executeTakeFirst() : undefined,
    db.selectFrom("shuxiang.volunteer_trainings as vt").innerJoin("shuxiang.trainings as t", "t.id", "vt.training_id").select(["t.name_zh", "t.name_en", "vt.completed_at"]).where("vt.volunteer_id", "=", volunteerId).execute(),
    db
      .selectFrom("shuxiang.training_enrolments as e")
      .innerJoin("shuxiang.training_sessions as ts", "ts.id", "e.session_id")
      .innerJoin("shuxiang.trainings as t", "t.id", "ts.training_id")
      .select(["t.name_zh as training", "ts.starts_at", "ts.ends_at", "ts.branch_code", "e.status", "e.attendance", "e.created_at"])
      .where("e.volunteer_id", "=", volunteerId)
      .execute(),
    db
      .selectFrom("shuxiang.bookings as b")
      .innerJoin("shuxiang.shifts as s", "s.id", "b.shift_id")
      .innerJoin("shuxiang.roles as r", "r.id", "s.role_id")
      .select(["s.branch_code", "r.name_zh as role", "s.starts_at", "s.ends_at", "b.status", "b.created_at", "b.cancelled_at", "b.late_cancellation", "b.checked_in_at", "b.checked_out_at", "b.no_show", "b.adjusted_minutes"])
      .where("b.volunteer_id", "=", volunteerId)
      .orderBy("s.starts_at")
      .execute(),
    db.selectFrom("shuxiang.certificates").select(["code", "period_from", "period_to", "sessions", "minutes", "issued_at"]).where("volunteer_id", "=", volunteerId).execute(),
    db.selectFrom("shuxiang.messages").select(["created_at", "template", "subject", "status", "sent_at"]).where(sql`lower(recipient_email)`, "=", person.email.toLowerCase()).orderBy("created_at").execute(),
    db
      .selectFrom("shuxiang.registrations as g")
      .innerJoin("shuxiang.events as ev", "ev.id", "g.event_id")
      .select(["ev.title_zh as event", "ev.branch_code", "ev.starts_at", "ev.ends_at", "g.status", "g.places", "g.created_at", "g.cancelled_at", "g.checked_in_at", "g.no_show"])
      .where("g.volunteer_id", "=", volunteerId)
      .orderBy("ev.starts_at")
      .execute(),
    db
      .selectFrom("shuxiang.service_records")
      .select(["id", "branch_code", "activity_zh", "local_date", "started_at", "ended_at", "minutes", "beneficiaries", "content_zh", "quality", "quality_note", "revision"])
      .where("volunteer_id", "=", volunteerId)
      .orderBy("local_date")
      .execute(),
    db.selectFrom("shuxiang.record_corrections").select(["kind", "branch_code", "local_date", "minutes", "activity", "note", "status", "decided_minutes", "decision_reason", "created_at", "decided_at"]).where("volunteer_id", "=", volunteerId).orderBy("created_at").execute(),
  ]);
  return {
    exportedAt: new Date().toISOString(),
    about: "Shuxiang: everything the library's volunteer system holds about you. Internal notes written by staff are not included; ask the volunteer desk for them.",
    profile,
    libraryCard: reader ?? null,
    application: application ? { ...application, history } : null,
    interviews,
    trainings: { completed: trainings, sessions: enrolments },
    shifts: bookings,
    serviceRecords,
    corrections,
    events,
    certificates,
    emails: messages,
  };
}

/**
 * Deletion on request: the person's identifying data is erased for good; what remains (bookings
 * with their times and attendance, trainings, certificates' figures) is anonymous and still
 * counts in the library's reports. Future bookings are given up; sessions and sign-in codes end.
 */
export async function anonymiseVolunteer(deps: AppDeps, volunteerId: number, now: Date = new Date()): Promise<ProfileResult> {
  return transact(deps.db, async (trx): Promise<ProfileResult> => {
    const person = await trx.selectFrom("shuxiang.volunteers").select(["email", "status", "anonymised_at"]).where("id", "=", volunteerId).forUpdate().executeTakeFirst();
    if (!person || person.anonymised_at) return { ok: false, errors: { form: "profile.errors.status" } };
    await withdrawFromFutureShifts(trx, deps, volunteerId, "deleted", null, now);
    const address = person.email.toLowerCase();
    const placeholder = `deleted-${volunteerId}@invalid`;
    await trx
      .updateTable("shuxiang.volunteers")
      .set({
        name: `已注销 #${volunteerId}`,
        email: placeholder,
        phone: null,
        status: "left",
        reader_id: null,
        birth_date: null,
        availability: null,
        skills: "",
        languages_spoken: "",
        guardian_name: null,
        guardian_phone: null,
        guardian_relation: null,
        feed_token_hash: null,
        feed_version: sql`feed_version + 1`,
        anonymised_at: now,
      })
      .where("id", "=", volunteerId)
      .execute();
    // Their event registrations (volunteers-only events): the place and the attendance stay, the person goes.
    await trx
      .updateTable("shuxiang.registrations")
      .set({ name: "", email: null, phone: null, anonymised_at: now })
      .where("volunteer_id", "=", volunteerId)
      .execute();
    await trx.deleteFrom("shuxiang.sessions").where("volunteer_id", "=", volunteerId).execute();
    await trx.deleteFrom("shuxiang.sign_in_codes").where("volunteer_id", "=", volunteerId).execute();
    await trx.deleteFrom("shuxiang.volunteer_notes").where("volunteer_id", "=", volunteerId).execute();
    // Service records stay (never deleted, docs/decisions/0028) and name nobody; what they wrote in a correction request goes.
    await trx.updateTable("shuxiang.record_corrections").set({ note: "" }).where("volunteer_id", "=", volunteerId).execute();
    const application = await trx.selectFrom("shuxiang.applications").select("id").where("volunteer_id", "=", volunteerId).executeTakeFirst();
    if (application) {
      await trx.deleteFrom("shuxiang.application_notes").where("application_id", "=", application.id).execute();
      await trx.updateTable("shuxiang.application_events").set({ note: "" }).where("application_id", "=", application.id).execute();
      await trx.updateTable("shuxiang.applications").set({ submitted_ip: null }).where("id", "=", application.id).execute();
      await trx.updateTable("shuxiang.interviews").set({ outcome_note: "" }).where("application_id", "=", application.id).execute();
    }
    // Messages to them, and about their application (the interviewer's copies name them too).
    await anonymiseMessages(
      trx,
      { address, applicationIds: application ? [application.id] : [] },
      { placeholder, reason: "recipient's personal data deleted on request" },
    );
    return { ok: true };
  });
}
