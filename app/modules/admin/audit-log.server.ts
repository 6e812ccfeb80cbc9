// Reading the audit trail (written by every capability in the change's own transaction): filter by
// person, branch, kind and dates; newest first. The app has no way to edit or delete an entry.
import { sql } from "kysely";
import type { AppDeps } from "#app/lib/deps.server.ts";
import type { AuditFilter } from "./schemas.ts";

export const AUDIT_PAGE = 200;

export async function listAudit(db: AppDeps["db"], filter: AuditFilter, limit = AUDIT_PAGE) {
  let query = db
    .selectFrom("shuxiang.audit_log as a")
    .leftJoin("shuxiang.staff as s", "s.id", "a.actor_staff_id")
    .select(["a.id", "a.at", "a.action", "a.entity_type", "a.entity_id", "a.branch_code", "a.before", "a.after", "a.request_id", "s.name as actor", "s.email as actor_email"])
    .orderBy("a.at", "desc")
    .orderBy("a.id", "desc")
    .limit(limit);
  if (filter.person) query = query.where("a.actor_staff_id", "=", filter.person);
  if (filter.branch) query = query.where("a.branch_code", "=", filter.branch);
  if (filter.kind) query = query.where("a.entity_type", "=", filter.kind);
  if (filter.entity) query = query.where("a.entity_id", "=", filter.entity);
  // Days in the library's zone (the main library's).
  const zone = sql`(SELECT timezone FROM library.branches ORDER BY (kind = 'main') DESC, sort_order LIMIT 1)`;
  if (filter.from) query = query.where(sql<boolean>`(a.at AT TIME ZONE ${zone})::date >= ${filter.from}::date`);
  if (filter.to) query = query.where(sql<boolean>`(a.at AT TIME ZONE ${zone})::date <= ${filter.to}::date`);
  return query.execute();
}

/** The choices of the filter form: people who acted, and the kinds of thing acted on. */
export async function auditChoices(db: AppDeps["db"]) {
  const [people, kinds] = await Promise.all([
    db.selectFrom("shuxiang.staff").select(["id", "name", "email"]).orderBy("name").execute(),
    db.selectFrom("shuxiang.audit_log").select("entity_type").distinct().orderBy("entity_type").execute(),
  ]);
  return { people, kinds: kinds.map((k) => k.entity_type) };
}
