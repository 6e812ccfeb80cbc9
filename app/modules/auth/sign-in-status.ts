// Which volunteers may sign in: one list, asked by the code and link sign-in and by every session lookup.
import type { VolunteerStatus } from "#db/schema.ts";

/** People who left, and people staff suspended, cannot sign in; their open sessions stop working. */
export const NO_SIGN_IN: VolunteerStatus[] = ["left", "suspended"];
