// Training sessions: one schema for the browser (conform) and the server.
import { z } from "zod";
import { calendarDate, code, intId } from "#app/lib/input.ts";
import { freeText, optionalId } from "#app/modules/recruitment/schemas.ts";

const time = z.string({ required_error: "validation.required" }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, "validation.time");

export const trainingSessionSchema = z.object({
  trainingId: intId,
  branch: code(),
  date: calendarDate,
  start: time,
  end: time,
  roomId: optionalId,
  place: freeText(200),
  trainer: freeText(100),
  capacity: z.coerce.number({ required_error: "validation.required", invalid_type_error: "validation.number" }).int("validation.number").min(1, "validation.min:1").max(500, "validation.max:500"),
});
export type TrainingSessionInput = z.infer<typeof trainingSessionSchema>;
