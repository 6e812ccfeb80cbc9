// Who may see or change what. Pure rules over the signed-in user; routes and modules both ask here.
import type { CurrentUser } from "./session.server.ts";

export type StaffUser = Extract<CurrentUser, { kind: "staff" }>;
export type VolunteerUser = Extract<CurrentUser, { kind: "volunteer" }>;

export const forbidden = () => new Response("Forbidden", { status: 403 });

/** Administrators see every branch; coordinators and desk staff only the branches they cover. */
export function canAccessBranch(user: StaffUser, branchCode: string): boolean {
  return user.role === "administrator" || user.branchCodes.includes(branchCode);
}

export function requireBranchAccess(user: StaffUser, branchCode: string): void {
  if (!canAccessBranch(user, branchCode)) throw forbidden();
}
