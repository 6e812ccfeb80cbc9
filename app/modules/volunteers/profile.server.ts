import type { Kysely } from "kysely";
import type { Database } from "#db/schema.ts";

export function getVolunteerProfile(db: Kysely<Database>, volunteerId: number) {
  return db
    .selectFrom("shuxiang.volunteers as v")
    .leftJoin("library.branches as b", "b.code", "v.home_branch_code")
    .select(["v.id", "v.name", "v.email", "v.phone", "v.status", "v.language", "v.volunteer_number", "b.name_zh as branch_name_zh", "b.name_en as branch_name_en"])
    .where("v.id", "=", volunteerId)
    .executeTakeFirst();
}
