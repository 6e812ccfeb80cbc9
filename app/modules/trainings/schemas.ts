// Training sessions: one schema for the browser (conform) and the server.
import { z } from "zod";
import { calendarDate, code, intId, wholeNumber } from "#app/lib/input.ts";
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
  capacity: wholeNumber(1, 500),
});
export type TrainingSessionInput = z.infer<typeof trainingSessionSchema>;
