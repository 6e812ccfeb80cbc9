// Pure rules about events, shared by the modules and the pages.
import type { EventAudience } from "#db/schema.ts";

/** Events whose audience is only volunteers are shown to signed-in volunteers only. */
export function isVolunteersOnly(audience: EventAudience | string): boolean {
  return audience === "volunteers";
}

/** Study tours and class visits take school groups (a teacher's request), not single readers. */
export function acceptsGroups(ev: { audience: string; kind: string }): boolean {
  return ev.audience === "school-groups" || ev.kind === "study-tour" || ev.kind === "class-visit";
}

/** Why registration is not possible at `now` (a message key), or null. */
export function windowProblem(
  ev: { status: string; starts_at: Date | string; registration_opens_at: Date | string | null; registration_closes_at: Date | string | null },
  now: Date,
): string | null {
  if (ev.status !== "scheduled") return "events.errors.cancelled";
  if (ev.registration_opens_at && new Date(ev.registration_opens_at) > now) return "events.errors.notYetOpen";
  if (new Date(ev.starts_at) <= now || (ev.registration_closes_at && new Date(ev.registration_closes_at) <= now)) return "events.errors.closed";
  return null;
}
