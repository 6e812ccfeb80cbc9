// Staff forms about a volunteer: one schema per form (suspend, lift) for the browser's constraints
// and the server's check; the action parses with their union. Messages are translation keys.
import { z } from "zod";
import { safeText } from "#app/lib/input.ts";

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
