// Shift forms: one schema each, used by conform in the browser and again on the server.
// Messages are translation keys ("key" or "key:max").
import { z } from "zod";

const required = { required_error: "validation.required", invalid_type_error: "validation.number" };
const date = z.string({ required_error: "validation.required" }).regex(/^\d{4}-\d{2}-\d{2}$/, "validation.date");
const time = z.string({ required_error: "validation.required" }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, "validation.time");
const notes = z.string().trim().max(500, "validation.tooLong:500").default("");
const capacity = z.coerce.number(required).int("validation.integer").min(1, "validation.min:1").max(500, "validation.max:500");
const minNeeded = z.coerce.number(required).int("validation.integer").min(0, "validation.min:0").max(500, "validation.max:500");
const optionalId = z.preprocess((v) => (v === "" || v === undefined ? undefined : v), z.coerce.number().int().positive().optional());

const shiftFields = {
  start: time,
  end: time,
  capacity,
  minNeeded,
  notes,
  roomId: optionalId,
};

export const createShiftSchema = z
  .object({
    branch: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(20),
    roleId: z.coerce.number(required).int().positive("validation.required"),
    date,
    ...shiftFields,
    repeat: z.enum(["none", "weekly"]).default("none"),
    weekdays: z.array(z.coerce.number().int().min(1).max(7)).max(7).default([]),
    until: z.preprocess((v) => (v === "" ? undefined : v), date.optional()),
    count: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number(required).int("validation.integer").min(1, "validation.min:1").max(120, "validation.max:120").optional()),
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
  reason: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(300, "validation.tooLong:300"),
  scope: z.enum(["one", "following"]).default("one"),
});

export const assignSchema = z.object({
  intent: z.literal("assign"),
  volunteer: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(254, "validation.tooLong:254"),
  overrideReason: z.string().trim().max(300, "validation.tooLong:300").optional(),
});

export const removeSchema = z.object({
  intent: z.literal("remove"),
  bookingId: z.coerce.number().int().positive(),
  reason: z.string().trim().max(300, "validation.tooLong:300").optional(),
});

export const adjustSchema = z.object({
  intent: z.literal("adjust"),
  bookingId: z.coerce.number().int().positive(),
  minutes: z.coerce.number(required).int("validation.integer").min(0, "validation.min:0").max(1440, "validation.max:1440"),
  reason: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(300, "validation.tooLong:300"),
});
