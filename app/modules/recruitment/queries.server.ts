// The recruitment pipeline as coordinators see it: counts per column and the applications, within
// their branches (administrators: all), filtered and searched — and one application in full.
import { sql, type Kysely } from "kysely";
import type { ApplicationStatus, Database } from "#db/schema.ts";
import { branchesFor, type StaffUser } from "#app/modules/auth/policy.ts";
import { containsPattern } from "#app/lib/db.server.ts";

import { PIPELINE, type AgeGroup } from "./stages.ts";

export { AGE_GROUPS, PIPELINE, type AgeGroup } from "./stages.ts";

export interface PipelineFilter {
  status?: ApplicationStatus;
  branch?: string;
  roleId?: number;
  ageGroup?: AgeGroup;
  from?: string;
  to?: string;
  q?: string;
  /** The zone of an application's dates when its first chosen branch has none (the default zone). */
  zone: string;
  /** Only applications at the interview stage with no interview scheduled (the staff home's "to schedule"). */
  unscheduled?: boolean;
}

const AGE_BOUNDS: Record<AgeGroup, [number, number]> = { under14: [0, 13], "14to17": [14, 17], "18to59": [18, 59], "60plus": [60, 200] };

function scoped(user: StaffUser) {
  const branches = branchesFor(user, "application.review");
  return branches === "all" ? sql`true` : sql`v.preferred_branches && ${branches}::text[]`;
}

function filters(f: PipelineFilter) {
  const parts = [sql`true`];
  if (f.branch) parts.push(sql`${f.branch} = ANY(v.preferred_branches)`);
  if (f.roleId) parts.push(sql`${f.roleId} = ANY(v.preferred_roles)`);
  if (f.ageGroup) {
    const [lo, hi] = AGE_BOUNDS[f.ageGroup];
    parts.push(sql`date_part('year', age(current_date, v.birth_date)) BETWEEN ${lo} AND ${hi}`);
  }
  // The day an application came in is its day where its first chosen branch is (as the list shows it).
  const day = sql`(a.created_at AT TIME ZONE COALESCE((SELECT zb.timezone FROM library.branches zb WHERE zb.code = v.preferred_branches[1]), ${f.zone}::text))::date`;
  if (f.from) parts.push(sql`${day} >= ${f.from}::date`);
  if (f.to) parts.push(sql`${day} <= ${f.to}::date`);
  if (f.unscheduled) parts.push(sql`a.status = 'interview' AND NOT EXISTS (SELECT 1 FROM shuxiang.interviews i WHERE i.application_id = a.id AND i.status = 'scheduled')`);
  if (f.q?.trim()) {
    const like = containsPattern(f.q.trim());
    parts.push(sql`(v.name ILIKE ${like} OR v.phone ILIKE ${like} OR rd.card_number ILIKE ${like} OR v.email ILIKE ${like})`);
  }
  return sql.join(parts, sql` AND `);
}

/** Applications per column, within the user's branches and the filters (the status filter aside). */
export async function pipelineCounts(db: Kysely<Database>, user: StaffUser, f: PipelineFilter): Promise<Record<ApplicationStatus, number>> {
  const counts = await sql<{ status: ApplicationStatus; n: number }>`
    SELECT a.status, count(*)::int AS n
    FROM shuxiang.applications a JOIN shuxiang.volunteers v ON v.id = a.volunteer_id LEFT JOIN library.readers rd ON rd.id = v.reader_id
    WHERE ${scoped(user)} AND ${filters({ ...f, status: undefined })} GROUP BY a.status`.execute(db);
  const byStatus = Object.fromEntries(PIPELINE.map((s) => [s, 0])) as Record<ApplicationStatus, number>;
  for (const c of counts.rows) byStatus[c.status] = c.n;
  return byStatus;
}

export async function pipeline(db: Kysely<Database>, user: StaffUser, f: PipelineFilter) {
  const where = sql`${scoped(user)} AND ${filters({ ...f, status: undefined })}`;
  const counts = await pipelineCounts(db, user, f);
  const rows = await sql<{
    id: number;
    status: ApplicationStatus;
    name: string;
    phone: string | null;
    email: string;
    birth_date: string | null;
    preferred_branches: string[];
    preferred_roles: number[];
    created_at: Date;
    card_number: string | null;
  }>`
    SELECT a.id, a.status, v.name, v.phone, v.email, v.birth_date::text AS birth_date, v.preferred_branches, v.preferred_roles, a.created_at, rd.card_number
    FROM shuxiang.applications a JOIN shuxiang.volunteers v ON v.id = a.volunteer_id LEFT JOIN library.readers rd ON rd.id = v.reader_id
    WHERE ${where} ${f.status ? sql`AND a.status = ${f.status}` : sql``}
    ORDER BY a.created_at DESC, a.id DESC
    LIMIT 300`.execute(db);
  return { counts, applications: rows.rows };
}

export async function applicationDetail(db: Kysely<Database>, id: number) {
  const application = await db
    .selectFrom("shuxiang.applications as a")
    .innerJoin("shuxiang.volunteers as v", "v.id", "a.volunteer_id")
    .leftJoin("library.readers as rd", "rd.id", "v.reader_id")
    .select([
      "a.id",
      "a.status",
      "a.heard_from",
      "a.created_at",
      "a.consent_at",
      "a.guardian_consent_at",
      "v.id as volunteer_id",
      "v.name",
      "v.phone",
      "v.email",
      "v.language",
      "v.birth_date",
      "v.availability",
      "v.preferred_branches",
      "v.preferred_roles",
      "v.skills",
      "v.languages_spoken",
      "v.guardian_name",
      "v.guardian_phone",
      "v.volunteer_number",
      "rd.card_number",
    ])
    .where("a.id", "=", id)
    .executeTakeFirst();
  if (!application) return null;
  const [events, notes] = await Promise.all([
    db
      .selectFrom("shuxiang.application_events as e")
      .leftJoin("shuxiang.staff as s", "s.id", "e.actor_staff_id")
      .select(["e.id", "e.at", "e.from_status", "e.to_status", "e.note", "s.name as actor"])
      .where("e.application_id", "=", id)
      .orderBy("e.at")
      .orderBy("e.id")
      .execute(),
    db
      .selectFrom("shuxiang.application_notes as n")
      .innerJoin("shuxiang.staff as s", "s.id", "n.staff_id")
      .select(["n.id", "n.at", "n.body", "s.name as author"])
      .where("n.application_id", "=", id)
      .orderBy("n.at")
      .execute(),
  ]);
  return { application, events, notes };
}

/** The applicant's own view of their application (for their profile page). */
export async function myApplication(db: Kysely<Database>, volunteerId: number) {
  return db
    .selectFrom("shuxiang.applications")
    .select(["id", "status", "created_at", "updated_at"])
    .where("volunteer_id", "=", volunteerId)
    .executeTakeFirst();
}
