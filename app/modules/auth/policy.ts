// Who may do what: the one permission policy (docs/decisions/0023). Pure rules over the signed-in
// person; route guards ask here at the door, and every domain module that changes something asks
// again before it does, so a module called by anyone without the right refuses on its own.
import { sql, type RawBuilder } from "kysely";
import type { StaffRole } from "#db/schema.ts";
import type { CurrentUser } from "./session.server.ts";

export type StaffUser = Extract<CurrentUser, { kind: "staff" }>;
export type VolunteerUser = Extract<CurrentUser, { kind: "volunteer" }>;

/** Who made a change, for the module's own check and the audit log. */
export interface StaffActor {
  user: StaffUser;
  requestId?: string | null;
}

/**
 * Each staff action: the roles that may do it, and whether it is done at a branch — then
 * coordinators and desk staff only at the branches they cover; administrators act everywhere.
 * Anonymous visitors and volunteers may do none of these (their own bookings, profile and
 * registrations are checked by ownership in their modules).
 */
const RULES = {
  "shift.plan": { roles: ["coordinator", "administrator"], atBranch: true },
  "shift.assign": { roles: ["coordinator", "administrator"], atBranch: true },
  "shift.askForHelp": { roles: ["coordinator", "administrator"], atBranch: true },
  "shift.checkIn": { roles: ["desk", "coordinator", "administrator"], atBranch: true },
  "event.view": { roles: ["desk", "coordinator", "administrator"], atBranch: true },
  "event.plan": { roles: ["coordinator", "administrator"], atBranch: true },
  "event.decideGroup": { roles: ["coordinator", "administrator"], atBranch: true },
  "event.checkIn": { roles: ["desk", "coordinator", "administrator"], atBranch: true },
  "feedback.answer": { roles: ["coordinator", "administrator"], atBranch: true },
  "application.review": { roles: ["coordinator", "administrator"], atBranch: true },
  "interview.schedule": { roles: ["coordinator", "administrator"], atBranch: true },
  "training.view": { roles: ["desk", "coordinator", "administrator"], atBranch: true },
  "training.manage": { roles: ["coordinator", "administrator"], atBranch: true },
  "training.attendance": { roles: ["desk", "coordinator", "administrator"], atBranch: true },
  "volunteer.view": { roles: ["coordinator", "administrator"], atBranch: true },
  "record.evaluate": { roles: ["desk", "coordinator", "administrator"], atBranch: true },
  "record.review": { roles: ["coordinator", "administrator"], atBranch: true },
  "certificate.issuer": { roles: ["administrator"], atBranch: false },
  "volunteer.suspend": { roles: ["coordinator", "administrator"], atBranch: true },
  "report.view": { roles: ["coordinator", "administrator"], atBranch: true },
  "report.figures": { roles: ["coordinator", "administrator"], atBranch: true },
  "branch.manage": { roles: ["coordinator", "administrator"], atBranch: true },
  "admin.staff": { roles: ["administrator"], atBranch: false },
  "admin.catalogue": { roles: ["administrator"], atBranch: false },
  "admin.retention": { roles: ["administrator"], atBranch: false },
  "admin.audit": { roles: ["administrator"], atBranch: false },
  "admin.security": { roles: ["administrator"], atBranch: false },
  "delivery.view": { roles: ["administrator"], atBranch: false },
  "delivery.resend": { roles: ["administrator"], atBranch: false },
} as const satisfies Record<string, { roles: readonly StaffRole[]; atBranch: boolean }>;

export type Action = keyof typeof RULES;
export const ACTIONS = Object.keys(RULES) as Action[];

/**
 * May `user` do `action` — at `branch` when given (an item at several branches, e.g. an applicant's
 * chosen branches, passes when any of them is theirs)? Without a branch: may they do it somewhere
 * (a coordinator needs at least one branch), which is the check at a page's door.
 */
export function can(user: CurrentUser | null | undefined, action: Action, branch?: string | readonly string[]): boolean {
  if (!user || user.kind !== "staff") return false;
  const rule: { roles: readonly StaffRole[]; atBranch: boolean } = RULES[action];
  if (!rule.roles.includes(user.role)) return false;
  if (user.role === "administrator" || !rule.atBranch) return true;
  const wanted = branch === undefined ? user.branchCodes : typeof branch === "string" ? [branch] : branch;
  return wanted.some((b) => user.branchCodes.includes(b));
}

/** The branches where `user` may do `action`: "all" for administrators, else their own (or none). */
export function branchesFor(user: StaffUser, action: Action): "all" | string[] {
  if (!can(user, action)) return [];
  return user.role === "administrator" || !RULES[action].atBranch ? "all" : user.branchCodes;
}

/** A volunteer (or applicant) belongs to their home branch and the branches they chose: staff act on them there. */
export function volunteerBranches(v: { home_branch_code: string | null; preferred_branches: readonly string[] }): string[] {
  return v.home_branch_code ? [v.home_branch_code, ...v.preferred_branches] : [...v.preferred_branches];
}

/** The same rule in SQL over a volunteers row aliased `v`: true for those `user` may act on for `action`. */
export function volunteerInScopeSql(user: StaffUser, action: Action): RawBuilder<boolean> {
  const branches = branchesFor(user, action);
  if (branches === "all") return sql<boolean>`true`;
  return sql<boolean>`(v.home_branch_code = ANY(${branches}::text[]) OR v.preferred_branches && ${branches}::text[])`;
}

export const forbidden = () => new Response("Forbidden", { status: 403 });

/** For routes: throws 403 unless `can(user, action, branch)`. */
export function authorize(user: StaffUser, action: Action, branch?: string | readonly string[]): void {
  if (!can(user, action, branch)) throw forbidden();
}
