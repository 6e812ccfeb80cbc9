// One schema per form: conform turns it into browser constraints and uses it again on the server.
// Messages are translation keys ("key" or "key:max"), shown by <FieldError>.
import { z } from "zod";

const email = z
  .string({ required_error: "validation.required" })
  .trim()
  .max(254, "validation.tooLong:254")
  .email("validation.email");

export const staffSignInSchema = z.object({
  email,
  password: z.string({ required_error: "validation.required" }).max(1024, "validation.tooLong:1024"),
  redirectTo: z.string().max(2000).optional(),
});

/** A 6-digit code: the volunteer's emailed code and the staff authenticator app's alike. */
const sixDigitCode = z
  .string({ required_error: "validation.required" })
  .trim()
  .regex(/^\d{6}$/, "validation.code");

/** The second step of staff sign-in, after a right password (docs/decisions/0020). */
export const staffCodeSchema = z.object({
  intent: z.literal("code"),
  challenge: z.string().max(100),
  code: sixDigitCode,
  redirectTo: z.string().max(2000).optional(),
});

/** The account security page: set up, confirm or turn off the second factor (the last two with a current code), and the administrators' setting. */
export const accountSecuritySchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("start") }),
  z.object({ intent: z.literal("confirm"), code: sixDigitCode }),
  z.object({ intent: z.literal("remove"), code: sixDigitCode }),
  z.object({ intent: z.literal("required"), required: z.boolean().default(false) }),
]);

export const codeRequestSchema = z.object({
  intent: z.literal("request"),
  email,
});

export const codeVerifySchema = z.object({
  intent: z.literal("verify"),
  email,
  code: sixDigitCode,
});

export const volunteerSignInSchema = z.discriminatedUnion("intent", [codeRequestSchema, codeVerifySchema]);
