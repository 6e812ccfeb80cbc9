// The staff home's "what needs doing" (docs/decisions/0026): each figure comes from the same module
// call, with the same filter, as the list it links to, so a count and its list never disagree.
// Shifts and events: today and the next 7 days, each in its branch's zone.
import type { Kysely } from "kysely";
import type { Database } from "#db/schema.ts";
import { branchesFor, can, type StaffUser } from "#app/modules/auth/policy.ts";
import { shortStaffed } from "#app/modules/board/help.server.ts";
import { branchesWhere } from "#app/modules/branches/branches.server.ts";
import { eventsNeeding } from "#app/modules/events/queries.server.ts";
import { feedbackCounts } from "#app/modules/events/feedback.server.ts";
import { openFailureCount } from "#app/modules/admin/deliveries.server.ts";
import { pipelineCounts } from "#app/modules/recruitment/queries.server.ts";

export interface WorkItem {
  key: "shortShifts" | "eventHelpers" | "newApplications" | "interviewsToSchedule" | "groupRequests" | "feedback" | "failedDeliveries";
  count: number;
  href: string;
}

/** `zone`: the default zone, for the applications counts (their dates are not filtered here). */
export async function workbench(db: Kysely<Database>, user: StaffUser, zone: string, now: Date = new Date()): Promise<WorkItem[]> {
  // Desk staff plan nothing: their home has the roster and check-in links only.
  if (user.role === "desk") return [];
  const codes = (await branchesWhere(db, user, "shift.plan")).map((b) => b.code);
  const scope = branchesFor(user, "event.view") === "all" ? null : codes;
  const [short, helpers, groups, applied, unscheduled, feedback, failures] = await Promise.all([
    shortStaffed({ db }, codes, now),
    eventsNeeding(db, scope, "helpers", now),
    eventsNeeding(db, scope, "groups", now),
    pipelineCounts(db, user, { zone }),
    pipelineCounts(db, user, { zone, unscheduled: true }),
    feedbackCounts(db, user),
    can(user, "delivery.view") ? openFailureCount(db) : Promise.resolve(null),
  ]);
  const items: WorkItem[] = [
    { key: "shortShifts", count: short.length, href: "/staff/board?short=1#alerts-title" },
    { key: "eventHelpers", count: helpers.length, href: "/staff/events?needs=helpers" },
    { key: "newApplications", count: applied.applied, href: "/staff/applications?status=applied" },
    { key: "interviewsToSchedule", count: unscheduled.interview, href: "/staff/applications?status=interview&interview=unscheduled" },
    { key: "groupRequests", count: groups.reduce((n, e) => n + (e.groups_requested ?? 0), 0), href: "/staff/events?needs=groups" },
    { key: "feedback", count: feedback.filter((c) => c.status === "new").reduce((n, c) => n + c.n, 0), href: "/staff/feedback?status=new" },
  ];
  if (failures !== null) items.push({ key: "failedDeliveries", count: failures, href: "/staff/deliveries?status=failed" });
  return items;
}
