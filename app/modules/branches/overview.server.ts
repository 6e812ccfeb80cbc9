import type { Kysely } from "kysely";
import type { Database } from "#db/schema.ts";
import { branchesFor, type StaffUser } from "#app/modules/auth/policy.ts";
import { listBranches, listRoles, listRooms } from "./branches.server.ts";

/** The staff dashboard: every branch (public facts), the rooms of the person's branches, the roles. */
export async function getStaffOverview(db: Kysely<Database>, user: StaffUser) {
  const scope = branchesFor(user, "event.view");
  const [branches, rooms, roles] = await Promise.all([
    listBranches(db),
    listRooms(db, scope === "all" ? undefined : scope),
    listRoles(db),
  ]);
  return { branches, rooms, roles };
}
