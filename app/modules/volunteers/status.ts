// How each volunteer status is named. (Which statuses may sign in is auth's rule: auth/sign-in-status.ts.)
import type { VolunteerStatus } from "#db/schema.ts";

/** The translation key that names each status, on the volunteer's home page and the staff's volunteer page. */
export const STATUS_LABEL = {
  applicant: "volunteer.statusApplicant",
  appointed: "volunteer.statusAppointed",
  paused: "volunteer.statusPaused",
  retired: "volunteer.statusRetired",
  suspended: "volunteer.statusSuspended",
  left: "volunteer.statusLeft",
} as const satisfies Record<VolunteerStatus, string>;
