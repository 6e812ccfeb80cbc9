// Applications: the public form creates the person (status 'applicant') and the application in one
// transaction with its confirmation email; coordinators move it along applied → interview →
// training → appointed (or declined / withdrawn), each move recorded, audited and emailed.
import { sql, type Kysely } from "kysely";
import type { ApplicationStatus, Database, Locale } from "#db/schema.ts";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { queueMessage } from "#app/modules/notifications/outbox.server.ts";
import { pgErrorCode, transact } from "#app/lib/db.server.ts";
import { type AppDeps } from "#app/lib/deps.server.ts";
import type { StaffUser } from "#app/modules/auth/policy.ts";
import { ageOn, type ApplicationInput } from "./schemas.ts";

export type SubmitResult = { ok: true; applicationId: number } | { ok: "duplicate" } | { ok: false; errors: Record<string, string> };

const UNIQUE_VIOLATION = "23505";

export async function submitApplication(deps: AppDeps, input: ApplicationInput, ip: string, now: Date = new Date()): Promise<SubmitResult> {
  try {
    return await transact(deps.db, async (trx) => {
      const errors: Record<string, string> = {};
      let readerId: number | null = null;
      if (input.cardNumber) {
        // Card and name must belong together; one message for an unknown card and a wrong name.
        const reader = await trx.selectFrom("library.readers").select(["id", "name", "status"]).where("card_number", "=", input.cardNumber).executeTakeFirst();
        if (!reader || reader.name.replace(/\s/g, "") !== input.name.replace(/\s/g, "")) errors.cardNumber = "apply.errors.cardMismatch";
        else readerId = reader.id;
      }
      const branches = await trx.selectFrom("library.branches").select("code").where("code", "in", input.branches).execute();
      if (branches.length !== new Set(input.branches).size) errors.branches = "apply.errors.branches";
      const roles = await trx.selectFrom("shuxiang.roles").select("id").where("id", "in", input.roles).where("active", "=", true).execute();
      if (roles.length !== new Set(input.roles).size) errors.roles = "apply.errors.roles";
      if (Object.keys(errors).length) return { ok: false, errors };

      const minor = ageOn(input.birthDate, now.toISOString().slice(0, 10)) < 18;
      const person = await trx
        .insertInto("shuxiang.volunteers")
        .values({
          email: input.email,
          name: input.name,
          phone: input.phone,
          language: input.language,
          status: "applicant",
          reader_id: readerId,
          home_branch_code: input.branches[0],
          birth_date: input.birthDate,
          availability: input.availability,
          preferred_branches: [...new Set(input.branches)],
          preferred_roles: [...new Set(input.roles)],
          skills: input.skills,
          languages_spoken: input.languagesSpoken,
          guardian_name: minor ? (input.guardianName ?? null) : null,
          guardian_phone: minor ? (input.guardianPhone ?? null) : null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const application = await trx
        .insertInto("shuxiang.applications")
        .values({
          volunteer_id: person.id,
          heard_from: input.heardFrom ?? "",
          consent_at: now,
          guardian_consent_at: minor ? now : null,
          submitted_ip: ip,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx.insertInto("shuxiang.application_events").values({ application_id: application.id, to_status: "applied", at: now }).execute();
      await queueMessage(trx, deps, {
        to: { email: input.email, name: input.name, language: input.language },
        template: "application-received",
        data: { name: input.name, status: "applied", url: new URL("/volunteer", deps.publicUrl).href, minor },
        idempotencyKey: `application:${application.id}:received`,
        applicationId: application.id,
      });
      return { ok: true, applicationId: application.id };
    });
  } catch (error) {
    // The same email already has a person (two identical posts at once, or applying again).
    if (pgErrorCode(error) === UNIQUE_VIOLATION) return { ok: "duplicate" };
    throw error;
  }
}

/** Where an application may go from where it is. */
export const TRANSITIONS: Record<ApplicationStatus, ApplicationStatus[]> = {
  applied: ["interview", "training", "declined", "withdrawn"],
  interview: ["training", "applied", "declined", "withdrawn"],
  training: ["appointed", "interview", "declined", "withdrawn"],
  appointed: [],
  declined: ["applied"],
  withdrawn: ["applied"],
};

export type MoveResult = { ok: true; volunteerNumber?: string } | { ok: false; reason: "not-found" | "forbidden" | "not-allowed" | "stale" };

/** Administrators, or coordinators of one of the branches the applicant chose. */
export function mayHandle(user: StaffUser, preferredBranches: readonly string[]): boolean {
  if (user.role === "administrator") return true;
  return user.role === "coordinator" && preferredBranches.some((b) => user.branchCodes.includes(b));
}

export async function moveApplication(
  deps: AppDeps,
  user: StaffUser,
  applicationId: number,
  from: ApplicationStatus,
  to: ApplicationStatus,
  note: string,
  requestId?: string | null,
): Promise<MoveResult> {
  return transact(deps.db, async (trx) => {
    const row = await trx
      .selectFrom("shuxiang.applications as a")
      .innerJoin("shuxiang.volunteers as v", "v.id", "a.volunteer_id")
      .select(["a.id", "a.status", "a.volunteer_id", "v.preferred_branches", "v.name", "v.email", "v.language", "v.home_branch_code"])
      .where("a.id", "=", applicationId)
      .forUpdate("a")
      .executeTakeFirst();
    if (!row) return { ok: false, reason: "not-found" };
    if (!mayHandle(user, row.preferred_branches)) return { ok: false, reason: "forbidden" };
    // The form says where the application was: if someone moved it meanwhile, nothing happens.
    if (row.status !== from) return { ok: false, reason: "stale" };
    if (!TRANSITIONS[row.status].includes(to)) return { ok: false, reason: "not-allowed" };
    await trx.updateTable("shuxiang.applications").set({ status: to, updated_at: new Date() }).where("id", "=", applicationId).execute();
    const event = await trx
      .insertInto("shuxiang.application_events")
      .values({ application_id: applicationId, actor_staff_id: user.id, from_status: row.status, to_status: to, note })
      .returning("id")
      .executeTakeFirstOrThrow();
    let volunteerNumber: string | undefined;
    if (to === "appointed") {
      const number = await sql<{ n: number }>`SELECT nextval('shuxiang.volunteer_number_seq')::int AS n`.execute(trx);
      volunteerNumber = `GL-${new Date().getFullYear()}-${String(number.rows[0].n).padStart(5, "0")}`;
      await trx
        .updateTable("shuxiang.volunteers")
        .set({ status: "appointed", appointed_at: new Date(), volunteer_number: volunteerNumber })
        .where("id", "=", row.volunteer_id)
        .execute();
    }
    await queueMessage(trx, deps, {
      to: { email: row.email, name: row.name, language: row.language as Locale },
      template: to === "appointed" ? "appointment" : "application-update",
      data: {
        name: row.name,
        status: to,
        url: new URL(to === "appointed" ? "/volunteer/appointment" : "/volunteer", deps.publicUrl).href,
        volunteerNumber,
        note: to === "declined" || to === "withdrawn" ? note : "",
      },
      idempotencyKey: `application-event:${event.id}`,
      applicationId,
    });
    await recordAudit(trx, {
      actorStaffId: user.id,
      action: "application.move",
      entityType: "application",
      entityId: applicationId,
      branchCode: row.home_branch_code,
      before: { status: row.status },
      after: { status: to, note, volunteerNumber },
      requestId,
    });
    return { ok: true, volunteerNumber };
  });
}

export async function addApplicationNote(db: Kysely<Database>, user: StaffUser, applicationId: number, body: string): Promise<boolean> {
  const row = await db
    .selectFrom("shuxiang.applications as a")
    .innerJoin("shuxiang.volunteers as v", "v.id", "a.volunteer_id")
    .select(["v.preferred_branches"])
    .where("a.id", "=", applicationId)
    .executeTakeFirst();
  if (!row || !mayHandle(user, row.preferred_branches)) return false;
  await db.insertInto("shuxiang.application_notes").values({ application_id: applicationId, staff_id: user.id, body }).execute();
  return true;
}
