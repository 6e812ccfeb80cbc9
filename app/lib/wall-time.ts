// Wall times typed by a coordinator, read in the branch's zone (DESIGN.md "Instants"): a time that
// does not exist (the DST gap) is refused; an ambiguous one (the hour that repeats) takes the
// earlier instant. Weekly series step by calendar weeks in the zone, never by 168 hours.
import { DateTime } from "luxon";

export type WallTimeError = "invalid-date" | "invalid-time" | "nonexistent" | "end-before-start";

export type WallTimeResult = { ok: true; instant: DateTime } | { ok: false; error: WallTimeError };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function parseLocalDate(date: string): { year: number; month: number; day: number } | null {
  const m = DATE.exec(date);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = DateTime.utc(year, month, day);
  if (!check.isValid || check.month !== month || check.day !== day) return null;
  return { year, month, day };
}

/** The instant of a local date and "HH:MM" in `zone`. */
export function wallTimeToInstant(date: string, time: string, zone: string): WallTimeResult {
  const d = parseLocalDate(date);
  if (!d) return { ok: false, error: "invalid-date" };
  const t = TIME.exec(time);
  if (!t) return { ok: false, error: "invalid-time" };
  const candidates = wallTimeInstants({ ...d, hour: Number(t[1]), minute: Number(t[2]) }, zone);
  if (candidates.length === 0) return { ok: false, error: "nonexistent" };
  return { ok: true, instant: candidates[0] };
}

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** Every instant that shows this wall time in `zone`, earliest first: none in the DST gap, two in the hour that repeats. */
function wallTimeInstants(wall: WallTime, zone: string): DateTime[] {
  // Every offset the zone uses around that day; keep the ones that map back to the same wall time.
  const probe = DateTime.fromObject(wall, { zone: "UTC" });
  const offsets = new Set<number>();
  for (const hours of [-36, -12, 0, 12, 36]) offsets.add(probe.plus({ hours }).setZone(zone).offset);
  const candidates: DateTime[] = [];
  for (const offset of offsets) {
    const instant = probe.minus({ minutes: offset }).setZone(zone);
    if (instant.year === wall.year && instant.month === wall.month && instant.day === wall.day && instant.hour === wall.hour && instant.minute === wall.minute) {
      candidates.push(instant);
    }
  }
  return candidates.sort((a, b) => a.toMillis() - b.toMillis());
}

/** Whether the instant's wall time in its own zone repeats (the hour when clocks go back). */
export function isRepeatedWallTime(instant: DateTime): boolean {
  const { year, month, day, hour, minute } = instant;
  return wallTimeInstants({ year, month, day, hour, minute }, instant.zoneName ?? "UTC").length > 1;
}

export type IntervalResult = { ok: true; start: DateTime; end: DateTime } | { ok: false; error: WallTimeError; field: "date" | "start" | "end" };

/** A shift's start and end on one local date; the end must come after the start. */
export function wallInterval(date: string, start: string, end: string, zone: string): IntervalResult {
  const s = wallTimeToInstant(date, start, zone);
  if (!s.ok) return { ok: false, error: s.error, field: s.error === "invalid-date" ? "date" : "start" };
  const e = wallTimeToInstant(date, end, zone);
  if (!e.ok) return { ok: false, error: e.error, field: "end" };
  if (e.instant <= s.instant) return { ok: false, error: "end-before-start", field: "end" };
  return { ok: true, start: s.instant, end: e.instant };
}

/** ISO weekday numbers 1 (Monday) … 7 (Sunday). */
export interface WeeklyRule {
  startDate: string;
  weekdays: number[];
  untilDate?: string;
  count?: number;
}

export const MAX_OCCURRENCES = 120;

/** The local dates of a weekly rule, in order: every chosen weekday from the start date until the
 * until date or the count, whichever comes first (at most MAX_OCCURRENCES + 1, within two years). */
export function weeklyDates(rule: WeeklyRule): string[] {
  const first = parseLocalDate(rule.startDate);
  if (!first) return [];
  const until = rule.untilDate ? parseLocalDate(rule.untilDate) : null;
  if (!until && rule.count === undefined) return [];
  const start = DateTime.fromObject(first, { zone: "UTC" });
  const last = until ? DateTime.fromObject(until, { zone: "UTC" }) : start.plus({ years: 2 });
  const limit = Math.min(rule.count ?? Infinity, MAX_OCCURRENCES + 1);
  const weekdays = new Set(rule.weekdays);
  const dates: string[] = [];
  for (let day = start; day <= last && dates.length < limit && day.diff(start, "years").years <= 2; day = day.plus({ days: 1 })) {
    if (weekdays.has(day.weekday)) dates.push(day.toISODate()!);
  }
  return dates;
}

export interface Occurrence {
  localDate: string;
  start: DateTime;
  end: DateTime;
}

export type SeriesResult = { ok: true; occurrences: Occurrence[] } | { ok: false; error: WallTimeError | "too-many" | "empty"; date?: string };

/** Each occurrence keeps its local wall time, whatever the zone's offset that day. */
export function expandWeekly(rule: WeeklyRule, startTime: string, endTime: string, zone: string): SeriesResult {
  const dates = weeklyDates(rule);
  if (dates.length === 0) return { ok: false, error: "empty" };
  if (dates.length > MAX_OCCURRENCES) return { ok: false, error: "too-many" };
  const occurrences: Occurrence[] = [];
  for (const localDate of dates) {
    const interval = wallInterval(localDate, startTime, endTime, zone);
    if (!interval.ok) return { ok: false, error: interval.error, date: localDate };
    occurrences.push({ localDate, start: interval.start, end: interval.end });
  }
  return { ok: true, occurrences };
}

/** "HH:MM" of an instant in a zone. */
export function wallClock(instant: Date | string, zone: string): string {
  return DateTime.fromJSDate(new Date(instant), { zone }).toFormat("HH:mm");
}

/** The message key of each wall-time problem (forms show it with the date, "key:date"). */
export const WALL_ERRORS: Record<WallTimeError, string> = {
  "invalid-date": "validation.date",
  "invalid-time": "validation.time",
  nonexistent: "shifts.errors.nonexistent",
  "end-before-start": "shifts.errors.endBeforeStart",
};
