// Shift forms: one schema each, used by conform in the browser and again on the server.
// Messages are translation keys ("key" or "key:max").
import { z } from "zod";
import { calendarDate, code, intId, optionalIntId, safeText, wholeNumber } from "#app/lib/input.ts";
import { list } from "#app/modules/recruitment/schemas.ts";

const date = calendarDate;
const time = z.string({ required_error: "validation.required" }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, "validation.time");
const notes = safeText(500, { multiline: true }).default("");
const capacity = wholeNumber(1, 500);
const minNeeded = wholeNumber(0, 500);

const shiftFields = {
  start: time,
  end: time,
  capacity,
  minNeeded,
  notes,
  roomId: optionalIntId,
};

export const createShiftSchema = z
  .object({
    branch: code(),
    roleId: intId,
    date,
    ...shiftFields,
    repeat: z.enum(["none", "weekly"]).default("none"),
    weekdays: list(wholeNumber(1, 7)).pipe(z.array(z.number()).max(7)),
    until: z.preprocess((v) => (v === "" ? undefined : v), date.optional()),
    count: z.preprocess((v) => (v === "" ? undefined : v), wholeNumber(1, 120).optional()),
  })
  .superRefine((v, ctx) => {
    if (v.minNeeded > v.capacity) ctx.addIssue({ code: "custom", path: ["minNeeded"], message: "shifts.errors.minAboveCapacity" });
    if (v.repeat === "weekly") {
      if (v.weekdays.length === 0) ctx.addIssue({ code: "custom", path: ["weekdays"], message: "shifts.errors.weekdays" });
      if (!v.until && v.count === undefined) ctx.addIssue({ code: "custom", path: ["until"], message: "shifts.errors.untilOrCount" });
      if (v.until && v.until < v.date) ctx.addIssue({ code: "custom", path: ["until"], message: "shifts.errors.untilBeforeStart" });
    }
  });
export type CreateShiftInput = z.infer<typeof createShiftSchema>;

export const editShiftSchema = z
  .object({
    intent: z.literal("edit"),
    date,
    ...shiftFields,
    scope: z.enum(["one", "following"]).default("one"),
  })
  .superRefine((v, ctx) => {
    if (v.minNeeded > v.capacity) ctx.addIssue({ code: "custom", path: ["minNeeded"], message: "shifts.errors.minAboveCapacity" });
  });
export type EditShiftInput = z.infer<typeof editShiftSchema>;

export const cancelShiftSchema = z.object({
  intent: z.literal("cancel"),
  reason: safeText(300).pipe(z.string().min(1, "validation.required")),
  scope: z.enum(["one", "following"]).default("one"),
});

export const assignSchema = z.object({
  intent: z.literal("assign"),
  volunteer: safeText(254).pipe(z.string().min(1, "validation.required")),
  overrideReason: safeText(300).optional(),
});

export const removeSchema = z.object({
  intent: z.literal("remove"),
  bookingId: intId,
  reason: safeText(300).optional(),
});

export const adjustSchema = z.object({
  intent: z.literal("adjust"),
  bookingId: intId,
  minutes: wholeNumber(0, 1440),
  reason: safeText(300).pipe(z.string().min(1, "validation.required")),
});

export const SHIFT_NOTE_MAX = 500;
/** A coordinator's optional note in a message about a shift (to the people booked, or a call for help). */
export const shiftNoteFields = { note: safeText(SHIFT_NOTE_MAX, { multiline: true }) };
// The send form always carries the previewed note (empty when none): one without it is not our form.
export const sendNoteSchema = z.object({ note: safeText(SHIFT_NOTE_MAX, { multiline: true }) });
