// Staff forms about a volunteer: one schema per form (suspend, lift) for the browser's constraints
// and the server's check; the action parses with their union. Messages are translation keys.
import { z } from "zod";

export const SUSPENSION_REASON_MAX = 500;

// NUL and other control characters (tabs and line breaks are text): PostgreSQL refuses NUL outright.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const reason = z
  .string({ required_error: "validation.required" })
  .trim()
  .max(SUSPENSION_REASON_MAX, `validation.tooLong:${SUSPENSION_REASON_MAX}`)
  .refine((v) => !/[<>]/.test(v), "validation.markup")
  .refine((v) => !CONTROL.test(v), "validation.control");

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
