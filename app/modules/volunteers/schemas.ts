// Staff forms about a volunteer: one schema per form (suspend, lift) for the browser's constraints
// and the server's check; the action parses with their union. Messages are translation keys.
import { z } from "zod";
import { code, intId, oneOf, safeText } from "#app/lib/input.ts";
import type { VolunteerStatus } from "#db/schema.ts";

export const SUSPENSION_REASON_MAX = 500;

// Tabs and line breaks are text; NUL and other control characters are refused (app/lib/input.ts).
const reason = safeText(SUSPENSION_REASON_MAX, { multiline: true }).refine((v) => !/[<>]/.test(v), "validation.markup");

export const suspendSchema = z.object({
  intent: z.literal("suspend"),
  reason: reason.refine((v) => v.length > 0, "validation.required"),
});

/** Lifting takes an optional note for the audit log. */
export const liftSchema = z.object({
  intent: z.literal("lift"),
  reason: reason.default(""),
});

export const suspensionSchema = z.discriminatedUnion("intent", [suspendSchema, liftSchema]);
export type SuspensionInput = z.infer<typeof suspensionSchema>;

export const VOLUNTEER_NOTE_MAX = 2000;

/** A coordinator's note on the volunteer's page (kept, and audited). */
export const volunteerNoteSchema = z.object({
  intent: z.literal("note"),
  body: safeText(VOLUNTEER_NOTE_MAX, { multiline: true }).refine((v) => v.length > 0, "validation.required"),
});

/** Who is in the staff directory: everyone appointed once (applicants are in the recruitment pipeline). */
export const DIRECTORY_STATUSES = ["appointed", "paused", "retired", "suspended", "left"] as const satisfies readonly VolunteerStatus[];
/** Last served: within 30 or 90 days, not for 90 days (or never), never. */
export const LAST_SERVED = ["30d", "90d", "over90d", "never"] as const;

/** The directory's filters (the page and its CSV): each checked on its own, a bad one named beside it. */
export const directoryFilters = {
  q: safeText(100),
  branch: code(),
  role: intId,
  training: intId,
  status: oneOf(DIRECTORY_STATUSES),
  served: oneOf(LAST_SERVED),
};
