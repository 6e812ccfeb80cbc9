// Staff users as the route guards would hand them to the modules, from the demo staff.
import type { Kysely } from "kysely";
import type { StaffUser } from "#app/modules/auth/policy.ts";
import type { Database } from "#db/schema.ts";

/** A function giving the demo staff member with that email, covering the given branches. */
export async function demoStaff(db: Kysely<Database>): Promise<(email: string, branchCodes: string[]) => StaffUser> {
  const staff = await db.selectFrom("shuxiang.staff").select(["id", "name", "email", "role"]).execute();
  return (email, branchCodes) => {
    const s = staff.find((x) => x.email === email);
    if (!s) throw new Error(`no demo staff member ${email}`);
    return { kind: "staff", id: s.id, name: s.name, email: s.email, role: s.role, language: "zh-CN", branchCodes };
  };
}
