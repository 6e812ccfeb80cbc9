// Staff suspend a volunteer (a dismissed or compromised account) and lift the suspension.
// Suspending ends every session and unused sign-in code at once and gives up the future shifts the
// way retiring does (places refilled from the waitlist, CANCEL invites — told as staff taking them
// off, not as their own cancellation); the status it took away is kept, and lifting gives that
// back, while the shifts given up stay given up (docs/decisions/0019).
import type { Kysely } from "kysely";
import type { Database, VolunteerStatus } from "#db/schema.ts";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import type { StaffUser } from "#app/modules/auth/policy.ts";
import { mayHandle } from "#app/modules/recruitment/applications.server.ts";
import { withdrawFromFutureShifts } from "#app/modules/shifts/bookings.server.ts";
import { transact, type Trx } from "#app/lib/db.server.ts";
import { type AppDeps } from "#app/lib/deps.server.ts";
import type { SuspensionInput } from "./schemas.ts";

/** Only volunteers are suspended: applicants are declined, people who left cannot sign in anyway. */
const SUSPENDABLE = ["appointed", "paused", "retired"] as const satisfies readonly VolunteerStatus[];
type Suspendable = (typeof SUSPENDABLE)[number];
const isSuspendable = (status: VolunteerStatus): status is Suspendable => (SUSPENDABLE as readonly string[]).includes(status);

/** A volunteer belongs to their home branch and the branches they chose. */
export const branchesOf = (v: { home_branch_code: string | null; preferred_branches: string[] }) => (v.home_branch_code ? [v.home_branch_code, ...v.preferred_branches] : v.preferred_branches);

/** What staff see of a volunteer on their page; "forbidden" for a coordinator of other branches. */
export async function volunteerForStaff(db: Kysely<Database>, user: StaffUser, volunteerId: number) {
  const v = await db
    .selectFrom("shuxiang.volunteers as v")
    .leftJoin("shuxiang.staff as st", "st.id", "v.suspended_by")
    .leftJoin("shuxiang.applications as a", "a.volunteer_id", "v.id")
    .leftJoin("library.branches as hb", "hb.code", "v.home_branch_code")
    .select([
      "hb.timezone as home_timezone",
      "v.id",
      "v.name",
      "v.email",
      "v.phone",
      "v.status",
      "v.volunteer_number",
      "v.home_branch_code",
      "v.preferred_branches",
      "v.suspended_at",
      "v.suspension_reason",
      "v.status_before_suspension",
      "st.name as suspended_by_name",
      "a.id as application_id",
    ])
    .where("v.id", "=", volunteerId)
    .where("v.anonymised_at", "is", null)
    .executeTakeFirst();
  if (!v) return "not-found" as const;
  const branches = branchesOf(v);
  if (!mayHandle(user, branches)) return "forbidden" as const;
  const [upcoming, branchNames] = await Promise.all([
    db
      .selectFrom("shuxiang.bookings")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("volunteer_id", "=", volunteerId)
      .where("status", "in", ["confirmed", "waitlisted"])
      .where("starts_at", ">", new Date())
      .executeTakeFirstOrThrow(),
    branches.length ? db.selectFrom("library.branches").select(["code", "name_zh", "name_en", "timezone"]).where("code", "in", branches).orderBy("code").execute() : [],
  ]);
  // Times shown in the home branch's zone (or a chosen branch's, for someone without one).
  const timezone = v.home_timezone ?? branchNames[0]?.timezone ?? "UTC";
  return { ...v, timezone, branches: branchNames, suspendable: isSuspendable(v.status), upcomingBookings: Number(upcoming.n) };
}

export type SuspensionResult = { ok: true; bookingsGivenUp: number } | { ok: false; status: 400 | 403 | 404; errors: { form: string } };

async function lockVolunteer(trx: Trx, user: StaffUser, volunteerId: number) {
  const v = await trx
    .selectFrom("shuxiang.volunteers")
    .select(["id", "status", "home_branch_code", "preferred_branches", "suspension_reason", "status_before_suspension", "anonymised_at"])
    .where("id", "=", volunteerId)
    .forUpdate()
    .executeTakeFirst();
  if (!v || v.anonymised_at) return { ok: false, status: 404, errors: { form: "suspension.errors.notFound" } } as const;
  if (!mayHandle(user, branchesOf(v))) return { ok: false, status: 403, errors: { form: "suspension.errors.forbidden" } } as const;
  return v;
}

/** Suspends (intent "suspend", with a reason) or lifts a suspension (intent "lift", with an optional note); audited. */
export async function changeSuspension(deps: AppDeps, user: StaffUser, volunteerId: number, input: SuspensionInput, requestId?: string | null, now: Date = new Date()): Promise<SuspensionResult> {
  return transact(deps.db, async (trx): Promise<SuspensionResult> => {
    const v = await lockVolunteer(trx, user, volunteerId);
    if ("ok" in v) return v;
    if (input.intent === "suspend") {
      if (!isSuspendable(v.status)) return { ok: false, status: 400, errors: { form: v.status === "suspended" ? "suspension.errors.already" : "suspension.errors.notVolunteer" } };
      await trx
        .updateTable("shuxiang.volunteers")
        .set({ status: "suspended", status_before_suspension: v.status, suspended_at: now, suspended_by: user.id, suspension_reason: input.reason })
        .where("id", "=", volunteerId)
        .execute();
      const sessions = await trx.deleteFrom("shuxiang.sessions").where("volunteer_id", "=", volunteerId).executeTakeFirst();
      await trx.updateTable("shuxiang.sign_in_codes").set({ expires_at: now }).where("volunteer_id", "=", volunteerId).where("used_at", "is", null).where("expires_at", ">", now).execute();
      const bookingsGivenUp = await withdrawFromFutureShifts(trx, deps, volunteerId, "suspended", "shift-removed", now);
      await recordAudit(trx, {
        actorStaffId: user.id,
        action: "volunteer.suspend",
        entityType: "volunteer",
        entityId: volunteerId,
        branchCode: v.home_branch_code,
        before: { status: v.status },
        after: { status: "suspended", reason: input.reason, sessionsEnded: Number(sessions.numDeletedRows), bookingsGivenUp },
        requestId,
      });
      return { ok: true, bookingsGivenUp };
    }
    if (v.status !== "suspended" || !v.status_before_suspension) return { ok: false, status: 400, errors: { form: "suspension.errors.notSuspended" } };
    await trx
      .updateTable("shuxiang.volunteers")
      .set({ status: v.status_before_suspension, status_before_suspension: null, suspended_at: null, suspended_by: null, suspension_reason: null })
      .where("id", "=", volunteerId)
      .execute();
    await recordAudit(trx, {
      actorStaffId: user.id,
      action: "volunteer.lift-suspension",
      entityType: "volunteer",
      entityId: volunteerId,
      branchCode: v.home_branch_code,
      before: { status: "suspended", reason: v.suspension_reason },
      after: { status: v.status_before_suspension, note: input.reason },
      requestId,
    });
    return { ok: true, bookingsGivenUp: 0 };
  });
}
