// Event forms: one schema each, used in the browser (constraint attributes) and again on the server.
// Messages are translation keys ("key" or "key:value").
import { z } from "zod";
import { calendarDate, checkbox, code, intId, oneOf, optionalIntId, safeText, wholeNumber } from "#app/lib/input.ts";
import { EVENT_AUDIENCES, EVENT_KINDS } from "#db/schema.ts";
import { freeText, guardianFields, list, name, phone } from "#app/modules/recruitment/schemas.ts";

const date = calendarDate;
const time = z.string({ required_error: "validation.required" }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, "validation.time");
const count = wholeNumber;
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const title = (max: number) => freeText(max).pipe(z.string().min(1, "validation.required"));
export const email = z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(254, "validation.tooLong:254").email("validation.email");

/** Volunteer needs come as fields "need-<roleId>" = number of people. */
export const MAX_NEED = 20;

const eventFields = {
  titleZh: title(100),
  titleEn: title(150),
  descriptionZh: freeText(2000),
  descriptionEn: freeText(3000),
  kind: z.enum(EVENT_KINDS, { errorMap: () => ({ message: "validation.required" }) }),
  audience: z.enum(EVENT_AUDIENCES, { errorMap: () => ({ message: "validation.required" }) }),
  roomId: optionalIntId,
  place: freeText(200),
  start: time,
  end: time,
  capacity: count(1, 5000),
  maxParty: count(1, 10).default(1),
  cardRequired: checkbox,
  guestsAllowed: checkbox,
  opensDaysBefore: z.preprocess(blankToUndefined, count(0, 90).optional()),
  closesHoursBefore: count(0, 168).default(0),
  accessibilityZh: freeText(500),
  accessibilityEn: freeText(500),
  partner: freeText(200),
};

export const createEventSchema = z
  .object({
    branch: code(),
    date,
    ...eventFields,
    repeat: z.enum(["none", "weekly"]).default("none"),
    weekdays: list(wholeNumber(1, 7)).pipe(z.array(z.number()).max(7)),
    until: z.preprocess(blankToUndefined, date.optional()),
    count: z.preprocess(blankToUndefined, count(1, 120).optional()),
    needs: z.record(z.string().regex(/^\d{1,9}$/), count(0, MAX_NEED)).default({}),
  })
  .superRefine((v, ctx) => {
    if (v.repeat === "weekly") {
      if (v.weekdays.length === 0) ctx.addIssue({ code: "custom", path: ["weekdays"], message: "shifts.errors.weekdays" });
      if (!v.until && v.count === undefined) ctx.addIssue({ code: "custom", path: ["until"], message: "shifts.errors.untilOrCount" });
      if (v.until && v.until < v.date) ctx.addIssue({ code: "custom", path: ["until"], message: "shifts.errors.untilBeforeStart" });
    }
  });
export type CreateEventInput = z.infer<typeof createEventSchema>;

export const editEventSchema = z.object({ intent: z.literal("edit"), date, ...eventFields });
export type EditEventInput = z.infer<typeof editEventSchema>;

/** Gathers the "need-<roleId>" fields of a posted form into `needs`. */
export function withNeeds(form: Record<string, unknown>): Record<string, unknown> {
  const needs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(form)) {
    const m = /^need-(\d+)$/.exec(key);
    if (m && value !== "") needs[m[1]] = value;
  }
  return { ...form, needs };
}

export const cancelEventSchema = z.object({
  intent: z.literal("cancel"),
  reason: safeText(300).pipe(z.string().min(1, "validation.required")),
  scope: z.enum(["one", "following"]).default("one"),
});

const party = {
  adults: count(0, 10).default(1),
  children: count(0, 10).default(0),
};

export const registrationSchema = z
  .object({
    mode: z.enum(["card", "guest"]).default("card"),
    cardNumber: z.preprocess(blankToUndefined, z.string().trim().regex(/^\d{13}$/, "apply.errors.cardFormat").optional()),
    name,
    email,
    phone: z.preprocess(blankToUndefined, phone.optional()),
    language: z.enum(["zh-CN", "en"]).default("zh-CN"),
    ...party,
    // Asked for only when the card is a child's under 14 (registerForEvent knows from the card).
    ...guardianFields,
  })
  .superRefine((v, ctx) => {
    if (v.mode === "card" && !v.cardNumber) ctx.addIssue({ code: "custom", path: ["cardNumber"], message: "validation.required" });
    if (v.adults + v.children < 1) ctx.addIssue({ code: "custom", path: ["adults"], message: "events.errors.partyEmpty" });
  });
export type RegistrationInput = z.infer<typeof registrationSchema>;

export const partySchema = z
  .object({ intent: z.literal("party"), ...party })
  .superRefine((v, ctx) => {
    if (v.adults + v.children < 1) ctx.addIssue({ code: "custom", path: ["adults"], message: "events.errors.partyEmpty" });
  });

export const groupSchema = z.object({
  school: title(100),
  className: title(50),
  teacher: name,
  email,
  phone,
  headCount: count(1, 1000),
  preferredDate: z.preprocess(blankToUndefined, date.optional()),
  notes: freeText(500),
  language: z.enum(["zh-CN", "en"]).default("zh-CN"),
});
export type GroupInput = z.infer<typeof groupSchema>;

export const FEEDBACK_KINDS = ["suggestion", "question", "complaint"] as const;
export const feedbackSchema = z.object({
  kind: z.enum(FEEDBACK_KINDS, { errorMap: () => ({ message: "validation.required" }) }),
  rating: z.preprocess(blankToUndefined, count(1, 5).optional()),
  body: safeText(2000, { multiline: true }).pipe(z.string().min(1, "validation.required")),
  branch: z.preprocess(blankToUndefined, code().optional()),
  contactName: z.preprocess(blankToUndefined, name.optional()),
  contactEmail: z.preprocess(blankToUndefined, email.optional()),
  event: z.preprocess(blankToUndefined, safeText(100).optional()),
  language: z.enum(["zh-CN", "en"]).default("zh-CN"),
});
export type FeedbackInput = z.infer<typeof feedbackSchema>;

export const replySchema = z.object({
  intent: z.enum(["reply", "close"]),
  id: intId,
  reply: z.preprocess(blankToUndefined, safeText(2000, { multiline: true }).optional()),
});

/** Filters of the public list, each checked on its own (`parseFilters`). */
export const eventFilters = {
  branch: code(),
  kind: oneOf(EVENT_KINDS),
  audience: oneOf(EVENT_AUDIENCES),
  from: calendarDate,
  to: calendarDate,
};

/** What the staff home counts and the events list filters by: helpers still needed, school groups to decide. */
export const EVENT_NEEDS = ["helpers", "groups"] as const;
export type EventNeed = (typeof EVENT_NEEDS)[number];
