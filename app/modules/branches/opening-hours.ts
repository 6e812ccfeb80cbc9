// Pure arithmetic on a branch's weekly opening hours (local wall times).
import type { OpeningHours, Weekday } from "#db/schema.ts";

export const WEEKDAYS: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

function minutes(hhmm: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!match) throw new Error(`Not a wall time: ${hhmm}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Hours open in a week: the sum of every interval, e.g. 09:00–17:00 daily is 56. */
export function weeklyOpenHours(hours: OpeningHours): number {
  let total = 0;
  for (const day of WEEKDAYS) {
    for (const [open, close] of hours[day] ?? []) total += Math.max(0, minutes(close) - minutes(open));
  }
  return total / 60;
}

/**
 * Groups consecutive days with the same intervals, for display:
 * [{ from: "tue", to: "sun", intervals: [["09:00","12:00"],["14:00","18:00"]] }, { from: "mon", to: "mon", intervals: [] }].
 */
export function groupOpeningHours(hours: OpeningHours): Array<{ from: Weekday; to: Weekday; intervals: Array<[string, string]> }> {
  const groups: Array<{ from: Weekday; to: Weekday; intervals: Array<[string, string]> }> = [];
  for (const day of WEEKDAYS) {
    const intervals = hours[day] ?? [];
    const last = groups.at(-1);
    if (last && JSON.stringify(last.intervals) === JSON.stringify(intervals)) last.to = day;
    else groups.push({ from: day, to: day, intervals });
  }
  return groups;
}
