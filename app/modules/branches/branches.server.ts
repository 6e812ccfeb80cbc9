// Reads of the shared branch table and our rooms and role catalogue.
import { sql, type Kysely } from "kysely";
import type { Database } from "#db/schema.ts";
import { can, type Action } from "../auth/policy.ts";
import type { CurrentUser } from "../auth/session.server.ts";

export function listBranches(db: Kysely<Database>) {
  return db.selectFrom("library.branches").selectAll().orderBy("sort_order").orderBy("code").execute();
}

/** The branches where `user` may do `action` (the permission policy's answer), in the library's order. */
export async function branchesWhere(db: Kysely<Database>, user: CurrentUser, action: Action) {
  return (await listBranches(db)).filter((b) => can(user, action, b.code));
}

/** Rooms of the given branches (all branches when `branchCodes` is undefined). */
export function listRooms(db: Kysely<Database>, branchCodes?: readonly string[]) {
  let query = db
    .selectFrom("shuxiang.rooms as r")
    .innerJoin("library.branches as b", "b.code", "r.branch_code")
    .select(["r.id", "r.branch_code", "r.code", "r.name_zh", "r.name_en", "r.floor", "r.capacity", "r.accessibility_zh", "r.accessibility_en", "r.active"])
    .orderBy("b.sort_order")
    .orderBy("r.id");
  if (branchCodes) {
    if (branchCodes.length === 0) return Promise.resolve([]);
    query = query.where("r.branch_code", "in", branchCodes);
  }
  return query.execute();
}

export function listRoles(db: Kysely<Database>) {
  return db
    .selectFrom("shuxiang.roles as r")
    .select([
      "r.id",
      "r.code",
      "r.name_zh",
      "r.name_en",
      "r.description_zh",
      "r.description_en",
      "r.min_age",
      "r.active",
      sql<Array<{ name_zh: string; name_en: string }>>`coalesce((
        SELECT json_agg(json_build_object('name_zh', t.name_zh, 'name_en', t.name_en) ORDER BY t.id)
        FROM shuxiang.role_trainings rt JOIN shuxiang.trainings t ON t.id = rt.training_id
        WHERE rt.role_id = r.id), '[]'::json)`.as("trainings"),
    ])
    .orderBy("r.sort_order")
    .execute();
}

/** The training catalogue (what roles can require). */
export function listTrainings(db: Kysely<Database>) {
  return db.selectFrom("shuxiang.trainings").select(["id", "code", "name_zh", "name_en", "description_zh", "description_en"]).orderBy("id").execute();
}

export type PlanningBranch =
  | { ok: true; timezone: string; eventSetupMinutes: number | null; eventTeardownMinutes: number | null }
  | { ok: false; errors: Record<string, string> };

/**
 * A branch where shifts, events, trainings or interviews may be planned. Invites name the branch's
 * volunteer desk as ORGANIZER, so that a reply from a calendar app reaches people who read it: a
 * branch without a desk address is refused, the message naming it in both languages
 * ("key:name_zh:name_en").
 */
export async function planningBranch(db: Kysely<Database>, code: string): Promise<PlanningBranch> {
  const row = await db
    .selectFrom("library.branches as br")
    .leftJoin("shuxiang.branch_settings as bs", "bs.branch_code", "br.code")
    .select(["br.timezone", "br.name_zh", "br.name_en", "bs.desk_email", "bs.event_setup_minutes", "bs.event_teardown_minutes"])
    .where("br.code", "=", code)
    .executeTakeFirst();
  if (!row) return { ok: false, errors: { branch: "shifts.errors.branch" } };
  if (!row.desk_email) return { ok: false, errors: { form: `plan.noDeskEmail:${row.name_zh}:${row.name_en}` } };
  return { ok: true, timezone: row.timezone, eventSetupMinutes: row.event_setup_minutes, eventTeardownMinutes: row.event_teardown_minutes };
}

/**
 * The zone of a volunteer's own dates (today on their pages, their certificate's and letter's
 * dates): their home branch's, else the first branch they chose, else `fallback` (the configured
 * default zone).
 */
export async function volunteerZone(db: Kysely<Database>, volunteerId: number, fallback: string): Promise<string> {
  const row = await db
    .selectFrom("shuxiang.volunteers as v")
    .leftJoin("library.branches as br", (join) => join.on(sql<boolean>`br.code = COALESCE(v.home_branch_code, v.preferred_branches[1])`))
    .select("br.timezone")
    .where("v.id", "=", volunteerId)
    .executeTakeFirst();
  return row?.timezone ?? fallback;
}
