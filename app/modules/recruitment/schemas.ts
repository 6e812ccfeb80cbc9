// The application form: one schema for the browser (conform) and the server. Messages are
// translation keys ("key" or "key:value").
import { z } from "zod";
import { calendarDate, code, hasControlCharacters, intId, optionalIntId } from "#app/lib/input.ts";

export const SLOT_PATTERN = /^(mon|tue|wed|thu|fri|sat|sun)-(am|pm|ev)$/;
export const HEARD_FROM = ["friend", "wechat", "library", "school", "street-office", "other"] as const;

const noMarkup = (value: string) => !/[<>]/.test(value);
// Letters of any script (Chinese, Latin…), spaces, middle dot, apostrophe, hyphen, period.
const NAME = /^[\p{L}\p{M}][\p{L}\p{M}\s·.'’-]*$/u;

export const name = z
  .string({ required_error: "validation.required" })
  .trim()
  .min(1, "validation.required")
  .max(50, "validation.tooLong:50")
  .refine(noMarkup, "validation.markup")
  .refine((v) => NAME.test(v), "validation.name");
export const phone = z
  .string({ required_error: "validation.required" })
  .transform((v) => v.replace(/[\s-]/g, "").replace(/^\+?86/, ""))
  .refine((v) => v.length > 0, "validation.required")
  .refine((v) => /^1[3-9]\d{9}$/.test(v), "validation.phone");
export const freeText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `validation.tooLong:${max}`)
    .refine(noMarkup, "validation.markup")
    .refine((v) => !hasControlCharacters(v, { multiline: true }), "validation.control")
    .default("");
export const list = <T extends z.ZodTypeAny>(item: T) => z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(item));

export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split("-").map(Number);
  const [ty, tm, td] = today.split("-").map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

export function applicationSchema(today: string) {
  return z
    .object({
      name,
      phone,
      email: z.string({ required_error: "validation.required" }).trim().max(254, "validation.tooLong:254").email("validation.email"),
      birthDate: z
        .string({ required_error: "validation.required" })
        .refine((v) => calendarDate.safeParse(v).success, "validation.date")
        .refine((v) => v <= today, "apply.errors.birthFuture")
        .refine((v) => ageOn(v, today) <= 100, "apply.errors.birthTooOld")
        .refine((v) => ageOn(v, today) >= 8, "apply.errors.tooYoung"),
      language: z.enum(["zh-CN", "en"]).default("zh-CN"),
      branches: list(code()).pipe(z.array(z.string()).min(1, "apply.errors.branches").max(20)),
      roles: list(intId).pipe(z.array(z.number()).min(1, "apply.errors.roles").max(50)),
      availability: list(z.string().regex(SLOT_PATTERN)).pipe(z.array(z.string()).min(1, "apply.errors.availability").max(21)),
      skills: freeText(500),
      languagesSpoken: freeText(200),
      cardNumber: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().trim().regex(/^\d{13}$/, "apply.errors.cardFormat").optional()),
      heardFrom: z.preprocess((v) => (v === "" ? undefined : v), z.enum(HEARD_FROM).optional()),
      consent: z.literal("on", { errorMap: () => ({ message: "apply.errors.consent" }) }),
      guardianName: z.preprocess((v) => (v === "" ? undefined : v), name.optional()),
      guardianPhone: z.preprocess((v) => (v === "" ? undefined : v), phone.optional()),
      guardianConsent: z.literal("on").optional(),
    })
    .superRefine((v, ctx) => {
      const age = ageOn(v.birthDate, today);
      // (A birth date refused above asks for nothing more.)
      if (v.birthDate <= today && age >= 8 && age < 18) {
        if (!v.guardianName) ctx.addIssue({ code: "custom", path: ["guardianName"], message: "apply.errors.guardianRequired" });
        if (!v.guardianPhone) ctx.addIssue({ code: "custom", path: ["guardianPhone"], message: "apply.errors.guardianRequired" });
        if (!v.guardianConsent) ctx.addIssue({ code: "custom", path: ["guardianConsent"], message: "apply.errors.guardianConsent" });
      }
    });
}
export type ApplicationInput = z.infer<ReturnType<typeof applicationSchema>>;

export const optionalId = optionalIntId;

export const interviewSchema = z.object({
  branch: code(),
  date: calendarDate,
  start: z.string({ required_error: "validation.required" }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, "validation.time"),
  end: z.string({ required_error: "validation.required" }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, "validation.time"),
  roomId: optionalId,
  place: freeText(200),
  interviewerId: intId,
});

/** The profile's email choices: a ticked box means "send me these" (an unticked one is absent). */
export const mailPreferencesSchema = z.object({
  help: z.boolean().default(false),
  reminders: z.boolean().default(false),
});

/** The volunteer's own profile: what they may change themselves (email is their sign-in, fixed). */
export const profileSchema = z.object({
  name,
  phone,
  language: z.enum(["zh-CN", "en"]).default("zh-CN"),
  branches: list(code()).pipe(z.array(z.string()).min(1, "apply.errors.branches").max(20)),
  roles: list(intId).pipe(z.array(z.number()).min(1, "apply.errors.roles").max(50)),
  availability: list(z.string().regex(SLOT_PATTERN)).pipe(z.array(z.string()).min(1, "apply.errors.availability").max(21)),
  skills: freeText(500),
  languagesSpoken: freeText(200),
});
export type ProfileInput = z.infer<typeof profileSchema>;
