import { DateTime } from "luxon";

/** An instant shown in a zone and a locale, e.g. "2026年11月25日 09:30" or "Nov 25, 2026, 9:30 AM". */
export function formatInstant(instant: Date | string, zone: string, locale: string): string {
  const dt = DateTime.fromJSDate(new Date(instant), { zone }).setLocale(locale);
  return dt.toLocaleString(DateTime.DATETIME_MED);
}

// Pages list hundreds of spans (the board's alerts, rosters); an Intl formatter costs far more to
// build than to use, so one is kept per locale, zone and pattern.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, zone: string, pattern: "day" | "clock"): Intl.DateTimeFormat {
  const key = `${locale}|${zone}|${pattern}`;
  let f = formatters.get(key);
  if (!f) {
    f =
      pattern === "day"
        ? new Intl.DateTimeFormat(locale, { year: "numeric", month: "long", day: "numeric", weekday: "short", timeZone: zone })
        : new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone });
    formatters.set(key, f);
  }
  return f;
}

/** "HH:mm" of an instant in a zone. */
function clockIn(instant: Date | string, zone: string): string {
  let hour = "00";
  let minute = "00";
  for (const part of formatter("en-GB", zone, "clock").formatToParts(new Date(instant))) {
    if (part.type === "hour") hour = part.value.padStart(2, "0");
    else if (part.type === "minute") minute = part.value.padStart(2, "0");
  }
  return `${hour}:${minute}`;
}

/** A span on one day in the branch's zone: "2026年12月5日周六 09:00–12:00" / "Sat, December 5, 2026 09:00–12:00". */
export function formatTimeSpan(start: Date | string, end: Date | string, zone: string, locale: string): string {
  return `${formatter(locale, zone, "day").format(new Date(start))} ${clockIn(start, zone)}–${clockIn(end, zone)}`;
}

/** Minutes as hours with one decimal, e.g. 150 → "2.5". */
export function formatHours(minutes: number): string {
  return (Math.round(minutes / 6) / 10).toFixed(1);
}

/** The day of an instant in a zone, e.g. "2026年2月20日" or "Feb 20, 2026" (with the weekday: "2026年2月20日周五"). */
export function formatDay(instant: Date | string, zone: string, locale: string, weekday = false): string {
  const dt = DateTime.fromJSDate(new Date(instant), { zone }).setLocale(locale);
  return weekday ? dt.toLocaleString({ year: "numeric", month: "long", day: "numeric", weekday: "short" }) : dt.toLocaleString(DateTime.DATE_MED);
}

/** Only the wall times of a span in the zone: "09:30–11:00". */
export function formatClockRange(start: Date | string, end: Date | string, zone: string): string {
  return `${clockIn(start, zone)}–${clockIn(end, zone)}`;
}

/**
 * The zone of a page over several branches: the one they share, or `fallback` (the configured
 * default zone) when they are in different zones or there are none.
 */
export function sharedZone(branches: ReadonlyArray<{ timezone: string }>, fallback: string): string {
  const zones = new Set(branches.map((b) => b.timezone));
  return zones.size === 1 ? [...zones][0] : fallback;
}

/** A calendar date (YYYY-MM-DD, already the branch's day) in the one date form of each language: "2026年1月12日" / "Jan 12, 2026". */
export function formatDate(localDate: string, locale: string): string {
  return DateTime.fromISO(localDate, { zone: "UTC" }).setLocale(locale).toLocaleString(DateTime.DATE_MED);
}

/** A calendar month (YYYY-MM) in the same form as formatDate: "2026年10月" / "Oct 2026". */
export function formatMonth(month: string, locale: string): string {
  return DateTime.fromISO(`${month.slice(0, 7)}-01`, { zone: "UTC" }).setLocale(locale).toLocaleString({ year: "numeric", month: "short" });
}
