// Administration forms: one schema each for the browser's constraints and the server's check.
import { z } from "zod";
import { calendarDate, checkbox, code, intId, safeText, wholeNumber } from "#app/lib/input.ts";
import { freeText, list, name } from "#app/modules/recruitment/schemas.ts";
import { email } from "#app/modules/events/schemas.ts";

const count = wholeNumber;
const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const STAFF_ROLES = ["administrator", "coordinator", "desk"] as const;

const staffFields = z.object({
  name,
  role: z.enum(STAFF_ROLES, { errorMap: () => ({ message: "validation.required" }) }),
  branches: list(code()).pipe(z.array(z.string()).max(20)),
  language: z.enum(["zh-CN", "en"]).default("zh-CN"),
});
const branchesNeeded = (v: { role: string; branches: string[] }, ctx: z.RefinementCtx) => {
  if (v.role !== "administrator" && v.branches.length === 0) ctx.addIssue({ code: "custom", path: ["branches"], message: "admin.errors.branchesNeeded" });
};
/** Inviting a member of staff. */
export const staffSchema = staffFields.extend({ email }).superRefine(branchesNeeded);
/** Changing a member of staff: their email is who they are and stays. */
export const staffUpdateSchema = staffFields.superRefine(branchesNeeded);
export type StaffInput = z.infer<typeof staffSchema>;

/** At least 12 characters: long beats clever (NIST SP 800-63B); no other composition rules. */
export const passwordSchema = z
  .object({
    password: z.string({ required_error: "validation.required" }).min(12, "admin.errors.passwordShort").max(200, "validation.tooLong:200"),
    confirm: z.string({ required_error: "validation.required" }),
  })
  .superRefine((v, ctx) => {
    if (v.password !== v.confirm) ctx.addIssue({ code: "custom", path: ["confirm"], message: "admin.errors.passwordMismatch" });
  });

export const branchSettingsSchema = z.object({
  // The ORGANIZER of every invite from the branch: without it nothing can be planned there.
  deskEmail: email,
  deskPhone: z.preprocess(blank, z.string().trim().max(30, "validation.tooLong:30").regex(/^[0-9+\-\s()]+$/, "validation.phone").optional()),
  bookingCutoffHours: count(0, 720),
  allowLateCancellation: checkbox,
  reminderHours: count(1, 336),
  secondReminderHours: z.preprocess(blank, count(1, 336).optional()),
  eventSetupMinutes: count(0, 240),
  eventTeardownMinutes: count(0, 240),
  guestsAllowed: checkbox,
});
export type BranchSettingsInput = z.infer<typeof branchSettingsSchema>;

export const roomSchema = z.object({
  code: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(30, "validation.tooLong:30").regex(/^[a-z0-9-]+$/, "admin.errors.code"),
  nameZh: freeText(60).pipe(z.string().min(1, "validation.required")),
  nameEn: freeText(80).pipe(z.string().min(1, "validation.required")),
  floor: freeText(10),
  capacity: count(1, 5000),
  accessibilityZh: freeText(300),
  accessibilityEn: freeText(300),
});
export type RoomInput = z.infer<typeof roomSchema>;

/** The audit log's filters, each checked on its own (`parseFilters`). */
export const auditFilters = {
  person: intId,
  branch: code(),
  kind: z.string().max(40).regex(/^[a-z_]+$/, "validation.choice"),
  from: calendarDate,
  to: calendarDate,
  entity: safeText(60),
};
export type AuditFilter = { [K in keyof typeof auditFilters]?: z.output<(typeof auditFilters)[K]> };
