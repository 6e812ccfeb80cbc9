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

export const codeRequestSchema = z.object({
  intent: z.literal("request"),
  email,
});

export const codeVerifySchema = z.object({
  intent: z.literal("verify"),
  email,
  code: z
    .string({ required_error: "validation.required" })
    .trim()
    .regex(/^\d{6}$/, "validation.code"),
});

export const volunteerSignInSchema = z.discriminatedUnion("intent", [codeRequestSchema, codeVerifySchema]);
