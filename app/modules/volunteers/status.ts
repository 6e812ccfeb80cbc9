// Which volunteers may sign in: one list, asked by the code and link sign-in and by every session lookup.
import type { VolunteerStatus } from "#db/schema.ts";

/** People who left, and people staff suspended, cannot sign in; their open sessions stop working. */
export const NO_SIGN_IN: VolunteerStatus[] = ["left", "suspended"];

/** The translation key that names each status, on the volunteer's home page and the staff's volunteer page. */
export const STATUS_LABEL = {
  applicant: "volunteer.statusApplicant",
  appointed: "volunteer.statusAppointed",
  paused: "volunteer.statusPaused",
  retired: "volunteer.statusRetired",
  suspended: "volunteer.statusSuspended",
  left: "volunteer.statusLeft",
} as const satisfies Record<VolunteerStatus, string>;
