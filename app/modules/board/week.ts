// Week arithmetic on local dates (shared by the board's server code and its page).
import { DateTime } from "luxon";

/** Monday of the week holding `date` (ISO weeks: the library plans Monday to Sunday). */
export function weekStart(date: string): string {
  const d = DateTime.fromISO(date, { zone: "UTC" });
  return (d.isValid ? d : DateTime.utc()).startOf("week").toISODate()!;
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: "UTC" }).plus({ days }).toISODate()!;
}
